// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// terminatingSignals are the signals whose default action ends a process,
// but SIGKILL: the rows of the signal matrix.
var terminatingSignals = []syscall.Signal{
	syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGILL, syscall.SIGTRAP,
	syscall.SIGABRT, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGUSR1, syscall.SIGSEGV,
	syscall.SIGUSR2, syscall.SIGPIPE, syscall.SIGALRM, syscall.SIGTERM,
	syscall.SIGXCPU, syscall.SIGXFSZ, syscall.SIGVTALRM, syscall.SIGIO, syscall.SIGPWR,
	syscall.SIGSYS, 34, 50, 64,
}

// parseSignal reads "15", "TERM" or "SIGTERM".
func parseSignal(s string) (syscall.Signal, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return syscall.Signal(n), n > 0 && n <= 64 && n != int(syscall.SIGKILL)
	}
	sig := unix.SignalNum("SIG" + strings.TrimPrefix(strings.ToUpper(s), "SIG"))
	return sig, sig != 0 && sig != syscall.SIGKILL
}

// sigName is "SIGTERM", or the number of a signal without a name.
func sigName(s syscall.Signal) string {
	if n := unix.SignalName(s); n != "" {
		return n
	}
	return strconv.Itoa(int(s))
}

// signalProgram says "ready", then runs sleep(1) long enough to tell a
// program that outlived its tool from one that ended by itself.
var signalProgram = []string{"sh", "-c", "echo ready; exec sleep 5"}

// outlivedGrace is how long the program may take to end after its tool.
const outlivedGrace = time.Second

// sigMode is a column of the signal matrix: our command and util-linux's.
type sigMode struct {
	name         string
	ours, theirs []string // argv, before the program
	// expect, if set, returns the documented outcome where util-linux
	// 2.38.1 cannot be the oracle, given util-linux's, and whether it
	// applies.
	expect func(sig syscall.Signal, ignored bool, theirs outcome) (outcome, bool)
	// stays says the program never outlives our tool: it is killed with
	// it (--kill-child), or it is what the tool stands for (the implicit
	// child of -r and nsenter -U, and nsenter's fork, which passes
	// signals on).
	stays bool
}

// outcome is how a tool ended after the signal.
type outcome struct {
	code     int
	signal   syscall.Signal
	outlived bool // its program still ran after the tool ended
	stderr   string
}

// cell is the outcome as the matrix shows it: the exit status, or the
// signal that ended the tool, and "+" when the program outlived it.
func (o outcome) cell() string {
	s := strconv.Itoa(o.code)
	if o.signal != 0 {
		s = strings.TrimPrefix(sigName(o.signal), "SIG")
	}
	if o.outlived {
		s += "+"
	}
	return s
}

type matrixRow struct {
	sig     syscall.Signal
	ignored bool
	cells   []matrixCell
}

type matrixCell struct {
	ours, want outcome // want is util-linux's, or the documented expectation
	documented bool
	bad        bool
}

// signalModes are the columns: gounshare forked, with its implicit child
// (-r), forwarding signals and killing its child; gonsenter forked for a
// PID namespace and with its implicit child for a user namespace.
func (h *harness) signalModes(full, rootless *target) []sigMode {
	us, ns := h.tool("gounshare"), h.tool("gonsenter")
	return []sigMode{
		{name: "unshare -f -i", ours: []string{us, "-f", "-i"}, theirs: []string{"unshare", "-f", "-i"}},
		{name: "unshare -r", ours: []string{us, "-r"}, theirs: []string{"unshare", "-r"}, stays: true},
		{
			// util-linux 2.38.1 lacks --forward-signals (2.42): it is
			// unshare -f but for SIGINT and SIGTERM, which the program
			// gets and dies of, and then so does gounshare.
			name: "--forward-signals", ours: []string{us, "--forward-signals"}, theirs: []string{"unshare", "-f"},
			expect: func(sig syscall.Signal, ignored bool, _ outcome) (outcome, bool) {
				if ignored || (sig != syscall.SIGINT && sig != syscall.SIGTERM) {
					return outcome{}, false
				}
				return outcome{code: -1, signal: sig}, true
			},
		},
		{name: "unshare -f --kill-child", ours: []string{us, "-f", "--kill-child"}, theirs: []string{"unshare", "-f", "--kill-child"}, stays: true},
		{
			// gonsenter passes the signals it catches on to the program,
			// which util-linux's fork for --pid does not (man gonsenter,
			// NOTES): the same status, but the program does not outlive
			// gonsenter.
			name: "nsenter -p", ours: []string{ns, "-t", full.arg(), "-p"}, theirs: []string{"nsenter", "-t", full.arg(), "-p"}, stays: true,
			expect: func(_ syscall.Signal, _ bool, theirs outcome) (outcome, bool) {
				if !theirs.outlived {
					return outcome{}, false
				}
				theirs.outlived = false
				return theirs, true
			},
		},
		{name: "nsenter -U (rootless)", ours: []string{ns, "-t", rootless.arg(), "-U"}, theirs: []string{"nsenter", "-t", rootless.arg(), "-U"}, stays: true},
	}
}

// signalMatrix sends every signal to every mode's tool while its program
// runs, ours and util-linux's side by side.
func (h *harness) signalMatrix(r *row) int {
	full, err := startTarget([]string{"unshare", "-iumnpCT", "-f", "--mount-proc", "--kill-child", "sleep", "1000000"})
	if err != nil {
		h.fail(r, "%v", err)
		return 0
	}
	defer full.kill()
	id := strconv.Itoa(unprivileged)
	rootless, err := startTarget([]string{"setpriv", "--reuid=" + id, "--regid=" + id, "--clear-groups",
		"unshare", "-Ur", "-imunpCT", "-f", "--mount-proc", "--kill-child", "sleep", "1000000"})
	if err != nil {
		h.fail(r, "%v", err)
		return 0
	}
	defer rootless.kill()
	modes := h.signalModes(full, rootless)

	type job struct {
		row  *matrixRow
		mode int
	}
	var jobs []job
	for _, ignored := range []bool{false, true} {
		if ignored && !h.cfg.ignored {
			break
		}
		for _, sig := range h.cfg.signals {
			mr := &matrixRow{sig: sig, ignored: ignored, cells: make([]matrixCell, len(modes))}
			h.matrix = append(h.matrix, mr)
			for m := range modes {
				jobs = append(jobs, job{mr, m})
			}
		}
	}
	work := make(chan job)
	var wg sync.WaitGroup
	for range h.cfg.parallel {
		wg.Go(func() {
			for j := range work {
				h.signalCell(r, j.row, j.mode, modes[j.mode])
			}
		})
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
	return len(jobs)
}

// unprivileged is the user the rootless target runs as.
const unprivileged = 65534

// signalCell fills one cell: ours and util-linux's at the same time.
func (h *harness) signalCell(r *row, mr *matrixRow, m int, mode sigMode) {
	var theirs outcome
	var errTheirs error
	done := make(chan struct{})
	go func() {
		theirs, errTheirs = signaled(append(mode.theirs, signalProgram...), mr.sig, mr.ignored)
		close(done)
	}()
	ours, errOurs := signaled(append(mode.ours, signalProgram...), mr.sig, mr.ignored)
	<-done
	c := &mr.cells[m]
	c.ours, c.want = ours, theirs
	if err := errors.Join(errOurs, errTheirs); err != nil {
		c.bad = true
		h.fail(r, "%s, %s: %v", mode.name, sigName(mr.sig), err)
		return
	}
	want := theirs
	if mode.expect != nil {
		if o, ok := mode.expect(mr.sig, mr.ignored, theirs); ok {
			want, c.documented = o, true
			c.want = o
		}
	}
	if mode.stays && ours.outlived {
		c.bad = true
		h.fail(r, "%s, %s (ignored at start: %v): the program outlived the tool", mode.name, sigName(mr.sig), mr.ignored)
	} else if ours.code != want.code || ours.signal != want.signal || ours.outlived != want.outlived || ours.stderr != "" {
		c.bad = true
		h.fail(r, "%s, %s (ignored at start: %v): gonstools %s, stderr %q; want %s (util-linux %s, stderr %q)",
			mode.name, sigName(mr.sig), mr.ignored, ours.cell(), ours.stderr, want.cell(), theirs.cell(), theirs.stderr)
	}
}

// signaled starts argv, whose program says "ready" and then runs sleep(1),
// in a process group of its own, with sig ignored at start if asked (as
// after a shell's trap ”); sends sig to argv's process once the program
// runs; and reports how it ended and whether the program outlived it.
// Whatever is left of the group is killed afterwards.
func signaled(argv []string, sig syscall.Signal, ignored bool) (outcome, error) {
	script := `exec "$@"`
	if ignored {
		script = fmt.Sprintf("trap '' %d; exec \"$@\"", sig)
	}
	cmd := exec.Command("sh", append([]string{"-c", script, "sh"}, argv...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	pr, pw, err := os.Pipe()
	if err != nil {
		return outcome{}, err
	}
	defer pr.Close()
	// Standard error goes to memory, not a pipe, so that reading it does
	// not wait for a program that outlived the tool.
	fd, err := unix.MemfdCreate("stderr", unix.MFD_CLOEXEC)
	if err != nil {
		pw.Close()
		return outcome{}, err
	}
	errf := os.NewFile(uintptr(fd), "stderr")
	defer errf.Close()
	cmd.Stdout, cmd.Stderr = pw, errf
	err = cmd.Start()
	pw.Close()
	if err != nil {
		return outcome{}, err
	}
	pgid := cmd.Process.Pid
	defer syscall.Kill(-pgid, syscall.SIGKILL)
	var hung atomic.Bool
	watchdog := time.AfterFunc(30*time.Second, func() { hung.Store(true); syscall.Kill(-pgid, syscall.SIGKILL) })
	defer watchdog.Stop()
	stderr := func() string {
		errf.Seek(0, io.SeekStart)
		b, _ := io.ReadAll(errf)
		return string(b)
	}
	fail := func(format string, a ...any) (outcome, error) {
		syscall.Kill(-pgid, syscall.SIGKILL)
		cmd.Wait()
		return outcome{}, fmt.Errorf("%q: %s; stderr %q", argv, fmt.Sprintf(format, a...), stderr())
	}

	if line, err := bufio.NewReader(pr).ReadString('\n'); line != "ready\n" {
		return fail("did not get ready: %q %v", line, err)
	}
	var prog, pidfd int
	for i := 0; prog == 0; i++ {
		if prog = sleeper(cmd.Process.Pid); prog == 0 && i == 5000 {
			return fail("no sleep(1) process")
		}
		time.Sleep(time.Millisecond)
	}
	if pidfd, err = unix.PidfdOpen(prog, 0); err != nil {
		return fail("pidfd_open: %v", err)
	}
	defer unix.Close(pidfd)
	cmd.Process.Signal(sig)
	err = cmd.Wait()
	if hung.Load() {
		return outcome{}, fmt.Errorf("%q did not end within 30 s of %s", argv, sigName(sig))
	}
	o := outcome{stderr: stderr()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		ws := ee.Sys().(syscall.WaitStatus)
		o.code = ws.ExitStatus()
		if ws.Signaled() {
			o.signal = ws.Signal()
		}
	case err != nil:
		return outcome{}, err
	}
	if prog != cmd.Process.Pid {
		fds := []unix.PollFd{{Fd: int32(pidfd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(outlivedGrace/time.Millisecond))
		for err == unix.EINTR {
			n, err = unix.Poll(fds, int(outlivedGrace/time.Millisecond))
		}
		o.outlived = n == 0
	}
	return o, nil
}

// printMatrix prints the signal matrix, one table per disposition.
func (h *harness) printMatrix(w io.Writer) {
	if len(h.matrix) == 0 {
		return
	}
	modes := h.signalModes(&target{}, &target{})
	for _, ignored := range []bool{false, true} {
		first := true
		for _, mr := range h.matrix {
			if mr.ignored != ignored {
				continue
			}
			if first {
				first = false
				how := "at its default disposition"
				if ignored {
					how = "ignored when the tool starts"
				}
				fmt.Fprintf(w, "\nsignal matrix, the signal %s (each cell: gonstools/util-linux)\n", how)
				head := fmt.Sprintf("%-10s", "signal")
				for _, m := range modes {
					head += fmt.Sprintf(" %-23s", m.name)
				}
				fmt.Fprintln(w, strings.TrimRight(head, " "))
			}
			line := fmt.Sprintf("%-10s", sigName(mr.sig))
			for _, c := range mr.cells {
				s := c.ours.cell() + "/" + c.want.cell()
				if c.documented {
					s += "*"
				}
				if c.bad {
					s += " !"
				}
				line += fmt.Sprintf(" %-23s", s)
			}
			fmt.Fprintln(w, strings.TrimRight(line, " "))
		}
	}
	fmt.Fprintln(w, "(a number is the exit status, a name the signal that ended the tool; + the program outlived the tool;\n"+
		" * the documented expectation where util-linux differs: 2.38.1 lacks --forward-signals, with which the\n"+
		"   program gets SIGINT and SIGTERM and dies of them, and so does gounshare; gonsenter passes signals on to\n"+
		"   the program where util-linux's fork for --pid leaves it running; ! a failure)")
}
