// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestParseProcStat(t *testing.T) {
	tail := " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 4242 100 200"
	for _, tc := range []struct {
		line string
		want procStat
		ok   bool
	}{
		{"12 (sleep) S 1 12 12" + tail, procStat{comm: "sleep", state: 'S', ppid: 1, start: "4242"}, true},
		{"12 (a) b) (c) Z 7 12 12" + tail, procStat{comm: "a) b) (c", state: 'Z', ppid: 7, start: "4242"}, true},
		{"12 () R 0 0 0" + tail, procStat{comm: "", state: 'R', ppid: 0, start: "4242"}, true},
		{"12 (containerd-shim) S 1 1 1" + tail + " 9 9 9\n", procStat{comm: "containerd-shim", state: 'S', ppid: 1, start: "4242"}, true},
		{"12 sleep S 1" + tail, procStat{}, false},
		{"12 (sleep) S 1 12", procStat{}, false},
		{"12 (sleep) SS 1 12 12" + tail, procStat{}, false},
		{"12 (sleep) S x 12 12" + tail, procStat{}, false},
		{"12 (sleep) S -1 12 12" + tail, procStat{}, false},
		{"12 (sleep) S 1 12 12" + strings.Replace(tail, "4242", "-5", 1), procStat{}, false},
		{"12 )sleep( S 1 12 12" + tail, procStat{}, false},
	} {
		got, err := parseProcStat([]byte(tc.line))
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseProcStat(%q) = %+v, %v", tc.line, got, err)
		}
	}
}

func TestProcStatOfProcesses(t *testing.T) {
	// A real sleeping child, then the same child as a zombie.
	cmd := exec.Command("sleep", "1000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	st, err := readProcStat("/proc", pid)
	if err != nil || st.comm != "sleep" || st.ppid != os.Getpid() || !st.live() {
		t.Fatalf("sleep: %+v, %v", st, err)
	}
	if alive("/proc", pid) != pid {
		t.Error("a sleeping child is not alive")
	}
	cmd.Process.Kill()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if st, err = readProcStat("/proc", pid); err != nil || st.state == 'Z' {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never a zombie: %+v", st)
		}
	}
	if err != nil || st.live() || alive("/proc", pid) != 0 || childOfPID("/proc", pid, os.Getpid()) != 0 {
		t.Errorf("zombie: %+v, %v", st, err)
	}
	cmd.Wait()
	if _, err := readProcStat("/proc", pid); !os.IsNotExist(err) {
		t.Errorf("reaped child: %v", err)
	}
	if alive("/proc", pid) != 0 || startedAt("/proc", pid, st.start) != 0 {
		t.Error("a reaped child is alive")
	}
}

func TestParsePID(t *testing.T) {
	for in, want := range map[string]int{"42": 42, "42\n": 42, "": 0, "\n": 0, "4194303": 4194303} {
		if got, err := parsePID([]byte(in)); err != nil || got != want {
			t.Errorf("parsePID(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"0", "-1", "+1", " 1", "1 ", "4194304", "1\n\n2", "abc", "99999999999999999999"} {
		if got, err := parsePID([]byte(in)); err == nil {
			t.Errorf("parsePID(%q) = %d", in, got)
		}
	}
}

func FuzzParseProcStat(f *testing.F) {
	f.Add([]byte("12 (sleep) S 1 12 12 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 4242 100 200\n"))
	f.Add([]byte("1 (a (b)) Z 0"))
	f.Fuzz(func(t *testing.T, b []byte) {
		st, err := parseProcStat(b)
		if err != nil {
			return
		}
		if st.ppid < 0 || st.start == "" || !allDigits(st.start) || strings.Contains(string(b), "("+st.comm+")") == false {
			t.Fatalf("parseProcStat(%q) = %+v", b, st)
		}
	})
}

func FuzzParsePID(f *testing.F) {
	f.Add([]byte("42\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		pid, err := parsePID(b)
		if err == nil && (pid < 0 || pid >= maxPID) || err != nil && pid != 0 {
			t.Fatalf("parsePID(%q) = %d, %v", b, pid, err)
		}
	})
}
