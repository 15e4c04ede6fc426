// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// snapshot is what a phase must leave as it found it, all read inside the
// sandbox.
type snapshot struct {
	namespaces int // distinct namespaces, by inode over /proc/*/ns/*
	mounts     int // lines of the harness's /proc/self/mountinfo
	zombies    int // processes in state Z
	fds        int // open descriptors of the harness
	ipc        int // rows of /proc/sysvipc/{msg,sem,shm}
	procs      int // processes but the sandbox's init and the harness
}

// columns names the fields of a snapshot, in the table's order.
var columns = []string{"namespaces", "mounts", "zombies", "fds", "ipc", "procs"}

func (s snapshot) values() []int {
	return []int{s.namespaces, s.mounts, s.zombies, s.fds, s.ipc, s.procs}
}

// take reads a snapshot.
func take() snapshot {
	var s snapshot
	self := os.Getpid()
	nss := map[string]bool{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		ents, err := os.ReadDir(d + "/ns")
		if err != nil {
			continue // gone meanwhile
		}
		for _, e := range ents {
			if l, err := os.Readlink(d + "/ns/" + e.Name()); err == nil {
				nss[l] = true
			}
		}
		if stat, err := os.ReadFile(d + "/stat"); err == nil {
			if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
				s.zombies++
			}
		}
		if pid != 1 && pid != self {
			s.procs++
		}
	}
	s.namespaces = len(nss)
	if b, err := os.ReadFile("/proc/self/mountinfo"); err == nil {
		s.mounts = bytes.Count(b, []byte("\n"))
	}
	if ents, err := os.ReadDir("/proc/self/fd"); err == nil {
		s.fds = len(ents) - 1 // not the one ReadDir used
	}
	for _, kind := range []string{"msg", "sem", "shm"} {
		if b, err := os.ReadFile("/proc/sysvipc/" + kind); err == nil {
			s.ipc += bytes.Count(b, []byte("\n")) - 1 // the header
		}
	}
	return s
}

// settle waits up to d for the state to come back to before (processes
// orphaned by a signalled tool may still be ending), and returns the last
// snapshot: equal to before unless something leaked.
func settle(before snapshot, d time.Duration) snapshot {
	deadline := time.Now().Add(d)
	for {
		after := take()
		if after == before || time.Now().After(deadline) {
			return after
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// leaks describes how after differs from before, or is "".
func leaks(before, after snapshot) string {
	var out []byte
	bv, av := before.values(), after.values()
	for i, c := range columns {
		if bv[i] != av[i] {
			out = fmt.Appendf(out, "%s %d -> %d; ", c, bv[i], av[i])
		}
	}
	return string(bytes.TrimSuffix(out, []byte("; ")))
}
