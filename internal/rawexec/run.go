// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"unsafe"

	"github.com/gonstools/gonstools/pkg/ns"
	"golang.org/x/sys/unix"
)

// LockMain wires the main goroutine to the main thread. Call it first
// thing in main (or from an init function) in every program that uses
// Exec: the namespace steps then run on the main thread, which is the
// thread execve(2) keeps.
func LockMain() { runtime.LockOSThread() }

// onMainThread reports whether the calling goroutine runs on the main
// thread, where it stays (see LockMain).
func onMainThread() bool {
	runtime.LockOSThread()
	if syscall.Gettid() == syscall.Getpid() {
		return true // stay locked: in place, this thread is about to change
	}
	runtime.UnlockOSThread()
	return false
}

// InPlace reports whether Exec can carry out c: the kernel allows its steps
// in a multi-threaded process, nothing asks for a child, and the caller is
// on the main thread (see LockMain).
func (c *Config) InPlace() bool { return !c.needsChild() && onMainThread() }

// Exec carries out c on this thread and replaces this process by the
// program, which keeps our PID, as util-linux does. It returns only on
// failure, and then the thread may be in new namespaces: the caller must
// exit. Use it only when InPlace reports true.
func (c *Config) Exec() error {
	if !c.InPlace() {
		return errors.New("rawexec: Exec needs the main thread and a configuration without a child")
	}
	p, err := c.compile(true)
	if err != nil {
		return err
	}
	i, e, paused := p.run(0, true)
	if paused {
		if err := onOtherThread(func() error { return c.Hook(os.Getpid()) }); err != nil {
			return err
		}
		i, e, _ = p.run(i+1, true)
	}
	runtime.KeepAlive(p)
	if c.Undo != nil {
		onOtherThread(func() error { c.Undo(); return nil })
	}
	return p.failure(i, e)
}

// onOtherThread runs fn on a thread other than the locked main one, which
// may already be in new namespaces.
func onOtherThread(fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	return <-done
}

// Process is a child that runs the program.
type Process struct {
	Pid int
	// Pidfd refers to the child, or is -1 on a kernel without pidfds. It is
	// close-on-exec; Release closes it.
	Pidfd int
}

// Signal sends sig to the process. Through the pidfd it cannot reach
// another process that took the PID after this one was reaped.
func (p *Process) Signal(sig syscall.Signal) error {
	if p.Pidfd >= 0 {
		return unix.PidfdSendSignal(p.Pidfd, sig, nil, 0)
	}
	return syscall.Kill(p.Pid, sig)
}

// Wait waits for the process to end, reaps it and returns its status.
func (p *Process) Wait() (syscall.WaitStatus, error) {
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(p.Pid, &ws, 0, nil)
		if err != syscall.EINTR {
			return ws, err
		}
	}
}

// Release closes the pidfd.
func (p *Process) Release() {
	if p.Pidfd >= 0 {
		syscall.Close(p.Pidfd)
		p.Pidfd = -1
	}
}

// Run carries out c and runs the program: in place when it can (then Run
// does not return on success), else in a child whose status it returns.
func (c *Config) Run() (syscall.WaitStatus, error) {
	if c.InPlace() {
		return 0, c.Exec()
	}
	p, err := c.Start()
	if err != nil {
		return 0, err
	}
	defer p.Release()
	return p.Wait()
}

// Start carries out c in a new child process and returns once the program
// has been executed there, or the child failed (the child is then reaped
// and the error says which step failed).
func (c *Config) Start() (*Process, error) {
	if c.ParentJoinsPID && c.ForkAgain {
		if p, ok, err := c.startBornInPID(); ok {
			return p, err
		}
	}
	return c.startChild()
}

// startBornInPID clones the worker straight into the PID namespace that c
// joins and forks again for (see ParentJoinsPID). It reports false, having
// changed nothing, when this thread may not join that namespace and come
// back.
func (c *Config) startBornInPID() (_ *Process, ok bool, _ error) {
	i := -1
	for k, j := range c.Join {
		if j.Type == syscall.CLONE_NEWPID {
			i = k
		}
	}
	if i < 0 {
		return nil, false, nil
	}
	runtime.LockOSThread() // the thread that clones is the one that joins
	defer runtime.UnlockOSThread()
	back, e := syscall.Open("/proc/thread-self/ns/pid_for_children", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if e != nil {
		return nil, false, nil
	}
	defer syscall.Close(back)
	// Coming back must be allowed too: try that first, where it changes
	// nothing.
	if _, _, e := syscall.RawSyscall(sysSetns, uintptr(back), syscall.CLONE_NEWPID, 0); e != 0 {
		return nil, false, nil
	}
	if _, _, e := syscall.RawSyscall(sysSetns, uintptr(c.Join[i].Fd), syscall.CLONE_NEWPID, 0); e != 0 {
		return nil, false, nil
	}
	left := false
	leave := func() {
		if !left {
			syscall.RawSyscall(sysSetns, uintptr(back), syscall.CLONE_NEWPID, 0)
			left = true
		}
	}
	defer leave()
	born := *c
	born.Join = append(c.Join[:i:i], c.Join[i+1:]...)
	born.ForkAgain, born.Fork, born.afterClone = false, true, leave
	p, err := born.startChild()
	return p, true, err
}

// startChild runs the plan in a cloned child and returns once the child
// has exec'd the program.
func (c *Config) startChild() (*Process, error) {
	// A pidfd of ours, for the child to check after PR_SET_PDEATHSIG that
	// we did not die before it asked for the signal. (getppid(2) cannot
	// tell: it is 0 in a new PID namespace.) -1 when pidfds are missing.
	parent := -1
	if c.deathSignal() != 0 {
		if fd, err := unix.PidfdOpen(os.Getpid(), 0); err == nil {
			parent = fd
			defer syscall.Close(fd)
		}
	}
	p, err := c.compileChild(parent)
	if err != nil {
		return nil, err
	}
	var report, gopipe [2]int
	if err := syscall.Pipe2(report[:], syscall.O_CLOEXEC); err != nil {
		return nil, &Error{Step: StepFork, Op: "pipe2", Err: err.(syscall.Errno)}
	}
	defer syscall.Close(report[0])
	if err := syscall.Pipe2(gopipe[:], syscall.O_CLOEXEC); err != nil {
		syscall.Close(report[1])
		return nil, &Error{Step: StepFork, Op: "pipe2", Err: err.(syscall.Errno)}
	}
	defer syscall.Close(gopipe[1])
	// The child's ends must stay clear of the descriptors Files moves into
	// place.
	for _, fd := range []*int{&report[1], &gopipe[0]} {
		if *fd < len(c.Files) {
			moved, err := unix.FcntlInt(uintptr(*fd), unix.F_DUPFD_CLOEXEC, len(c.Files))
			if err != nil {
				syscall.Close(report[1])
				syscall.Close(gopipe[0])
				return nil, &Error{Step: StepFork, Op: "fcntl", Err: err.(syscall.Errno)}
			}
			syscall.Close(*fd)
			*fd = moved
		}
	}
	p.reportFd, p.goFd = report[1], gopipe[0]

	// Without a sync step the child never waits for us, so it can share
	// our memory until it execs (vfork): no page tables to copy. Not to
	// join a time namespace: setns(2) refuses (EUSERS) a process whose
	// memory another one shares.
	flags := c.Clone
	if p.syncStep < 0 && !c.ForkAgain && !c.joinsTime() && vforkAvailable {
		flags |= syscall.CLONE_VM | syscall.CLONE_VFORK
	}
	runtime.LockOSThread()
	all := [2]uint64{^uint64(0), ^uint64(0)}
	rawSigmask(unix.SIG_SETMASK, &all, &p.oldMask)
	pid, errno := cloneChild(p, flags)
	rawSigmask(unix.SIG_SETMASK, &p.oldMask, nil)
	if c.afterClone != nil {
		c.afterClone()
	}
	runtime.UnlockOSThread()
	runtime.KeepAlive(p)
	syscall.Close(report[1])
	syscall.Close(gopipe[0])
	if errno != 0 {
		return nil, &Error{Step: StepFork, Op: "clone", Err: errno}
	}
	// The child cannot be reaped before we wait for it, so its PID names
	// it until then: the pidfd names the right process.
	proc := &Process{Pid: int(pid), Pidfd: -1}
	if fd, err := unix.PidfdOpen(proc.Pid, 0); err == nil {
		proc.Pidfd = fd
	}
	if err := c.superviseStart(proc.Pid, p, report[0], gopipe[1]); err != nil {
		proc.Release()
		return nil, err
	}
	return proc, nil
}

// Wire format of the child's reports on its pipe to the parent.
const (
	msgReady = 'R' // the worker's namespaces exist: run the hook, then send msgGo
	msgGo    = 'G' // the parent's answer to msgReady
	msgError = 'E' // a step failed: 4 bytes step index, 4 bytes errno, little-endian
	errorLen = 9
)

// superviseStart follows the child until it has exec'd: it runs the hook
// when the child is ready for it and reports the child's failure.
func (c *Config) superviseStart(pid int, p *plan, report, gofd int) error {
	var msg [errorLen]byte
	hooked := false
	for {
		n, err := readFull(report, msg[:1])
		if err != nil || n == 0 {
			return nil // end of file: the program was exec'd
		}
		switch msg[0] {
		case msgReady:
			if err := c.Hook(pid); err != nil {
				syscall.Kill(pid, syscall.SIGKILL)
				reap(pid)
				if c.Undo != nil {
					c.Undo()
				}
				return err
			}
			hooked = true
			syscall.Write(gofd, []byte{msgGo})
		case msgError:
			readFull(report, msg[1:])
			reap(pid)
			if c.Undo != nil && hooked {
				c.Undo()
			}
			i := int(uint32(msg[1]) | uint32(msg[2])<<8 | uint32(msg[3])<<16 | uint32(msg[4])<<24)
			e := uintptr(uint32(msg[5]) | uint32(msg[6])<<8 | uint32(msg[7])<<16 | uint32(msg[8])<<24)
			return p.failure(i, e)
		default:
			syscall.Kill(pid, syscall.SIGKILL)
			reap(pid)
			return fmt.Errorf("internal error: unexpected message %q from the child", msg[0])
		}
	}
}

func readFull(fd int, b []byte) (int, error) {
	got := 0
	for got < len(b) {
		n, err := syscall.Read(fd, b[got:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n == 0 {
			return got, err
		}
		got += n
	}
	return got, nil
}

// reap waits for pid, retrying on EINTR.
func reap(pid int) {
	var ws syscall.WaitStatus
	for {
		if _, err := syscall.Wait4(pid, &ws, 0, nil); err != syscall.EINTR {
			return
		}
	}
}

// failure turns a failed step into an error.
func (p *plan) failure(i int, e uintptr) error {
	errno := syscall.Errno(e)
	if i < 0 || i >= len(p.where) {
		return fmt.Errorf("internal error: step %d failed: %w", i, errno)
	}
	w := p.where[i]
	return &Error{Step: w.step, Op: w.op, Path: w.path, Type: ns.ByFlag(w.typ), Err: errno}
}

func rawSigmask(how int, set, old *[2]uint64) {
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, uintptr(how),
		uintptr(unsafe.Pointer(set)), uintptr(unsafe.Pointer(old)), sigsetBytes, 0, 0)
}
