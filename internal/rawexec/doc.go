// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package rawexec is the one place where gonstools changes namespaces,
// locks OS threads or forks with raw system calls. Nothing else in the
// project may call unshare(2), setns(2), clone(2) or execve(2): the tools
// use it through package supervise, and the public package nsexec is
// built on it.
//
// # Why it is built this way
//
// Namespace membership belongs to a thread, and a Go process always has
// several. A multi-threaded process can unshare or join ipc, uts, net,
// cgroup, mnt (after unshare(CLONE_FS)), pid-for-children and time-for-
// children namespaces on one locked thread, but it can never unshare or join
// a user namespace (EINVAL) nor join a time namespace (EUSERS). Some steps,
// such as mounting /proc for a new PID namespace, must also be done by a
// process inside that namespace. See the project's FINDINGS for the
// measurements behind these rules.
//
// So a [Config] is compiled into a plan: a short list of raw system calls
// with their arguments prepared in advance (C strings, argv and envp
// arrays, file contents). A worker executes the plan and finally execve(2)s
// the program. The worker is either
//
//   - this process, on its main thread, when the kernel allows the steps in
//     a multi-threaded process: the program then replaces us and keeps our
//     PID, as util-linux does; or
//   - a child made with a raw clone(2) from a thread whose signals are all
//     blocked. The child is single-threaded; it runs only the nosplit plan
//     interpreter, which touches neither the heap nor the scheduler (the way
//     Go's own syscall.forkAndExecInChild works), resets the signal handlers
//     Go installed, restores the signal mask and execs. A failure is written
//     to a close-on-exec pipe as (step, errno) and the child exits.
//
// Where the plan needs its parent (to write multi-range uid/gid maps or to
// bind-mount namespace files from the original mount namespace), it holds a
// sync step: the worker reports that its namespaces exist and waits; the
// parent's [Config.Hook] runs on a thread that is still in the original
// namespaces; then the worker goes on. In the in-place case the "parent" is
// another thread of this process.
//
// # Thread rules
//
// A thread whose namespaces were changed must never run other Go code
// afterwards. The tools that change namespaces in place (gounshare,
// gonsenter) call [LockMain] first thing in their Main, so the main
// goroutine owns the main thread, run everything namespace-changing there,
// and either exec or exit. Code that must go on afterwards uses [Do] or
// [InPrivateMountNamespace]: their goroutine exits still locked so that the
// runtime destroys its thread, and it is never the main thread, which the
// runtime would keep (parked, in the changed namespaces) instead. They need
// no LockMain, which costs a tool that does not exec in place a thread of
// start-up. A child is cloned from a locked thread with every signal
// blocked, and the thread is given back to the scheduler afterwards,
// unchanged (or, to be born in a PID namespace, changed and changed back).
package rawexec
