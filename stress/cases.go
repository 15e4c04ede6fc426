// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// runCase is one row of runs: the same command many times, each run's
// status and output checked.
type runCase struct {
	name string
	// target, if set, is the argv of a process in namespaces of its own
	// (its program is sleep(1)), started before the runs and killed after.
	target []string
	argv   func(tg *target, i int) []string
	check  func(tg *target, i int, r result) error
}

// runTimeout is how long one run may take before it counts as a hang.
const runTimeout = time.Minute

// runCases are the cases of the runs phase. gonsenter's targets are made by
// util-linux's unshare, so that a fault of gounshare cannot hide one of
// gonsenter.
func (h *harness) runCases() []runCase {
	return []runCase{
		{
			// A host name and a queue made inside stay inside.
			name: "gounshare -iu",
			argv: func(_ *target, i int) []string {
				return []string{h.tool("gounshare"), "-iu", "sh", "-c",
					`hostname "$1" && "$2" -Q >/dev/null && hostname && readlink /proc/self/ns/uts /proc/self/ns/ipc && "$3" -q | grep -c '^0x'`,
					"sh", fmt.Sprintf("stress-%d", i), h.tool("goipcmk"), h.tool("goipcs")}
			},
			check: func(_ *target, i int, r result) error {
				name := fmt.Sprintf("stress-%d", i)
				if err := h.lines(r, 0, name, h.not("uts"), h.not("ipc"), "1"); err != nil {
					return err
				}
				if host, _ := os.Hostname(); host != sandboxHost {
					return fmt.Errorf("the sandbox's host name became %q", host)
				}
				return nil
			},
		},
		{
			// The program is gounshare's child, and its status is ours.
			name: "gounshare -f",
			argv: func(_ *target, i int) []string {
				return []string{h.tool("gounshare"), "-f", "sh", "-c",
					`echo $PPID; [ "$1" = kill ] && kill -USR1 $$; exit $1`, "sh", forkArg(i)}
			},
			check: func(_ *target, i int, r result) error {
				if forkArg(i) == "kill" {
					if r.signal != syscall.SIGUSR1 || r.stdout != strconv.Itoa(r.pid)+"\n" || r.stderr != "" {
						return fmt.Errorf("want death by SIGUSR1 and our PID as the program's parent")
					}
					return nil
				}
				return h.lines(r, i%4, strconv.Itoa(r.pid))
			},
		},
		{
			// The implicit child: root in a new user namespace.
			name: "gounshare -r",
			argv: func(_ *target, _ int) []string {
				return []string{h.tool("gounshare"), "-r", "sh", "-c",
					`id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map; readlink /proc/self/ns/user`}
			},
			check: func(_ *target, _ int, r result) error {
				return h.lines(r, 0, "0", "0", fields("0 0 1"), fields("0 0 1"), h.not("user"))
			},
		},
		{
			// PID 1 of a new PID namespace, alone in its own /proc.
			name: "gounshare -fp --mount-proc",
			argv: func(_ *target, _ int) []string {
				return []string{h.tool("gounshare"), "-fp", "--mount-proc", "sh", "-c",
					`echo $$; set -- /proc/[0-9]*; echo $#; readlink /proc/self/ns/pid /proc/self/ns/mnt`}
			},
			check: func(_ *target, _ int, r result) error {
				return h.lines(r, 0, "1", "1", h.not("pid"), h.not("mnt"))
			},
		},
		{
			// (For nsenter, -iu would mean --ipc=u.)
			name:   "gonsenter -i -u",
			target: []string{"unshare", "-iu", "sh", "-c", "hostname target-iu && ipcmk -Q >/dev/null && exec sleep 1000000"},
			argv: func(tg *target, _ int) []string {
				return []string{h.tool("gonsenter"), "-t", tg.arg(), "-i", "-u", "sh", "-c",
					`hostname; readlink /proc/self/ns/uts /proc/self/ns/ipc; "$1" -q | grep -c '^0x'`, "sh", h.tool("goipcs")}
			},
			check: func(tg *target, _ int, r result) error {
				return h.lines(r, 0, "target-iu", tg.links["uts"], tg.links["ipc"], "1")
			},
		},
		{
			// gonsenter forks: the program is in the target's PID namespace,
			// not its first process.
			name:   "gonsenter -p",
			target: []string{"unshare", "-pf", "--mount-proc", "--kill-child", "sleep", "1000000"},
			argv: func(tg *target, _ int) []string {
				return []string{h.tool("gonsenter"), "-t", tg.arg(), "-p", "sh", "-c",
					`readlink /proc/self/ns/pid; while IFS= read -r l; do case $l in NSpid:*) echo "$l $$";; esac; done </proc/self/status`}
			},
			check: func(tg *target, _ int, r result) error {
				if err := h.lines(r, 0, tg.links["pid"], func(l string) bool {
					// "NSpid:	<ours>	<theirs> $$"
					f := strings.Fields(l)
					return len(f) == 4 && f[2] == f[3] && f[2] != "1"
				}); err != nil {
					return err
				}
				return nil
			},
		},
		{
			// Every type, the user namespace too, whose root we become.
			name: "gonsenter -a",
			target: []string{"unshare", "-Ur", "-iumnpCT", "-f", "--mount-proc", "--kill-child", "--boottime", "2000", "--monotonic", "1000",
				"sh", "-c", "hostname target-all && exec sleep 1000000"},
			argv: func(tg *target, _ int) []string {
				cmd := "hostname; id -u; readlink"
				for _, n := range nsNames(tg) {
					cmd += " /proc/self/ns/" + n
				}
				return []string{h.tool("gonsenter"), "-t", tg.arg(), "-a", "sh", "-c", cmd}
			},
			check: func(tg *target, _ int, r result) error {
				want := []any{"target-all", "0"}
				for _, n := range nsNames(tg) {
					want = append(want, tg.links[n])
				}
				return h.lines(r, 0, want...)
			},
		},
		{
			// The boot-time clock, 2000 s ahead of ours.
			name:   "gonsenter -T",
			target: []string{"unshare", "-T", "--boottime", "2000", "--monotonic", "1000", "sleep", "1000000"},
			argv: func(tg *target, _ int) []string {
				return []string{h.tool("gonsenter"), "-t", tg.arg(), "-T", "sh", "-c", `readlink /proc/self/ns/time; cat /proc/uptime`}
			},
			check: func(tg *target, _ int, r result) error {
				ours := uptime()
				return h.lines(r, 0, tg.links["time"], func(l string) bool {
					f := strings.Fields(l)
					if len(f) != 2 {
						return false
					}
					theirs, err := strconv.ParseFloat(f[0], 64)
					// Read inside, then here: at most 2000 s ahead, and
					// less only by the run's time.
					d := theirs - ours
					return err == nil && d <= 2000.02 && d > 2000-runTimeout.Seconds()
				})
			},
		},
	}
}

// runCase runs c -runs times, -parallel at a time, and checks every run.
func (h *harness) runCase(r *row, c runCase) int {
	var tg *target
	if c.target != nil {
		var err error
		if tg, err = startTarget(c.target); err != nil {
			h.fail(r, "%v", err)
			return 0
		}
		defer tg.kill()
		// What the runs do inside the target must not stay there either.
		before := countLines(fmt.Sprintf("/proc/%d/mountinfo", tg.pid))
		defer func() {
			if after := countLines(fmt.Sprintf("/proc/%d/mountinfo", tg.pid)); after != before {
				h.fail(r, "the target's mounts went from %d to %d", before, after)
			}
		}()
	}
	idx := make(chan int)
	var wg sync.WaitGroup
	for range h.cfg.parallel {
		wg.Go(func() {
			for i := range idx {
				argv := c.argv(tg, i)
				res, err := runArgv(argv, runTimeout)
				if err == nil {
					if err = c.check(tg, i, res); err != nil {
						err = fmt.Errorf("%q: %v\n%v", argv, err, res)
					}
				}
				if err != nil {
					h.fail(r, "run %d: %v", i, err)
				}
			}
		})
	}
	for i := range h.cfg.runs {
		idx <- i
	}
	close(idx)
	wg.Wait()
	return h.cfg.runs
}

// lines checks that r exited with code, quietly, and printed one line per
// element of want: a string is the line itself, a func(string) bool
// accepts it.
func (h *harness) lines(r result, code int, want ...any) error {
	if r.code != code || r.signal != 0 || r.stderr != "" {
		return fmt.Errorf("want status %d and nothing on stderr", code)
	}
	got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(got) != len(want) || !strings.HasSuffix(r.stdout, "\n") {
		return fmt.Errorf("want %d lines of output", len(want))
	}
	for i, w := range want {
		switch w := w.(type) {
		case string:
			if got[i] != w {
				return fmt.Errorf("line %d: want %q", i+1, w)
			}
		case func(string) bool:
			if !w(got[i]) {
				return fmt.Errorf("line %d (%q) is wrong", i+1, got[i])
			}
		}
	}
	return nil
}

// not accepts a namespace link of type ns other than the harness's.
func (h *harness) not(ns string) func(string) bool {
	return func(l string) bool { return strings.HasPrefix(l, ns+":[") && l != h.ours[ns] }
}

// fields accepts a line with these fields, however spaced.
func fields(want string) func(string) bool {
	return func(l string) bool { return slices.Equal(strings.Fields(l), strings.Fields(want)) }
}

// forkArg is what the program of run i of "gounshare -f" does: exit with
// i%4, or, every tenth run, kill itself with SIGUSR1.
func forkArg(i int) string {
	if i%10 == 9 {
		return "kill"
	}
	return strconv.Itoa(i % 4)
}

// nsNames are the target's namespace types, sorted.
func nsNames(tg *target) []string {
	var names []string
	for n := range tg.links {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// uptime is the first field of /proc/uptime, in seconds.
func uptime() float64 {
	b, _ := os.ReadFile("/proc/uptime")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// countLines is the number of lines of a file, or -1 when it cannot be read.
func countLines(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return -1
	}
	return strings.Count(string(b), "\n")
}
