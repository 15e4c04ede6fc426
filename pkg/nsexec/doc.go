// SPDX-License-Identifier: Apache-2.0

// Package nsexec runs programs, and Go code, in Linux namespaces, from an
// ordinary multi-threaded Go program, without cgo and without running the
// program's own binary again.
//
// # Programs
//
// A [Cmd] is configured by its fields and then started, in the manner of
// os/exec.Cmd: Path, Args, Env, Dir, Stdin, Stdout and Stderr (pipes work;
// nil is the null device), then Start and Wait, or Run, Output and
// CombinedOutput; Process and ProcessState; CommandContext kills the
// program when its context is done. On top of that it says what the
// program's namespaces are:
//
//   - Target: the process whose namespaces it joins (of the types in
//     TargetTypes, or all of them), and Join: namespace handles to join;
//     every type is possible, user, mount, PID and time included;
//   - Unshare: the namespaces it gets new ones of, with UIDMap and GIDMap
//     for a new user namespace, and MountProc for a /proc of a new PID
//     namespace;
//   - Credential, Root and Dir: what it runs as, and where, once the
//     namespaces are entered.
//
// For example, the hostname in the UTS namespace of process pid:
//
//	cmd := nsexec.Command("hostname")
//	cmd.Target, cmd.TargetTypes = pid, []*ns.Type{&ns.UTS}
//	out, err := cmd.Output()
//
// A Cmd never changes the caller's namespaces, signal dispositions or
// threads, and never exits or ends the caller: a program killed by a
// signal is an *ExitError, as with os/exec.
//
// # How
//
// Namespace membership belongs to each thread, and a Go process always has
// several: the kernel lets no multi-threaded process enter a user
// namespace (EINVAL) or a time namespace (EUSERS), and a thread that
// entered a namespace must never run other goroutines. So the program's
// namespaces are entered by a single-threaded child, made with clone(2)
// from a thread with every signal blocked, that runs only a small
// interpreter of system calls prepared in advance (no heap, no scheduler,
// as Go's own forkAndExecInChild) and then executes the program. A PID
// namespace is entered by the caller's thread just around the clone when
// it may, so that the program is born in it; otherwise the child forks
// once more.
//
// The program is looked up in the PATH of its environment, in its mount
// namespace, after the namespaces were entered: Path "sh" in a container's
// mount namespace is the container's sh.
//
// # Go code
//
// [Do] runs a function on a fresh OS thread that has joined network, UTS,
// IPC, cgroup or mount namespaces, and throws the thread away afterwards.
// It refuses user, time and PID namespaces, which a thread of a
// multi-threaded process cannot join for its own code.
//
// # Replacing the process
//
// [Cmd.Exec] replaces the calling process by the program, which keeps its
// PID, as util-linux's unshare and nsenter do when the kernel allows it
// (no user or time namespace to enter, no new PID namespace for the
// program itself). It must run on the main thread: call [LockMain] from an
// init function.
//
// # Stability
//
// This package is at v0: its API may still change between minor versions
// of the module, as semantic versioning allows before v1.
package nsexec
