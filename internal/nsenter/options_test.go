// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nsenter

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/container"
	"github.com/gonstools/gonstools/pkg/ns"
	"golang.org/x/sys/unix"
)

// option is gonsenter's option with the long name.
func option(name string) *cli.Option {
	for _, g := range Table() {
		for _, h := range g.Handlers {
			if h.Long == name {
				return h.Option
			}
		}
	}
	panic("no option --" + name)
}

// opt builds an occurrence of the long option name, with a value when one
// is given.
func opt(name string, value ...string) cli.Occurrence {
	o := cli.Occurrence{Option: option(name), Long: true, Word: "--" + name}
	if len(value) > 0 {
		o.Value, o.HasValue, o.Attached = value[0], true, true
		o.Word += "=" + value[0]
	}
	return o
}

func TestFromArgs(t *testing.T) {
	u := func(n uint32) *uint32 { return &n }
	s := func(v string) *string { return &v }
	ipc, net, user := index(&ns.IPC), index(&ns.Net), index(&ns.User)
	tests := []struct {
		name string
		occs []cli.Occurrence
		args []string
		want func(o *Options)
		err  string
	}{
		{"target and namespaces", []cli.Occurrence{opt("target", "42"), opt("ipc"), opt("uts")}, []string{"ls", "-l"},
			func(o *Options) {
				o.Target = 42
				o.NS[ipc].Enabled, o.NS[index(&ns.UTS)].Enabled = true, true
				o.Program = []string{"ls", "-l"}
			}, ""},
		{"PID:INODE", []cli.Occurrence{opt("target", "42:7")}, nil,
			func(o *Options) { o.Target, o.TargetIno = 42, 7 }, ""},
		{"target twice", []cli.Occurrence{opt("target", "1"), opt("target", "2")}, nil, nil,
			"option --target may be given only once"},
		{"bad PIDs", []cli.Occurrence{opt("target", "abc")}, nil, nil, "failed to parse pid: 'abc'"},
		{"negative PID", []cli.Occurrence{opt("target", "-5")}, nil, nil, "failed to parse pid: '-5'"},
		{"PID 0", []cli.Occurrence{opt("target", "0")}, nil, nil, "failed to parse pid: '0'"},
		{"PID beyond pid_t", []cli.Occurrence{opt("target", "4294967297")}, nil, nil, "failed to parse pid: '4294967297'"},
		{"PID with an inode 0", []cli.Occurrence{opt("target", "5:0")}, nil, nil, "failed to parse pid: '5:0'"},
		{"PID as strtoul reads it", []cli.Occurrence{opt("target", " +5")}, nil,
			func(o *Options) { o.Target = 5 }, ""},
		{"a file, then the plain option keeps it", []cli.Occurrence{opt("ipc", "/x"), opt("ipc")}, nil,
			func(o *Options) { o.NS[ipc] = NSOption{Enabled: true, HasFile: true, File: "/x"} }, ""},
		{"a later file replaces an earlier one", []cli.Occurrence{opt("ipc", "/x"), opt("ipc", "/y")}, nil,
			func(o *Options) { o.NS[ipc] = NSOption{Enabled: true, HasFile: true, File: "/y"} }, ""},
		{"-i=FILE is --ipc=FILE", []cli.Occurrence{opt("ipc", "=/x")}, nil,
			func(o *Options) { o.NS[ipc] = NSOption{Enabled: true, HasFile: true, File: "/x"} }, ""},
		{"an empty file name is kept", []cli.Occurrence{opt("ipc", "")}, nil,
			func(o *Options) { o.NS[ipc] = NSOption{Enabled: true, HasFile: true} }, ""},
		{"netns", []cli.Occurrence{opt("netns", "blue")}, nil,
			func(o *Options) {
				o.NS[net] = NSOption{Enabled: true, HasFile: true, File: "/run/netns/blue", Netns: "blue"}
			}, ""},
		{"netns outside /run/netns", []cli.Occurrence{opt("netns", "../x")}, nil, nil, "invalid netns name '../x'"},
		{"net after netns", []cli.Occurrence{opt("netns", "blue"), opt("net", "/y")}, nil,
			func(o *Options) { o.NS[net] = NSOption{Enabled: true, HasFile: true, File: "/y"} }, ""},
		{"user", []cli.Occurrence{opt("user"), opt("user-parent"), opt("preserve-credentials"), opt("keep-caps")}, nil,
			func(o *Options) {
				o.NS[user].Enabled, o.UserParent, o.PreserveCred, o.KeepCaps = true, true, true, true
			}, ""},
		{"setuid and setgid", []cli.Occurrence{opt("setuid", "5"), opt("setgid", "follow")}, nil,
			func(o *Options) { o.UID, o.FollowGID = u(5), true }, ""},
		{"setuid follow, then a number", []cli.Occurrence{opt("setuid", "follow"), opt("setuid", "7")}, nil,
			func(o *Options) { o.UID = u(7) }, ""},
		{"bad uid", []cli.Occurrence{opt("setuid", "-1")}, nil, nil, "failed to parse uid: '-1': Numerical result out of range"},
		{"bad gid", []cli.Occurrence{opt("setgid", "4294967296")}, nil, nil, "failed to parse gid: '4294967296': Numerical result out of range"},
		{"net-socket", []cli.Occurrence{opt("net-socket", "3")}, nil, func(o *Options) { o.NetSocket = 3 }, ""},
		{"bad net-socket", []cli.Occurrence{opt("net-socket", "x")}, nil, nil, "failed to parse file descriptor: 'x'"},
		{"root and wd", []cli.Occurrence{opt("root"), opt("wd", "=/tmp")}, nil,
			func(o *Options) {
				o.Root = DirOption{Set: true}
				o.Wd = DirOption{Set: true, HasPath: true, Path: "/tmp"}
			}, ""},
		{"wdns", []cli.Occurrence{opt("wdns", "/tmp")}, nil, func(o *Options) { o.Wdns = s("/tmp") }, ""},
		{"wd and wdns", []cli.Occurrence{opt("wd"), opt("wdns", "/")}, nil, nil, "mutually exclusive arguments: --wdns --wd"},
		{"wdns and wd", []cli.Occurrence{opt("wdns", "/"), opt("wd")}, nil, nil, "mutually exclusive arguments: --wdns --wd"},
		{"switches", []cli.Occurrence{opt("all"), opt("env"), opt("join-cgroup"), opt("no-fork")}, nil,
			func(o *Options) { o.All, o.Env, o.JoinCgroup, o.NoFork = true, true, true, true }, ""},
		{"a container alone: all its namespaces", []cli.Occurrence{opt("container", "web"), opt("env")}, nil,
			func(o *Options) { o.Container, o.All, o.Env = "web", true, true }, ""},
		{"a container and a runtime", []cli.Occurrence{opt("runtime", "crio"), opt("container", "3f")}, []string{"sh"},
			func(o *Options) {
				o.Container, o.Runtime, o.All, o.Program = "3f", container.CRIO, true, []string{"sh"}
			}, ""},
		{"a container's namespaces named", []cli.Occurrence{opt("container", "web"), opt("uts"), opt("root")}, nil,
			func(o *Options) {
				o.Container, o.NS[index(&ns.UTS)].Enabled, o.Root = "web", true, DirOption{Set: true}
			}, ""},
		{"a container's socket's network namespace", []cli.Occurrence{opt("container", "web"), opt("net-socket", "3")}, nil,
			func(o *Options) { o.Container, o.NetSocket = "web", 3 }, ""},
		{"a container's parent user namespace", []cli.Occurrence{opt("container", "web"), opt("user-parent")}, nil,
			func(o *Options) { o.Container, o.UserParent = "web", true }, ""},
		{"target, then container", []cli.Occurrence{opt("target", "1"), opt("container", "web")}, nil, nil,
			"options --target and --container cannot be combined"},
		{"container, then target", []cli.Occurrence{opt("container", "web"), opt("target", "1")}, nil, nil,
			"options --container and --target cannot be combined"},
		{"runtime without container (Prepare refuses it)", []cli.Occurrence{opt("runtime", "docker"), opt("target", "1")}, nil,
			func(o *Options) { o.Runtime, o.Target = container.Docker, 1 }, ""},
		{"unknown runtime", []cli.Occurrence{opt("runtime", "lxc")}, nil, nil, "unknown container runtime: lxc"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FromArgs(&cli.Result{Options: tc.occs, Args: tc.args})
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range got.NS {
				got.NS[i].Occ = nil
			}
			got.Root.Occ, got.Wd.Occ = nil, nil
			want := New()
			tc.want(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	short := func(value string) *cli.Occurrence {
		return &cli.Occurrence{Option: &cli.Option{Short: 'i', Long: "ipc", Arg: cli.OptionalArgument},
			Value: value, HasValue: true, Attached: true, Word: "-i" + value}
	}
	base := cli.PathError("cannot open", "u", syscall.ENOENT)
	tests := []struct {
		occ  *cli.Occurrence
		want string
	}{
		{short("u"), "cannot open u: No such file or directory (-iu was read as --ipc=u: -i takes its value attached; write the options separately)"},
		{short("/x"), "cannot open u: No such file or directory"},
		{short("=x"), "cannot open u: No such file or directory"},
		{nil, "cannot open u: No such file or directory"},
	}
	for _, tc := range tests {
		if got := explain(base, tc.occ).Error(); got != tc.want {
			t.Errorf("explain(%v) = %q, want %q", tc.occ, got, tc.want)
		}
	}
}

func TestParsePID(t *testing.T) {
	for s, want := range map[string][2]uint64{"1": {1, 0}, "\t 12": {12, 0}, "+3": {3, 0}, "2147483647": {1<<31 - 1, 0},
		"5:7": {5, 7}, "5:18446744073709551615": {5, 1<<64 - 1}, "5: 7": {5, 7}} {
		pid, ino, err := ParsePID(s)
		if err != nil || uint64(pid) != want[0] || ino != want[1] {
			t.Errorf("ParsePID(%q) = %d, %d, %v", s, pid, ino, err)
		}
	}
	for _, s := range []string{"", "+", "0", "-1", "2147483648", "1 ", "0x10", "1_0", "5:", "5:0", ":5", "5:-1", "5:7:8"} {
		if _, _, err := ParsePID(s); err == nil || err.Error() != "failed to parse pid: '"+s+"'" {
			t.Errorf("ParsePID(%q): %v", s, err)
		}
	}
}

func TestUnifiedPath(t *testing.T) {
	hybrid := "9:name=systemd:/\n4:memory:/x\n0::/user.slice/a b\n"
	if p, ok := unifiedPath(hybrid); !ok || p != "/user.slice/a b" {
		t.Errorf("unifiedPath = %q, %v", p, ok)
	}
	if _, ok := unifiedPath("4:memory:/x\n"); ok {
		t.Error("unifiedPath found a v2 path in a v1-only file")
	}
}

func TestProgram(t *testing.T) {
	defer func(old string) { passwdFile = old }(passwdFile)
	passwdFile = "/nonexistent"
	tests := []struct {
		args, env []string
		name      string
		argv      []string
	}{
		{[]string{"ls", "-l"}, nil, "ls", []string{"ls", "-l"}},
		{nil, []string{"SHELL=/bin/bash", "SHELL=/bin/zsh"}, "/bin/bash", []string{"-bash"}},
		{nil, []string{"PATH=/bin"}, "/bin/sh", []string{"-sh"}},
		{nil, []string{"SHELL="}, "/bin/sh", []string{"-sh"}},
	}
	for _, tc := range tests {
		p := program(tc.args, tc.env)
		if p.Name != tc.name || strings.Join(p.Argv, " ") != strings.Join(tc.argv, " ") || !reflect.DeepEqual(p.Env, tc.env) {
			t.Errorf("program(%q, %q) = %+v", tc.args, tc.env, p)
		}
	}
	// Without SHELL: our login shell.
	dir := t.TempDir()
	passwdFile = filepath.Join(dir, "passwd")
	os.WriteFile(passwdFile, []byte(fmt.Sprintf("me:x:%d:0::/:/bin/myshell\n", os.Getuid())), 0o644)
	if p := program(nil, []string{"SHELL="}); p.Name != "/bin/myshell" || p.Argv[0] != "-myshell" {
		t.Errorf("without SHELL: %+v", p)
	}
}

func TestSetnsTakesPidfd(t *testing.T) {
	fd, err := unix.PidfdOpen(os.Getpid(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if !setnsTakesPidfd(fd) { // Linux 6.18
		t.Error("setns(2) takes pidfds on this kernel")
	}
}

// The default shell of a program that starts in a container is one the
// container has.
func TestContainerShell(t *testing.T) {
	defer func(old string) { passwdFile = old }(passwdFile)
	passwdFile = "/nonexistent"
	root := t.TempDir()
	for _, f := range []struct {
		path string
		mode os.FileMode
	}{{"bin/sh", 0o755}, {"bin/ash", 0o755}, {"bin/notexec", 0o644}, {"usr/bin/fish", 0o755}} {
		p := filepath.Join(root, f.path)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, nil, f.mode); err != nil {
			t.Fatal(err)
		}
	}
	os.Symlink("/bin/ash", filepath.Join(root, "bin/link")) // absolute: inside the root
	os.Symlink("../../../../../../bin/bash", filepath.Join(root, "bin/escape"))
	os.Mkdir(filepath.Join(root, "etc"), 0o755)
	os.WriteFile(filepath.Join(root, "etc/passwd"), []byte("root:x:0:0::/:/usr/bin/fish\nu:x:7:7::/:/bin/nothere\nv:x:8:8::/:/bin/ash\nv2:x:8:8::/:/bin/sh\n"), 0o644)
	dir, err := os.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Close()
	for _, tc := range []struct {
		env  []string
		uid  uint32
		want string
	}{
		{[]string{"SHELL=/bin/ash"}, 0, "/bin/ash"},
		{[]string{"SHELL=/bin/link"}, 0, "/bin/link"},
		{[]string{"SHELL=/bin/bash"}, 0, "/usr/bin/fish"}, // not in the container: its passwd entry
		{[]string{"SHELL=/bin/escape"}, 0, "/usr/bin/fish"},
		{[]string{"SHELL=/bin/notexec"}, 0, "/usr/bin/fish"},
		{[]string{"SHELL=/bin"}, 0, "/usr/bin/fish"},
		{[]string{"SHELL=ash"}, 0, "ash"}, // searched in PATH there
		{[]string{"SHELL="}, 0, "/usr/bin/fish"},
		{nil, 7, "/bin/sh"}, // its passwd entry names a shell it lacks
		{nil, 8, "/bin/ash"},
		{nil, 9, "/bin/sh"},
	} {
		if got := containerShell(dir, tc.env, tc.uid); got != tc.want {
			t.Errorf("containerShell(%q, %d) = %q, want %q", tc.env, tc.uid, got, tc.want)
		}
	}
}
