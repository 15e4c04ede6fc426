// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// op is the kind of a plan step.
type op uint8

const (
	opCall        op = iota // one raw system call
	opSync                  // tell the parent our namespaces exist; wait for its go-ahead
	opExec                  // execve each candidate path in turn, as execvp(3) does
	opForkWait              // fork: the child goes on; the parent waits (relaying signal set args[0]) and ends as it did
	opCheckParent           // exit if the pidfd args[0] of our parent is readable: it died before PR_SET_PDEATHSIG
	opPidfdSelf             // open a pidfd of this process (for the program forked next)
	opCapsAmbient           // make every permitted capability inheritable and ambient
	opOwnerOf               // fstat args[0]; the result is st_uid (args[1] 0) or st_gid (1)
)

// step is one instruction of a plan. Its arguments are prepared before the
// plan runs; pointers in them are uintptrs to memory the plan keeps alive.
type step struct {
	op       op
	wantLen  bool    // the call must return args[2] (a complete write)
	trap     uintptr // system call number, for opCall
	args     [6]uintptr
	fdFrom   int16 // >= 0: args[0] is the result of that earlier step (an fd it opened, an ID it read)
	onlyIf   int16 // >= 0: run only if that earlier step succeeded (or failed, with ifFailed)
	ifFailed bool
	tolerate uintptr // this errno (or any, with tolerateAll) is recorded but not fatal
}

// tolerateAll makes every failure of a step non-fatal.
const tolerateAll = ^uintptr(0)

// SIG_DFL and SIG_IGN, which x/sys/unix does not define.
const (
	sigDFL = 0
	sigIGN = 1
)

// capHeader and capData are the kernel's __user_cap_header_struct and
// __user_cap_data_struct (two of them for 64 capabilities).
type capHeader struct {
	version uint32
	pid     int32
}

type capData struct {
	effective, permitted, inheritable uint32
}

// rawState is the memory the raw code writes to. It holds no Go pointers,
// so writing it never needs a write barrier.
type rawState struct {
	buf     [16]byte
	status  int32
	mask    [2]uint64 // a sigset_t scratch, 8 or 16 bytes
	rlim    [2]uint64
	sigact  [4]uintptr // struct sigaction with SIG_DFL
	sigDfl  [4]uintptr // struct sigaction with SIG_DFL, for the plan's steps
	sigIgn  [4]uintptr // struct sigaction with SIG_IGN, for the plan's steps
	pollfd  unix.PollFd
	zero    [2]int64 // a zero struct timespec
	capHdr  capHeader
	capData [2]capData
	statx   unix.Statx_t
	empty   [1]byte // "", the path of statx(fd, "", AT_EMPTY_PATH)
}

// run interprets the plan from step from. In place (this process's main
// thread) it returns at a sync step with paused set, so that the caller can
// let the parent side work; in a child the sync step talks to the parent
// over the pipes. It returns the failing step and its errno, or
// len(steps) when every step succeeded (which only happens without an exec
// step).
//
//go:nosplit
//go:norace
func (p *plan) run(from int, inPlace bool) (failed int, errno uintptr, paused bool) {
	for i := from; i < len(p.steps); i++ {
		s := &p.steps[i]
		if s.onlyIf >= 0 && (p.errs[s.onlyIf] != 0) != s.ifFailed {
			continue
		}
		a0 := s.args[0]
		if s.fdFrom >= 0 {
			a0 = p.res[s.fdFrom]
		}
		var r, e uintptr
		switch s.op {
		case opCall:
			r1, _, err := syscall.RawSyscall6(s.trap, a0, s.args[1], s.args[2], s.args[3], s.args[4], s.args[5])
			r, e = r1, uintptr(err)
			if e == 0 && s.wantLen && r != s.args[2] {
				e = uintptr(syscall.EIO)
			}
		case opSync:
			if inPlace {
				return i, 0, true
			}
			e = p.sync()
		case opExec:
			e = p.execvp()
		case opForkWait:
			e = p.forkWait(a0)
		case opCheckParent:
			p.st.pollfd = unix.PollFd{Fd: int32(a0), Events: unix.POLLIN}
			n, _, err := syscall.RawSyscall6(syscall.SYS_PPOLL, uintptr(unsafe.Pointer(&p.st.pollfd)), 1,
				uintptr(unsafe.Pointer(&p.st.zero[0])), 0, 0, 0)
			if err != 0 {
				e = uintptr(err)
			} else if n != 0 {
				syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 1, 0, 0) // orphaned already
			}
		case opPidfdSelf:
			pid, _, _ := syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
			r1, _, err := syscall.RawSyscall(sysPidfdOpen, pid, 0, 0)
			r, e = r1, uintptr(err)
		case opCapsAmbient:
			e = p.capsAmbient(a0)
		case opOwnerOf:
			// statx(2) exists on every architecture, fstat(2) not.
			_, _, err := syscall.RawSyscall6(unix.SYS_STATX, a0, uintptr(unsafe.Pointer(&p.st.empty[0])),
				unix.AT_EMPTY_PATH, unix.STATX_UID|unix.STATX_GID, uintptr(unsafe.Pointer(&p.st.statx)), 0)
			r, e = uintptr(p.st.statx.Uid), uintptr(err)
			if s.args[1] == 1 {
				r = uintptr(p.st.statx.Gid)
			}
		}
		p.res[i], p.errs[i] = r, e
		if e != 0 && s.tolerate != e && s.tolerate != tolerateAll {
			return i, e, false
		}
	}
	return len(p.steps), 0, false
}

// sync writes msgReady to the parent and waits for its msgGo. An end of file means
// the parent gave up; the child then stops quietly.
//
//go:nosplit
//go:norace
func (p *plan) sync() uintptr {
	st := p.st
	st.buf[0] = msgReady
	if _, _, e := syscall.RawSyscall(syscall.SYS_WRITE, uintptr(p.reportFd), uintptr(unsafe.Pointer(&st.buf[0])), 1); e != 0 {
		return uintptr(e)
	}
	n, _, e := syscall.RawSyscall(syscall.SYS_READ, uintptr(p.goFd), uintptr(unsafe.Pointer(&st.buf[1])), 1)
	if e != 0 {
		return uintptr(e)
	}
	if n != 1 || st.buf[1] != msgGo {
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 1, 0, 0)
	}
	return 0
}

// execvp tries each candidate path as glibc's execvp does: it goes on past
// paths that do not exist, remembers EACCES, and runs a file without a
// known format through /bin/sh. It returns only on failure.
//
//go:nosplit
//go:norace
func (p *plan) execvp() uintptr {
	last := uintptr(syscall.ENOENT)
	eacces := false
	for _, path := range p.candidates {
		_, _, e := syscall.RawSyscall(syscall.SYS_EXECVE, path, p.argv, p.envp)
		switch e {
		case syscall.EACCES:
			eacces = true
		case syscall.ENOENT, syscall.ENOTDIR, syscall.ESTALE, syscall.ENODEV, syscall.ETIMEDOUT:
		case syscall.ENOEXEC:
			p.shArgv[1] = path
			syscall.RawSyscall(syscall.SYS_EXECVE, p.shArgv[0], uintptr(unsafe.Pointer(&p.shArgv[0])), p.envp)
			return uintptr(e)
		default:
			return uintptr(e)
		}
		last = uintptr(e)
	}
	if eacces {
		return uintptr(syscall.EACCES)
	}
	return last
}

// forkWait forks. The new child returns 0 and goes on with the plan. This
// process closes its ends of the pipes (so the parent sees the grandchild's
// exec as an end of file), waits, and ends the way the child ended: with its
// exit status, or killed by the same signal (without a core file of its own).
// While it waits it passes the signals of the set fwd on to the child, and
// when the child stops it stops too, continuing the child when it is
// continued itself, as util-linux's nsenter does. Every signal is blocked
// here, so they stay pending until rt_sigtimedwait(2) collects them, SIGCHLD
// with them.
//
//go:nosplit
//go:norace
func (p *plan) forkWait(fwd uintptr) uintptr {
	pid, e := rawClone(uintptr(syscall.SIGCHLD))
	if e != 0 {
		return uintptr(e)
	}
	if pid == 0 {
		return 0
	}
	st := p.st
	syscall.RawSyscall(syscall.SYS_CLOSE, uintptr(p.reportFd), 0, 0)
	syscall.RawSyscall(syscall.SYS_CLOSE, uintptr(p.goFd), 0, 0)
	self, _, _ := syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
	st.mask = [2]uint64{uint64(fwd) | 1<<(syscall.SIGCHLD-1)}
	for {
		r, _, e := syscall.RawSyscall6(syscall.SYS_WAIT4, pid, uintptr(unsafe.Pointer(&st.status)), unix.WNOHANG|unix.WUNTRACED, 0, 0, 0)
		if r == pid {
			if st.status&0xff != 0x7f { // not stopped: it ended
				break
			}
			syscall.RawSyscall(syscall.SYS_KILL, self, uintptr(syscall.SIGSTOP), 0)
			syscall.RawSyscall(syscall.SYS_KILL, pid, uintptr(syscall.SIGCONT), 0)
			continue
		}
		if e != 0 && e != syscall.EINTR {
			syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 1, 0, 0)
		}
		sig, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGTIMEDWAIT, uintptr(unsafe.Pointer(&st.mask[0])), 0, 0, sigsetBytes, 0, 0)
		if e == 0 && sig != uintptr(syscall.SIGCHLD) {
			syscall.RawSyscall(syscall.SYS_KILL, pid, sig, 0)
		}
	}
	// WaitStatus's methods are not nosplit: decode the status by hand.
	sig := uintptr(st.status & 0x7f)
	if sig == 0 {
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, uintptr(st.status>>8)&0xff, 0, 0)
	}
	raise(st, sig)
	return 0
}

// raise ends this single-threaded process with signal sig: default action,
// no core file, signal unblocked. If the signal does not kill, it exits with
// 128+sig as a shell would report.
//
//go:nosplit
//go:norace
func raise(st *rawState, sig uintptr) {
	st.rlim = [2]uint64{}
	syscall.RawSyscall6(syscall.SYS_PRLIMIT64, 0, unix.RLIMIT_CORE, uintptr(unsafe.Pointer(&st.rlim[0])), 0, 0, 0)
	st.sigact = [4]uintptr{sigDFL}
	syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, sig, uintptr(unsafe.Pointer(&st.sigact[0])), 0, sigsetBytes, 0, 0)
	st.mask = [2]uint64{1 << (sig - 1)}
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, unix.SIG_UNBLOCK, uintptr(unsafe.Pointer(&st.mask[0])), 0, sigsetBytes, 0, 0)
	pid, _, _ := syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
	tid, _, _ := syscall.RawSyscall(syscall.SYS_GETTID, 0, 0, 0)
	syscall.RawSyscall(syscall.SYS_TGKILL, pid, tid, sig)
	syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 128+sig, 0, 0)
}

// capsAmbient makes the permitted capabilities inheritable, then raises
// each effective one (up to lastCap) into the ambient set, so that they
// survive execve, as util-linux's --keep-caps does.
//
//go:nosplit
//go:norace
func (p *plan) capsAmbient(lastCap uintptr) uintptr {
	st := p.st
	st.capHdr = capHeader{version: unix.LINUX_CAPABILITY_VERSION_3}
	hdr, data := uintptr(unsafe.Pointer(&st.capHdr)), uintptr(unsafe.Pointer(&st.capData[0]))
	if _, _, e := syscall.RawSyscall(syscall.SYS_CAPGET, hdr, data, 0); e != 0 {
		return uintptr(e)
	}
	st.capData[0].inheritable = st.capData[0].permitted
	st.capData[1].inheritable = st.capData[1].permitted
	if _, _, e := syscall.RawSyscall(syscall.SYS_CAPSET, hdr, data, 0); e != 0 {
		return uintptr(e)
	}
	eff := uint64(st.capData[1].effective)<<32 | uint64(st.capData[0].effective)
	for c := uintptr(0); c <= lastCap && c < 64; c++ {
		if eff&(1<<c) == 0 {
			continue
		}
		if _, _, e := syscall.RawSyscall6(syscall.SYS_PRCTL, unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_RAISE, c, 0, 0, 0); e != 0 {
			return uintptr(e)
		}
	}
	return 0
}

// child is the whole life of a cloned worker: run the plan, and when a step
// fails report it as msgError (see its wire format) and exit.
//
//go:nosplit
//go:norace
func (p *plan) child() {
	i, e, _ := p.run(0, false)
	st := p.st
	st.buf[0] = msgError
	st.buf[1], st.buf[2], st.buf[3], st.buf[4] = byte(i), byte(i>>8), byte(i>>16), byte(i>>24)
	st.buf[5], st.buf[6], st.buf[7], st.buf[8] = byte(e), byte(e>>8), byte(e>>16), byte(e>>24)
	syscall.RawSyscall(syscall.SYS_WRITE, uintptr(p.reportFd), uintptr(unsafe.Pointer(&st.buf[0])), errorLen)
	syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 127, 0, 0)
}

// cloneChild forks with clone(2) and runs the plan in the child. The caller
// has blocked every signal on this thread. In the parent it returns the
// child's pid. With CLONE_VM|CLONE_VFORK the child borrows our memory and
// stack until it execs or exits, and we wait for that; the clone then goes
// through vforkSyscall, which keeps our return address off the stack.
//
//go:nosplit
//go:norace
func cloneChild(p *plan, flags uintptr) (uintptr, syscall.Errno) {
	var pid, e uintptr
	if flags&syscall.CLONE_VFORK != 0 {
		pid, e = vforkSyscall(syscall.SYS_CLONE, flags|uintptr(syscall.SIGCHLD), 0, 0)
	} else {
		var err syscall.Errno
		pid, err = rawClone(flags | uintptr(syscall.SIGCHLD))
		e = uintptr(err)
	}
	if e != 0 || pid != 0 {
		return pid, syscall.Errno(e)
	}
	p.child()
	return 0, 0
}

// rawClone is clone(2) with flags and no new stack: a fork. On s390x the
// first two arguments of clone are swapped.
//
//go:nosplit
//go:norace
func rawClone(flags uintptr) (uintptr, syscall.Errno) {
	if runtime.GOARCH == "s390x" {
		pid, _, e := syscall.RawSyscall6(syscall.SYS_CLONE, 0, flags, 0, 0, 0, 0)
		return pid, e
	}
	pid, _, e := syscall.RawSyscall6(syscall.SYS_CLONE, flags, 0, 0, 0, 0, 0)
	return pid, e
}
