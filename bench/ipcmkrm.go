//go:build linux

package main

// goipcmk and goipcrm: a trivial job is mostly start-up, so their
// reference programs set their floor; goipcrm -a at scale is two system
// calls per object, as for util-linux. Only System V objects are made, in
// the bench's IPC namespace (and goipcrm -a finds the bench's own empty
// /dev/shm and /dev/mqueue).
func ipcmkrmCases() []benchCase {
	clear := func(*config) (map[string]string, error) { return nil, sysvClear() }
	cleanup := func() { sysvClear() }
	return []benchCase{
		benchCase{name: "goipcmk -Q", setup: clear, cleanup: cleanup,
			cmds:   []command{cmd("goipcmk", "-Q"), cmd("ipcmk", "-Q"), ref("ipcmk", "q")},
			ratios: []ratio{{against: 1}, {against: 2, target: startupTarget}}},
		benchCase{name: "goipcmk -M 1M -Q -S 2", setup: clear, cleanup: cleanup,
			cmds:   []command{cmd("goipcmk", "-M", "1M", "-Q", "-S", "2"), cmd("ipcmk", "-M", "1M", "-Q", "-S", "2"), ref("ipcmk", "mqs")},
			ratios: []ratio{{against: 1}, {against: 2}}},
		benchCase{name: "goipcrm --all=sem, none there", setup: clear,
			cmds:   []command{cmd("goipcrm", "--all=sem"), cmd("ipcrm", "--all=sem"), ref("ipcrm", "s")},
			ratios: []ratio{{against: 1}, {against: 2, target: startupTarget}}},
		scaledCase(32000, func(n int) benchCase {
			return benchCase{name: "goipcrm -a, %s", noun: eachKind, runs: 3, cleanup: cleanup,
				before: func() error { return sysvFill(n, n, n) },
				cmds:   []command{cmd("goipcrm", "-a"), cmd("ipcrm", "-a"), ref("ipcrm", "a")},
				ratios: []ratio{{against: 1, target: 1.05}, {against: 2}}}
		}),
		scaledCase(32000, func(n int) benchCase {
			return benchCase{name: "goipcrm --all=msg, %s", noun: "queue", runs: 3, cleanup: cleanup,
				before: func() error { return sysvFill(n, 0, 0) },
				cmds:   []command{cmd("goipcrm", "--all=msg"), cmd("ipcrm", "--all=msg"), ref("ipcrm", "q")},
				ratios: []ratio{{against: 1, target: 1.05}, {against: 2}}}
		}),
	}
}
