// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/internal/scols"
)

// TestScanOtherProc reads a /proc mounted elsewhere: that of a fresh PID
// namespace, where this test is the only process.
func TestScanOtherProc(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWPID|syscall.CLONE_NEWNS|syscall.CLONE_NEWUTS|syscall.CLONE_NEWIPC) {
		return
	}
	dir := t.TempDir()
	if err := unix.Mount("proc", dir, "proc", 0, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
	passwd := filepath.Join(t.TempDir(), "passwd")
	os.WriteFile(passwd, []byte("tester:x:0:0::/:/bin/sh\nroot:x:0:0::/:/bin/sh\n"), 0o644)

	m, err := Scan(&Options{Proc: dir, Passwd: passwd})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Processes) != 1 || m.Processes[0].PID != 1 {
		t.Fatalf("processes %+v, want only PID 1", m.Processes)
	}
	if len(m.Namespaces) != numTypes {
		t.Fatalf("%d namespaces, want %d", len(m.Namespaces), numTypes)
	}
	for i, ns := range m.Namespaces {
		var st unix.Stat_t
		if err := unix.Stat("/proc/self/ns/"+Types[ns.Type].Name, &st); err != nil {
			t.Fatal(err)
		}
		if st.Ino != ns.Ino || len(ns.Procs) != 1 || ns.Proc.PID != 1 || !ns.hasID {
			t.Errorf("namespace %+v: inode of /proc/self/ns/%s is %d", ns, Types[ns.Type].Name, st.Ino)
		}
		if i > 0 && m.Namespaces[i-1].Ino >= ns.Ino {
			t.Errorf("namespaces not sorted by inode")
		}
	}
	out, err := m.Print(&Config{Columns: []Column{ColType, ColNProcs, ColPID, ColUser, ColPath}, Raw: true, NoHeadings: true,
		Filter: mustFilter(t, `TYPE == "uts" || TYPE == "ipc"`)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"uts 1 1 tester /proc/1/ns/uts\n", "ipc 1 1 tester /proc/1/ns/ipc\n"} {
		if !strings.Contains(string(out), want) || strings.Count(string(out), "\n") != 2 {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
}

func mustFilter(t *testing.T, expr string) *scols.Filter {
	t.Helper()
	f, err := scols.ParseFilter(expr, scols.Charset{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestScanHeldByDescriptor: a namespace that only an open descriptor
// keeps is found, with NPROCS 0, and --type selects it.
func TestScanHeldByDescriptor(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWPID|syscall.CLONE_NEWNS) {
		return
	}
	if err := unix.Mount("proc", "/proc", "proc", 0, ""); err != nil {
		t.Fatal(err)
	}
	// a child in a new UTS namespace, whose namespace file this test keeps open
	pid, err := syscall.ForkExec("/bin/sleep", []string{"sleep", "100"}, &syscall.ProcAttr{
		Sys: &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWUTS},
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/ns/uts", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var st unix.Stat_t
	unix.Fstat(int(f.Fd()), &st)
	syscall.Kill(pid, syscall.SIGKILL)
	var ws syscall.WaitStatus
	syscall.Wait4(pid, &ws, 0, nil)

	for _, only := range []bool{false, true} {
		o := &Options{}
		if only {
			o.Types[typeUTS] = true
		}
		m, err := Scan(o)
		if err != nil {
			t.Fatal(err)
		}
		ns := m.byIno[st.Ino]
		if ns == nil || len(ns.Procs) != 0 || ns.Type != typeUTS || ns.relID[relOwner] == 0 {
			t.Fatalf("the namespace held by a descriptor: %+v", ns)
		}
		out, err := m.Print(&Config{Columns: []Column{ColNS, ColNProcs, ColUser}, Raw: true, NoHeadings: true, Persistent: true})
		if err != nil || string(out) != fmt.Sprintf("%d 0 root\n", st.Ino) {
			t.Errorf("--persistent: %q %v", out, err)
		}
	}
}

func TestMain(m *testing.M) { nstest.Main(m) }
