// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

// The multi-call binary against each separate binary: start-up, with
// --help (which does no work), as "gonstools TOOL". The issue asks for 2%.
func multicallCases() []benchCase {
	var out []benchCase
	for _, t := range []string{"gounshare", "gonsenter", "goipcs", "goipcmk", "goipcrm", "golsns"} {
		out = append(out, benchCase{name: "multi-call: gonstools " + t + " --help",
			cmds:   []command{cmd("gonstools", t, "--help"), cmd(t, "--help")},
			ratios: []ratio{{against: 1, target: multicallTarget}}})
	}
	return out
}

// multicallTarget is the bound on the multi-call binary's start-up
// against a separate binary's.
const multicallTarget = 1.02
