// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

// goipcmk and goipcrm: their whole run is start-up plus a few system calls,
// so these cases measure mostly start-up, where an empty Go program is
// already about 1.45x util-linux's C. The target allows 10% over that.
// Only System V objects are made (in the run's own IPC namespace); nothing
// touches /dev/shm, which the run shares with the host.
func init() {
	cases = append(cases,
		benchCase{
			name:   "goipcmk -Q",
			ours:   []string{"goipcmk", "-Q"},
			theirs: []string{"ipcmk", "-Q"},
			target: 1.6,
		},
		benchCase{
			name:   "goipcmk -M 1M -Q -S 2",
			ours:   []string{"goipcmk", "-M", "1M", "-Q", "-S", "2"},
			theirs: []string{"ipcmk", "-M", "1M", "-Q", "-S", "2"},
			target: 1.6,
		},
		benchCase{
			name:   "goipcrm --all=sem (after the first run: none)",
			ours:   []string{"goipcrm", "--all=sem"},
			theirs: []string{"ipcrm", "--all=sem"},
			target: 1.6,
		},
	)
}
