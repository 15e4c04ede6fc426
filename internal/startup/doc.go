// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package startup knows the state this process was started in, before the
// Go runtime changed it, and makes the process's signals behave as a C
// program's do.
//
// # What the Go runtime changes
//
// Before main runs, the Go runtime installs its own handler for nearly
// every signal, even one the process inherited as ignored (it keeps an
// inherited SIG_IGN only for SIGHUP and SIGINT), and it opens /dev/null on
// any of the descriptors 0, 1 and 2 that was closed. A util-linux tool
// inherits both untouched and passes them on to the program it executes:
// "trap ” QUIT; unshare -i prog" runs prog with SIGQUIT ignored, and
// "unshare -i prog <&-" runs it with standard input closed.
//
// # The entry hook
//
// The only moment the original state can be read is before the runtime
// starts. When a binary is linked with
//
//	-ldflags=-E=github.com/gonstools/gonstools/internal/startup.entry
//
// (see [LinkFlag]; the Makefile does this), the process starts in a few
// lines of assembly that record, with raw system calls, which signals are
// ignored and which standard descriptors are closed, and where the kernel
// put the arguments and the environment, and then jump to the runtime's
// usual entry point. Without that flag (go install, go test), or on an
// architecture without the hook, [Known] is false, [Ignored] falls back on
// what the runtime itself keeps (SIGHUP and SIGINT) and [Environ] on
// os.Environ.
//
// [Environ] hands the environment on as the kernel gave it, without the
// lookup map package syscall builds on the first look at it, which is a
// noticeable share of a run that only passes its environment to a
// program.
//
// # C-like signals
//
// [BehaveLikeC] gives the process the dispositions a C program has:
// every signal whose default action ends the process ends it, silently,
// instead of a Go stack dump (SIGQUIT, SIGABRT, SIGTRAP, SIGSYS) or
// nothing at all (SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE and the real-time
// signals, which the runtime swallows), and a signal that was inherited as
// ignored stays ignored. It changes the kernel's dispositions directly and
// keeps the runtime's handlers aside, so that [Catch] can hand a signal
// back to os/signal when a tool wants to receive it after all.
//
// SIGSEGV, SIGBUS, SIGFPE and SIGILL keep the runtime's handlers, which
// turn faults into panics; sent by kill(2) they end the process as they
// would end a C program. On amd64 and arm64 a few lines of assembly stand
// in front of the runtime's handler and tell the two apart by the
// signal's si_code, which costs four system calls at start; elsewhere
// os/signal catches the sent ones, which costs a goroutine and a thread
// waiting for them. Signals 32 and 33 belong to the runtime and are never
// touched.
package startup

// LinkFlag is the linker flag that makes [entry] the program's entry point.
const LinkFlag = "-E=github.com/gonstools/gonstools/internal/startup.entry"
