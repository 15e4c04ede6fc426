// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

// gounshare against unshare(1). -i runs true in place, in a new IPC
// namespace, as the reference program does; the others need a child
// (a new PID namespace with its /proc, a user namespace), which a Go
// program can only get with code of its own between fork and exec.
func unshareCases() []benchCase {
	return []benchCase{
		benchCase{name: "gounshare -i true",
			cmds:   []command{cmd("gounshare", "-i", "true"), cmd("unshare", "-i", "true"), ref("unshare", "true")},
			ratios: []ratio{{against: 1}, {against: 2, target: startupTarget}}},
		benchCase{name: "gounshare -fp --mount-proc true",
			cmds:   []command{cmd("gounshare", "-fp", "--mount-proc", "true"), cmd("unshare", "-fp", "--mount-proc", "true")},
			ratios: []ratio{{against: 1}}},
		benchCase{name: "gounshare -r true",
			cmds:   []command{cmd("gounshare", "-r", "true"), cmd("unshare", "-r", "true")},
			ratios: []ratio{{against: 1}}},
	}
}

// floorCases show the Go runtime's floor: an empty static Go program
// against /bin/true, a dynamic C program that does nothing either.
func floorCases() []benchCase {
	return []benchCase{{name: "empty Go program",
		cmds:   []command{ref("empty"), cmd("true")},
		ratios: []ratio{{against: 1}}}}
}

// startupTarget is how much slower than the reference program, a minimal
// Go program doing the same work, a tool may start and do a trivial job.
const startupTarget = 1.10
