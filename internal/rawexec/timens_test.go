// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonstools/gonstools/internal/nstest"
)

// TestJoinTimeNamespace joins the time namespace of a process that has
// one of its own: only a child sharing no memory with us may do that.
func TestJoinTimeNamespace(t *testing.T) {
	nstest.RequireRoot(t)
	target := exec.Command("unshare", "-T", "--boottime", "1000", "sleep", "1000")
	if err := target.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { target.Process.Kill(); target.Wait() }()
	nsPath := fmt.Sprintf("/proc/%d/ns/time", target.Process.Pid)
	for i := 0; ; i++ {
		if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", target.Process.Pid)); strings.HasSuffix(exe, "/sleep") {
			break
		}
		if i == 5000 {
			t.Fatal("the target did not start")
		}
		time.Sleep(time.Millisecond)
	}
	want, err := os.Readlink(nsPath)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(nsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := filepath.Join(t.TempDir(), "out")
	c := &Config{
		Join: []Join{{Fd: int(f.Fd()), Type: cloneNewTime, Name: "ns/time"}},
		Program: Program{Name: "/bin/sh", Argv: []string{"sh", "-c", "readlink /proc/self/ns/time > " + out},
			Env: []string{"PATH=/usr/bin:/bin"}},
	}
	if code, err := c.Run(); code != 0 || err != nil {
		t.Fatalf("Run: %d, %v", code, err)
	}
	if got, _ := os.ReadFile(out); string(got) != want+"\n" {
		t.Errorf("the program is in time namespace %q, want %q", got, want)
	}
}
