// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package supervise is how a tool waits for the child that runs its
// program, so that, seen from outside, the tool behaves as util-linux's
// does.
//
// There are two ways to wait:
//
//   - [Fork] is util-linux's own fork (unshare --fork): while it waits, the
//     tool ignores SIGINT and SIGTERM, which the terminal sends to the
//     program too (util-linux blocks them), or passes them on
//     (--forward-signals); any other signal that ends a process ends the
//     tool as it would end util-linux's, and the program goes on unless it
//     asked for a death signal.
//   - [Transparent] is for a child util-linux would not need: the tool runs
//     the program in a child only because a multi-threaded Go process may
//     not enter user or time namespaces itself. Then the child stands for
//     the tool: every signal the tool can catch is passed on to it, when it
//     stops (Ctrl-Z) the tool stops too and continues it when continued
//     itself, and it is killed if the tool is (see rawexec.Config's
//     DieWithParent). SIGKILL and SIGSTOP cannot be caught; SIGPROF is the
//     Go runtime's and ends the tool (and so, by SIGKILL, the program).
//
// Either way the tool ends as the program did: with its exit status, or by
// the same signal, which a shell reports as 128+N.
package supervise

import (
	"bytes"
	"errors"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/internal/startup"
	"golang.org/x/sys/unix"
)

// Mode is a way to wait.
type Mode int

const (
	// Fork waits as util-linux waits for the child it forked itself.
	Fork Mode = iota
	// Transparent makes the child stand for the tool.
	Transparent
)

// Waiter waits for one child. Make it with New before the child is
// started, so that no signal meant for the child is missed or ends the tool
// while the child starts.
type Waiter struct {
	mode Mode
	sigs chan os.Signal
}

// startup.Faults are caught in every mode: the runtime turns them into
// panics when they are real faults, so they cannot simply be set to their
// default action; sent by kill(2), they reach the waiter. (Named directly,
// not copied into a variable here, which would take code at start-up.)

// New prepares to wait in the given mode. In Fork mode, forward lists the
// signals passed on to the child (unshare --forward-signals); the others of
// SIGINT and SIGTERM are ignored while waiting.
func New(mode Mode, forward ...syscall.Signal) *Waiter {
	w := &Waiter{mode: mode, sigs: make(chan os.Signal, 32)}
	switch mode {
	case Transparent:
		startup.Catch(w.sigs, Catchable()...)
	case Fork:
		var ignore []os.Signal
		for _, s := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			if !has(forward, s) {
				ignore = append(ignore, s)
			}
		}
		if len(ignore) > 0 { // (with none, signal.Ignore ignores every signal)
			signal.Ignore(ignore...)
		}
		startup.Catch(w.sigs, append(forward, startup.Faults...)...)
	}
	return w
}

// Catchable lists the signals a transparent waiter passes on: every signal
// but SIGKILL and SIGSTOP (which cannot be caught), SIGCHLD (which is the
// waiter's own news), SIGURG and 32 and 33 (the Go runtime's), SIGPROF
// (which the runtime keeps for profiling and never delivers), and the stop
// signals SIGTSTP, SIGTTIN and SIGTTOU. Those keep their default action:
// the terminal sends them to the whole foreground process group, so the
// tool stops with the program, as a program exec'd in its place would
// stop; passing them on as well could arrive after the shell's SIGCONT and
// stop the program again. A program that stops by itself stops the tool
// through the waiter.
func Catchable() []syscall.Signal {
	var out []syscall.Signal
	for s := syscall.Signal(1); s <= 64; s++ {
		switch s {
		case syscall.SIGKILL, syscall.SIGSTOP, syscall.SIGCHLD, syscall.SIGURG, syscall.SIGPROF, 32, 33,
			syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU:
			continue
		}
		out = append(out, s)
	}
	return out
}

func has(list []syscall.Signal, s syscall.Signal) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// event is news of the child from the goroutine that waits for it.
type event struct {
	stopped bool
	ended   bool
	err     error
}

// Wait waits for p to end and returns the exit status the tool must end
// with. When p was killed by a signal, Wait ends this process by the same
// signal and does not return (unless the signal cannot end a process).
func (w *Waiter) Wait(p *rawexec.Process) (int, error) {
	events := make(chan event)
	resume := make(chan struct{})
	go watch(p.Pid, w.mode == Transparent, events, resume)
	for {
		select {
		case s := <-w.sigs:
			w.signal(p, s.(syscall.Signal))
		case ev := <-events:
			if ev.err != nil {
				return 1, ev.err
			}
			if ev.stopped {
				// Let what was sent before the stop reach the child first.
				w.drain(p)
				// Stop only if the child still is: when the terminal
				// stopped us both, the shell may have continued us both
				// before this news arrived.
				if stillStopped(p.Pid) {
					syscall.Kill(syscall.Getpid(), syscall.SIGSTOP)
					p.Signal(syscall.SIGCONT)
				}
				resume <- struct{}{}
				continue
			}
			// The child has ended and is not reaped yet: until it is, its
			// PID cannot be reused, so nothing forwarded can go astray.
			ws, err := p.Wait()
			p.Release()
			if err != nil {
				return 1, err
			}
			if ws.Signaled() {
				startup.Die(ws.Signal())
				return 128 + int(ws.Signal()), nil
			}
			return ws.ExitStatus(), nil
		}
	}
}

// signal handles a signal sent to the tool.
func (w *Waiter) signal(p *rawexec.Process, s syscall.Signal) {
	if w.mode == Fork && has(startup.Faults, s) {
		startup.Die(s) // as util-linux would die of it
		return
	}
	p.Signal(s)
}

// drain handles the signals already received.
func (w *Waiter) drain(p *rawexec.Process) {
	for {
		select {
		case s := <-w.sigs:
			w.signal(p, s.(syscall.Signal))
		default:
			return
		}
	}
}

// watch reports the child's stops (when stops is set) and its end, without
// reaping it. After a stop it waits on resume before it looks again.
func watch(pid int, stops bool, events chan<- event, resume <-chan struct{}) {
	opts := unix.WEXITED | unix.WNOWAIT
	if stops {
		opts |= unix.WSTOPPED
	}
	for {
		var info unix.Siginfo
		err := unix.Waitid(unix.P_PID, pid, &info, opts, nil)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			events <- event{err: err}
			return
		case info.Code == cldStopped:
			// Consume the stop (WNOWAIT left it), then let the tool stop.
			unix.Waitid(unix.P_PID, pid, &info, unix.WSTOPPED|unix.WNOHANG, nil)
			events <- event{stopped: true}
			<-resume
		default:
			events <- event{ended: true}
			return
		}
	}
}

// stillStopped reports whether process pid (not reaped yet) is stopped,
// from the state in /proc/PID/stat.
func stillStopped(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(b, ')') // the command may hold anything
	return i >= 0 && i+2 < len(b) && b[i+2] == 'T'
}

// cldStopped is CLD_STOPPED, the si_code of a child's stop.
const cldStopped = 5

// Run carries out c as a tool does: it gives the program the signal
// dispositions and standard descriptors this process was started with,
// replaces this process by the program when it can, and otherwise starts it
// in a child and waits for it in the given mode. The error it returns is
// ready for cli.Main: the program's exit status, or a failure in the
// tool's words (msg, see Message), with status 126 or 127 when the program
// could not be executed.
func Run(c *rawexec.Config, msg Words, mode Mode, forward ...syscall.Signal) error {
	c.Ignore = startup.Ignored()
	c.CloseFds = startup.ClosedStdio()
	if c.InPlace() {
		return failure(c.Exec(), msg)
	}
	w := New(mode, forward...)
	p, err := c.Start()
	if err != nil {
		return failure(err, msg)
	}
	code, err := w.Wait(p)
	if err != nil {
		return cli.Syserr(err, "waitpid failed")
	}
	return cli.Exit(code)
}

// Words gives a tool's message for a failed step, without the errno, or
// "" for Message's default.
type Words func(e *rawexec.Error) string

// Message is the util-linux message for a failed step ("unshare failed:
// Operation not permitted"): the tool's words when it has some, else the
// words util-linux's unshare and nsenter share.
func Message(e *rawexec.Error, words Words) string {
	s := ""
	if words != nil {
		s = words(e)
	}
	if s == "" {
		s = commonWords(e)
	}
	return s + ": " + cli.Errno(e.Err)
}

func commonWords(e *rawexec.Error) string {
	switch e.Step {
	case rawexec.StepSignals:
		if e.Op == "sigprocmask" {
			return "sigprocmask restore failed"
		}
		return "signal handler reset failed"
	case rawexec.StepUnshare:
		return "unshare failed"
	case rawexec.StepJoin:
		if e.Op == "setns" {
			return "reassociate to namespace '" + e.Path + "' failed"
		}
		return "unshare failed"
	case rawexec.StepFork:
		if e.Op == "pidfd_open" {
			return "pidfd_open failed"
		}
		return "fork failed"
	case rawexec.StepWrites, rawexec.StepRootMounts, rawexec.StepMounts, rawexec.StepFirstWrites, rawexec.StepTimeOffsets:
		switch e.Op {
		case "mount":
			return "mount " + e.Path + " failed"
		case "open":
			return "cannot open " + e.Path
		case "close":
			return "close failed " + e.Path
		}
		return "write failed " + e.Path
	case rawexec.StepMountProc:
		if e.Op == "make-private" {
			return "cannot change " + e.Path + " filesystem propagation"
		}
		return "mount " + e.Path + " failed"
	case rawexec.StepPropagation:
		return "cannot change root filesystem propagation"
	case rawexec.StepOwner, rawexec.StepCred:
		if e.Op == "fstat" {
			return "can not get process stat"
		}
		return e.Op + " failed" // setgroups, setgid, setuid
	case rawexec.StepKeepCaps:
		return "prctl(PR_CAP_AMBIENT) failed"
	case rawexec.StepDeathSignal:
		if e.Op == "ppoll" {
			return "poll parent pidfd failed"
		}
		return "prctl failed"
	case rawexec.StepExec:
		return "failed to execute " + e.Path
	}
	return e.Op + " " + e.Path + " failed"
}

// failure renders a failed step for cli.Main: a failure to execute the
// program gets util-linux's exit status, 127 when it was not found, 126
// when it could not be run.
func failure(err error, words Words) error {
	var e *rawexec.Error
	if !errors.As(err, &e) {
		return err
	}
	msg := Message(e, words)
	if e.Step != rawexec.StepExec {
		return &cli.ExitError{Code: cli.ExitFailure, Msg: msg}
	}
	code := cli.ExitCannotExec
	if e.Err == syscall.ENOENT {
		code = cli.ExitNotFound
	}
	return &cli.ExitError{Code: code, Msg: msg}
}
