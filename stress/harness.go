// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// harness is the copy of the program that does the work, inside the
// sandbox.
type harness struct {
	cfg  *config
	out  io.Writer         // the tables
	log  io.Writer         // progress
	ours map[string]string // the harness's namespace links: "uts" -> "uts:[4026531838]"

	mu       sync.Mutex
	rows     []*row
	failures []string // details, in the order they happened
	matrix   []*matrixRow
	ipcTimes []ipcTiming
}

// row is one line of the main table: a case of runs, or a phase.
type row struct {
	name          string
	runs, fails   int
	took          time.Duration
	before, after snapshot
}

// maxDetails is how many failures are shown in full.
const maxDetails = 12

func newHarness(cfg *config, out, log io.Writer) (*harness, error) {
	for _, t := range []string{"gounshare", "gonsenter", "goipcs", "goipcmk", "goipcrm"} {
		if _, err := os.Stat(filepath.Join(cfg.bin, t)); err != nil {
			return nil, fmt.Errorf("%v (build the tools first: make build)", err)
		}
	}
	ours, err := links(os.Getpid())
	if err != nil {
		return nil, err
	}
	// No core files from the signals' default actions, in the working
	// directory or anywhere.
	syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{})
	return &harness{cfg: cfg, out: out, log: log, ours: ours}, nil
}

// tool is the path of one of the built tools.
func (h *harness) tool(name string) string { return filepath.Join(h.cfg.bin, name) }

// wanted says whether -run selects the named case or phase.
func (h *harness) wanted(name string) bool {
	return h.cfg.only == "" || strings.Contains(name, h.cfg.only)
}

// fail records a failure of r.
func (h *harness) fail(r *row, format string, a ...any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r.fails++
	h.failures = append(h.failures, r.name+": "+fmt.Sprintf(format, a...))
}

// measure runs body between two snapshots, as one row of the table; body
// returns how many runs it made. A difference between the snapshots, once
// leftovers had time to go away, is a failure of the row.
func (h *harness) measure(name string, body func(r *row) int) {
	r := &row{name: name}
	h.rows = append(h.rows, r)
	fmt.Fprintf(h.log, "stress: %s ...\n", name)
	r.before = take()
	start := time.Now()
	r.runs = body(r)
	r.took = time.Since(start)
	r.after = settle(r.before, h.cfg.settle)
	if l := leaks(r.before, r.after); l != "" {
		h.fail(r, "leaked (%v after the phase): %s", h.cfg.settle, l)
	}
}

func (h *harness) main() int {
	// The first start of a process sets up what the runtime keeps for
	// all later ones (the poller's descriptors): not a leak of any case.
	if _, err := runArgv([]string{"true"}, time.Minute); err != nil {
		fmt.Fprintln(h.out, "stress:", err)
		return 1
	}
	if h.cfg.inject != "" {
		name := "injected " + h.cfg.inject + " leak"
		h.measure(name, func(r *row) int {
			if err := injector(h.cfg.inject)(); err != nil {
				h.fail(r, "%v", err)
			}
			return 1
		})
	}
	for _, c := range h.runCases() {
		if h.wanted(c.name) {
			h.measure(c.name, func(r *row) int { return h.runCase(r, c) })
		}
	}
	if name := fmt.Sprintf("signal matrix (%d signals)", len(h.cfg.signals)); h.wanted(name) {
		h.measure(name, h.signalMatrix)
	}
	if name := fmt.Sprintf("ipc: %d queues, %d sem arrays, %d segments", h.cfg.queues, h.cfg.sems, h.cfg.segments); h.wanted(name) {
		h.measure(name, h.ipcPhase)
	}
	return h.report()
}

// report prints the tables and the first failures, and returns the exit
// status.
func (h *harness) report() int {
	w := h.out
	fmt.Fprintf(w, "stress: %d runs per case, %d at a time, in private mount, IPC, UTS, PID, network and cgroup namespaces\n\n",
		h.cfg.runs, h.cfg.parallel)
	width := len("case")
	for _, r := range h.rows {
		width = max(width, len(r.name))
	}
	line := fmt.Sprintf("%-*s %6s %6s %8s", width, "case", "runs", "failed", "time")
	for _, c := range columns {
		line += fmt.Sprintf(" %11s", c)
	}
	fmt.Fprintln(w, line)
	total := 0
	for _, r := range h.rows {
		line := fmt.Sprintf("%-*s %6d %6d %7.1fs", width, r.name, r.runs, r.fails, r.took.Seconds())
		bv, av := r.before.values(), r.after.values()
		for i := range columns {
			mark := " "
			if bv[i] != av[i] {
				mark = "!"
			}
			line += fmt.Sprintf(" %11s", fmt.Sprintf("%d→%d%s", bv[i], av[i], mark))
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
		total += r.fails
	}
	fmt.Fprintln(w, "(before→after the case, measured inside the sandbox; ! marks a leak)")
	h.printMatrix(w)
	h.printIPC(w)
	if total == 0 {
		fmt.Fprintln(w, "\nstress: PASSED: no failure, nothing leaked")
		return 0
	}
	fmt.Fprintf(w, "\nstress: FAILED: %d failures", total)
	if len(h.failures) > maxDetails {
		fmt.Fprintf(w, ", the first %d:", maxDetails)
	}
	fmt.Fprintln(w)
	for i, f := range h.failures {
		if i == maxDetails {
			break
		}
		fmt.Fprintln(w, "  "+strings.ReplaceAll(f, "\n", "\n    "))
	}
	return 1
}

// links reads the namespace links of pid: "ipc" -> "ipc:[4026531839]".
func links(pid int) (map[string]string, error) {
	dir := fmt.Sprintf("/proc/%d/ns", pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, e := range ents {
		l, err := os.Readlink(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		m[e.Name()] = l
	}
	return m, nil
}
