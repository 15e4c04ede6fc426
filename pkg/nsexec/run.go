package nsexec

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"unsafe"

	"github.com/gonstools/gonstools/pkg/cli"
	"golang.org/x/sys/unix"
)

// LockMain wires the main goroutine to the main thread. Call it from an
// init function of every tool that uses Run: the namespace steps then run on
// the main thread, which is the thread execve(2) keeps.
func LockMain() { runtime.LockOSThread() }

// Run carries out c and runs the program. When the program replaces this
// process, Run does not return. When it ran in a child, Run returns the
// child's exit status, or ends this process with the signal that killed
// the child, as a shell would see it. A failure is an error ready to print,
// carrying exit status 126 or 127 when the program could not be executed.
//
// The program replaces this process only when Run is called on the main
// thread (see LockMain); elsewhere it always runs in a child. After a
// failure in place the main thread may be in new namespaces: the caller
// must exit.
func (c *Config) Run() (int, error) {
	runtime.LockOSThread() // keep the thread we check; see LockMain
	onMain := syscall.Gettid() == syscall.Getpid()
	if onMain {
		// Stay locked: in place, this thread is about to change.
	} else {
		runtime.UnlockOSThread()
	}
	if !c.needsChild() && onMain {
		p, err := c.compile(true)
		if err != nil {
			return cli.ExitFailure, err
		}
		return cli.ExitFailure, c.runInPlace(p)
	}
	if c.ParentJoinsPID && c.ForkAgain {
		if code, ok, err := c.runBornInPID(); ok {
			return code, err
		}
	}
	p, err := c.compile(false)
	if err != nil {
		return cli.ExitFailure, err
	}
	return c.runChild(p)
}

// runBornInPID clones the worker straight into the PID namespace that c
// joins and forks again for (see ParentJoinsPID). It reports false, having
// changed nothing, when this thread may not join that namespace and come
// back.
func (c *Config) runBornInPID() (code int, ok bool, err error) {
	i := -1
	for k, j := range c.Join {
		if j.Type == syscall.CLONE_NEWPID {
			i = k
		}
	}
	if i < 0 {
		return 0, false, nil
	}
	runtime.LockOSThread() // the thread that clones is the one that joins
	defer runtime.UnlockOSThread()
	back, e := syscall.Open("/proc/thread-self/ns/pid_for_children", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if e != nil {
		return 0, false, nil
	}
	defer syscall.Close(back)
	// Coming back must be allowed too: try that first, where it changes
	// nothing.
	if _, _, e := syscall.RawSyscall(sysSetns, uintptr(back), syscall.CLONE_NEWPID, 0); e != 0 {
		return 0, false, nil
	}
	if _, _, e := syscall.RawSyscall(sysSetns, uintptr(c.Join[i].Fd), syscall.CLONE_NEWPID, 0); e != 0 {
		return 0, false, nil
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
	p, err := born.compile(false)
	if err != nil {
		return cli.ExitFailure, true, err
	}
	code, err = born.runChild(p)
	return code, true, err
}

// runInPlace runs the plan on this (main) thread and execs. It returns only
// on failure.
func (c *Config) runInPlace(p *plan) error {
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

// runChild runs the plan in a cloned child and waits for it.
func (c *Config) runChild(p *plan) (int, error) {
	var report, gopipe [2]int
	if err := syscall.Pipe2(report[:], syscall.O_CLOEXEC); err != nil {
		return cli.ExitFailure, fmt.Errorf("pipe failed: %w", err)
	}
	defer syscall.Close(report[0])
	if err := syscall.Pipe2(gopipe[:], syscall.O_CLOEXEC); err != nil {
		syscall.Close(report[1])
		return cli.ExitFailure, fmt.Errorf("pipe failed: %w", err)
	}
	defer syscall.Close(gopipe[1])
	p.reportFd, p.goFd = report[1], gopipe[0]

	// While we wait, SIGINT and SIGTERM are for the child (the terminal
	// sends them to both of us): we forward them when asked to, and ignore
	// them otherwise. (The child resets them: its plan was compiled while
	// they still had Go's handlers; one ignored since we started stays
	// ignored for the child too.) Notify costs a thread, so only
	// forwarding uses it.
	var sigs chan os.Signal
	if len(c.Forward) > 0 {
		sigs = make(chan os.Signal, 8)
		signal.Notify(sigs, c.Forward...)
		// Ignore, unlike Stop, costs no round trip to that thread.
		defer signal.Ignore(c.Forward...)
	}
	for _, s := range []os.Signal{syscall.SIGINT, syscall.SIGTERM} {
		if !forwarded(s, c.Forward) {
			signal.Ignore(s)
		}
	}

	// Without a sync step the child never waits for us, so it can share
	// our memory until it execs (vfork): no page tables to copy. Not to
	// join a time namespace: setns(2) refuses (EUSERS) a process whose
	// memory another one shares.
	flags := c.Clone
	if p.syncStep < 0 && !c.ForkAgain && !c.joinsTime() {
		flags |= syscall.CLONE_VM | syscall.CLONE_VFORK
	}
	runtime.LockOSThread()
	all := ^uint64(0)
	rawSigmask(sigSetmask, &all, &p.oldMask)
	pid, errno := cloneChild(p, flags)
	rawSigmask(sigSetmask, &p.oldMask, nil)
	if c.afterClone != nil {
		c.afterClone()
	}
	runtime.UnlockOSThread()
	runtime.KeepAlive(p)
	syscall.Close(report[1])
	syscall.Close(gopipe[0])
	if errno != 0 {
		return cli.ExitFailure, fmt.Errorf("fork failed: %s", cli.Errno(errno))
	}

	if err := c.superviseStart(int(pid), p, report[0], gopipe[1]); err != nil {
		return cli.ExitFailure, err
	}

	if sigs != nil {
		// Forward until the child has ended, but reap it only once the
		// forwarding stopped: until then its pid cannot be reused.
		stop, stopped := make(chan struct{}), make(chan struct{})
		go func() { forward(int(pid), sigs, stop); close(stopped) }()
		waitNoReap(int(pid))
		close(stop)
		<-stopped
	}
	ws, err := wait(int(pid))
	if err != nil {
		return cli.ExitFailure, fmt.Errorf("waitpid failed: %s", cli.Errno(err))
	}
	if ws.Signaled() {
		Raise(ws.Signal())
	}
	return ws.ExitStatus(), nil
}

// superviseStart follows the child until it has exec'd: it runs the hook
// when the child is ready for it and reports the child's failure.
func (c *Config) superviseStart(pid int, p *plan, report, gofd int) error {
	var msg [9]byte
	hooked := false
	for {
		n, err := readFull(report, msg[:1])
		if err != nil || n == 0 {
			return nil // end of file: the program was exec'd
		}
		switch msg[0] {
		case 'R':
			if err := c.Hook(pid); err != nil {
				syscall.Kill(pid, syscall.SIGKILL)
				wait(pid)
				if c.Undo != nil {
					c.Undo()
				}
				return err
			}
			hooked = true
			syscall.Write(gofd, []byte{'G'})
		case 'E':
			readFull(report, msg[1:9])
			wait(pid)
			if c.Undo != nil && hooked {
				c.Undo()
			}
			i := int(uint32(msg[1]) | uint32(msg[2])<<8 | uint32(msg[3])<<16 | uint32(msg[4])<<24)
			e := uintptr(uint32(msg[5]) | uint32(msg[6])<<8 | uint32(msg[7])<<16 | uint32(msg[8])<<24)
			return p.failure(i, e)
		default:
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

// forward passes the signals it receives on to the child until stop is
// closed.
func forward(pid int, sigs <-chan os.Signal, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case s := <-sigs:
			syscall.Kill(pid, s.(syscall.Signal))
		}
	}
}

func forwarded(s os.Signal, fwd []os.Signal) bool {
	for _, f := range fwd {
		if f == s {
			return true
		}
	}
	return false
}

// waitNoReap waits until pid has ended, leaving it to be reaped.
func waitNoReap(pid int) {
	var info unix.Siginfo
	for unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil) == syscall.EINTR {
	}
}

// wait reaps pid, retrying on EINTR.
func wait(pid int) (syscall.WaitStatus, error) {
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if err != syscall.EINTR {
			return ws, err
		}
	}
}

// failure turns a failed step into the error to print.
func (p *plan) failure(i int, e uintptr) error {
	if i < 0 || i >= len(p.msgs) {
		return fmt.Errorf("internal error: step %d failed: %s", i, cli.Errno(syscall.Errno(e)))
	}
	errno := syscall.Errno(e)
	msg := p.msgs[i] + ": " + cli.Errno(errno)
	if i == p.execStep {
		code := cli.ExitCannotExec
		if errno == syscall.ENOENT {
			code = cli.ExitNotFound
		}
		return &cli.ExitError{Code: code, Msg: msg}
	}
	return &StepError{Msg: msg, Errno: errno}
}

// StepError is a failed step of the worker: the message is util-linux's for
// that step, with the errno's text.
type StepError struct {
	Msg   string
	Errno syscall.Errno
}

func (e *StepError) Error() string { return e.Msg }
func (e *StepError) Unwrap() error { return e.Errno }

// Raise ends this process with sig, the way the child ended: default action,
// no core file of ours, signal unblocked. Were the signal not to kill, the
// process exits with 128+sig as a shell would report it.
func Raise(sig syscall.Signal) {
	runtime.LockOSThread()
	raise(new(rawState), uintptr(sig))
}

func rawSigmask(how int, set, old *uint64) {
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, uintptr(how),
		uintptr(unsafe.Pointer(set)), uintptr(unsafe.Pointer(old)), 8, 0, 0)
}
