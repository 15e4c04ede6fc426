// SPDX-License-Identifier: Apache-2.0

//go:build linux

package unshare

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/idmap"
	"github.com/gonstools/gonstools/internal/rawexec"
	"golang.org/x/sys/unix"
)

func options(t *testing.T, line string) *Options {
	t.Helper()
	res, err := Spec().Parse(strings.Fields(line))
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	o, err := FromArgs(res)
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	return o
}

// TestWhereTheWorkHappens checks which namespaces the worker is created in
// and which it unshares, for the ways util-linux's unshare can run.
func TestWhereTheWorkHappens(t *testing.T) {
	cases := []struct {
		line           string
		fork, again    bool
		clone, unshare uintptr
	}{
		// In place: everything unshared by this process.
		{"-i -m -p", false, false, 0, unix.CLONE_NEWIPC | unix.CLONE_NEWNS | unix.CLONE_NEWPID},
		// --fork: the child is created in the namespaces, pid 1 of the
		// new PID namespace; time can only be unshared.
		{"-f -p -T", true, false, unix.CLONE_NEWPID, unix.CLONE_NEWTIME},
		{"--kill-child -i", true, false, unix.CLONE_NEWIPC, 0},
		{"--forward-signals -i", true, false, unix.CLONE_NEWIPC, 0},
		// A user namespace without --fork: the program is not pid 1.
		{"-r -p -i", false, false, unix.CLONE_NEWUSER | unix.CLONE_NEWIPC, unix.CLONE_NEWPID},
		// --owner: credentials first, then every namespace, then a fork
		// for the PID namespace's first process.
		{"--owner 1:1 -f -p", true, true, 0, unix.CLONE_NEWUSER | unix.CLONE_NEWPID},
	}
	for _, c := range cases {
		cfg, err := options(t, c.line).Config(nil)
		if err != nil {
			t.Fatalf("%q: %v", c.line, err)
		}
		if cfg.Fork != c.fork || cfg.ForkAgain != c.again || cfg.Clone != c.clone || cfg.Unshare != c.unshare {
			t.Errorf("%q: fork=%v again=%v clone=%#x unshare=%#x; want %v %v %#x %#x", c.line,
				cfg.Fork, cfg.ForkAgain, cfg.Clone, cfg.Unshare, c.fork, c.again, c.clone, c.unshare)
		}
	}
}

func TestWritesAndMounts(t *testing.T) {
	euid, egid := os.Geteuid(), os.Getegid()
	cfg, err := options(t, "-r -m --mount-proc --propagation slave -T --boottime 5 --monotonic -3 sh").Config(nil)
	if err != nil {
		t.Fatal(err)
	}
	var writes []string
	for _, w := range cfg.Writes {
		writes = append(writes, w.Path+"="+w.Data)
	}
	want := []string{
		"/proc/self/uid_map=0 " + strconv.Itoa(euid) + " 1",
		"/proc/self/setgroups=deny",
		"/proc/self/gid_map=0 " + strconv.Itoa(egid) + " 1",
	}
	if strings.Join(writes, "|") != strings.Join(want, "|") {
		t.Errorf("writes %q, want %q", writes, want)
	}
	if cfg.TimeOffsets != "7 5 0\n1 -3 0\n" {
		t.Errorf("time offsets %q", cfg.TimeOffsets)
	}
	if cfg.Propagation != unix.MS_REC|unix.MS_SLAVE || cfg.MountProc == nil || *cfg.MountProc != "/proc" || !cfg.ProcPrivate {
		t.Errorf("propagation %#x, proc set %v private %v", cfg.Propagation, cfg.MountProc != nil, cfg.ProcPrivate)
	}
	if cfg.Program.Name != "sh" {
		t.Errorf("program %+v", cfg.Program)
	}
}

func TestDirectories(t *testing.T) {
	for _, c := range []struct{ line, root, wd string }{
		{"-R /srv", "/srv", "/"},
		{"-R /srv -w /tmp", "/srv", "/tmp"},
		{"-w /tmp", "", "/tmp"},
	} {
		cfg, err := options(t, c.line).Config(nil)
		if err != nil {
			t.Fatal(err)
		}
		root, wd := "", ""
		if cfg.Root != nil {
			root = cfg.Root.Path
		}
		if cfg.Wd != nil {
			wd = cfg.Wd.Path
		}
		if root != c.root || wd != c.wd {
			t.Errorf("%q: root %q wd %q", c.line, root, wd)
		}
	}
}

func TestDefaultShell(t *testing.T) {
	t.Setenv("SHELL", "/bin/bash")
	o := options(t, "-i")
	if p := o.program([]string{"A=1"}); p.Name != "/bin/bash" || p.Argv[0] != "-bash" || len(p.Argv) != 1 {
		t.Errorf("program %+v", p)
	}
	// Without SHELL: our login shell, else /bin/sh (util-linux 2.42).
	t.Setenv("SHELL", "")
	defer func(old string) { idmap.PasswdFile = old }(idmap.PasswdFile)
	idmap.PasswdFile = filepath.Join(t.TempDir(), "passwd")
	if p := o.program(nil); p.Name != "/bin/sh" || p.Argv[0] != "-sh" {
		t.Errorf("without $SHELL or passwd: %+v", p)
	}
	os.WriteFile(idmap.PasswdFile, []byte(fmt.Sprintf("me:x:%d:0::/:/bin/myshell\n", os.Getuid())), 0o644)
	if p := o.program(nil); p.Name != "/bin/myshell" || p.Argv[0] != "-myshell" {
		t.Errorf("without $SHELL: %+v", p)
	}
	o = options(t, "--whitelist-env B,C true")
	if p := o.program([]string{"A=1", "B=2", "C=3"}); strings.Join(p.Env, " ") != "B=2 C=3" {
		t.Errorf("whitelist: %q", p.Env)
	}
}

func TestContradictions(t *testing.T) {
	for _, c := range []struct{ line, err string }{
		{"--monotonic 5", "options --monotonic and --boottime require unsharing of a time namespace (-T)"},
		{"-r --setgroups allow", "options --setgroups=allow and --map-group are mutually exclusive"},
	} {
		if _, err := options(t, c.line).Config(nil); err == nil || err.Error() != c.err {
			t.Errorf("%q: %v, want %q", c.line, err, c.err)
		}
	}
	if _, err := options(t, "--map-users 0:100000:10").Plan(Caller{EUID: 1000, EGID: 1000}); err == nil {
		t.Error("multi-range maps without root must be refused")
	}
	if _, err := options(t, "--map-users 0:100000:10").Plan(Caller{}); err != nil {
		t.Errorf("multi-range maps as root: %v", err)
	}
	// A single map's outer side is the caller's effective ID.
	cfg, err := options(t, "--map-user 0 --map-group 0 -U true").Plan(Caller{EUID: 1000, EGID: 1001})
	if err != nil || len(cfg.Writes) < 2 || cfg.Writes[0].Data != "0 1000 1" || cfg.Writes[len(cfg.Writes)-1].Data != "0 1001 1" {
		t.Errorf("single maps for 1000:1001: %+v, %v", cfg, err)
	}
}

func TestParseSignal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want syscall.Signal
	}{
		{"KILL", 9}, {"kill", 9}, {"SIGTERM", 15}, {"sigusr1", 10}, {"IOT", 6}, {"RTMIN+2", 36}, {"RTMAX-1", 63},
		{"9", 0}, {"RTMIN", 0}, {"bogus", 0}, {"SIG", 0}, {"RTMIN+40", 0},
	} {
		got, err := ParseSignal(c.in)
		if got != c.want || (err != nil) != (c.want == 0) {
			t.Errorf("ParseSignal(%q) = %d, %v", c.in, got, err)
		}
	}
}

func TestBinfmtPlan(t *testing.T) {
	for _, c := range []struct {
		line        string
		early, late string // "dir:interp" of the mounts
		proc        string
	}{
		{"--mount-binfmt", "", defaultBinfmt + ":", "/proc"},
		{"--mount-binfmt=/b", "", "/b:", ""},
		{"-l :x:E::x::/bin/cat:", "", defaultBinfmt + "::x:E::x::/bin/cat:", "/proc"},
		{"--mount-binfmt=/b -l :x:E::x::/bin/cat:F", "", "/b::x:E::x::/bin/cat:F", ""},
		{"-R / -l :x:E::x::/bin/cat:F", defaultBinfmt + "::x:E::x::/bin/cat:F", defaultBinfmt + ":", "/proc"},
		{"-R / -l :x:E::x::/bin/cat:OC", "", defaultBinfmt + "::x:E::x::/bin/cat:OC", "/proc"},
	} {
		o := options(t, c.line)
		if o.Flags&(unix.CLONE_NEWUSER|unix.CLONE_NEWNS) != unix.CLONE_NEWUSER|unix.CLONE_NEWNS {
			t.Errorf("%q: flags %#x, want user and mount namespaces", c.line, o.Flags)
		}
		cfg, err := o.Config(nil)
		if err != nil {
			t.Fatal(err)
		}
		show := func(ms []rawexec.Mount) string {
			var out []string
			for _, m := range ms {
				s := m.Target + ":"
				if m.Then != nil {
					s += m.Then.Data
				}
				out = append(out, s)
			}
			return strings.Join(out, ",")
		}
		proc := ""
		if cfg.MountProc != nil {
			proc = *cfg.MountProc
		}
		if e, l := show(cfg.RootMounts), show(cfg.Mounts); e != c.early || l != c.late || proc != c.proc {
			t.Errorf("%q: before root %q, after proc %q, proc %q; want %q %q %q", c.line, e, l, proc, c.early, c.late, c.proc)
		}
	}
}
