// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// result is how one run of a command ended.
type result struct {
	pid    int
	stdout string
	stderr string
	code   int            // exit status; -1 when a signal ended it
	signal syscall.Signal // the signal that ended it, or 0
}

func (r result) String() string {
	s := fmt.Sprintf("status %d", r.code)
	if r.signal != 0 {
		s = "killed by " + sigName(r.signal)
	}
	return fmt.Sprintf("%s, stdout %q, stderr %q", s, r.stdout, r.stderr)
}

// runArgv runs argv in a process group of its own and waits for it. When
// argv has not ended after timeout, its group is killed and that is an
// error: a hang.
func runArgv(argv []string, timeout time.Duration) (result, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(timeout):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		return result{}, fmt.Errorf("%q hung: killed after %v; stdout %q, stderr %q", argv, timeout, out.String(), errb.String())
	}
	r := result{pid: cmd.Process.Pid, stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		ws := ee.Sys().(syscall.WaitStatus)
		r.code = ws.ExitStatus()
		if ws.Signaled() {
			r.signal = ws.Signal()
		}
	case err != nil:
		return result{}, err
	}
	return r, nil
}

// target is a process in namespaces of its own, for gonsenter to enter.
type target struct {
	cmd   *exec.Cmd
	pid   int               // the process to enter: the sleep(1) of cmd
	links map[string]string // its namespaces
	done  chan struct{}
	out   bytes.Buffer
}

// startTarget starts argv, whose last program is sleep(1), and waits for
// that program to run.
func startTarget(argv []string) (*target, error) {
	tg := &target{cmd: exec.Command(argv[0], argv[1:]...), done: make(chan struct{})}
	tg.cmd.Stdout, tg.cmd.Stderr = &tg.out, &tg.out
	if err := tg.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { tg.cmd.Wait(); close(tg.done) }()
	for i := 0; tg.pid == 0; i++ {
		select {
		case <-tg.done:
			return nil, fmt.Errorf("the target %q ended: %s", argv, tg.out.String())
		default:
		}
		tg.pid = sleeper(tg.cmd.Process.Pid)
		if i == 5000 {
			tg.kill()
			return nil, fmt.Errorf("the target %q did not start sleep", argv)
		}
		time.Sleep(time.Millisecond)
	}
	var err error
	if tg.links, err = links(tg.pid); err != nil {
		tg.kill()
		return nil, err
	}
	return tg, nil
}

func (tg *target) arg() string { return strconv.Itoa(tg.pid) }

// kill ends the target and everything in its PID namespace, and waits.
func (tg *target) kill() {
	if tg.pid != 0 {
		syscall.Kill(tg.pid, syscall.SIGKILL)
	}
	tg.cmd.Process.Kill()
	<-tg.done
}

// sleeper is the process running sleep(1) among pid and its descendants,
// or 0.
func sleeper(pid int) int {
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = append(queue[1:], children(p)...)
		if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", p)); strings.HasSuffix(exe, "/sleep") {
			return p
		}
	}
	return 0
}

// children lists the child processes of pid, of all its threads.
func children(pid int) []int {
	var out []int
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	for _, t := range tasks {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, t.Name()))
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}
