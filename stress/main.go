// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command stress runs the tools many times, concurrently, and checks that
// every run did what it should and that nothing is left behind: no
// namespace, mount, zombie, descriptor, IPC object or process. It is what
// "make stress" runs, as root (STRESS_RUNS=n sets -runs, STRESS_FLAGS adds
// flags); it takes minutes, so it is not part of "make test", where a test
// runs it with tiny counts.
//
// The whole run happens in private namespaces the program makes for itself
// (mount, IPC, UTS, PID with its own /proc, network and cgroup, and its own
// /dev/shm and /dev/mqueue): it never sees or changes the host's IPC
// objects, hostname, mounts or network. Inside, the program's first copy
// is PID 1 of the new PID namespace and only reaps; a second copy, the
// harness, does the work, so that processes orphaned by a tool are reaped
// without the harness losing count of its own children.
//
// Three phases, each a row of the table, measured before and after (see
// snapshot; a difference is a leak, and a failure):
//   - runs (cases.go): every case -runs times, -parallel at a time, each
//     run's exit status and output checked;
//   - the signal matrix (signals.go): every terminating signal sent to
//     each tool while its program runs, our outcome beside util-linux's;
//   - ipc (ipc.go): tens of thousands of System V objects listed by goipcs
//     and by util-linux's ipcs, byte for byte, then removed by goipcrm -a.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// config is what the flags set.
type config struct {
	bin      string // directory of the built tools
	runs     int    // runs of each case
	parallel int    // runs at a time
	queues   int    // System V objects of each kind for the ipc phase
	sems     int
	segments int
	signals  []syscall.Signal // rows of the signal matrix
	ignored  bool             // also run the matrix with the signal ignored at start
	only     string           // run only the phases and cases whose name contains this
	inject   string           // add a case that leaks this (for the harness's own test)
	settle   time.Duration    // how long leftovers may take to go away
}

// roleEnv tells the program which copy it is: "" (started by the user),
// "init" (PID 1 of the sandbox) or "harness".
const roleEnv = "GONSTOOLS_STRESS_ROLE"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole program: it parses args, and then does its copy's part.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return 2
	}
	switch os.Getenv(roleEnv) {
	case "":
		return reexec(args, stdout, stderr)
	case "init":
		return initProcess(args, stderr)
	}
	h, err := newHarness(cfg, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "stress:", err)
		return 1
	}
	return h.main()
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("stress", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	fs.StringVar(&cfg.bin, "bin", "bin", "directory holding the built tools")
	fs.IntVar(&cfg.runs, "runs", 1000, "runs of each case")
	fs.IntVar(&cfg.parallel, "parallel", 12, "runs at a time")
	fs.IntVar(&cfg.queues, "queues", 32000, "message queues for the ipc phase")
	fs.IntVar(&cfg.sems, "sems", 32000, "semaphore arrays for the ipc phase")
	fs.IntVar(&cfg.segments, "segments", 4096, "shared memory segments for the ipc phase")
	sigs := fs.String("signals", "", "signal matrix rows, as numbers or names (default: every terminating signal but SIGKILL)")
	fs.BoolVar(&cfg.ignored, "ignored", false, "also run the signal matrix with each signal ignored at start")
	fs.StringVar(&cfg.only, "run", "", "run only the phases and cases whose name contains this")
	fs.StringVar(&cfg.inject, "inject", "", "add a case that leaks one `kind` of thing (ipc, mount, fd, zombie, process, namespace), to test the harness")
	fs.DurationVar(&cfg.settle, "settle", 10*time.Second, "how long leftovers of a phase may take to go away")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	fail := func(format string, a ...any) (*config, error) {
		err := fmt.Errorf(format, a...)
		fmt.Fprintln(stderr, "stress:", err)
		return nil, err
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q", fs.Arg(0))
	}
	if cfg.runs < 0 || cfg.parallel < 1 || cfg.queues < 0 || cfg.sems < 0 || cfg.segments < 0 {
		return fail("counts must not be negative, and -parallel at least 1")
	}
	if cfg.queues > 32768 || cfg.sems > 32768 || cfg.segments > 32768 {
		return fail("at most 32768 objects of a kind fit in an IPC namespace")
	}
	if cfg.inject != "" && injector(cfg.inject) == nil {
		return fail("-inject: unknown kind %q", cfg.inject)
	}
	cfg.signals = terminatingSignals
	if *sigs != "" {
		cfg.signals = nil
		for _, s := range strings.Split(*sigs, ",") {
			sig, ok := parseSignal(s)
			if !ok {
				return fail("-signals: unknown signal %q", s)
			}
			cfg.signals = append(cfg.signals, sig)
		}
	}
	abs, err := filepath.Abs(cfg.bin)
	if err != nil {
		return fail("%v", err)
	}
	cfg.bin = abs
	return cfg, nil
}
