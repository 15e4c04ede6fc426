// SPDX-License-Identifier: Apache-2.0

//go:build linux

package gonsenter

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/ns"
)

func TestMain(m *testing.M) { nstest.Main(m) }

func ours(t *testing.T, args ...string) []string {
	return append([]string{nstest.Binary(t, "gonsenter")}, args...)
}

// utilLinux is util-linux nsenter, run by name so that its messages
// (which use argv[0]) read like ours.
func utilLinux(t *testing.T, args ...string) []string {
	nstest.Tool(t, "nsenter")
	return append([]string{"nsenter"}, args...)
}

// asUtilLinux is what util-linux prints where we print msg.
func asUtilLinux(msg string) string { return strings.ReplaceAll(msg, "gonsenter", "nsenter") }

// target is a process in namespaces of its own, started by the test and
// killed when it ends.
type target struct {
	pid  int // the process to enter: the one running sleep
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd has ended
}

// kill ends the target: sleep first, so that its parent reaps it (killing
// both at once would leave a zombie to init), then cmd if need be.
func (tg *target) kill() {
	if tg.pid != 0 {
		syscall.Kill(tg.pid, syscall.SIGKILL)
		select {
		case <-tg.done:
			return
		case <-time.After(5 * time.Second):
		}
	}
	tg.cmd.Process.Kill()
	<-tg.done
}

func (tg *target) arg() string { return strconv.Itoa(tg.pid) }

// links reads the namespace links of pid: "ipc" -> "ipc:[4026531839]".
func links(t *testing.T, pid int) map[string]string {
	t.Helper()
	dir := fmt.Sprintf("/proc/%d/ns", pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range ents {
		l, err := os.Readlink(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = l
	}
	return m
}

// children lists the child processes of pid.
func children(pid int) []int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	var out []int
	for _, f := range strings.Fields(string(b)) {
		n, _ := strconv.Atoi(f)
		out = append(out, n)
	}
	return out
}

// sleeper is the process running sleep(1) among root and its
// descendants, or 0.
func sleeper(root int) int {
	queue := []int{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = append(queue[1:], children(p)...)
		if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", p)); strings.HasSuffix(exe, "/sleep") {
			return p
		}
	}
	return 0
}

// findSleep waits for the process running sleep(1) among root and its
// descendants, and returns its PID.
func findSleep(t *testing.T, root int) int {
	t.Helper()
	for i := 0; i < 5000; i++ {
		if p := sleeper(root); p != 0 {
			return p
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("no sleep process under %d", root)
	return 0
}

// startTarget starts cmd, whose last program is sleep(1), and waits for
// that program.
func startTarget(t *testing.T, cmd *exec.Cmd) *target {
	t.Helper()
	// util-linux 2.38.1's unshare -f complains when its child is killed:
	// keep what the target says for when it fails to start.
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tg := &target{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(tg.done) }()
	t.Cleanup(tg.kill)
	for i := 0; tg.pid == 0; i++ {
		select {
		case <-tg.done:
			t.Fatalf("the target %q ended: %s", cmd.Args, out.String())
		default:
		}
		tg.pid = sleeper(cmd.Process.Pid)
		if i == 5000 {
			t.Fatalf("the target %q did not start sleep", cmd.Args)
		}
		time.Sleep(time.Millisecond)
	}
	return tg
}

// fullTarget is a process in new namespaces of every type, started as
// the brief's seeds do, with something to see in each: a host name, a
// message queue, a mount in /mnt that is also its working directory, and
// clocks 2000 s (boot time) and 1000 s (monotonic) ahead of ours.
func fullTarget(t *testing.T) *target {
	t.Helper()
	nstest.RequireRoot(t)
	return startTarget(t, exec.Command("unshare", "-iumnpCT", "-f", "--mount-proc", "--boottime", "2000", "--monotonic", "1000",
		"sh", "-c", "hostname gonsenter-target && ipcmk -Q >/dev/null && mount -t tmpfs none /mnt && touch /mnt/marker && cd /mnt && exec sleep 1000"))
}

// unprivileged is the user rootless targets and owners run as.
const unprivileged = 65534

// rootlessTarget is a rootless container: unshare -Ur -f run by an
// unprivileged user, in new namespaces of every type.
func rootlessTarget(t *testing.T) *target {
	t.Helper()
	nstest.RequireRoot(t)
	id := strconv.Itoa(unprivileged)
	return startTarget(t, exec.Command("setpriv", "--reuid="+id, "--regid="+id, "--clear-groups",
		"unshare", "-Ur", "-imunpCT", "-f", "--mount-proc", "sh", "-c", "hostname rootless && exec sleep 1000"))
}

// ourLinks are the namespaces of a process started by this test.
func ourLinks(t *testing.T) map[string]string {
	cmd := exec.Command("sleep", "100")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	return links(t, findSleep(t, cmd.Process.Pid))
}

// programLinks runs argv, whose program must be "sleep 100", finds that
// program (gonsenter itself, or a descendant) and reads its namespaces
// from outside: inside a mount namespace with a /proc of another PID
// namespace the program could not read its own.
func programLinks(t *testing.T, argv ...string) map[string]string {
	t.Helper()
	cmd := exec.Command(argv[0], append(argv[1:], "sleep", "100")...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	defer func() { cmd.Process.Kill(); <-done }()
	go func() { cmd.Wait(); close(done) }()
	var pid int
	for i := 0; pid == 0; i++ {
		select {
		case <-done:
			t.Fatalf("%q ended: %s", argv, errb.String())
		default:
		}
		pid = sleeper(cmd.Process.Pid)
		if i == 5000 {
			t.Fatalf("%q: no sleep process", argv)
		}
		time.Sleep(time.Millisecond)
	}
	l := links(t, pid)
	// Kill the program only: gonsenter (or its worker) reaps it and ends
	// as it did, leaving no zombie behind.
	syscall.Kill(pid, syscall.SIGKILL)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Errorf("%q did not end with its program", argv)
	}
	return l
}

// nsNames are the /proc/PID/ns files each option enters.
var nsNames = map[string][]string{
	"-m": {"mnt"}, "-u": {"uts"}, "-i": {"ipc"}, "-n": {"net"}, "-p": {"pid", "pid_for_children"},
	"-C": {"cgroup"}, "-T": {"time", "time_for_children"}, "-U": {"user"},
	"-a": {"mnt", "uts", "ipc", "net", "pid", "pid_for_children", "cgroup", "time", "time_for_children", "user"},
}

// expect is base with the namespaces named by opts taken from tg.
func expect(base, tg map[string]string, opts ...string) map[string]string {
	want := map[string]string{}
	for k, v := range base {
		want[k] = v
	}
	for _, o := range opts {
		for _, n := range nsNames[o] {
			want[n] = tg[n]
		}
	}
	return want
}

func diff(got, want map[string]string) string {
	var out []string
	for k := range want {
		if got[k] != want[k] {
			out = append(out, fmt.Sprintf("%s: %s, want %s", k, got[k], want[k]))
		}
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

// TestEnterEachNamespace enters each namespace of a target made by root
// and of a rootless one, alone and with --all, and checks the program's
// namespaces against the target's and against util-linux nsenter's.
func TestEnterEachNamespace(t *testing.T) {
	base := ourLinks(t)
	for _, tc := range []struct {
		name   string
		target func(*testing.T) *target
		opts   [][]string
	}{
		{"root", fullTarget, [][]string{{"-m"}, {"-u"}, {"-i"}, {"-n"}, {"-p"}, {"-C"}, {"-T"}, {"-a"}, {"-i", "-u"}, {"-m", "-p", "-T"}}},
		{"rootless", rootlessTarget, [][]string{{"-U"}, {"-U", "-m"}, {"-n"}, {"-U", "-p"}, {"-T"}, {"-a"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg := tc.target(t)
			tl := links(t, tg.pid)
			for _, opts := range tc.opts {
				t.Run(strings.Join(opts, ""), func(t *testing.T) {
					args := append([]string{"-t", tg.arg()}, opts...)
					want := expect(base, tl, opts...)
					if tc.name == "root" && opts[0] == "-a" {
						want["user"] = base["user"] // ours: --all leaves it
					}
					if d := diff(programLinks(t, ours(t, args...)...), want); d != "" {
						t.Errorf("gonsenter %s: %s", strings.Join(args, " "), d)
					}
					if d := diff(programLinks(t, utilLinux(t, args...)...), want); d != "" {
						t.Errorf("util-linux nsenter %s: %s", strings.Join(args, " "), d)
					}
				})
			}
		})
	}
}

// TestNoForkPID checks -F: the program stays in our PID namespace, its
// children go to the target's.
func TestNoForkPID(t *testing.T) {
	tg := fullTarget(t)
	tl, base := links(t, tg.pid), ourLinks(t)
	for _, argv := range [][]string{ours(t, "-t", tg.arg(), "-p", "-F"), utilLinux(t, "-t", tg.arg(), "-p", "-F")} {
		want := expect(base, tl)
		want["pid_for_children"] = tl["pid"]
		if d := diff(programLinks(t, argv...), want); d != "" {
			t.Errorf("%s: %s", argv[0], d)
		}
	}
}

// TestSeenInside checks what the program sees of the target's namespaces:
// host name, message queues (ipcs and goipcs), mounts through -r, -w and
// -W, and the clocks of its time namespace.
func TestSeenInside(t *testing.T) {
	tg := fullTarget(t)
	p := tg.arg()
	goipcs := nstest.Binary(t, "goipcs")
	for _, tc := range []struct {
		args []string
		want string // "" : as util-linux
	}{
		{[]string{"-u", "hostname"}, "gonsenter-target\n"},
		{[]string{"-Fu", "hostname"}, "gonsenter-target\n"}, // grouped: -F -u
		{[]string{"-Fmu", "hostname"}, ""},                  // -F --mount=u: fails as util-linux does
		{[]string{"-i", "ipcs", "-q"}, ""},
		{[]string{"-i", goipcs, "-q"}, ""},
		{[]string{"-i", "-r", "ls", "/mnt"}, "marker\n"},
		{[]string{"-i", "-w", "ls"}, "marker\n"},
		{[]string{"-i", "-r", "-w", "ls"}, "marker\n"},
		{[]string{"-m", "-W", "/mnt", "ls"}, "marker\n"},
		{[]string{"-m", "-r", "-W/mnt", "ls"}, "marker\n"},
		{[]string{"-m", "-r", "/bin/pwd"}, "/\n"},
		{[]string{"-i", "-r", "/bin/pwd"}, ""},
		{[]string{"-i", "-w/", "/bin/pwd"}, "/\n"},
		{[]string{"-u", "--wd=/mnt", "-r", "/bin/pwd"}, ""},
	} {
		args := append([]string{"-t", p}, tc.args...)
		g := nstest.Run(t, nil, "", ours(t, args...)...)
		u := nstest.Run(t, nil, "", utilLinux(t, args...)...)
		if tc.want == "" && tc.args[1] == goipcs {
			u = nstest.Run(t, nil, "", utilLinux(t, "-t", p, "-i", "ipcs", "-q")...)
		}
		if tc.args[0] == "-Fmu" {
			if g.Code != 1 || u.Code != 1 || !strings.HasPrefix(asUtilLinux(g.Stderr), strings.TrimSuffix(u.Stderr, "\n")) {
				t.Errorf("gonsenter %q: %v\nutil-linux: %v", args, g, u)
			}
			continue
		}
		if g.Code != 0 || g.Stdout != u.Stdout || (tc.want != "" && g.Stdout != tc.want) {
			t.Errorf("gonsenter %q: %v\nutil-linux: %v", args, g, u)
		}
	}
	if r := nstest.Run(t, nil, "", ours(t, "-t", p, "-i", "ipcs", "-q")...); strings.Count(r.Stdout, "0x") != 1 {
		t.Errorf("the target's message queue is not seen: %q", r.Stdout)
	}

	// The target's clocks run 2000 s (boot time) ahead of ours.
	before := uptime(t, nstest.Run(t, nil, "", "cat", "/proc/uptime").Stdout)
	inside := uptime(t, nstest.Run(t, nil, "", ours(t, "-t", p, "-T", "cat", "/proc/uptime")...).Stdout)
	after := uptime(t, nstest.Run(t, nil, "", "cat", "/proc/uptime").Stdout)
	// (/proc/uptime has two decimals: compare in hundredths.)
	if math.Round(inside*100) < math.Round(before*100)+200000 || math.Round(inside*100) > math.Round(after*100)+200000 {
		t.Errorf("uptime in the time namespace %.2f, want ours (%.2f to %.2f) + 2000", inside, before, after)
	}
}

func uptime(t *testing.T, s string) float64 {
	f, err := strconv.ParseFloat(strings.Fields(s + " x")[0], 64)
	if err != nil {
		t.Fatalf("uptime %q: %v", s, err)
	}
	return f
}

// idsTarget runs as uid 5, gid 6 in a user namespace mapping 0-65535 to
// 100000-165535 outside, where it is 100005: --setuid follow must use the
// IDs seen inside.
func idsTarget(t *testing.T) *target {
	nstest.RequireRoot(t)
	cmd := exec.Command("sleep", "1000")
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWIPC,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 100000, Size: 65536}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 100000, Size: 65536}},
		Credential:  &syscall.Credential{Uid: 5, Gid: 6, NoSetGroups: true},
	}
	return startTarget(t, cmd)
}

func TestCredentials(t *testing.T) {
	full, rootless, ids := fullTarget(t), rootlessTarget(t), idsTarget(t)
	idsCmd := []string{"sh", "-c", "echo $(id -u) $(id -g) $(id -G)"}
	for _, tc := range []struct {
		args []string
		want string
		same bool // util-linux 2.38 prints the same
	}{
		{[]string{"-t", full.arg(), "-i", "-S", "1234", "-G", "5678"}, "1234 5678 5678\n", true},
		{[]string{"-t", full.arg(), "-i", "-S", "1234"}, "1234 0 0\n", true},
		{[]string{"-t", rootless.arg(), "-U"}, "0 0 0\n", true},
		{[]string{"-t", rootless.arg(), "-U", "--preserve-credentials"}, "65534 65534 65534\n", true},
		{[]string{"-t", rootless.arg(), "-a"}, "0 0 0\n", true},
		{[]string{"-t", ids.arg(), "-U"}, "0 0 0\n", true},
		{[]string{"-t", ids.arg(), "-U", "-S", "follow", "-G", "follow"}, "5 6 6\n", false},
		{[]string{"-t", ids.arg(), "-U", "-S", "7"}, "7 0 0\n", true},
		{[]string{"-t", full.arg(), "-i", "-G", "follow"}, "0 0 0\n", false},
	} {
		args := append(tc.args, idsCmd...)
		g := nstest.Run(t, nil, "", ours(t, args...)...)
		if g.Code != 0 || g.Stdout != tc.want {
			t.Errorf("gonsenter %q: %v, want %q", args, g, tc.want)
		}
		if tc.same {
			if u := nstest.Run(t, nil, "", utilLinux(t, args...)...); u.Stdout != g.Stdout {
				t.Errorf("gonsenter %q: %q, util-linux %v", args, g.Stdout, u)
			}
		}
	}
	// --keep-caps (util-linux 2.39): the capabilities of the user
	// namespace stay, as ambient ones.
	for _, keep := range []bool{false, true} {
		args := []string{"-t", rootless.arg(), "-U"}
		if keep {
			args = append(args, "--keep-caps")
		}
		args = append(args, "grep", "CapAmb", "/proc/self/status")
		g := nstest.Run(t, nil, "", ours(t, args...)...)
		ambient := !strings.HasSuffix(g.Stdout, "\t0000000000000000\n")
		if g.Code != 0 || ambient != keep {
			t.Errorf("gonsenter %q: %v", args, g)
		}
	}
}

// privateCopy copies the gonsenter binary where an unprivileged user can
// run it.
func privateCopy(t *testing.T) string {
	dir, err := os.MkdirTemp("", "gonsenter-user-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	b, err := os.ReadFile(nstest.Binary(t, "gonsenter"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "gonsenter")
	if err := os.WriteFile(path, b, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRootlessOwner enters a rootless container as the user who made it:
// the user namespace must be joined first, then the rest.
func TestRootlessOwner(t *testing.T) {
	tg := rootlessTarget(t)
	bin := privateCopy(t)
	id := strconv.Itoa(unprivileged)
	as := []string{"setpriv", "--reuid=" + id, "--regid=" + id, "--clear-groups"}
	show := []string{"sh", "-c", "echo $(id -u) $(hostname) $(readlink /proc/self/ns/net)"}
	want := "0 rootless " + links(t, tg.pid)["net"] + "\n"
	for _, opts := range [][]string{
		{"-U", "-u", "-n", "-m", "-p", "-i", "-C", "-T"},
		{"-a"},
		{"-U", "-u", "-n", "--preserve-credentials"},
	} {
		args := append(append([]string{"-t", tg.arg()}, opts...), show...)
		g := nstest.Run(t, nil, "", append(append(as, bin), args...)...)
		if g.Code != 0 || g.Stdout != want {
			t.Errorf("gonsenter %q as the owner: %v, want %q", args, g, want)
		}
		// util-linux stops when it cannot drop the supplementary groups
		// (util-linux issue #3553); with --preserve-credentials it agrees.
		u := nstest.Run(t, nil, "", append(append(as, "nsenter"), args...)...)
		if opts[len(opts)-1] == "--preserve-credentials" {
			if u.Stdout != g.Stdout {
				t.Errorf("util-linux: %v", u)
			}
		} else if u.Stderr != "nsenter: setgroups failed: Operation not permitted\n" {
			t.Logf("util-linux now says %v", u)
		}
	}
	// Without the user namespace the owner has no right to the others.
	args := append([]string{"-t", tg.arg(), "-n"}, show...)
	g := nstest.Run(t, nil, "", append(append(as, bin), args...)...)
	u := nstest.Run(t, nil, "", append(append(as, "nsenter"), args...)...)
	if g.Code != 1 || g.Stderr != "gonsenter: reassociate to namespace 'ns/net' failed: Operation not permitted\n" || asUtilLinux(g.Stderr) != u.Stderr {
		t.Errorf("gonsenter %q without -U: %v\nutil-linux: %v", args, g, u)
	}
}

func TestUserParent(t *testing.T) {
	nstest.RequireRoot(t)
	// The outer unshare stays in the first user namespace; sleep is in a
	// second one, inside the first.
	tg := startTarget(t, exec.Command("unshare", "-Ur", "-f", "unshare", "-Ur", "sleep", "1000"))
	outer := links(t, tg.cmd.Process.Pid)["user"]
	if outer == links(t, tg.pid)["user"] {
		t.Fatal("the target's user namespace is not nested")
	}
	for _, opts := range [][]string{{"--user-parent"}, {"-U", "--user-parent"}, {"--user-parent", "-u"}} {
		args := append(append([]string{"-t", tg.arg()}, opts...), "readlink", "/proc/self/ns/user")
		if g := nstest.Run(t, nil, "", ours(t, args...)...); g.Code != 0 || g.Stdout != outer+"\n" {
			t.Errorf("gonsenter %q: %v, want %s", args, g, outer)
		}
	}
	// No file of ours, the parent namespace's included, reaches the program.
	want := nstest.Run(t, nil, "", "ls", "/proc/self/fd").Stdout
	if g := nstest.Run(t, nil, "", ours(t, "-t", tg.arg(), "--user-parent", "ls", "/proc/self/fd")...); g.Stdout != want {
		t.Errorf("--user-parent: the program has the files %q, want %q", g.Stdout, want)
	}
}

func TestNetns(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWNS) {
		return
	}
	nstest.Tool(t, "ip")
	// ip netns mounts on /run/netns: keep it in this mount namespace.
	if err := syscall.Mount("none", "/run", "tmpfs", 0, ""); err != nil {
		t.Fatal(err)
	}
	if r := nstest.Run(t, nil, "", "ip", "netns", "add", "gonstools"); r.Code != 0 {
		t.Fatalf("ip netns add: %v", r)
	}
	defer nstest.Run(t, nil, "", "ip", "netns", "delete", "gonstools")
	var st syscall.Stat_t
	if err := syscall.Stat("/run/netns/gonstools", &st); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("net:[%d]\n", st.Ino)
	g := nstest.Run(t, nil, "", ours(t, "--netns", "gonstools", "readlink", "/proc/self/ns/net")...)
	u := nstest.Run(t, nil, "", utilLinux(t, "--net=/run/netns/gonstools", "readlink", "/proc/self/ns/net")...)
	if g.Code != 0 || g.Stdout != want || u.Stdout != want {
		t.Errorf("--netns: %v, util-linux --net=/run/netns/NAME: %v, want %q", g, u, want)
	}
	if r := nstest.Run(t, nil, "", ours(t, "--netns", "nonesuch", "true")...); r.Code != 1 ||
		r.Stderr != "gonsenter: cannot open /run/netns/nonesuch: No such file or directory\n" {
		t.Errorf("--netns nonesuch: %v", r)
	}
}

// TestNetSocket enters the network namespace of a socket another process
// holds, here a child of this test in a network namespace of its own.
func TestNetSocket(t *testing.T) {
	if os.Getenv("GONSENTER_SOCKET_HELPER") != "" {
		fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(fd)
		time.Sleep(time.Hour) // until the test kills us
		return
	}
	nstest.RequireRoot(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestNetSocket$")
	cmd.Env = append(os.Environ(), "GONSENTER_SOCKET_HELPER=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	var fd int
	if _, err := fmt.Fscan(out, &fd); err != nil {
		t.Fatal(err)
	}
	want := links(t, cmd.Process.Pid)["net"]
	if want == ourLinks(t)["net"] {
		t.Fatal("the helper is in our network namespace")
	}
	p := strconv.Itoa(cmd.Process.Pid)
	g := nstest.Run(t, nil, "", ours(t, "-t", p, "-N", strconv.Itoa(fd), "readlink", "/proc/self/ns/net")...)
	if g.Code != 0 || g.Stdout != want+"\n" {
		t.Errorf("-N %d: %v, want %s", fd, g, want)
	}
	if g := nstest.Run(t, nil, "", ours(t, "-t", p, "-N", "0", "true")...); g.Code != 1 || !strings.Contains(g.Stderr, "Inappropriate ioctl") {
		t.Errorf("-N 0 (not a socket): %v", g)
	}
	if g := nstest.Run(t, nil, "", ours(t, "-N", "3", "true")...); g.Stderr != "gonsenter: no target PID specified\n" {
		t.Errorf("-N without a target: %v", g)
	}
}

func TestJoinCgroup(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWNS) {
		return
	}
	if err := syscall.Mount("none", "/sys/fs/cgroup", "cgroup2", 0, ""); err != nil {
		nstest.Require(t, false, "no cgroup v2 hierarchy: "+err.Error())
	}
	dir := fmt.Sprintf("/sys/fs/cgroup/gonstools-test-%d", os.Getpid())
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(dir)
	tg := startTarget(t, exec.Command("unshare", "-i", "sleep", "1000"))
	if err := os.WriteFile(dir+"/cgroup.procs", []byte(tg.arg()), 0); err != nil {
		t.Fatal(err)
	}
	defer tg.kill()
	for _, opts := range [][]string{{"-i", "-c"}, {"-i", "-p", "-c"}} {
		args := append(append([]string{"-t", tg.arg()}, opts...), "grep", "^0::", "/proc/self/cgroup")
		want := "0::/" + filepath.Base(dir) + "\n"
		if g := nstest.Run(t, nil, "", ours(t, args...)...); g.Code != 0 || g.Stdout != want {
			t.Errorf("gonsenter %q: %v, want %q", args, g, want)
		}
	}
	if g := nstest.Run(t, nil, "", ours(t, "-t", tg.arg(), "-i", "grep", "^0::", "/proc/self/cgroup")...); g.Stdout != "0::/\n" {
		t.Errorf("without -c: %v", g)
	}
}

// TestFileDescriptors lists the program's open files: it must see the
// ones it was given (0, 1, 2) and its own, never ours.
func TestFileDescriptors(t *testing.T) {
	full, rootless := fullTarget(t), rootlessTarget(t)
	list := []string{"ls", "/proc/self/fd"}
	want := nstest.Run(t, nil, "", list...).Stdout
	for _, args := range [][]string{
		{"-t", full.arg(), "-i", "-u"},
		{"-t", full.arg(), "-p", "-i"},
		{"-t", full.arg(), "-a"},
		{"-t", full.arg(), "-p", "-r", "-w", "-e", "-S", "follow", "-G", "follow"},
		{"-t", full.arg(), "-p", "-r"},
		{"-t", full.arg(), "-n"},
		{"-t", rootless.arg(), "-U"},
		{"-t", rootless.arg(), "-a", "-w"},
		{"--ipc=/proc/" + full.arg() + "/ns/ipc", "--uts=/proc/" + full.arg() + "/ns/uts"},
		{"-t", full.arg() + ":" + strconv.FormatUint(pidfdIno(t, full.pid), 10), "-T", "-p"},
	} {
		g := nstest.Run(t, nil, "", append(ours(t, args...), list...)...)
		if g.Code != 0 || g.Stdout != want {
			t.Errorf("gonsenter %q: %v, want %q", args, g, want)
		}
	}
}

func pidfdIno(t *testing.T, pid int) uint64 {
	fd, _, e := syscall.Syscall(434 /* pidfd_open */, uintptr(pid), 0, 0)
	if e != 0 {
		t.Fatalf("pidfd_open: %v", e)
	}
	defer syscall.Close(int(fd))
	var st syscall.Stat_t
	if err := syscall.Fstat(int(fd), &st); err != nil {
		t.Fatal(err)
	}
	return st.Ino
}

// TestTargetByPidfdInode addresses the target as PID:INODE (util-linux
// 2.42).
func TestTargetByPidfdInode(t *testing.T) {
	tg := fullTarget(t)
	ino := pidfdIno(t, tg.pid)
	g := nstest.Run(t, nil, "", ours(t, "-t", fmt.Sprintf("%d:%d", tg.pid, ino), "-u", "hostname")...)
	if g.Code != 0 || g.Stdout != "gonsenter-target\n" {
		t.Errorf("PID:INODE: %v", g)
	}
	g = nstest.Run(t, nil, "", ours(t, "-t", fmt.Sprintf("%d:%d", tg.pid, ino+1), "-u", "hostname")...)
	if want := fmt.Sprintf("gonsenter: pidfd inode %d not found for pid %d\n", ino+1, tg.pid); g.Code != 1 || g.Stderr != want {
		t.Errorf("a wrong inode: %v, want %q", g, want)
	}
}

// TestMessages compares failures with util-linux nsenter's, word for word
// where they agree.
func TestMessages(t *testing.T) {
	tg := fullTarget(t)
	p := tg.arg()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	d := strconv.Itoa(dead.Process.Pid)
	for _, tc := range []struct {
		args []string
		want string // our stderr; "" : as util-linux, whose status we share too
		code int
	}{
		{[]string{"-t", "999999", "-i", "true"}, "", 0},
		{[]string{"-t", d, "-i", "true"}, "", 0},
		{[]string{"-t", d, "-a", "true"}, "", 0},
		{[]string{"-t", d, "-r", "-i", "true"}, "", 0},
		{[]string{"-t", d, "-m", "-w", "true"}, "", 0},
		{[]string{"--ipc=/etc/passwd", "true"}, "", 0},
		{[]string{"--ipc=/nonexistent", "true"}, "", 0},
		{[]string{"-t", "abc", "-i", "true"}, "", 0},
		{[]string{"-t", "12x", "-i", "true"}, "", 0},
		{[]string{"-t", "", "-i", "true"}, "", 0},
		{[]string{"-i", "true"}, "", 0},
		{[]string{"-r", "true"}, "", 0},
		{[]string{"-w", "true"}, "", 0},
		{[]string{"-a", "true"}, "", 0},
		{[]string{"-x"}, "", 0},
		{[]string{"--foo"}, "", 0},
		{[]string{"--ipc", "--target"}, "", 0},
		{[]string{"-t", "abc", "-x"}, "", 0},
		{[]string{"-t", p, "-w", "-x", "-W/"}, "", 0},
		{[]string{"--ne", "true"}, "gonsenter: option '--ne' is ambiguous; possibilities: '--net' '--net-socket'\nTry 'gonsenter --help' for more information.\n", 1},
		{[]string{"--netn", "x", "true"}, "gonsenter: unrecognized option '--netn'\nTry 'gonsenter --help' for more information.\n", 1},
		{[]string{"-t", p, "-w", "-W", "/", "true"}, "", 0},
		{[]string{"-t", p, "-W/", "-w", "true"}, "", 0},
		{[]string{"-t", p, "-S", "abc", "-i", "true"}, "", 0},
		{[]string{"-t", p, "-G", "x", "-i", "true"}, "", 0},
		{[]string{"-t", p, "-U", "true"}, "", 0},
		{[]string{"-t", p, "-i", "nonexistent"}, "", 0},
		{[]string{"-t", p, "-i", "/etc"}, "", 0},
		{[]string{"-t", p, "-p", "nonexistent"}, "", 0},
		{[]string{"-t", p, "-i", "-r", "-w", "-S", "0", "-G", "0", "/etc"}, "", 0},
		// Where gonsenter says more, or refuses what util-linux 2.38 mangles.
		{[]string{"-t", p, "-iu", "true"}, "gonsenter: cannot open u: No such file or directory (-iu was read as --ipc=u: -i takes its value attached; write the options separately)\n", 1},
		{[]string{"-t", "-5", "-i", "true"}, "gonsenter: failed to parse pid: '-5'\n", 1},
		{[]string{"-t", "0", "-i", "true"}, "gonsenter: failed to parse pid: '0'\n", 1},
		{[]string{"-t", "4294967297", "-i", "true"}, "gonsenter: failed to parse pid: '4294967297'\n", 1},
		{[]string{"-t", "1", "-t", "2", "-i", "true"}, "gonsenter: option --target may be given only once\n", 1},
		{[]string{"-t", p, "-S", "-1", "-i", "true"}, "gonsenter: failed to parse uid: '-1': Numerical result out of range\n", 1},
		{[]string{"-t", p, "true"}, "gonsenter: no namespace specified\n", 1},
		{[]string{"true"}, "gonsenter: no namespace specified\n", 1},
		{[]string{"-t", p, "-i", "-r/etc/passwd", "true"}, "gonsenter: cannot open /etc/passwd: Not a directory\n", 1},
		{[]string{"-t", p, "-i", "-W", "/nonexistent", "true"}, "gonsenter: cannot change directory to /nonexistent: No such file or directory\n", 1},
	} {
		g := nstest.Run(t, nil, "", ours(t, tc.args...)...)
		if tc.want != "" {
			if g.Stderr != tc.want || g.Code != tc.code || g.Stdout != "" {
				t.Errorf("gonsenter %q: %v, want status %d and %q", tc.args, g, tc.code, tc.want)
			}
			continue
		}
		u := nstest.Run(t, nil, "", utilLinux(t, tc.args...)...)
		if asUtilLinux(g.Stderr) != u.Stderr || g.Code != u.Code || g.Code == 0 {
			t.Errorf("gonsenter %q: %v\nutil-linux: %v", tc.args, g, u)
		}
	}
}

// TestExitStatus checks that the program's status comes through, in
// place, forked for a PID namespace and run in a child for a user
// namespace, and that a program killed by a signal kills us with it.
func TestExitStatus(t *testing.T) {
	full, rootless := fullTarget(t), rootlessTarget(t)
	for _, mode := range [][]string{{"-t", full.arg(), "-i"}, {"-t", full.arg(), "-p"}, {"-t", rootless.arg(), "-U"}} {
		for _, tc := range []struct {
			script string
			code   int
			sig    syscall.Signal
		}{
			{"exit 3", 3, 0},
			{"exit 0", 0, 0},
			{"kill -TERM $$", -1, syscall.SIGTERM},
			{"kill -USR1 $$", -1, syscall.SIGUSR1},
		} {
			g := nstest.Run(t, nil, "", append(ours(t, mode...), "sh", "-c", tc.script)...)
			if g.Code != tc.code || g.Signal != tc.sig {
				t.Errorf("gonsenter %q sh -c %q: %v, want status %d signal %d", mode, tc.script, g, tc.code, tc.sig)
			}
			u := nstest.Run(t, nil, "", append(utilLinux(t, mode...), "sh", "-c", tc.script)...)
			if u.Code != g.Code || u.Signal != g.Signal {
				t.Errorf("gonsenter %q sh -c %q: %v, util-linux %v", mode, tc.script, g, u)
			}
		}
	}
}

// TestSignalsForwarded sends signals to gonsenter while it waits for a
// program in a PID or user namespace: the program must get them.
func TestSignalsForwarded(t *testing.T) {
	full, rootless := fullTarget(t), rootlessTarget(t)
	for _, mode := range [][]string{{"-t", full.arg(), "-p"}, {"-t", rootless.arg(), "-U", "-p"}, {"-t", rootless.arg(), "-U"}} {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT} {
			name := strings.TrimPrefix(sigName(sig), "SIG")
			script := fmt.Sprintf(`trap 'exit 7' %s; echo ready; while :; do sleep 0.05; done`, name)
			argv := append(ours(t, mode...), "sh", "-c", script)
			cmd := exec.Command(argv[0], argv[1:]...)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 6)
			if n, err := out.Read(buf); err != nil || string(buf[:n]) != "ready\n" {
				t.Fatalf("%q: program said %q, %v", mode, buf[:n], err)
			}
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("%q: %s did not reach the program", mode, name)
			}
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 7 {
				t.Errorf("%q: after %s: %v, want the program's trap status 7", mode, name, err)
			}
		}
	}
}

func sigName(s syscall.Signal) string {
	return map[syscall.Signal]string{syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT", syscall.SIGHUP: "SIGHUP", syscall.SIGQUIT: "SIGQUIT"}[s]
}

// TestDefaultShell runs $SHELL, else /bin/sh, as a login shell.
func TestDefaultShell(t *testing.T) {
	tg := fullTarget(t)
	script := "echo $0 $(readlink /proc/$$/ns/uts)\n"
	want := links(t, tg.pid)["uts"]
	for _, env := range [][]string{{"SHELL=/bin/sh"}, nil} {
		if env == nil {
			env = []string{"SHELL=/bin/bash", "PATH=/usr/bin:/bin"}
			if _, err := os.Stat("/bin/bash"); err != nil {
				continue
			}
		}
		g := nstest.Run(t, env, script, ours(t, "-t", tg.arg(), "-u")...)
		u := nstest.Run(t, env, script, utilLinux(t, "-t", tg.arg(), "-u")...)
		if g.Code != 0 || g.Stdout != u.Stdout || !strings.HasSuffix(g.Stdout, " "+want+"\n") || g.Stdout[0] != '-' {
			t.Errorf("env %q: %v\nutil-linux %v", env, g, u)
		}
	}
	// Without SHELL, util-linux 2.42 (not 2.38.1) runs our login shell.
	var shell string
	b, _ := os.ReadFile("/etc/passwd")
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Split(line, ":"); len(f) >= 7 && f[2] == strconv.Itoa(os.Getuid()) && shell == "" {
			shell = f[6]
		}
	}
	if g := nstest.Run(t, []string{"PATH=/usr/bin:/bin"}, "echo $0\n", ours(t, "-t", tg.arg(), "-u")...); g.Stdout != "-"+filepath.Base(shell)+"\n" {
		t.Errorf("without SHELL: %v, want the login shell %s", g, shell)
	}
	// --env takes the target's environment, and its SHELL.
	g := nstest.Run(t, []string{"SHELL=/nonexistent", "MINE=1"}, "env\n", ours(t, "-t", tg.arg(), "-u", "-e")...)
	if g.Code != 0 || strings.Contains(g.Stdout, "MINE=1") || strings.Contains(g.Stdout, "nonexistent") {
		t.Errorf("--env: %v", g)
	}
}

// TestTargetExits races gonsenter against targets that exit while it
// runs: each attempt must either enter the target's namespaces or fail
// with a message, never enter others, hang or crash.
func TestTargetExits(t *testing.T) {
	nstest.RequireRoot(t)
	entered, failed := 0, 0
	for i := 0; i < 40; i++ {
		// The target lives 3 ms from its exec of sleep; gonsenter starts
		// 0 to 4 ms after that and needs about 2 ms to join.
		cmd := exec.Command("unshare", "-iu", "sleep", "0.003")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		pid := cmd.Process.Pid
		var want map[string]string
		for want == nil {
			select {
			case <-done:
				want = map[string]string{} // gone before it ran sleep
				continue
			default:
			}
			if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); strings.HasSuffix(exe, "/sleep") {
				ipc, err1 := os.Readlink(fmt.Sprintf("/proc/%d/ns/ipc", pid))
				uts, err2 := os.Readlink(fmt.Sprintf("/proc/%d/ns/uts", pid))
				want = map[string]string{"ipc": ipc, "uts": uts}
				if err1 != nil || err2 != nil {
					want = map[string]string{}
				}
			}
		}
		if len(want) == 0 {
			<-done
			continue
		}
		time.Sleep(time.Duration(i) * 100 * time.Microsecond)
		g := nstest.Run(t, nil, "", ours(t, "-t", strconv.Itoa(pid), "-i", "-u", "sh", "-c", "readlink /proc/self/ns/ipc /proc/self/ns/uts")...)
		switch {
		case g.Code == 0 && g.Stdout == want["ipc"]+"\n"+want["uts"]+"\n":
			entered++
		case g.Code == 1 && g.Stdout == "" && strings.HasPrefix(g.Stderr, "gonsenter: ") && strings.Count(g.Stderr, "\n") == 1:
			failed++
		default:
			t.Errorf("attempt %d: %v", i, g)
		}
		<-done
	}
	t.Logf("entered %d times, failed cleanly %d times", entered, failed)

	// A target that has exited but not been reaped (a zombie).
	zombie := exec.Command("true")
	if err := zombie.Start(); err != nil {
		t.Fatal(err)
	}
	defer zombie.Wait()
	for i := 0; ; i++ {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", zombie.Process.Pid))
		if f := strings.Fields(string(b)); len(f) > 2 && f[2] == "Z" {
			break
		}
		if i == 5000 {
			t.Fatal("no zombie")
		}
		time.Sleep(time.Millisecond)
	}
	z := strconv.Itoa(zombie.Process.Pid)
	for _, opts := range [][]string{{"-i"}, {"-p"}, {"-i", "-r"}, {"-U"}} {
		g := nstest.Run(t, nil, "", append(ours(t, append([]string{"-t", z}, opts...)...), "true")...)
		if g.Code != 1 || !strings.HasPrefix(g.Stderr, "gonsenter: ") || !(strings.Contains(g.Stderr, "No such process") || strings.Contains(g.Stderr, "No such file")) {
			t.Errorf("zombie target, %q: %v", opts, g)
		}
	}
}

// TestSignalMatrix sends every terminating signal to gonsenter while its
// program runs, with the signal at its default and ignored at start, and
// compares how gonsenter ends with how util-linux's nsenter ends: in
// place, forked for a PID namespace, and in the child util-linux does not
// need for a user namespace, which must be invisible.
func TestSignalMatrix(t *testing.T) {
	full, rootless := fullTarget(t), rootlessTarget(t)
	for _, mode := range [][]string{{"-t", full.arg(), "-i"}, {"-t", full.arg(), "-p"}, {"-t", rootless.arg(), "-U"}, {"-t", rootless.arg(), "-U", "-p"}} {
		for _, sig := range nstest.TerminatingSignals {
			for _, ignored := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%d/ignored=%v", strings.Join(mode[2:], ""), sig, ignored), func(t *testing.T) {
					t.Parallel()
					g, u := nstest.SignaledBoth(t, append(ours(t, mode...), nstest.Ready...), append(utilLinux(t, mode...), nstest.Ready...), sig, ignored)
					if g.Code != u.Code || g.Signal != u.Signal || g.Stderr != "" {
						t.Errorf("gonsenter: %v\nutil-linux: %v", g, u)
					}
				})
			}
		}
	}
}

// TestJobControl: an interactive shell run through gonsenter's forks (for a
// PID namespace, and for a user namespace, which util-linux enters without
// one) can be suspended and brought back, and Ctrl-Z stops a program and
// gonsenter together.
func TestJobControl(t *testing.T) {
	full, rootless := fullTarget(t), rootlessTarget(t)
	term := nstest.NewTerminal(t)
	us := nstest.Binary(t, "gonsenter")
	for _, mode := range []string{"-t " + full.arg() + " -p", "-t " + rootless.arg() + " -U"} {
		cmd := "SHELL=/bin/bash " + us + " " + mode + " bash --norc --noprofile"
		term.Type(cmd)
		term.Type("PS1='inner$ '; echo in")
		term.WaitFor("\nin\ninner$ ")
		term.Type("suspend")
		term.WaitFor("Stopped                 " + cmd + "\n$ ")
		term.Type("fg")
		term.WaitFor("inner$ ")
		term.Type("exit 6")
		term.WaitFor("$ ")
		term.Status(6)

		term.Type(us + " " + mode + " sleep 60")
		term.WaitForProgram("sleep")
		term.Key("C-z")
		term.WaitFor("Stopped                 " + us + " " + mode + " sleep 60\n$ ")
		term.Type("fg")
		term.WaitForProgram("sleep")
		term.Key("C-c")
		term.WaitFor("$ ")
		term.Status(130)
	}
}

// TestStartState: signals ignored and standard descriptors closed when
// gonsenter starts are so in the program too, as with util-linux.
func TestStartState(t *testing.T) {
	full, rootless := fullTarget(t), rootlessTarget(t)
	for _, mode := range []string{"-t " + full.arg() + " -i", "-t " + full.arg() + " -p", "-t " + rootless.arg() + " -U"} {
		for _, script := range []string{
			"trap '' HUP INT QUIT USR1 PIPE TERM WINCH URG 40; exec %s grep SigIgn /proc/self/status",
			"exec %s sh -c 'for fd in 0 1 2; do [ -e /proc/self/fd/$fd ] && echo $fd open >&3 || echo $fd closed >&3; done' 3>&1 <&- 2>&-",
		} {
			g := nstest.Run(t, nil, "", "sh", "-c", fmt.Sprintf(script, strings.Join(ours(t), " ")+" "+mode))
			u := nstest.Run(t, nil, "", "sh", "-c", fmt.Sprintf(script, strings.Join(utilLinux(t), " ")+" "+mode))
			if g.Stdout != u.Stdout || g.Stdout == "" {
				t.Errorf("%s: %q, util-linux %q", fmt.Sprintf(script, "gonsenter "+mode), g.Stdout, u.Stdout)
			}
		}
	}
}

// nsID is the namespace ID (NS_GET_ID) of /proc/PID/ns/NAME.
func nsID(t *testing.T, pid int, name string) string {
	f, err := os.Open(fmt.Sprintf("/proc/%d/ns/%s", pid, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	id, err := ns.ID(f)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatUint(id, 10)
}

// TestNamespaceIDs enters namespaces named by their IDs (util-linux 2.42's
// --net=:ID forms), every type of the target's, and checks the messages.
func TestNamespaceIDs(t *testing.T) {
	tg := fullTarget(t)
	want := links(t, tg.pid)
	for _, name := range []string{"ipc", "uts", "net", "mnt", "cgroup", "pid", "time"} {
		long := map[string]string{"mnt": "mount"}[name]
		if long == "" {
			long = name
		}
		arg := "--" + long + "=:" + nsID(t, tg.pid, name)
		if name == "mnt" {
			// The target's /proc is of its own PID namespace, where we
			// are not: look at its files instead.
			if g := nstest.Run(t, nil, "", ours(t, arg, "ls", "/mnt")...); g.Code != 0 || g.Stdout != "marker\n" {
				t.Errorf("%s: %v, want the target's /mnt", arg, g)
			}
			continue
		}
		g := nstest.Run(t, nil, "", ours(t, arg, "readlink", "/proc/self/ns/"+name)...)
		if g.Code != 0 || strings.TrimSpace(g.Stdout) != want[name] {
			t.Errorf("%s: %v, want %s", arg, g, want[name])
		}
	}
	uts := nsID(t, tg.pid, "uts")
	for _, c := range []struct{ args, err string }{
		{"--uts=:x", "gonsenter: failed to parse nsid: x\n"},
		{"--uts=:", "gonsenter: failed to parse nsid: \n"},
		{"--uts=:-1", "gonsenter: failed to parse nsid: -1\n"},
		{"--uts=:4611686018427387904", "gonsenter: cannot open namespace of id 4611686018427387904\n"},
		{"--net=:" + uts, "gonsenter: reassociate to namespace 'ns/net' failed: Invalid argument\n"},
	} {
		g := nstest.Run(t, nil, "", ours(t, c.args, "true")...)
		if g.Code != 1 || g.Stderr != c.err {
			t.Errorf("%s: %v, want %q", c.args, g, c.err)
		}
	}
}

// TestFollowContextWithoutSELinux: -Z is accepted, and ignored when
// SELinux is off, as util-linux built with SELinux support does.
func TestFollowContextWithoutSELinux(t *testing.T) {
	tg := fullTarget(t)
	for _, args := range [][]string{{"-Z", "-t", tg.arg(), "-u", "hostname"}, {"--follow-context", "-u", "hostname"}} {
		g := nstest.Run(t, nil, "", ours(t, args...)...)
		u := nstest.Run(t, nil, "", utilLinux(t, args...)...)
		if g.Code != u.Code || g.Stdout != u.Stdout || asUtilLinux(g.Stderr) != u.Stderr {
			t.Errorf("%q: %v\nutil-linux: %v", args, g, u)
		}
	}
}
