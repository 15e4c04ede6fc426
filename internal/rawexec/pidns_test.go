// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gonstools/gonstools/internal/nstest"
)

// TestParentJoinsPID runs a program in the PID namespace of another
// process with ParentJoinsPID: the program must be our own child (no
// second fork), in that namespace, and every thread of ours must be back
// in our namespace afterwards.
func TestParentJoinsPID(t *testing.T) {
	nstest.RequireRoot(t)
	target := exec.Command("unshare", "-p", "-f", "sleep", "1000")
	if err := target.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { target.Process.Kill(); target.Wait() }()
	var nsPath string
	for i := 0; nsPath == ""; i++ {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", target.Process.Pid, target.Process.Pid))
		if f := strings.Fields(string(b)); len(f) == 1 {
			if exe, _ := os.Readlink("/proc/" + f[0] + "/exe"); strings.HasSuffix(exe, "/sleep") {
				nsPath = "/proc/" + f[0] + "/ns/pid"
				defer exec.Command("kill", "-9", f[0]).Run()
			}
		}
		if i == 5000 {
			t.Fatal("the target did not start")
		}
		time.Sleep(time.Millisecond)
	}
	want, _ := os.Readlink(nsPath)
	ours, _ := os.Readlink("/proc/self/ns/pid")
	f, err := os.Open(nsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := t.TempDir()
	for _, parent := range []bool{true, false} {
		out := filepath.Join(dir, "out")
		os.Remove(out)
		// The program writes its PID outside the namespace (NSpid's first
		// field) and its namespace, then waits for us to look at it.
		script := `while read k a b; do [ "$k" = NSpid: ] && outer=$a; done < /proc/self/status
			echo $outer $(readlink /proc/self/ns/pid) > ` + out + `.tmp; mv ` + out + `.tmp ` + out + `; sleep 0.3`
		c := &Config{
			Join:           []Join{{Fd: int(f.Fd()), Type: 0x20000000 /* CLONE_NEWPID */, Name: "ns/pid"}},
			ForkAgain:      true,
			ParentJoinsPID: parent,
			Program:        Program{Name: "/bin/sh", Argv: []string{"sh", "-c", script}, Env: []string{"PATH=/usr/bin:/bin"}},
		}
		done := make(chan error, 1)
		go func() {
			code, err := c.Run()
			if err == nil && code != 0 {
				err = fmt.Errorf("exit status %d", code)
			}
			done <- err
		}()
		var fields []string
		for i := 0; len(fields) < 2; i++ {
			b, _ := os.ReadFile(out)
			fields = strings.Fields(string(b))
			if i == 5000 {
				t.Fatal("the program did not run")
			}
			time.Sleep(time.Millisecond)
		}
		status, _ := os.ReadFile("/proc/" + fields[0] + "/status")
		ppid := ""
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "PPid:"); ok {
				ppid = strings.TrimSpace(v)
			}
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if fields[1] != want {
			t.Errorf("parent=%v: the program is in %s, want %s", parent, fields[1], want)
		}
		if isOurs := ppid == strconv.Itoa(os.Getpid()); isOurs != parent {
			t.Errorf("parent=%v: the program's parent is %s, we are %d", parent, ppid, os.Getpid())
		}
		threads, _ := filepath.Glob("/proc/self/task/*/ns/pid_for_children")
		for _, th := range threads {
			if l, _ := os.Readlink(th); l != ours {
				t.Errorf("parent=%v: %s is %s, want ours, %s", parent, th, l, ours)
			}
		}
	}
}
