// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// golsns against util-linux's lsns on a fresh PID namespace full of
// sleeping processes: both list exactly those, as PID 1 of that namespace
// runs them. util-linux 2.38.1 links every process to its namespaces by
// walking its whole list of processes again, so its time grows with the
// square of their number; golsns walks /proc once.
func init() {
	cases = append(cases,
		lsnsCase("golsns, 100 processes", 100, 0, 0),
		lsnsCase("golsns, 10,000 processes", 10000, 5, 0.5),
	)
	modes["lsns-pidns"] = lsnsPIDNamespace
}

func lsnsCase(name string, procs, runs int, target float64) benchCase {
	return benchCase{
		name:   name,
		ours:   []string{"golsns"},
		theirs: []string{"lsns"},
		target: target,
		runs:   runs,
		measure: func(theirs, ours []string, n int) (time.Duration, time.Duration, error) {
			return measureInPIDNamespace(procs, theirs, ours, n)
		},
	}
}

// measureInPIDNamespace runs this program as PID 1 of a new PID namespace
// (lsnsPIDNamespace), which starts procs sleeping processes and times the
// two commands there.
func measureInPIDNamespace(procs int, a, b []string, n int) (time.Duration, time.Duration, error) {
	args := append([]string{strconv.Itoa(procs), strconv.Itoa(n), strconv.Itoa(len(a))}, append(a, b...)...)
	cmd := exec.Command("/proc/self/exe", args...)
	cmd.Env = append(os.Environ(), modeEnv+"=lsns-pidns")
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:   syscall.CLONE_NEWPID,
		Unshareflags: syscall.CLONE_NEWNS,
		Pdeathsig:    syscall.SIGKILL,
	}
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, fmt.Errorf("in a PID namespace of %d processes: %v", procs, err)
	}
	var ta, tb int64
	if _, err := fmt.Sscan(string(out), &ta, &tb); err != nil {
		return 0, 0, fmt.Errorf("in a PID namespace of %d processes: %q", procs, out)
	}
	return time.Duration(ta), time.Duration(tb), nil
}

// lsnsPIDNamespace is PID 1 of the case's PID namespace: a /proc of its
// own, the sleeping processes, then the timings (in nanoseconds, on
// standard output). Its end ends every process of the namespace.
func lsnsPIDNamespace(args []string) int {
	procs, _ := strconv.Atoi(args[0])
	n, _ := strconv.Atoi(args[1])
	na, _ := strconv.Atoi(args[2])
	a, b := args[3:3+na], args[3+na:]
	if err := syscall.Mount("proc", "/proc", "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, ""); err != nil {
		fmt.Fprintln(os.Stderr, "bench: mount /proc:", err)
		return 1
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	attr := &syscall.ProcAttr{Files: []uintptr{devNull.Fd(), devNull.Fd(), devNull.Fd()}}
	for i := 1; i < procs; i++ { // this process is one of them
		if _, err := syscall.ForkExec(sleep, []string{"sleep", "1000000"}, attr); err != nil {
			fmt.Fprintln(os.Stderr, "bench: starting sleep:", err)
			return 1
		}
	}
	// all of them asleep before the first timing
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if sleeping("sleep") >= procs-1 {
			break
		}
	}
	ta, tb, err := measure(a, b, n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	fmt.Println(int64(ta), int64(tb))
	return 0
}

// sleeping counts the processes of /proc that run comm and sleep.
func sleeping(comm string) int {
	d, err := os.Open("/proc")
	if err != nil {
		return 0
	}
	defer d.Close()
	names, _ := d.Readdirnames(-1)
	count := 0
	for _, name := range names {
		b, err := os.ReadFile("/proc/" + name + "/stat")
		if err == nil && strings.Contains(string(b), "("+comm+") S ") {
			count++
		}
	}
	return count
}
