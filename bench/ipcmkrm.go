// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import "time"

// goipcmk and goipcrm: a trivial job is mostly start-up, so their
// reference programs set their floor; goipcrm -a and --all=KIND at scale
// are two system calls per object, as for util-linux and ref/ipcrm, but
// goipcrm makes the *_STAT walk on a second CPU beside its removals, so
// the Go reference is the floor of a one-thread walk. A removal's time
// varies by a fifth from run to run (the kernel frees the objects after an
// RCU grace period, partly during the next run), so there each repetition
// takes removeRuns rounds, and each run starts settleTime after its fill.
// Only System V objects are made, in the bench's IPC namespace (and
// goipcrm -a finds the bench's own empty /dev/shm and /dev/mqueue).
func ipcmkrmCases() []benchCase {
	clear := func(*config) (map[string]string, error) { return nil, sysvClear() }
	cleanup := func() { sysvClear() }
	return []benchCase{
		benchCase{name: "goipcmk -Q", setup: clear, cleanup: cleanup,
			cmds:   []command{cmd("goipcmk", "-Q"), cmd("ipcmk", "-Q"), ref("ipcmk", "q")},
			ratios: []ratio{{against: 1}, {against: 2, target: startupTarget}}},
		benchCase{name: "goipcmk -M 1M -Q -S 2", setup: clear, cleanup: cleanup,
			cmds:   []command{cmd("goipcmk", "-M", "1M", "-Q", "-S", "2"), cmd("ipcmk", "-M", "1M", "-Q", "-S", "2"), ref("ipcmk", "mqs")},
			ratios: []ratio{{against: 1}, {against: 2, target: startupTarget}}},
		benchCase{name: "goipcrm --all=sem, none there", setup: clear,
			cmds:   []command{cmd("goipcrm", "--all=sem"), cmd("ipcrm", "--all=sem"), ref("ipcrm", "s")},
			ratios: []ratio{{against: 1}, {against: 2, target: startupTarget}}},
		scaledCase(32000, func(n int) benchCase {
			return benchCase{name: "goipcrm -a, %s", noun: eachKind, runs: removeRuns, cleanup: cleanup,
				before: func() error { return settled(sysvFill(n, n, n)) },
				cmds:   []command{cmd("goipcrm", "-a"), cmd("ipcrm", "-a"), ref("ipcrm", "a")},
				ratios: []ratio{removeAll(n), {against: 2}}}
		}),
		removeKind("msg", "queue", "q"),
		removeKind("shm", "segment", "m"),
		removeKind("sem", "semaphore set", "s"),
	}
}

// removeRuns is the rounds of a repetition of a removal case, and
// settleTime the pause between a fill and the timed removal, in which the
// kernel finishes freeing what the last removal and the fill's own
// clearing removed.
const (
	removeRuns = 21
	settleTime = 100 * time.Millisecond
)

// settled waits settleTime after a fill that succeeded.
func settled(fillErr error) error {
	if fillErr == nil {
		time.Sleep(settleTime)
	}
	return fillErr
}

// removeKind is goipcrm --all=KIND at scale: n objects of that kind (the
// other kinds' tables are not walked, so they need not be filled).
func removeKind(kind, noun, refKind string) benchCase {
	return scaledCase(32000, func(n int) benchCase {
		q, m, s := 0, 0, 0
		switch kind {
		case "msg":
			q = n
		case "shm":
			m = n
		case "sem":
			s = n
		}
		return benchCase{name: "goipcrm --all=" + kind + ", %s", noun: noun, runs: removeRuns, cleanup: func() { sysvClear() },
			before: func() error { return settled(sysvFill(q, m, s)) },
			cmds:   []command{cmd("goipcrm", "--all="+kind), cmd("ipcrm", "--all="+kind), ref("ipcrm", refKind)},
			ratios: []ratio{removeAll(n), {against: 2}}}
	})
}

// removeAll is goipcrm's target against util-linux's ipcrm: at most 1.05x
// at 32,000 objects (two system calls per object each, so the walk and
// the removals dominate). Below that scale start-up dominates, where a Go
// program cannot match a C one, and the ratio is shown without a target.
func removeAll(n int) ratio {
	if n >= targetObjects {
		return ratio{against: 1, target: 1.05}
	}
	return ratio{against: 1}
}
