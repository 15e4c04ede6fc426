// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ns

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"golang.org/x/sys/unix"
)

func sameFile(t *testing.T, a, b *os.File) bool {
	var sa, sb unix.Stat_t
	if unix.Fstat(int(a.Fd()), &sa) != nil || unix.Fstat(int(b.Fd()), &sb) != nil {
		t.Fatal("fstat failed")
	}
	return sa.Dev == sb.Dev && sa.Ino == sb.Ino
}

// orphanNet starts a process in a new network namespace, opens that
// namespace and ends the process: the namespace is then held by the
// returned file only.
func orphanNet(t *testing.T) *os.File {
	cmd := exec.Command("sleep", "100")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/ns/net")
	cmd.Process.Kill()
	cmd.Wait()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestOpenByID opens namespaces by their IDs: one of ours, one held only
// by an open file, one held only by a bind mount, and one that does not
// exist.
func TestOpenByID(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWNS) {
		return
	}
	for _, typ := range Types {
		self, err := os.Open("/proc/self/" + typ.File())
		if err != nil {
			t.Fatal(err)
		}
		id, err := ID(self)
		if err != nil {
			t.Fatalf("NS_GET_ID on %s: %v", typ.File(), err)
		}
		f, err := OpenByID(id)
		if err != nil {
			t.Fatalf("%s (id %d): %v", typ.File(), id, err)
		}
		if !sameFile(t, f, self) {
			t.Errorf("%s: id %d opened another namespace", typ.File(), id)
		}
		f.Close()
		self.Close()
	}

	held := orphanNet(t)
	id, _ := ID(held)
	f, err := OpenByID(id)
	if err != nil || !sameFile(t, f, held) {
		t.Fatalf("a namespace held by a file: %v", err)
	}
	f.Close()

	target := filepath.Join(t.TempDir(), "netns")
	os.WriteFile(target, nil, 0o644)
	if err := unix.Mount("/proc/self/fd/"+strconv.Itoa(int(held.Fd())), target, "", unix.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	defer unix.Unmount(target, unix.MNT_DETACH)
	held.Close()
	f, err = OpenByID(id)
	if err != nil {
		t.Fatalf("a namespace held by a bind mount: %v", err)
	}
	if got, _ := ID(f); got != id {
		t.Errorf("the bind-mounted namespace has id %d, want %d", got, id)
	}
	f.Close()

	if _, err := OpenByID(1 << 62); err != ErrNoID {
		t.Errorf("an unknown id: %v", err)
	}
}
