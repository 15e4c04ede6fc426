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
	return onThrowawayThread(func() error {
		for _, j := range join {
			if j.Type&unix.CLONE_NEWNS != 0 {
				if err := unix.Unshare(unix.CLONE_FS); err != nil {
					return &Error{Step: StepJoin, Op: "unshare CLONE_FS", Err: err.(syscall.Errno)}
				}
				break
			}
		}
		for _, j := range join {
			if _, _, e := syscall.RawSyscall(sysSetns, uintptr(j.Fd), j.Type, 0); e != 0 {
				return &Error{Step: StepJoin, Op: "setns", Type: nsType(j.Type), Err: e}
			}
		}
		return fn()
	})
}

// onThrowawayThread runs fn on a goroutine locked to an OS thread that is
// not the main thread, and ends that goroutine still locked, so that the
// runtime destroys the thread together with whatever fn changed in it.
//
// The main thread cannot be destroyed: a goroutine that ends locked to it
// leaves it parked, in the namespaces fn gave it, which are then the ones
// /proc/self shows for the whole process. A new goroutine runs on the main
// thread only when the main goroutine does not hold it (tools that hold it
// call LockMain). When this one lands there, it holds the main thread,
// locked and waiting, while a second goroutine, which therefore runs on
// another thread, does the work; then it gives the main thread back
// unchanged.
func onThrowawayThread(fn func() error) error {
	done := make(chan error, 1)
	go throwaway(fn, done)
	return <-done
}

// throwaway is the goroutine of onThrowawayThread.
func throwaway(fn func() error, done chan<- error) {
	runtime.LockOSThread() // unlocked only on the main thread, below
	if unix.Gettid() == unix.Getpid() {
		err := onThrowawayThread(fn)
		runtime.UnlockOSThread()
		done <- err
		return
	}
	done <- fn()
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
