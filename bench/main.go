// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command bench measures the tools against util-linux, and against minimal
// Go programs doing the same work, and prints the ratios as a table. It is
// what "make bench" runs (as root); speed is never asserted inside tests,
// where one test only runs the bench with tiny settings (-quick) to keep
// it working.
//
// # What is measured
//
// A case is a few commands: the util-linux program, ours, and where one
// exists a reference program (bench/ref: a minimal Go program doing the
// tool's bare work, so that the Go runtime's share of a run is visible).
// The commands run alternately, their order rotated every round, each
// timed from fork to wait (what a shell sees), with its peak RSS from
// wait4's rusage. A repetition is -runs such rounds and gives each command
// the median of its times, and each ratio the quotient of two medians; a
// case has -reps repetitions, and the table shows the median ratio with
// the [min–max] of the repetitions. A target is MET only when the max is
// within it.
//
// The Go programs measured are copies, written as an installed binary is
// written (see installCopies): a binary fresh from the linker starts
// measurably slower until the page cache drops it.
//
// The whole run happens in fresh IPC and UTS namespaces and a private
// mount namespace with its own /dev/shm and /dev/mqueue, so objects a case
// makes or removes never reach the host. gonsenter's target is a copy of
// this program, PID 1 of namespaces of its own, which no other job can
// find or kill by name; golsns's cases list a fresh PID namespace full of
// sleeping processes.
//
// # The timing parent
//
// The spawner is this Go process: the timing goroutine is locked to its
// thread and the collector is off while a case runs, and it starts each
// command with syscall.ForkExec, which clones with CLONE_VM|CLONE_VFORK
// (as posix_spawn does) so that the parent's size does not matter.
// Measured against a C loop of posix_spawn and wait4 timing the same
// programs alternately (/bin/true and an empty static Go program), it adds
// no constant that stands out of the run-to-run noise (within ±20 µs on
// 0.4 ms and 1 ms).
//
// Cases live in files of their own (ipcs.go, nsenter.go, ...); cases lists
// them in the table's order.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/gonstools/gonstools/internal/sandbox"
)

// config is what the flags set.
type config struct {
	bin        string // directory of the built tools
	goTool     string // the go command, to build the reference programs
	reps       int    // repetitions of each case
	runs       int    // rounds per repetition of a start-up case
	maxObjects int    // scaled cases above this many objects are left out
	maxProcs   int    // golsns cases above this many processes are left out
	only       string // run only the cases whose name contains this
	container  string // a running container for gonsenter --container's case
	refs       string // directory of the built reference programs
}

// roleEnv tells the program which copy it is: "" (started by the user),
// "bench" (in the sandbox) or one of modes.
const roleEnv = "GONSTOOLS_BENCH_ROLE"

// modes are other jobs this program does, started by cases as copies of
// itself in namespaces of their own: the role names one, and its
// arguments follow.
var modes = map[string]func(args []string, stdout io.Writer) int{
	"nsenter-target": nsenterTarget,
	"lsns-pidns":     lsnsPIDNamespace,
}

// cases are the table's rows, in order.
var cases = slices.Concat(floorCases(), unshareCases(), nsenterCases(), containerCases(),
	ipcmkrmCases(), ipcsCases(), lsnsCases(), multicallCases())

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole program.
func run(args []string, stdout, stderr io.Writer) int {
	role := os.Getenv(roleEnv)
	if m, ok := modes[role]; ok {
		return m(args, stdout)
	}
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return 2
	}
	if role == "" {
		return reexec(args, stdout, stderr)
	}
	if err := isolate(); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "gonstools-bench-")
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	cfg.refs = filepath.Join(dir, "ref")
	if err := os.Mkdir(cfg.refs, 0o755); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	if err := buildRefs(cfg); err != nil {
		fmt.Fprintln(stderr, "bench: building the reference programs:", err)
		return 1
	}
	if err := installCopies(cfg, dir); err != nil {
		fmt.Fprintln(stderr, "bench: copying the programs:", err)
		return 1
	}
	if err := runCases(cfg, stdout); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	cfg := &config{}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.bin, "bin", "bin", "directory holding the built tools")
	fs.StringVar(&cfg.goTool, "go", "go", "the go command, to build the reference programs")
	fs.IntVar(&cfg.reps, "reps", 3, "repetitions of each case")
	fs.IntVar(&cfg.runs, "runs", 100, "timed rounds per repetition of a start-up case (scaled cases take fewer)")
	fs.IntVar(&cfg.maxObjects, "max-objects", 32000, "at most this many IPC objects of a kind (larger cases shrink to it)")
	fs.IntVar(&cfg.maxProcs, "max-procs", 10000, "at most this many processes for golsns (larger cases shrink to it)")
	fs.StringVar(&cfg.only, "run", "", "run only the cases whose name contains this")
	fs.StringVar(&cfg.container, "container", "", "a running container (name or id) for the gonsenter --container case")
	quick := fs.Bool("quick", false, "one repetition of one round, at most 100 objects and 50 processes (to check that the bench works)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *quick {
		cfg.reps, cfg.runs = 1, 1
		cfg.maxObjects, cfg.maxProcs = min(cfg.maxObjects, 100), min(cfg.maxProcs, 50)
	}
	if cfg.reps < 1 || cfg.runs < 1 {
		fmt.Fprintln(stderr, "bench: -reps and -runs must be at least 1")
		return nil, errors.New("bad flags")
	}
	abs, err := filepath.Abs(cfg.bin)
	if err != nil {
		return nil, err
	}
	cfg.bin = abs
	return cfg, nil
}

// reexec runs this program again in fresh IPC and UTS namespaces and a
// private mount namespace.
func reexec(args []string, stdout, stderr io.Writer) int {
	if os.Geteuid() != 0 {
		fmt.Fprintln(stderr, "bench: needs root (fresh namespaces, and the tools' namespace cases)")
		return 1
	}
	ws, err := sandbox.Run(withRole("bench"), syscall.CLONE_NEWIPC|syscall.CLONE_NEWUTS, args, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "bench: cannot make the sandbox's namespaces:", err)
		return 1
	}
	return ws.ExitStatus()
}

// isolate gives the sandbox its own POSIX IPC directories
// (sandbox.PrivateIPCDirs) and room for 32,000 segments.
func isolate() error {
	if err := sandbox.PrivateIPCDirs(); err != nil {
		return err
	}
	// kernel.shmmni belongs to the IPC namespace: this is the sandbox's.
	return os.WriteFile("/proc/sys/kernel/shmmni", []byte("32768"), 0)
}

// withRole is our environment, with roleEnv set to role.
func withRole(role string) []string { return sandbox.Environ(roleEnv, role) }

// runCases runs every case that the flags keep and prints the table.
func runCases(cfg *config, stdout io.Writer) error {
	rep := newReport(cfg, stdout)
	rep.header()
	seen := map[string]bool{}
	for _, c := range cases {
		c := c.scaled(cfg)
		if seen[c.name] || (cfg.only != "" && !strings.Contains(c.name, cfg.only)) {
			continue
		}
		seen[c.name] = true
		if note := c.skipped(cfg); note != "" {
			rep.skip(c, note)
			continue
		}
		res, err := c.run(cfg)
		if err != nil {
			return fmt.Errorf("%s: %v", c.name, err)
		}
		rep.add(c, res)
	}
	rep.sizes()
	rep.footer()
	return nil
}
