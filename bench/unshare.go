// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

func init() {
	cases = append(cases,
		benchCase{
			name:   "gounshare -i true",
			ours:   []string{"gounshare", "-i", "true"},
			theirs: []string{"unshare", "-i", "true"},
			target: 1.5,
		},
		benchCase{
			name:   "gounshare -fp --mount-proc true",
			ours:   []string{"gounshare", "-fp", "--mount-proc", "true"},
			theirs: []string{"unshare", "-fp", "--mount-proc", "true"},
			target: 1.5,
		},
		benchCase{
			name:   "gounshare -r true (user namespace)",
			ours:   []string{"gounshare", "-r", "true"},
			theirs: []string{"unshare", "-r", "true"},
		},
	)
}
