// SPDX-License-Identifier: Apache-2.0

//go:build linux

package startup

import (
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"unsafe"
)

// Written by entry before the runtime starts, read-only afterwards.
var (
	recorded uint32 // 1 once entry ran
	ignored  uint64 // bit N-1: signal N was SIG_IGN
	closed   uint32 // bit N: descriptor N (0, 1, 2) was closed
	//lint:ignore U1000 written by entry (assembly)
	scratch [4]uint64 // a struct sigaction for entry to read into
)

// Known reports whether the state at start was recorded (the binary was
// linked with [LinkFlag] on an architecture that has the hook).
func Known() bool { return recorded == 1 }

// Ignored returns the signals that were ignored when the process started,
// as a kernel signal set (bit N-1 for signal N). Without the entry hook only
// SIGHUP and SIGINT can be known.
func Ignored() uint64 {
	if Known() {
		return ignored
	}
	var set uint64
	for _, s := range []syscall.Signal{syscall.SIGHUP, syscall.SIGINT} {
		if signal.Ignored(s) {
			set |= bit(s)
		}
	}
	return set
}

// WasIgnored reports whether sig was ignored when the process started.
func WasIgnored(sig syscall.Signal) bool { return Ignored()&bit(sig) != 0 }

// ClosedStdio reports which of the descriptors 0, 1 and 2 were closed when
// the process started (the runtime has opened /dev/null there since). It
// is all false when that is not known.
func ClosedStdio() (fds []int) {
	for fd := 0; fd < 3; fd++ {
		if closed&(1<<fd) != 0 {
			fds = append(fds, fd)
		}
	}
	return fds
}

func bit(s syscall.Signal) uint64 { return 1 << (uint(s) - 1) }

// terminating lists the signals whose default action ends a process and
// whose runtime handler BehaveLikeC replaces: all but SIGKILL (which has
// none), the fault signals and the runtime's own 32 and 33.
func terminating(sig int) bool {
	switch syscall.Signal(sig) {
	case syscall.SIGKILL, syscall.SIGSEGV, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGILL,
		syscall.SIGCHLD, syscall.SIGCONT, syscall.SIGSTOP, syscall.SIGTSTP, syscall.SIGTTIN,
		syscall.SIGTTOU, syscall.SIGURG, syscall.SIGWINCH:
		return false
	}
	return sig >= 1 && sig <= 64 && sig != 32 && sig != 33
}

// kernelSigaction is the kernel's struct sigaction, as words: 32 bytes on
// every architecture this package supports, with the handler in word
// sigactHandler.
type kernelSigaction [4]uintptr

func action(handler uintptr) *kernelSigaction {
	var a kernelSigaction
	a[sigactHandler] = handler
	return &a
}

const sigDFL, sigIGN = 0, 1

// saved holds the runtime's actions that BehaveLikeC replaced, by signal.
var saved [65]kernelSigaction

// BehaveLikeC sets every terminating signal to its default action, or to
// ignored if it was ignored when the process started. The fault signals
// keep the runtime's handlers unless they were ignored. Call it once,
// early in main.
func BehaveLikeC() {
	ign := Ignored()
	var catch []syscall.Signal
	for _, s := range Faults {
		if ign&bit(s) != 0 {
			// A real fault still ends the process (the kernel forces
			// the default action), as it would a C program.
			signal.Ignore(s)
		} else {
			catch = append(catch, s)
		}
	}
	// Sent by kill(2), a fault signal would make the runtime print a
	// crash report: die of it instead. A handler of our own sends real
	// faults on to the runtime's, where they become panics; where there is
	// none, os/signal catches the sent ones (real faults are not delivered
	// to it).
	if len(catch) > 0 && !catchFaults(catch) {
		faults = make(chan os.Signal, 1)
		for _, s := range catch {
			signal.Notify(faults, s)
		}
		go func() { Die((<-faults).(syscall.Signal)) }()
	}
	for sig := 1; sig <= 64; sig++ {
		if !terminating(sig) {
			continue
		}
		act := action(sigDFL)
		if ign&(1<<(sig-1)) != 0 {
			act = action(sigIGN)
		}
		if rtSigaction(sig, act, &saved[sig]) != nil {
			saved[sig] = kernelSigaction{}
		}
	}
}

// Faults are the signals the runtime handles for faults (see BehaveLikeC).
var Faults = []syscall.Signal{syscall.SIGSEGV, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGILL}

// faults receives the fault signals sent by kill(2) until Catch takes them.
var faults chan os.Signal

// Catch makes sigs deliverable to os/signal again (after BehaveLikeC) and
// relays them to c with signal.Notify. Signals that were ignored at start
// are left ignored and not relayed. Where BehaveLikeC catches the fault
// signals through os/signal, catching SIGSEGV takes all of them from it:
// the caller must catch all of Faults then.
func Catch(c chan<- os.Signal, sigs ...syscall.Signal) {
	var want []os.Signal
	for _, s := range sigs {
		if WasIgnored(s) {
			continue
		}
		if n := int(s); n < len(saved) && saved[n][sigactHandler] != 0 {
			rtSigaction(n, &saved[n], nil)
		}
		want = append(want, s)
	}
	if len(want) > 0 {
		signal.Notify(c, want...)
	}
	// A caller that takes the fault signals takes them from BehaveLikeC's
	// catcher (after its own Notify, so that none is missed).
	if faults != nil {
		for _, s := range want {
			if s == syscall.SIGSEGV {
				signal.Stop(faults)
				faults = nil
				break
			}
		}
	}
}

// Die ends the process with sig as if it had not handled it: default action,
// unblocked, no core file. It returns only if sig does not end a process.
func Die(sig syscall.Signal) {
	runtime.LockOSThread() // the thread that unblocks sig is the one it is sent to
	var rlim [2]uint64
	syscall.RawSyscall6(syscall.SYS_PRLIMIT64, 0, syscall.RLIMIT_CORE, uintptr(unsafe.Pointer(&rlim[0])), 0, 0, 0)
	rtSigaction(int(sig), action(sigDFL), nil)
	set := [2]uint64{bit(sig)} // a sigset_t of 8 or 16 bytes
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, 1 /* SIG_UNBLOCK */, uintptr(unsafe.Pointer(&set[0])), 0, sigsetBytes, 0, 0)
	syscall.Tgkill(syscall.Getpid(), syscall.Gettid(), sig)
	runtime.UnlockOSThread()
}

func rtSigaction(sig int, act, old *kernelSigaction) error {
	_, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig),
		uintptr(unsafe.Pointer(act)), uintptr(unsafe.Pointer(old)), sigsetBytes, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}
