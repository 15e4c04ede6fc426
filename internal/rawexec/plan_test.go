// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/gonstools/gonstools/internal/nstest"
	"golang.org/x/sys/unix"
)

func TestSearchPath(t *testing.T) {
	cases := []struct {
		name string
		env  []string
		want string
	}{
		{"ls", []string{"PATH=/a:/b/"}, "/a/ls /b/ls"},
		{"ls", nil, "/bin/ls /usr/bin/ls"},
		{"ls", []string{"PATH=/a::/b"}, "/a/ls ls /b/ls"},
		{"ls", []string{"PATH=/c", "PATH=/d"}, "/c/ls"}, // the first, as getenv(3) finds it
		{"./x", []string{"PATH=/a"}, "./x"},
		{"/bin/sh", nil, "/bin/sh"},
	}
	for _, c := range cases {
		if got := strings.Join(searchPath(c.name, c.env), " "); got != c.want {
			t.Errorf("searchPath(%q, %q) = %q, want %q", c.name, c.env, got, c.want)
		}
	}
}

// searchPath lists the paths execvp(3) would try for name, in order.
func searchPath(name string, env []string) []string {
	var out []string
	candidates(name, env, func(dir string, join bool) {
		if join {
			out = append(out, dir+"/"+name)
		} else {
			out = append(out, name)
		}
	})
	return out
}

// TestProgramStrings: the exec step's C strings (the paths to try, argv,
// envp, the /bin/sh fallback) are the words, NUL-terminated, and a word
// with a NUL in it is an error.
func TestProgramStrings(t *testing.T) {
	c := &Config{Program: Program{Name: "ls", Argv: []string{"ls", "-l", ""}, Env: []string{"PATH=/a:/b/", "X=1"}}}
	p, err := c.compile(true)
	if err != nil {
		t.Fatal(err)
	}
	// The plan keeps the memory alive; ptr is read as the pointer it is.
	pointer := func(ptr uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&ptr)) }
	str := func(ptr uintptr) string { return unix.BytePtrToString((*byte)(pointer(ptr))) }
	list := func(ptrs []uintptr) (out []string) {
		for _, ptr := range ptrs {
			if ptr == 0 {
				out = append(out, "NULL")
				continue
			}
			out = append(out, str(ptr))
		}
		return out
	}
	arr := func(ptr uintptr, n int) []uintptr { return unsafe.Slice((*uintptr)(pointer(ptr)), n) }
	for _, c := range []struct {
		what string
		got  []string
		want string
	}{
		{"candidates", list(p.candidates), "/a/ls /b/ls"},
		{"argv", list(arr(p.argv, 4)), "ls -l  NULL"},
		{"envp", list(arr(p.envp, 3)), "PATH=/a:/b/ X=1 NULL"},
		{"sh argv", list(p.shArgv), "/bin/sh NULL -l  NULL"},
	} {
		if got := strings.Join(c.got, " "); got != c.want {
			t.Errorf("%s: %q, want %q", c.what, got, c.want)
		}
	}
	for _, bad := range []Program{{Name: "l\x00s", Argv: []string{"ls"}}, {Name: "ls", Argv: []string{"ls", "a\x00b"}}, {Name: "ls", Env: []string{"A=\x00"}}} {
		if _, err := (&Config{Program: bad}).compile(true); err == nil || !strings.Contains(err.Error(), "contains a NUL byte") {
			t.Errorf("%q: %v, want a NUL byte error", bad, err)
		}
	}
}

// TestJoinPasses checks util-linux's two passes: every namespace but the
// user one may fail at first; then user, then the failed ones again.
func TestJoinPasses(t *testing.T) {
	c := &Config{
		Join: []Join{
			{Fd: 3, Type: syscall.CLONE_NEWUSER, Name: "ns/user"},
			{Fd: 4, Type: syscall.CLONE_NEWIPC, Name: "ns/ipc"},
			{Fd: 5, Type: syscall.CLONE_NEWNS, Name: "ns/mnt"},
		},
		Program: Program{Name: "/bin/true", Argv: []string{"true"}},
	}
	p, err := c.compile(true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, s := range p.steps {
		if s.op != opCall {
			continue
		}
		switch s.trap {
		case syscall.SYS_UNSHARE:
			got = append(got, "unshare(FS)")
		case sysSetns:
			d := p.where[i].path
			if s.tolerate == tolerateAll {
				d += "?"
			}
			if s.onlyIf >= 0 {
				d += " if failed"
			}
			got = append(got, d)
		}
	}
	want := "unshare(FS) ns/ipc? ns/mnt? ns/user ns/ipc if failed ns/mnt if failed"
	if strings.Join(got, " ") != want {
		t.Errorf("steps %q, want %q", strings.Join(got, " "), want)
	}
}

func TestNeedsChild(t *testing.T) {
	cases := []struct {
		c    Config
		want bool
	}{
		{Config{Unshare: syscall.CLONE_NEWIPC | syscall.CLONE_NEWNS | syscall.CLONE_NEWPID}, false},
		{Config{Unshare: syscall.CLONE_NEWUSER}, true},
		{Config{Join: []Join{{Type: syscall.CLONE_NEWNET}}}, false},
		{Config{Join: []Join{{Type: cloneNewTime}}}, true},
		{Config{Join: []Join{{Type: syscall.CLONE_NEWUSER | syscall.CLONE_NEWIPC}}}, true},
		{Config{Fork: true}, true},
		{Config{KillChild: syscall.SIGKILL}, true},
	}
	for i, c := range cases {
		if got := c.c.needsChild(); got != c.want {
			t.Errorf("case %d: needsChild = %v, want %v", i, got, c.want)
		}
	}
}

// TestRunInChild runs plans in a cloned child (tests do not run on the
// main thread, so Run always forks here).
func TestRunInChild(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWUTS) {
		return
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	sh := func(script string) Program {
		return Program{Name: "sh", Argv: []string{"sh", "-c", script}, Env: []string{"PATH=/usr/bin:/bin", "OUT=" + out}}
	}
	cases := []struct {
		name string
		c    Config
		code int
		err  string
		out  string
	}{
		{"exit status", Config{Program: sh("exit 7")}, 7, "", ""},
		{"fork again", Config{ForkAgain: true, Program: sh("echo $$ > $OUT; exit 9")}, 9, "", "?"},
		{"new uts", Config{Unshare: syscall.CLONE_NEWUTS, Program: sh("hostname inner && hostname > $OUT")}, 0, "", "inner\n"},
		{"writes", Config{Writes: []Write{{Path: out, Data: "written"}}, Program: sh("true")}, 0, "", "written"},
		{"missing file skipped", Config{Writes: []Write{{Path: filepath.Join(dir, "no/such"), Data: "x", IgnoreMissing: true}}, Program: sh("true")}, 0, "", ""},
		{"bad wd", Config{Wd: &Dir{Path: "/nonexistent"}, Program: sh("true")}, 1,
			"chdir /nonexistent: no such file or directory", ""},
		{"not found", Config{Program: Program{Name: "no-such-prog", Argv: []string{"x"}, Env: []string{"PATH=" + dir}}}, 127,
			"exec no-such-prog: no such file or directory", ""},
		{"hook", Config{Hook: func(pid int) error { return os.WriteFile(out, []byte("hooked"), 0o644) }, Program: sh("cat $OUT > $OUT.2; mv $OUT.2 $OUT")}, 0, "", "hooked"},
	}
	for _, c := range cases {
		os.WriteFile(out, nil, 0o644)
		c.c.Fork = true // a test must not be replaced by the program
		ws, err := c.c.Run()
		code, msg := ws.ExitStatus(), ""
		if err != nil {
			msg, code = err.Error(), 1
			var ee *Error
			if errors.As(err, &ee) && ee.Step == StepExec {
				code = 126
				if ee.Err == syscall.ENOENT {
					code = 127
				}
			}
		}
		if code != c.code || msg != c.err {
			t.Errorf("%s: exit %d %q, want %d %q", c.name, code, msg, c.code, c.err)
		}
		b, _ := os.ReadFile(out)
		if c.out == "?" {
			if len(b) == 0 {
				t.Errorf("%s: the program did not run", c.name)
			}
		} else if string(b) != c.out {
			t.Errorf("%s: output %q, want %q", c.name, b, c.out)
		}
	}
}
