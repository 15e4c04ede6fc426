// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ns

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// TestTableMatchesProc checks the table against the kernel's own names.
func TestTableMatchesProc(t *testing.T) {
	seen := map[uintptr]bool{}
	for _, typ := range Types {
		if seen[typ.Flag] {
			t.Errorf("flag %#x twice", typ.Flag)
		}
		seen[typ.Flag] = true
		if _, err := os.Readlink("/proc/self/" + typ.File()); err != nil {
			t.Errorf("%s: %v", typ.File(), err)
		}
		if _, err := os.Readlink("/proc/self/" + typ.ChildFile()); err != nil {
			t.Errorf("%s: %v", typ.ChildFile(), err)
		}
		if ByFlag(typ.Flag) != typ {
			t.Errorf("%s: lookups disagree", typ.Name)
		}
	}
	if len(seen) != 8 {
		t.Errorf("%d namespace types, want 8", len(seen))
	}
	if Types[0] != &User {
		t.Error("the user namespace must come first in join order")
	}
}

func TestPidfdIoctls(t *testing.T) {
	want := map[string]uint{"cgroup": 0xFF01, "ipc": 0xFF02, "mnt": 0xFF03, "net": 0xFF04,
		"pid": 0xFF05, "time": 0xFF07, "user": 0xFF09, "uts": 0xFF0A}
	for _, typ := range Types {
		if got := typ.PidfdIoctl(); got != want[typ.Name] {
			t.Errorf("%s: PIDFD_GET_*_NAMESPACE %#x, want %#x", typ.Name, got, want[typ.Name])
		}
	}
}

// TestFlags: the table's flags are the kernel's.
func TestFlags(t *testing.T) {
	for typ, flag := range map[*Type]uintptr{&User: unix.CLONE_NEWUSER, &Cgroup: unix.CLONE_NEWCGROUP, &IPC: unix.CLONE_NEWIPC,
		&UTS: unix.CLONE_NEWUTS, &Net: unix.CLONE_NEWNET, &PID: unix.CLONE_NEWPID, &Mount: unix.CLONE_NEWNS, &Time: unix.CLONE_NEWTIME} {
		if typ.Flag != flag {
			t.Errorf("%s: flag %#x, want %#x", typ.Name, typ.Flag, flag)
		}
	}
}
