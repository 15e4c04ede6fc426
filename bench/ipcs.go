// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// goipcs against util-linux's ipcs on the same objects of the bench's
// private IPC namespace. util-linux reads /proc/sysvipc and looks the owner
// of every row up again; goipcs walks the kernel's indexes with
// *_STAT_ANY and resolves each owner once.
func init() {
	cases = append(cases,
		benchCase{name: "goipcs -q, 1 queue", setup: sysvFill(1, 0, 0),
			ours: []string{"goipcs", "-q"}, theirs: []string{"ipcs", "-q"}, target: 1.5},
		benchCase{name: "goipcs -q, 1,000 queues", setup: sysvFill(1000, 0, 0),
			ours: []string{"goipcs", "-q"}, theirs: []string{"ipcs", "-q"}, runs: 100},
		benchCase{name: "goipcs -q, 10,000 queues", setup: sysvFill(10000, 0, 0),
			ours: []string{"goipcs", "-q"}, theirs: []string{"ipcs", "-q"}, target: 0.25, runs: 30},
		benchCase{name: "goipcs, 1,000 of each kind", setup: sysvFill(1000, 1000, 1000),
			ours: []string{"goipcs"}, theirs: []string{"ipcs"}, runs: 50},
	)
}

// sysvFill returns a setup that removes every System V object of the
// namespace, then makes the given numbers of queues, segments and sets.
func sysvFill(queues, segments, sets int) func() error {
	return func() error {
		if err := sysvClear(); err != nil {
			return err
		}
		for range queues {
			if _, err := sysvipc.MsgGet(sysvipc.IPC_PRIVATE, sysvipc.IPC_CREAT|0o644); err != nil {
				return err
			}
		}
		for range segments {
			if _, err := sysvipc.ShmGet(sysvipc.IPC_PRIVATE, 4096, sysvipc.IPC_CREAT|0o644); err != nil {
				return err
			}
		}
		for range sets {
			if _, err := sysvipc.SemGet(sysvipc.IPC_PRIVATE, 1, sysvipc.IPC_CREAT|0o644); err != nil {
				return err
			}
		}
		return nil
	}
}

func sysvClear() error {
	qs, err := sysvipc.ListMsg()
	if err != nil {
		return err
	}
	for _, q := range qs {
		if err := sysvipc.MsgRemove(q.ID); err != nil {
			return err
		}
	}
	ss, err := sysvipc.ListShm()
	if err != nil {
		return err
	}
	for _, s := range ss {
		if err := sysvipc.ShmRemove(s.ID); err != nil {
			return err
		}
	}
	as, err := sysvipc.ListSem()
	if err != nil {
		return err
	}
	for _, a := range as {
		if err := sysvipc.SemRemove(a.ID); err != nil {
			return err
		}
	}
	return nil
}
