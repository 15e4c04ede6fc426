// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command bench measures the tools against util-linux in one run and prints
// the ratios as a table. It is what "make bench" runs; speed is never
// asserted inside tests.
//
// Every case runs its two commands alternately, many times, and compares
// their median wall times (fork, exec, run and wait, as a shell would see
// them). The whole run happens in fresh IPC, UTS and mount namespaces, so
// objects a case creates never reach the host and vanish with the run.
//
// Cases live in files of their own (ipcs.go, unshare.go, ...), each adding
// to the cases list from an init function.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// benchCase is one row of the table.
type benchCase struct {
	name    string
	setup   func() error // prepares state; runs before both commands are timed
	cleanup func()       // undoes what setup made (runs after the case)
	ours    []string     // argv; argv[0] is a tool name, resolved in -bin
	theirs  []string     // argv of the util-linux equivalent
	// theirsInBin: theirs[0] is also one of ours, resolved in -bin (the
	// multi-call binary's rows compare it with the separate binary)
	theirsInBin bool
	target      float64 // the ratio the issue asks for (0: none)
	runs        int     // timed runs of each command (0: default)
	// measure, when set, times the two commands itself (in a namespace of
	// its own, say) instead of measure below.
	measure func(theirs, ours []string, n int) (time.Duration, time.Duration, error)
}

var cases []benchCase

const childEnv = "GONSTOOLS_BENCH_CHILD"

// modes are other jobs this program does when modeEnv names one: helpers
// that cases start, as this program, in namespaces of their own.
var modes = map[string]func(args []string) int{}

const modeEnv = "GONSTOOLS_BENCH_MODE"

func main() {
	if m := os.Getenv(modeEnv); m != "" {
		os.Exit(modes[m](os.Args[1:]))
	}
	binDir := flag.String("bin", "bin", "directory holding the built tools")
	runs := flag.Int("runs", 200, "timed runs of each command per case")
	only := flag.String("run", "", "run only the cases whose name contains this")
	flag.Parse()
	if os.Getenv(childEnv) == "" {
		os.Exit(reexec())
	}
	abs, err := filepath.Abs(*binDir)
	if err != nil {
		fatal(err)
	}
	fmt.Printf("%-44s %12s %12s %8s %8s\n", "case", "util-linux", "gonstools", "ratio", "target")
	failed := false
	for _, c := range cases {
		if *only != "" && !strings.Contains(c.name, *only) {
			continue
		}
		if c.setup != nil {
			if err := c.setup(); err != nil {
				fatal(fmt.Errorf("%s: setup: %v", c.name, err))
			}
		}
		n := c.runs
		if n == 0 {
			n = *runs
		}
		ours := append([]string{filepath.Join(abs, c.ours[0])}, c.ours[1:]...)
		theirs, err := resolve(c.theirs)
		if c.theirsInBin {
			theirs, err = append([]string{filepath.Join(abs, c.theirs[0])}, c.theirs[1:]...), nil
		}
		if err != nil {
			fatal(err)
		}
		measureCase := measure
		if c.measure != nil {
			measureCase = c.measure
		}
		tu, to, err := measureCase(theirs, ours, n)
		if c.cleanup != nil {
			c.cleanup()
		}
		if err != nil {
			fatal(fmt.Errorf("%s: %v", c.name, err))
		}
		ratio := float64(to) / float64(tu)
		mark := ""
		if c.target > 0 {
			mark = fmt.Sprintf("%.2fx", c.target)
			if ratio > c.target {
				mark += " MISSED"
				failed = true
			}
		}
		fmt.Printf("%-44s %12s %12s %7.2fx %8s\n", c.name, ms(tu), ms(to), ratio, mark)
	}
	if *only == "" || strings.Contains("multi-call", *only) {
		printSizes(abs)
	}
	if failed {
		fmt.Println("\nsome ratios missed their targets")
	}
}

// reexec runs this program again in fresh IPC, UTS and mount namespaces.
func reexec() int {
	cmd := exec.Command("/proc/self/exe", os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:   syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS,
		Unshareflags: syscall.CLONE_NEWNS,
		Pdeathsig:    syscall.SIGKILL,
	}
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		fmt.Fprintln(os.Stderr, "bench: needs root for fresh namespaces:", err)
		return 1
	}
	return 0
}

func resolve(argv []string) ([]string, error) {
	p, err := exec.LookPath(argv[0])
	if err != nil {
		return nil, err
	}
	return append([]string{p}, argv[1:]...), nil
}

// measure times n runs of each command, alternating, and returns the medians.
func measure(a, b []string, n int) (time.Duration, time.Duration, error) {
	// Warm the page cache and check that both commands succeed.
	for _, argv := range [][]string{a, b} {
		if out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
			return 0, 0, fmt.Errorf("%s: %v\n%s", strings.Join(argv, " "), err, out)
		}
	}
	ta := make([]time.Duration, 0, n)
	tb := make([]time.Duration, 0, n)
	// Which runs first alternates, so that neither gains from following
	// the other (caches, the scheduler's timing).
	for i := range n {
		first, second, t1, t2 := a, b, &ta, &tb
		if i%2 == 1 {
			first, second, t1, t2 = b, a, &tb, &ta
		}
		d, err := timeOnce(first)
		if err != nil {
			return 0, 0, err
		}
		*t1 = append(*t1, d)
		if d, err = timeOnce(second); err != nil {
			return 0, 0, err
		}
		*t2 = append(*t2, d)
	}
	return median(ta), median(tb), nil
}

var devNull, _ = os.OpenFile(os.DevNull, os.O_RDWR, 0)

// timeOnce forks, execs and waits for argv, with output to /dev/null.
func timeOnce(argv []string) (time.Duration, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	fds := []uintptr{devNull.Fd(), devNull.Fd(), devNull.Fd()}
	start := time.Now()
	pid, err := syscall.ForkExec(argv[0], argv, &syscall.ProcAttr{Env: os.Environ(), Files: fds})
	if err != nil {
		return 0, err
	}
	var ws syscall.WaitStatus
	if _, err := syscall.Wait4(pid, &ws, 0, nil); err != nil {
		return 0, err
	}
	d := time.Since(start)
	if !ws.Exited() || ws.ExitStatus() != 0 {
		return 0, fmt.Errorf("%s: wait status %v", strings.Join(argv, " "), ws)
	}
	return d, nil
}

func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d)/1e6) }

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
