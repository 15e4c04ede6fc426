// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nstest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ready is a program for Signaled: it says "ready", then sleeps a second.
var Ready = []string{"sh", "-c", "echo ready; exec sleep 1"}

// Signaled starts argv, whose program prints "ready" once it runs (see
// Ready), sends sig to argv's process when the program is ready, and
// reports how argv ended. With ignored, argv starts with sig ignored, as
// after a shell's trap ”. The whole process group is killed if argv does
// not end within ten seconds, which fails the test.
func Signaled(t testing.TB, argv []string, sig syscall.Signal, ignored bool) Result {
	t.Helper()
	r, err := signaled(argv, sig, ignored)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// SignaledBoth is Signaled for two commands at once (ours and an oracle).
func SignaledBoth(t testing.TB, a, b []string, sig syscall.Signal, ignored bool) (Result, Result) {
	t.Helper()
	var rb Result
	var errb error
	done := make(chan struct{})
	go func() {
		rb, errb = signaled(b, sig, ignored)
		close(done)
	}()
	ra, erra := signaled(a, sig, ignored)
	<-done
	if erra != nil || errb != nil {
		t.Fatal(errors.Join(erra, errb))
	}
	return ra, rb
}

func signaled(argv []string, sig syscall.Signal, ignored bool) (Result, error) {
	script := `exec "$@"`
	if ignored {
		script = fmt.Sprintf("trap '' %d; exec \"$@\"", sig)
	}
	cmd := exec.Command("sh", append([]string{"-c", script, "sh"}, argv...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		return Result{}, err
	}
	if err := cmd.Start(); err != nil {
		return Result{}, err
	}
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	r := bufio.NewReader(out)
	if line, err := r.ReadString('\n'); line != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		return Result{}, fmt.Errorf("%q did not get ready: %q %v, stderr %q", argv, line, err, errb.String())
	}
	cmd.Process.Signal(sig)
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		r.WriteTo(&b)
		rest <- b.String()
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		return Result{}, fmt.Errorf("%q did not end within 10 s of signal %d", argv, sig)
	}
	res := Result{Stdout: <-rest, Stderr: errb.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		ws := ee.Sys().(syscall.WaitStatus)
		res.Code = ws.ExitStatus()
		if ws.Signaled() {
			res.Signal, res.Core = ws.Signal(), ws.CoreDump()
		}
	} else if err != nil {
		return Result{}, err
	}
	return res, nil
}

// TerminatingSignals are the signals whose default action ends a process,
// but SIGKILL: the rows of a signal matrix.
var TerminatingSignals = []syscall.Signal{
	syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGILL, syscall.SIGTRAP,
	syscall.SIGABRT, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGUSR1, syscall.SIGSEGV,
	syscall.SIGUSR2, syscall.SIGPIPE, syscall.SIGALRM, syscall.SIGTERM,
	syscall.SIGXCPU, syscall.SIGXFSZ, syscall.SIGVTALRM, syscall.SIGIO, syscall.SIGPWR,
	syscall.SIGSYS, 34, 50, 64,
}
