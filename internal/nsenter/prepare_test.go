// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nsenter

import (
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/pkg/ns"
)

// summary is the part of a plan the tests compare, in words.
type summary struct {
	Joins     string // "ns/ipc@pidfd ns/uts@ipc:[...]"
	ForkAgain bool
	Owner     string // "" or the credentials taken before the joins
	Cred      string
	KeepCaps  bool
	Root, Wd  string // "" or what the directory is
	Program   string
}

func fdKind(fd int) string {
	l, err := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd))
	if err != nil {
		return "bad fd"
	}
	if l == "anon_inode:[pidfd]" || strings.HasPrefix(l, "pidfd:") {
		return "pidfd"
	}
	return strings.SplitN(l, ":", 2)[0] // "ipc", "net", "/proc/5/root"...
}

func credWords(c *rawexec.Cred) string {
	if c == nil {
		return ""
	}
	var w []string
	if c.ClearGroups {
		w = append(w, "groups=none")
		if c.GroupsMayFail {
			w = append(w, "(may fail)")
		}
	}
	if c.GIDOf != nil {
		w = append(w, "gid=owner")
	} else if c.GID != nil {
		w = append(w, fmt.Sprintf("gid=%d", *c.GID))
	}
	if c.UIDOf != nil {
		w = append(w, "uid=owner")
	} else if c.UID != nil {
		w = append(w, fmt.Sprintf("uid=%d", *c.UID))
	}
	return strings.Join(w, " ")
}

func dirWords(d *rawexec.Dir) string {
	switch {
	case d == nil:
		return ""
	case d.File != nil:
		return "file " + d.File.Name()
	}
	return "path " + d.Path
}

func summarize(c *rawexec.Config) summary {
	var joins []string
	for _, j := range c.Join {
		if ns.ByFlag(j.Type).File() != j.Name {
			joins = append(joins, "bad name "+j.Name)
		}
		joins = append(joins, j.Name+"@"+fdKind(j.Fd))
	}
	return summary{
		Joins:     strings.Join(joins, " "),
		ForkAgain: c.ForkAgain,
		Owner:     credWords(c.Owner),
		Cred:      credWords(c.Cred),
		KeepCaps:  c.KeepCaps,
		Root:      dirWords(c.Root),
		Wd:        dirWords(c.Wd),
		Program:   c.Program.Name + " " + strings.Join(c.Program.Argv, " "),
	}
}

// TestPrepare builds plans against this test process as the target: it
// shares every namespace with us, which --all must notice for the user
// and time namespaces.
func TestPrepare(t *testing.T) {
	defer func(old string) { passwdFile = old }(passwdFile)
	passwdFile = "/nonexistent"
	me := os.Getpid()
	self := fmt.Sprintf("/proc/%d", me)
	u := func(n uint32) *uint32 { return &n }
	s := func(v string) *string { return &v }
	enable := func(o *Options, ts ...*ns.Type) {
		for _, t := range ts {
			o.NS[index(t)].Enabled = true
		}
	}
	file := func(o *Options, t *ns.Type, path string) {
		o.NS[index(t)] = NSOption{Enabled: true, HasFile: true, File: path}
	}
	shell := "/bin/sh -sh"
	tests := []struct {
		name  string
		setup func(o *Options)
		want  summary
		err   string
	}{
		{"ipc and uts in place", func(o *Options) { o.Target = me; enable(o, &ns.IPC, &ns.UTS) },
			summary{Joins: "ns/ipc@pidfd ns/uts@pidfd", Program: shell}, ""},
		{"all but our own user and time namespaces", func(o *Options) { o.Target, o.All = me, true },
			summary{Joins: "ns/cgroup@pidfd ns/ipc@pidfd ns/uts@pidfd ns/net@pidfd ns/pid@pidfd ns/mnt@pidfd",
				ForkAgain: true, Program: shell}, ""},
		{"all with a file for net", func(o *Options) {
			o.Target, o.All = me, true
			file(o, &ns.Net, "/proc/self/ns/net")
		}, summary{Joins: "ns/cgroup@pidfd ns/ipc@pidfd ns/uts@pidfd ns/net@net ns/pid@pidfd ns/mnt@pidfd",
			ForkAgain: true, Program: shell}, ""},
		{"pid forks", func(o *Options) { o.Target = me; enable(o, &ns.PID) },
			summary{Joins: "ns/pid@pidfd", ForkAgain: true, Program: shell}, ""},
		{"pid with --no-fork", func(o *Options) { o.Target, o.NoFork = me, true; enable(o, &ns.PID) },
			summary{Joins: "ns/pid@pidfd", Program: shell}, ""},
		{"our own time namespace is not joined", func(o *Options) { o.Target = me; enable(o, &ns.Time, &ns.IPC) },
			summary{Joins: "ns/ipc@pidfd", Program: shell}, ""},
		{"files without a target", func(o *Options) {
			file(o, &ns.IPC, "/proc/self/ns/ipc")
			file(o, &ns.UTS, "/proc/self/ns/uts")
		}, summary{Joins: "ns/ipc@ipc ns/uts@uts", Program: shell}, ""},
		{"a file and the target", func(o *Options) {
			o.Target = me
			file(o, &ns.IPC, "/proc/self/ns/ipc")
			enable(o, &ns.UTS)
		}, summary{Joins: "ns/ipc@ipc ns/uts@pidfd", Program: shell}, ""},
		{"user: uid and gid 0, no groups, before and after", func(o *Options) { file(o, &ns.User, "/proc/self/ns/user") },
			summary{Joins: "ns/user@user", Owner: "groups=none (may fail)",
				Cred: "groups=none (may fail) gid=0 uid=0", Program: shell}, ""},
		{"user with --preserve-credentials", func(o *Options) {
			file(o, &ns.User, "/proc/self/ns/user")
			o.PreserveCred = true
		}, summary{Joins: "ns/user@user", Program: shell}, ""},
		{"user with IDs and --keep-caps", func(o *Options) {
			file(o, &ns.User, "/proc/self/ns/user")
			o.UID, o.GID, o.KeepCaps = u(5), u(6), true
		}, summary{Joins: "ns/user@user", Owner: "groups=none (may fail)",
			Cred: "groups=none (may fail) gid=6 uid=5", KeepCaps: true, Program: shell}, ""},
		{"--keep-caps without a user namespace", func(o *Options) { o.Target, o.KeepCaps = me, true; enable(o, &ns.IPC) },
			summary{Joins: "ns/ipc@pidfd", Program: shell}, ""},
		{"setuid alone keeps the groups", func(o *Options) { o.Target, o.UID = me, u(5); enable(o, &ns.IPC) },
			summary{Joins: "ns/ipc@pidfd", Cred: "uid=5", Program: shell}, ""},
		{"setgid follow", func(o *Options) { o.Target, o.FollowGID = me, true; enable(o, &ns.IPC) },
			summary{Joins: "ns/ipc@pidfd", Cred: "groups=none (may fail) gid=owner", Program: shell}, ""},
		{"setuid follow with a user namespace", func(o *Options) {
			o.Target, o.FollowUID = me, true
			file(o, &ns.User, "/proc/self/ns/user")
		}, summary{Joins: "ns/user@user", Owner: "groups=none (may fail)",
			Cred: "groups=none (may fail) gid=0 uid=owner", Program: shell}, ""},
		{"the target's root keeps our working directory", func(o *Options) {
			o.Target, o.Root = me, DirOption{Set: true}
			enable(o, &ns.IPC)
		}, summary{Joins: "ns/ipc@pidfd", Root: "file " + self + "/root", Wd: "file .", Program: shell}, ""},
		{"root with the mount namespace", func(o *Options) {
			o.Target, o.Root = me, DirOption{Set: true, HasPath: true, Path: "/"}
			enable(o, &ns.Mount)
		}, summary{Joins: "ns/mnt@pidfd", Root: "file /", Program: shell}, ""},
		{"the target's working directory", func(o *Options) {
			o.Target, o.Wd = me, DirOption{Set: true}
			enable(o, &ns.IPC)
		}, summary{Joins: "ns/ipc@pidfd", Wd: "file " + self + "/cwd", Program: shell}, ""},
		{"wdns", func(o *Options) { o.Target, o.Wdns = me, s("/tmp"); enable(o, &ns.IPC) },
			summary{Joins: "ns/ipc@pidfd", Wd: "path /tmp", Program: shell}, ""},
		{"a program", func(o *Options) { o.Target, o.Program = me, []string{"ls", "-l"}; enable(o, &ns.IPC) },
			summary{Joins: "ns/ipc@pidfd", Program: "ls ls -l"}, ""},
		{"PID:INODE", func(o *Options) {
			o.Target, o.TargetIno = me, pidfdIno(t, me)
			enable(o, &ns.IPC)
		}, summary{Joins: "ns/ipc@pidfd", Program: shell}, ""},

		{"no target", func(o *Options) { enable(o, &ns.IPC) }, summary{}, "neither filename nor target pid supplied for ns/ipc"},
		{"files before the target's", func(o *Options) {
			enable(o, &ns.User)
			file(o, &ns.IPC, "/nonexistent")
		}, summary{}, "cannot open /nonexistent: No such file or directory"},
		{"no namespace", func(o *Options) { o.Target = me }, summary{}, "no namespace specified"},
		{"all without a target", func(o *Options) { o.All = true }, summary{}, "no target PID specified for --all"},
		{"runtime without a container", func(o *Options) { o.Target, o.Runtime = me, "docker"; enable(o, &ns.IPC) }, summary{},
			"option --runtime needs --container"},
		{"root without a target", func(o *Options) {
			file(o, &ns.IPC, "/proc/self/ns/ipc")
			o.Root.Set = true
		}, summary{}, "neither filename nor target pid supplied for root"},
		{"env without a target", func(o *Options) { file(o, &ns.IPC, "/proc/self/ns/ipc"); o.Env = true },
			summary{}, "neither filename nor target pid supplied for environ"},
		{"root not a directory", func(o *Options) {
			o.Target, o.Root = me, DirOption{Set: true, HasPath: true, Path: "/proc/self/ns/ipc"}
			enable(o, &ns.IPC)
		}, summary{}, "cannot open /proc/self/ns/ipc: Not a directory"},
		{"user-parent without a target", func(o *Options) { o.UserParent = true }, summary{}, "no target PID specified"},
		{"net-socket without a target", func(o *Options) { o.NetSocket = 0 }, summary{}, "no target PID specified"},
		{"net-socket not a socket", func(o *Options) { o.Target, o.NetSocket = me, 0 }, summary{},
			fmt.Sprintf("cannot get the network namespace of file descriptor 0 of process %d: Inappropriate ioctl for device", me)},
		{"a dead PID", func(o *Options) { o.Target = deadPID(t); enable(o, &ns.IPC) }, summary{},
			"cannot open /proc/DEAD/ns/ipc: No such file or directory"},
		{"a wrong pidfd inode", func(o *Options) { o.Target, o.TargetIno = me, 1; enable(o, &ns.IPC) }, summary{},
			fmt.Sprintf("pidfd inode 1 not found for pid %d", me)},
		{"a missing netns", func(o *Options) {
			o.NS[index(&ns.Net)] = NSOption{Enabled: true, HasFile: true, File: "/run/netns/gonstools-none", Netns: "gonstools-none"}
		}, summary{}, "cannot open /run/netns/gonstools-none: No such file or directory"},
		{"a namespace ID", func(o *Options) { file(o, &ns.Net, ":4611686018427387904") }, summary{},
			"cannot open namespace of id 4611686018427387904"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := New()
			tc.setup(o)
			pl, err := Prepare(o, []string{"PATH=/usr/bin:/bin"})
			if tc.err != "" {
				want := strings.ReplaceAll(tc.err, "DEAD", fmt.Sprint(o.Target))
				if err == nil || err.Error() != want {
					t.Fatalf("error = %v, want %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer pl.Close()
			if got := summarize(&pl.Config); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("plan\n got  %+v\n want %+v", got, tc.want)
			}
		})
	}
}

func pidfdIno(t *testing.T, pid int) uint64 {
	tg, err := openTarget(pid, 0)
	if err != nil || tg.pidfd == nil {
		t.Fatalf("no pidfd for %d: %v", pid, err)
	}
	defer tg.close()
	fi, err := tg.pidfd.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

// deadPID is the PID of a process that has exited and been reaped.
func deadPID(t *testing.T) int {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestPrepareEnvironment(t *testing.T) {
	o := New()
	o.Target, o.Env = os.Getpid(), true
	o.NS[index(&ns.IPC)].Enabled = true
	pl, err := Prepare(o, []string{"MINE=1"})
	if err != nil {
		t.Fatal(err)
	}
	defer pl.Close()
	data, err := os.ReadFile("/proc/self/environ")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(data), "\x00"), "\x00")
	if !reflect.DeepEqual(pl.Config.Program.Env, want) {
		t.Errorf("--env gave %q, want the target's %q", pl.Config.Program.Env, want)
	}
}

// TestPrepareOtherTimeNamespace needs a target in a time namespace of its
// own: then the join stays, and needs a child.
func TestPrepareOtherTimeNamespace(t *testing.T) {
	nstest.RequireRoot(t)
	cmd := exec.Command("unshare", "-T", "--boottime", "100", "sleep", "1000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for i := 0; ; i++ {
		if l, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", cmd.Process.Pid)); strings.HasSuffix(l, "/sleep") {
			break
		}
		if i == 1000 {
			t.Fatal("the target did not start")
		}
		time.Sleep(time.Millisecond)
	}
	o := New()
	o.Target, o.All = cmd.Process.Pid, true
	pl, err := Prepare(o, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pl.Close()
	got := summarize(&pl.Config)
	if got.Joins != "ns/cgroup@pidfd ns/ipc@pidfd ns/uts@pidfd ns/net@pidfd ns/pid@pidfd ns/mnt@pidfd ns/time@pidfd" {
		t.Errorf("plan %+v: want every namespace but the user one, in a child", got)
	}
}

// TestConfigure decides plans from what acquire would have opened, without
// opening anything: files stand for themselves by name.
func TestConfigure(t *testing.T) {
	defer func(old string) { passwdFile = old }(passwdFile)
	passwdFile = "/nonexistent"
	fake := func(name string) *os.File { return os.NewFile(uintptr(1000+len(name)), name) }
	enable := func(ts ...*ns.Type) (e [len(ns.Types)]bool) {
		for _, t := range ts {
			e[index(t)] = true
		}
		return e
	}
	pidfd := fake("pidfd")
	for _, tc := range []struct {
		name string
		o    func(o *Options)
		h    held
		want summary
		err  string
	}{
		{"nothing", func(o *Options) {}, held{}, summary{}, "no namespace specified"},
		{"ipc by pidfd", func(o *Options) {}, held{pidfd: pidfd, enabled: enable(&ns.IPC)},
			summary{Joins: "ns/ipc@pidfd", Program: "/bin/sh -sh"}, ""},
		{"pid forks", func(o *Options) {}, held{pidfd: pidfd, enabled: enable(&ns.PID)},
			summary{Joins: "ns/pid@pidfd", ForkAgain: true, Program: "/bin/sh -sh"}, ""},
		{"pid, no fork", func(o *Options) { o.NoFork = true }, held{pidfd: pidfd, enabled: enable(&ns.PID)},
			summary{Joins: "ns/pid@pidfd", Program: "/bin/sh -sh"}, ""},
		{"our own time namespace is skipped", func(o *Options) {}, held{pidfd: pidfd, enabled: enable(&ns.Time, &ns.UTS), ownTime: true},
			summary{Joins: "ns/uts@pidfd", Program: "/bin/sh -sh"}, ""},
		{"only our own time namespace", func(o *Options) {}, held{pidfd: pidfd, enabled: enable(&ns.Time), ownTime: true},
			summary{Program: "/bin/sh -sh"}, ""},
		{"user: root inside", func(o *Options) {}, held{pidfd: pidfd, enabled: enable(&ns.User)},
			summary{Joins: "ns/user@pidfd", Owner: "groups=none (may fail)", Cred: "groups=none (may fail) gid=0 uid=0", Program: "/bin/sh -sh"}, ""},
		{"root without a mount namespace keeps our directory", func(o *Options) {}, held{pidfd: pidfd, enabled: enable(&ns.IPC), root: fake("/r"), dot: fake(".")},
			summary{Joins: "ns/ipc@pidfd", Root: "file /r", Wd: "file .", Program: "/bin/sh -sh"}, ""},
		{"--wdns", func(o *Options) { w := "/x"; o.Wdns = &w }, held{pidfd: pidfd, enabled: enable(&ns.Mount)},
			summary{Joins: "ns/mnt@pidfd", Wd: "path /x", Program: "/bin/sh -sh"}, ""},
		{"a file", func(o *Options) { o.Program = []string{"ls"} }, held{enabled: enable(&ns.Net), files: func() (f [len(ns.Types)]*os.File) {
			f[index(&ns.Net)] = fake("/run/netns/blue")
			return f
		}()}, summary{Joins: "ns/net@/run/netns/blue", Program: "ls ls"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := New()
			tc.o(o)
			var c rawexec.Config
			err := configure(o, &tc.h, &c)
			if tc.err != "" || err != nil {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			got := summarize(&c)
			// The fake files name themselves.
			var joins []string
			for _, j := range c.Join {
				name := "?"
				for _, f := range append(tc.h.files[:], tc.h.pidfd) {
					if f != nil && int(f.Fd()) == j.Fd {
						name = f.Name()
					}
				}
				joins = append(joins, j.Name+"@"+name)
			}
			got.Joins = strings.Join(joins, " ")
			if got != tc.want {
				t.Errorf("plan\n got  %+v\n want %+v", got, tc.want)
			}
		})
	}
}
