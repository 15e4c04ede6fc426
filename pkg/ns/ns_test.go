package ns

import (
	"os"
	"testing"
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
