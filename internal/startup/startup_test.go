// SPDX-License-Identifier: Apache-2.0

//go:build linux

package startup

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// probe builds testdata/probe, with the entry hook when hook is true.
func probe(t *testing.T, hook bool) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "probe")
	args := []string{"build", "-o", bin}
	if hook {
		args = append(args, "-ldflags="+LinkFlag)
	}
	cmd := exec.Command("go", append(args, "./testdata/probe")...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func shell(t *testing.T, script string) (string, syscall.WaitStatus) {
	t.Helper()
	out, err := exec.Command("sh", "-c", script).Output()
	var ws syscall.WaitStatus
	if ee, ok := err.(*exec.ExitError); ok {
		ws = ee.Sys().(syscall.WaitStatus)
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), ws
}

// sigIgn is the SigIgn set a program started by script (ending in "exec")
// has, as the kernel reports it.
func sigIgn(t *testing.T, script string) uint64 {
	out, _ := shell(t, script+" grep SigIgn /proc/self/status")
	var set uint64
	if _, err := fmt.Sscanf(out, "SigIgn:\t%x", &set); err != nil {
		t.Fatalf("%s: %q: %v", script, out, err)
	}
	return set
}

// TestEntryRecordsTheStart starts the probe with signals ignored and
// descriptors closed by the shell, and checks what it recorded against
// what the kernel says a program started that way has.
func TestEntryRecordsTheStart(t *testing.T) {
	bin := probe(t, true)
	for _, c := range []struct{ prefix, redirect, fds string }{
		{"exec", "", "[]"},
		{"trap '' QUIT USR1 TERM 40; exec", "", "[]"},
		{"trap '' HUP; exec", "<&-", "[0]"},
		{"exec", "2>&-", "[2]"},
	} {
		want := fmt.Sprintf("true %#x %s", sigIgn(t, c.prefix), c.fds)
		out, _ := shell(t, c.prefix+" "+bin+" "+c.redirect)
		if strings.TrimSpace(out) != want {
			t.Errorf("%s probe %s: %q, want %q", c.prefix, c.redirect, out, want)
		}
	}
	if ign := sigIgn(t, "trap '' QUIT USR1 TERM 40; exec"); ign&(1<<2|1<<9|1<<14|1<<39) != 1<<2|1<<9|1<<14|1<<39 {
		t.Errorf("the shell did not ignore the signals: %#x", ign)
	}
}

// TestWithoutHook: only SIGHUP and SIGINT can be known.
func TestWithoutHook(t *testing.T) {
	bin := probe(t, false)
	out, _ := shell(t, "trap '' HUP QUIT; exec "+bin+" <&-")
	if strings.TrimSpace(out) != "false 0x1 []" {
		t.Errorf("%q, want false 0x1 []", out)
	}
}

// TestBehaveLikeC: terminating signals end the probe silently, with the
// signal's status and no core file, unless they were ignored at start. The
// fault signals sent by kill(2) too, with or without the entry hook.
func TestBehaveLikeC(t *testing.T) {
	bin := probe(t, true)
	// A core file would be written to the working directory.
	dir := t.TempDir()
	for _, sig := range []syscall.Signal{syscall.SIGQUIT, syscall.SIGABRT, syscall.SIGTRAP, syscall.SIGSYS,
		syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGALRM, syscall.SIGPIPE, syscall.SIGTERM, syscall.SIGHUP,
		syscall.SIGXCPU, syscall.SIGVTALRM, syscall.SIGPROF, syscall.SIGIO, syscall.SIGPWR, 34, 50, 64,
		syscall.SIGSEGV, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGILL} {
		cmd := exec.Command(bin, fmt.Sprint(int(sig)))
		cmd.Dir = dir
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, _ := err.(*exec.ExitError)
		if ee == nil || !ee.Sys().(syscall.WaitStatus).Signaled() || ee.Sys().(syscall.WaitStatus).Signal() != sig ||
			ee.Sys().(syscall.WaitStatus).CoreDump() || stderr.Len() > 0 {
			t.Errorf("signal %d: %v, stderr %q; want death by the signal, no core and nothing printed", sig, err, stderr.String())
		}
		out, _ := shell(t, fmt.Sprintf("trap '' %d; exec %s %d", sig, bin, sig))
		if !strings.HasSuffix(out, "survived\n") {
			t.Errorf("signal %d ignored at start: %q, want it still ignored", sig, out)
		}
	}
}

// TestMakefileLinksTheHook: the Makefile's entry symbol is LinkFlag's.
func TestMakefileLinksTheHook(t *testing.T) {
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	entry := strings.TrimPrefix(LinkFlag, "-E=")
	if !strings.Contains(string(mk), "ENTRY   := "+entry+"\n") {
		t.Errorf("the Makefile does not link %s", entry)
	}
}

// TestFaultsStillPanic: a real fault reaches the runtime's handler and
// becomes a panic that can be recovered, with and without the entry hook;
// a fault signal sent by kill(2) ends the probe without the hook too.
func TestFaultsStillPanic(t *testing.T) {
	for _, hook := range []bool{true, false} {
		bin := probe(t, hook)
		out, err := exec.Command(bin, "nil").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "recovered: runtime error: invalid memory address or nil pointer dereference") {
			t.Errorf("hook %v: %v, %q; want the nil dereference recovered", hook, err, out)
		}
		cmd := exec.Command(bin, fmt.Sprint(int(syscall.SIGSEGV)))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err = cmd.Run()
		ee, _ := err.(*exec.ExitError)
		if ee == nil || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGSEGV || stderr.Len() > 0 {
			t.Errorf("hook %v, kill -SEGV: %v, stderr %q; want death by SIGSEGV and nothing printed", hook, err, stderr.String())
		}
	}
}

// TestEnviron: with the entry hook, the environment is the kernel's envp
// array as it is (duplicates, empty entries and entries without "="); without
// it, os.Environ().
func TestEnviron(t *testing.T) {
	env := []string{"A=1", "NOEQ", "", "A=2", "PATH=/bin", "E=", "X=y=z"}
	const raw = `["A=1" "NOEQ" "" "A=2" "PATH=/bin" "E=" "X=y=z"]`
	const goEnv = `["A=1" "NOEQ" "PATH=/bin" "E=" "X=y=z"]` // the first A, no empty entry
	for _, hook := range []bool{true, false} {
		bin := probe(t, hook)
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		pid, err := syscall.ForkExec(bin, []string{bin, "env"}, &syscall.ProcAttr{Env: env, Files: []uintptr{0, w.Fd(), 2}})
		w.Close()
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(r)
		r.Close()
		var ws syscall.WaitStatus
		syscall.Wait4(pid, &ws, 0, nil)
		want := raw + "\n" + goEnv + "\n"
		if !hook {
			want = goEnv + "\n" + goEnv + "\n"
		}
		if string(out) != want {
			t.Errorf("hook %v: startup.Environ() and os.Environ():\n%s\nwant\n%s", hook, out, want)
		}
	}
}
