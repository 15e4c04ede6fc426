// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"errors"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Namespace is a namespace for Do to join: an open namespace file and its
// CLONE_NEW* flag.
type Namespace struct {
	Fd   int
	Type uintptr
}

// ErrThreadJoin reports a namespace type that a thread of a Go process
// cannot join for its own code: a user namespace (setns refuses any
// multi-threaded process, EINVAL), a time namespace (EUSERS), or a PID
// namespace (which only a thread's future children enter).
var ErrThreadJoin = errors.New("a thread of a multi-threaded process cannot join this namespace type")

// Do runs fn on a new OS thread that has joined the given namespaces
// (network, UTS, IPC, cgroup, mount), and throws the thread away
// afterwards: its goroutine ends locked to it, so the runtime destroys it,
// and no other goroutine ever runs in those namespaces. To join a mount
// namespace the thread first takes its own filesystem state
// (unshare(CLONE_FS)), without which setns(2) of a mount namespace would
// change the root and working directory of every thread.
//
// fn must do its work on the calling goroutine: goroutines it starts run
// on other threads, in the process's own namespaces.
func Do(join []Namespace, fn func() error) error {
	for _, j := range join {
		if j.Type&(unix.CLONE_NEWUSER|unix.CLONE_NEWTIME|unix.CLONE_NEWPID) != 0 {
			return ErrThreadJoin
		}
	}
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked, on purpose
		for _, j := range join {
			if j.Type&unix.CLONE_NEWNS != 0 {
				if err := unix.Unshare(unix.CLONE_FS); err != nil {
					done <- &Error{Step: StepJoin, Op: "unshare CLONE_FS", Err: err.(syscall.Errno)}
					return
				}
				break
			}
		}
		for _, j := range join {
			if _, _, e := syscall.RawSyscall(sysSetns, uintptr(j.Fd), j.Type, 0); e != 0 {
				done <- &Error{Step: StepJoin, Op: "setns", Type: nsType(j.Type), Err: e}
				return
			}
		}
		done <- fn()
	}()
	return <-done
}

// IgnoredNow is the set of signals (bit N-1 for signal N) that this
// process ignores now, which a program it starts keeps ignoring.
func IgnoredNow() uint64 {
	var set uint64
	var old [4]uintptr
	for sig := uintptr(1); sig <= 64; sig++ {
		_, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, sig, 0, uintptr(unsafe.Pointer(&old[0])), sigsetBytes, 0, 0)
		if e == 0 && old[sigactHandler] == sigIGN {
			set |= 1 << (sig - 1)
		}
	}
	return set
}
