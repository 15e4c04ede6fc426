// SPDX-License-Identifier: Apache-2.0

//go:build linux

package gounshare

import (
	"bufio"
	"bytes"
	"fmt"
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
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) { nstest.Main(m) }

func ours(t *testing.T, args ...string) []string {
	return append([]string{nstest.Binary(t, "gounshare")}, args...)
}

// utilLinux is util-linux unshare, run by name so that getopt's messages
// (which use argv[0]) read like ours.
func utilLinux(t *testing.T, args ...string) []string {
	nstest.Tool(t, "unshare")
	return append([]string{"unshare"}, args...)
}

// listNS prints "name link" for every namespace of the reading process.
const listNS = `for f in /proc/self/ns/*; do echo "${f##*/} $(readlink $f)"; done`

// nsLinks parses listNS output.
func nsLinks(t *testing.T, out string) map[string]string {
	links := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		name, link, ok := strings.Cut(line, " ")
		if !ok {
			t.Fatalf("odd namespace line %q", line)
		}
		links[name] = link
	}
	return links
}

// changed lists the namespaces whose links differ from base.
func changed(base, now map[string]string) string {
	var out []string
	for name, link := range now {
		if base[name] != link {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// TestNamespacesMatchUtilLinux checks, flag set by flag set, that the
// program's namespaces that differ from ours are those util-linux unshare
// gives it.
func TestNamespacesMatchUtilLinux(t *testing.T) {
	nstest.RequireRoot(t)
	base := nsLinks(t, nstest.Run(t, nil, "", "sh", "-c", listNS).Stdout)
	for _, flags := range [][]string{
		{"-i"}, {"-u"}, {"-n"}, {"-m"}, {"-p"}, {"-C"}, {"-T"}, {"-U"},
		{"-fp"}, {"-iu"}, {"-r"}, {"-c"}, {"-U", "-i", "-n"}, {"-fpiu", "--mount-proc"},
		{"-imnpuCT", "-f"}, {"-Ur", "-f", "-p", "-m"}, {"--map-user=1000", "--map-group=1000"},
		{"--ipc", "--uts"}, {"-a"}, // -a is not an unshare option: both must refuse it
	} {
		t.Run(strings.Join(flags, ""), func(t *testing.T) {
			u := nstest.Run(t, nil, "", append(utilLinux(t, flags...), "sh", "-c", listNS)...)
			g := nstest.Run(t, nil, "", append(ours(t, flags...), "sh", "-c", listNS)...)
			if u.Code != g.Code {
				t.Fatalf("exit status %d, util-linux %d\nours: %s\nutil-linux: %s", g.Code, u.Code, g.Stderr, u.Stderr)
			}
			if u.Code != 0 {
				if want := strings.ReplaceAll(u.Stderr, "unshare", "gounshare"); g.Stderr != want {
					t.Errorf("stderr %q, want %q", g.Stderr, want)
				}
				return
			}
			want, got := changed(base, nsLinks(t, u.Stdout)), changed(base, nsLinks(t, g.Stdout))
			if got != want || got == "" {
				t.Errorf("changed namespaces %q, util-linux %q", got, want)
			}
		})
	}
}

func TestHostnameIsolated(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWUTS) {
		return
	}
	before, _ := os.Hostname()
	r := nstest.Run(t, nil, "", ours(t, "-u", "sh", "-c", "hostname container001 && hostname")...)
	if r.Code != 0 || r.Stdout != "container001\n" {
		t.Fatalf("inside: %+v", r)
	}
	if after, _ := os.Hostname(); after != before {
		t.Fatalf("our hostname changed from %q to %q", before, after)
	}
}

// rootPropagation returns the optional fields of "/" in mountinfo text:
// "shared:N", "master:N" or "" (private).
func rootPropagation(t *testing.T, mountinfo string) string {
	for _, line := range strings.Split(mountinfo, "\n") {
		f := strings.Fields(line)
		if len(f) > 6 && f[4] == "/" {
			var tags []string
			for _, x := range f[6:] {
				if x == "-" {
					break
				}
				tags = append(tags, strings.Split(x, ":")[0])
			}
			return strings.Join(tags, " ")
		}
	}
	t.Fatalf("no / in mountinfo:\n%s", mountinfo)
	return ""
}

func TestMountIsolationAndPropagation(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWNS) {
		return
	}
	// Make / shared here (in our private test namespace) so that the
	// default recursive-private step of -m is visible.
	if err := unix.Mount("none", "/", "", unix.MS_REC|unix.MS_SHARED, ""); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := nstest.Run(t, nil, "", ours(t, "-m", "sh", "-c", "mount -t tmpfs gonstest "+dir+" && grep -c gonstest /proc/self/mountinfo")...)
	if r.Code != 0 || r.Stdout != "1\n" {
		t.Fatalf("mount inside: %+v", r)
	}
	if mi, _ := os.ReadFile("/proc/self/mountinfo"); bytes.Contains(mi, []byte("gonstest")) {
		t.Fatal("a mount made in gounshare -m reached the parent namespace")
	}
	for _, prop := range []string{"", "private", "shared", "slave", "unchanged"} {
		args := []string{"-m"}
		if prop != "" {
			args = append(args, "--propagation", prop)
		}
		u := nstest.Run(t, nil, "", append(utilLinux(t, args...), "cat", "/proc/self/mountinfo")...)
		g := nstest.Run(t, nil, "", append(ours(t, args...), "cat", "/proc/self/mountinfo")...)
		if gp, up := rootPropagation(t, g.Stdout), rootPropagation(t, u.Stdout); gp != up {
			t.Errorf("--propagation %q: / is %q, util-linux %q", prop, gp, up)
		}
	}
}

func TestMountProcShowsOnlyTheNamespace(t *testing.T) {
	nstest.RequireRoot(t)
	r := nstest.Run(t, nil, "", ours(t, "-fp", "--mount-proc", "sh", "-c", `echo $$; ls /proc | grep -E '^[0-9]+$' | wc -l`)...)
	if r.Code != 0 {
		t.Fatalf("%+v", r)
	}
	lines := strings.Fields(r.Stdout)
	// sh is PID 1; the pipeline adds at most three processes.
	if len(lines) != 2 || lines[0] != "1" {
		t.Fatalf("output %q", r.Stdout)
	}
	if n, _ := strconv.Atoi(lines[1]); n < 1 || n > 4 {
		t.Fatalf("%s processes visible in the new /proc", lines[1])
	}
	// --mount-proc's proc is nosuid,nodev,noexec.
	r = nstest.Run(t, nil, "", ours(t, "-fp", "--mount-proc", "grep", " /proc ", "/proc/self/mounts")...)
	if !strings.Contains(r.Stdout, "nosuid,nodev,noexec") {
		t.Fatalf("proc mount options: %q", r.Stdout)
	}
}

// TestUserMapsMatchUtilLinux compares uid_map, gid_map and setgroups.
func TestUserMapsMatchUtilLinux(t *testing.T) {
	nstest.RequireRoot(t)
	const show = "cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; id -u; id -g"
	for _, flags := range [][]string{
		{"-r"}, {"-c"}, {"-U"}, {"--map-user=1000"}, {"--map-group=100"},
		{"--map-user=1000", "--map-group=100"}, {"--map-user=root", "--map-group=root"},
		{"-r", "--setgroups=deny"}, {"-U", "--setgroups=allow"}, {"-r", "-f"},
		{"-r", "--setgroups=allow"},
	} {
		t.Run(strings.Join(flags, " "), func(t *testing.T) {
			u := nstest.Run(t, nil, "", append(utilLinux(t, flags...), "sh", "-c", show)...)
			g := nstest.Run(t, nil, "", append(ours(t, flags...), "sh", "-c", show)...)
			if g.Stdout != u.Stdout || g.Code != u.Code {
				t.Errorf("ours (%d):\n%s%s\nutil-linux (%d):\n%s%s", g.Code, g.Stdout, g.Stderr, u.Code, u.Stdout, u.Stderr)
			}
		})
	}
}

// TestMultiRangeMaps writes maps util-linux 2.38.1 can only write through
// newuidmap; as root we write them ourselves.
func TestMultiRangeMaps(t *testing.T) {
	nstest.RequireRoot(t)
	r := nstest.Run(t, nil, "", ours(t, "--map-users=0:100000:1000", "--map-users=2000,5000,10", "--map-groups=0:100000:65536",
		"sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map")...)
	want := []string{"0 100000 1000", "5000 2000 10", "0 100000 65536"}
	got := strings.Fields(strings.Join(strings.Fields(r.Stdout), " "))
	var lines []string
	for i := 0; i+2 < len(got); i += 3 {
		lines = append(lines, strings.Join(got[i:i+3], " "))
	}
	sort.Strings(lines)
	sort.Strings(want)
	if strings.Join(lines, "|") != strings.Join(want, "|") || r.Code != 0 {
		t.Fatalf("maps %q (%s), want %q", lines, r.Stderr, want)
	}
}

func TestTimeOffsets(t *testing.T) {
	nstest.RequireRoot(t)
	uptime := func(out string) float64 {
		f, err := strconv.ParseFloat(strings.Fields(out)[0], 64)
		if err != nil {
			t.Fatalf("uptime %q: %v", out, err)
		}
		return f
	}
	host, _ := os.ReadFile("/proc/uptime")
	for _, extra := range [][]string{nil, {"-f"}, {"-r"}} {
		args := append([]string{"-T", "--boottime", "100000", "--monotonic", "-5"}, extra...)
		r := nstest.Run(t, nil, "", append(ours(t, args...), "cat", "/proc/uptime")...)
		if r.Code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
		if d := uptime(r.Stdout) - uptime(string(host)); d < 99990 || d > 100100 {
			t.Errorf("%v: boottime moved by %.0f s, want 100000", args, d)
		}
	}
	r := nstest.Run(t, nil, "", ours(t, "--monotonic", "5", "true")...)
	if r.Code != 1 || r.Stderr != "gounshare: options --monotonic and --boottime require unsharing of a time namespace (-T)\n" {
		t.Errorf("--monotonic without -T: %+v", r)
	}
}

// TestPersistentNamespaces binds namespaces on files and enters them again
// with util-linux nsenter. The mount namespace has a test of its own.
func TestPersistentNamespaces(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWNS) {
		return
	}
	nsenter := nstest.Tool(t, "nsenter")
	dir := privateDir(t)
	kinds := []string{"ipc", "uts", "net", "cgroup", "pid", "time", "user"}
	for _, fork := range []bool{false, true} {
		args := []string{}
		if fork {
			args = append(args, "-f")
		}
		files := map[string]string{}
		for _, k := range kinds {
			if k == "pid" && !fork {
				continue // a PID namespace without its first process cannot be bound
			}
			files[k] = filepath.Join(dir, fmt.Sprint(k, fork))
			os.WriteFile(files[k], nil, 0o644)
			args = append(args, "--"+k+"="+files[k])
		}
		r := nstest.Run(t, nil, "", append(ours(t, args...), "sh", "-c", listNS)...)
		if r.Code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
		inside := nsLinks(t, r.Stdout)
		for k, f := range files {
			want := inside[k]
			if k == "pid" || k == "time" {
				want = inside[k+"_for_children"]
			}
			if got := nsOfFile(t, f, k); got != want {
				t.Errorf("fork=%v --%s: file holds %s, the program had %s", fork, k, got, want)
			}
			// util-linux nsenter can enter it again.
			if k == "ipc" || k == "uts" || k == "net" {
				e := nstest.Run(t, nil, "", nsenter, "--"+k+"="+f, "readlink", "/proc/self/ns/"+k)
				if strings.TrimSpace(e.Stdout) != want {
					t.Errorf("nsenter --%s=%s: %+v, want %s", k, f, e, want)
				}
			}
			unix.Unmount(f, unix.MNT_DETACH)
		}
	}
}

// privateDir is a temporary directory on a private tmpfs of its own, as
// --mount=FILE needs.
func privateDir(t *testing.T) string {
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
	if err := unix.Mount("", dir, "", unix.MS_PRIVATE, ""); err != nil {
		t.Fatal(err)
	}
	return dir
}

// nsOfFile names the namespace a bind-mounted file holds: "ipc:[4026532...]".
func nsOfFile(t *testing.T, f, kind string) string {
	var st unix.Stat_t
	if err := unix.Stat(f, &st); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s:[%d]", kind, st.Ino)
}

// TestPersistentMountNamespace binds a mount namespace on a file. Kernel
// 6.18 refuses such a bind (EINVAL, "namespace loop") whenever the new
// namespace got a lower sequence number than ours, which its per-CPU
// numbering does when the two were made on different CPUs; util-linux
// 2.38.1 fails the same way. So every run is pinned to one CPU, each CPU in
// turn, and a refusal must be util-linux's too.
func TestPersistentMountNamespace(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWNS) {
		return
	}
	dir := privateDir(t)
	f := filepath.Join(dir, "mnt")
	os.WriteFile(f, nil, 0o644)
	var cpus unix.CPUSet
	if err := unix.SchedGetaffinity(0, &cpus); err != nil {
		t.Fatal(err)
	}
	bound := 0
	for cpu := 0; cpu < 1024 && cpu < cpus.Count()*64; cpu++ {
		if !cpus.IsSet(cpu) {
			continue
		}
		for _, fork := range []string{"-m", "-fm", "-rm"} {
			g := pinned(t, cpu, append(ours(t, fork, "--mount="+f), "readlink", "/proc/self/ns/mnt")...)
			u := pinned(t, cpu, append(utilLinux(t, fork, "--mount="+f), "true")...)
			for unix.Unmount(f, unix.MNT_DETACH) == nil {
			}
			if g.Code != 0 {
				if u.Code == 0 || !strings.HasSuffix(g.Stderr, "failed: Invalid argument\n") {
					t.Errorf("cpu %d %s: %+v, util-linux %+v", cpu, fork, g, u)
				}
				continue
			}
			bound++
		}
	}
	if bound == 0 {
		t.Fatal("no mount namespace could be bound on any CPU")
	}
}

// pinned runs argv with its CPU affinity set to one CPU.
func pinned(t *testing.T, cpu int, argv ...string) nstest.Result {
	t.Helper()
	return nstest.Run(t, nil, "", append([]string{"taskset", "-c", strconv.Itoa(cpu)}, argv...)...)
}

// TestFailedBindLeavesNothing checks that a persistent namespace whose
// second bind fails leaves no first bind behind.
func TestFailedBindLeavesNothing(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWNS) {
		return
	}
	f := filepath.Join(t.TempDir(), "ipc")
	os.WriteFile(f, nil, 0o644)
	for _, fork := range []string{"-i", "-fi"} {
		r := nstest.Run(t, nil, "", ours(t, fork, "--ipc="+f, "--uts=/nonexistent/uts", "true")...)
		if r.Code != 1 || !strings.Contains(r.Stderr, "/ns/uts on /nonexistent/uts failed: No such file or directory") {
			t.Errorf("%s: %+v", fork, r)
		}
		if mi, _ := os.ReadFile("/proc/self/mountinfo"); bytes.Contains(mi, []byte(f)) {
			t.Errorf("%s: the bind mount on %s was left behind", fork, f)
		}
	}
}

func TestExitStatusAndSignals(t *testing.T) {
	nstest.RequireRoot(t)
	cases := []struct {
		args []string
		code int
		sig  syscall.Signal
		err  string
	}{
		{[]string{"-i", "sh", "-c", "exit 7"}, 7, 0, ""},
		{[]string{"-f", "sh", "-c", "exit 7"}, 7, 0, ""},
		{[]string{"-r", "sh", "-c", "exit 9"}, 9, 0, ""},
		{[]string{"-f", "sh", "-c", "kill -9 $$"}, -1, syscall.SIGKILL, ""},
		{[]string{"-f", "sh", "-c", "kill -TERM $$"}, -1, syscall.SIGTERM, ""},
		{[]string{"-f", "sh", "-c", "kill -SEGV $$"}, -1, syscall.SIGSEGV, ""},
		{[]string{"-U", "sh", "-c", "kill -INT $$"}, -1, syscall.SIGINT, ""},
		{[]string{"-i", "/nonexistent/prog"}, 127, 0, "gounshare: failed to execute /nonexistent/prog: No such file or directory\n"},
		{[]string{"-i", "no-such-program-anywhere"}, 127, 0, "gounshare: failed to execute no-such-program-anywhere: No such file or directory\n"},
		{[]string{"-f", "/etc/passwd"}, 126, 0, "gounshare: failed to execute /etc/passwd: Permission denied\n"},
		{[]string{"-r", "/"}, 126, 0, "gounshare: failed to execute /: Permission denied\n"},
	}
	for _, c := range cases {
		r := nstest.Run(t, nil, "", ours(t, c.args...)...)
		if r.Code != c.code || r.Signal != c.sig || r.Stderr != c.err || r.Core {
			t.Errorf("%v: exit %d signal %v core %v stderr %q; want %d %v %q", c.args, r.Code, r.Signal, r.Core, r.Stderr, c.code, c.sig, c.err)
		}
	}
}

func TestDefaultProgramIsLoginShell(t *testing.T) {
	nstest.RequireRoot(t)
	env := append(os.Environ(), "SHELL=/bin/sh")
	for _, flags := range []string{"-i", "-f", "-r"} {
		r := nstest.Run(t, env, "echo $0\n", ours(t, flags)...)
		u := nstest.Run(t, env, "echo $0\n", utilLinux(t, flags)...)
		if r.Stdout != u.Stdout || r.Stdout != "-sh\n" {
			t.Errorf("%s: $0 = %q, util-linux %q", flags, r.Stdout, u.Stdout)
		}
	}
	var env2 []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SHELL=") {
			env2 = append(env2, kv)
		}
	}
	// util-linux 2.42 (not 2.38.1) then runs the user's login shell.
	want := "-" + filepath.Base(loginShell(t)) + "\n"
	if r := nstest.Run(t, env2, "echo $0\n", ours(t, "-i")...); r.Stdout != want {
		t.Errorf("without $SHELL: $0 = %q, want %q", r.Stdout, want)
	}
}

// loginShell is our login shell from /etc/passwd, or /bin/sh.
func loginShell(t *testing.T) string {
	b, _ := os.ReadFile("/etc/passwd")
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, ":")
		if len(f) >= 7 && f[2] == strconv.Itoa(os.Getuid()) && f[6] != "" {
			return f[6]
		}
	}
	return "/bin/sh"
}

// TestNoDescriptorLeaks lists the program's descriptors in every mode.
func TestNoDescriptorLeaks(t *testing.T) {
	nstest.RequireRoot(t)
	list := `ls /proc/self/fd | sort -n | tr '\n' ' '`
	want := nstest.Run(t, nil, "", "sh", "-c", list).Stdout
	for _, flags := range []string{"-i", "-f", "-r", "-fp"} {
		if r := nstest.Run(t, nil, "", ours(t, flags, "--ipc", "sh", "-c", list)...); r.Stdout != want {
			t.Errorf("%s: descriptors %q, want %q", flags, r.Stdout, want)
		}
	}
}

func TestIgnoredSignalsStayIgnored(t *testing.T) {
	nstest.RequireRoot(t)
	// Every signal ignored when gounshare starts is ignored in the program,
	// as with util-linux, whatever the Go runtime did in between.
	for _, flags := range []string{"-i", "-f", "-r", "-fp"} {
		// WINCH and URG are signals the runtime handles even when they
		// were ignored, and BehaveLikeC leaves to it.
		script := "trap '' HUP INT QUIT USR1 SEGV PIPE TERM WINCH URG 40; exec "
		g := nstest.Run(t, nil, "", "sh", "-c", script+strings.Join(ours(t, flags), " ")+" grep SigIgn /proc/self/status")
		u := nstest.Run(t, nil, "", "sh", "-c", script+strings.Join(utilLinux(t, flags), " ")+" grep SigIgn /proc/self/status")
		var set uint64
		fmt.Sscanf(g.Stdout, "SigIgn:\t%x", &set)
		const want = 1<<0 | 1<<1 | 1<<2 | 1<<9 | 1<<12 | 1<<14 | 1<<22 | 1<<27 | 1<<39 // (sh does not ignore SEGV)
		if g.Stdout != u.Stdout || set&want != want {
			t.Errorf("%s: %q, util-linux %q", flags, g.Stdout, u.Stdout)
		}
	}
}

// TestClosedStandardDescriptors: a descriptor 0, 1 or 2 closed when
// gounshare starts is closed in the program too (the Go runtime opens
// /dev/null there, util-linux does not).
func TestClosedStandardDescriptors(t *testing.T) {
	nstest.RequireRoot(t)
	list := ` sh -c 'for fd in 0 1 2; do [ -e /proc/self/fd/$fd ] && echo $fd open >&3 || echo $fd closed >&3; done' 3>&1`
	for _, flags := range []string{"-i", "-f", "-r"} {
		for _, redirect := range []string{"<&-", "2>&-", "<&- 2>&-", ">&-"} {
			g := nstest.Run(t, nil, "", "sh", "-c", strings.Join(ours(t, flags), " ")+list+" "+redirect)
			u := nstest.Run(t, nil, "", "sh", "-c", strings.Join(utilLinux(t, flags), " ")+list+" "+redirect)
			if g.Stdout != u.Stdout || !strings.Contains(g.Stdout, "closed") {
				t.Errorf("%s %s: %q, util-linux %q", flags, redirect, g.Stdout, u.Stdout)
			}
		}
	}
}

func TestKillChild(t *testing.T) {
	nstest.RequireRoot(t)
	for _, opt := range []string{"--kill-child", "--kill-child=TERM", "--kill-child=sigusr1"} {
		cmd := exec.Command(ours(t, opt, "sh", "-c", "echo $$; exec sleep 60")[0], opt, "sh", "-c", "echo $$; exec sleep 60")
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 32)
		n, _ := out.Read(buf)
		child, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
		if err != nil {
			t.Fatalf("%s: child pid %q", opt, buf[:n])
		}
		cmd.Process.Kill()
		cmd.Wait()
		deadline := time.Now().Add(5 * time.Second)
		for unix.Kill(child, 0) == nil {
			if time.Now().After(deadline) {
				unix.Kill(child, unix.SIGKILL)
				t.Fatalf("%s: child %d outlived gounshare", opt, child)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func TestForwardSignals(t *testing.T) {
	nstest.RequireRoot(t)
	cmd := exec.Command(nstest.Binary(t, "gounshare"), "--forward-signals", "sh", "-c",
		`trap 'echo got TERM; exit 3' TERM; echo ready; while :; do sleep 0.05; done`)
	var out bytes.Buffer
	pipe, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	if _, err := pipe.Read(buf); err != nil || string(buf) != "ready\n" {
		t.Fatalf("child did not start: %q %v", buf, err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	out.ReadFrom(pipe)
	err := cmd.Wait()
	ee, _ := err.(*exec.ExitError)
	if out.String() != "got TERM\n" || ee == nil || ee.ExitCode() != 3 {
		t.Fatalf("forwarded SIGTERM: output %q, %v", out.String(), err)
	}
}

func TestRootAndWorkingDirectory(t *testing.T) {
	nstest.RequireRoot(t)
	dir := t.TempDir()
	if r := nstest.Run(t, nil, "", ours(t, "-w", dir, "pwd")...); r.Stdout != dir+"\n" {
		t.Errorf("-w: %+v", r)
	}
	if r := nstest.Run(t, nil, "", ours(t, "-R", "/", "-w", "/tmp", "pwd")...); r.Stdout != "/tmp\n" {
		t.Errorf("-R -w: %+v", r)
	}
	if r := nstest.Run(t, nil, "", ours(t, "-R", "/", "pwd")...); r.Stdout != "/\n" {
		t.Errorf("-R: %+v", r)
	}
	r := nstest.Run(t, nil, "", ours(t, "-w", "/nonexistent", "pwd")...)
	u := nstest.Run(t, nil, "", utilLinux(t, "-w", "/nonexistent", "pwd")...)
	if r.Code != 1 || r.Stderr != strings.ReplaceAll(u.Stderr, "unshare:", "gounshare:") {
		t.Errorf("-w /nonexistent: %+v, util-linux %+v", r, u)
	}
}

func TestSetuidSetgid(t *testing.T) {
	nstest.RequireRoot(t)
	for _, args := range [][]string{{"-S", "1000", "-G", "100"}, {"-r", "-S", "0", "-G", "0"}, {"-S1000"}} {
		show := []string{"sh", "-c", "id -u; id -g; id -G"}
		u := nstest.Run(t, nil, "", append(utilLinux(t, args...), show...)...)
		g := nstest.Run(t, nil, "", append(ours(t, args...), show...)...)
		u.Stderr = strings.ReplaceAll(u.Stderr, "unshare:", "gounshare:")
		if g != u {
			t.Errorf("%v: ours %+v, util-linux %+v", args, g, u)
		}
	}
}

func TestEnvironment(t *testing.T) {
	nstest.RequireRoot(t)
	env := []string{"A=1", "B=2", "PATH=/usr/bin:/bin"}
	if r := nstest.Run(t, env, "", ours(t, "--clear-env", "/usr/bin/env")...); r.Stdout != "" {
		t.Errorf("--clear-env: %q", r.Stdout)
	}
	if r := nstest.Run(t, env, "", ours(t, "--whitelist-env=B,PATH", "env")...); r.Stdout != "B=2\nPATH=/usr/bin:/bin\n" {
		t.Errorf("--whitelist-env: %q", r.Stdout)
	}
}

func TestBadInput(t *testing.T) {
	cases := []struct {
		args []string
		err  string
	}{
		{[]string{"--map-users=a,b,c", "true"}, "gounshare: invalid mapping 'a,b,c'\n"},
		{[]string{"--propagation", "bad", "true"}, "gounshare: unsupported propagation mode: bad\n"},
		{[]string{"--kill-child=bogus", "true"}, "gounshare: unknown signal: bogus\n"},
		{[]string{"--kill-child=9", "true"}, "gounshare: unknown signal: 9\n"},
		{[]string{"--setgroups=maybe", "true"}, "gounshare: unsupported --setgroups argument 'maybe'\n"},
		{[]string{"-S", "abc", "true"}, "gounshare: failed to parse uid: 'abc'\n"},
		{[]string{"--map-user=no-such-user-here", "true"}, "gounshare: failed to parse uid: 'no-such-user-here'\n"},
		{[]string{"-T", "--monotonic", "x", "true"}, "gounshare: failed to parse monotonic offset: 'x'\n"},
		{[]string{"--owner", "1", "true"}, "gounshare: failed to parse owner\n"},
		{[]string{"-x"}, "gounshare: invalid option -- 'x'\nTry 'gounshare --help' for more information.\n"},
		{[]string{"--bogus"}, "gounshare: unrecognized option '--bogus'\nTry 'gounshare --help' for more information.\n"},
		{[]string{"--fork=1"}, "gounshare: option '--fork' doesn't allow an argument\nTry 'gounshare --help' for more information.\n"},
		{[]string{"-S"}, "gounshare: option requires an argument -- 'S'\nTry 'gounshare --help' for more information.\n"},
		// util-linux acts on each option as getopt returns it.
		{[]string{"--propagation", "bad", "-x"}, "gounshare: unsupported propagation mode: bad\n"},
		{[]string{"-x", "--propagation", "bad"}, "gounshare: invalid option -- 'x'\nTry 'gounshare --help' for more information.\n"},
		// Empty and zero values are values (util-linux 2.42).
		{[]string{"--map-users=0:0:0", "true"}, "gounshare: invalid mapping '0:0:0'\n"},
		{[]string{"--map-groups=0,0,0", "true"}, "gounshare: invalid mapping '0,0,0'\n"},
		{[]string{"--map-users=-1:0:1", "true"}, "gounshare: invalid mapping '-1:0:1'\n"},
		{[]string{"-R", "", "true"}, "gounshare: cannot change root directory to '': No such file or directory\n"},
		{[]string{"--root=", "true"}, "gounshare: cannot change root directory to '': No such file or directory\n"},
		{[]string{"-w", "", "true"}, "gounshare: cannot chdir to '': No such file or directory\n"},
		{[]string{"--wd=", "true"}, "gounshare: cannot chdir to '': No such file or directory\n"},
		{[]string{"--mount-proc=", "true"}, "gounshare: mount  failed: No such file or directory\n"},
		{[]string{"--mount-binfmt=", "true"}, "gounshare: mount  failed: No such file or directory\n"},
		// Numbers as util-linux 2.42 reads them (ul_strtou64).
		{[]string{"-S", "-1", "true"}, "gounshare: failed to parse uid: '-1': Numerical result out of range\n"},
		{[]string{"-G", "4294967296", "true"}, "gounshare: failed to parse gid: '4294967296': Numerical result out of range\n"},
		{[]string{"-S", "1x", "true"}, "gounshare: failed to parse uid: '1x'\n"},
		{[]string{"-S", "", "true"}, "gounshare: failed to parse uid: ''\n"},
		{[]string{"-T", "--boottime", "9223372036854775808", "true"}, "gounshare: failed to parse boottime offset: '9223372036854775808': Numerical result out of range\n"},
		{[]string{"--kill-child=RTMIN+31", "true"}, "gounshare: unknown signal: RTMIN+31\n"},
	}
	for _, c := range cases {
		r := nstest.Run(t, nil, "", ours(t, c.args...)...)
		if r.Code != 1 || r.Stderr != c.err || r.Stdout != "" {
			t.Errorf("%v: exit %d stderr %q, want 1 %q", c.args, r.Code, r.Stderr, c.err)
		}
	}
}

// TestNumbersAsUtilLinux: the number forms util-linux accepts (C's
// strtoul: leading space, "+") are accepted the same way by both tools.
func TestNumbersAsUtilLinux(t *testing.T) {
	nstest.RequireRoot(t)
	for _, args := range [][]string{{"--setuid=+0"}, {"--setuid= 0"}, {"-S", "\t0"}, {"--setgid=+0"}, {"-T", "--monotonic=+5"},
		{"-T", "--boottime= -5"}, {"--kill-child=RTMIN+2"}, {"--kill-child=rtmax-0"}} {
		g := nstest.Run(t, nil, "", append(ours(t, args...), "true")...)
		u := nstest.Run(t, nil, "", append(utilLinux(t, args...), "true")...)
		if g.Code != 0 || g.Code != u.Code {
			t.Errorf("%q: %v, util-linux %v", args, g, u)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	r := nstest.Run(t, nil, "", ours(t, "--help")...)
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "\nUsage:\n gounshare [options] [<program> [<argument>...]]\n") ||
		!strings.Contains(r.Stdout, " -m, --mount[=<file>]      unshare mounts namespace\n") {
		t.Errorf("--help: %+v", r)
	}
	if r := nstest.Run(t, nil, "", ours(t, "-V")...); r.Code != 0 || !strings.HasPrefix(r.Stdout, "gounshare from gonstools ") {
		t.Errorf("-V: %+v", r)
	}
}

// TestBinfmt registers an interpreter in a binfmt_misc instance of a new
// user namespace: inside, a file with the extension runs through it;
// outside, nothing changed.
func TestBinfmt(t *testing.T) {
	nstest.RequireRoot(t)
	f := filepath.Join(t.TempDir(), "x.gonstest")
	os.WriteFile(f, []byte("shown by cat\n"), 0o755)
	const def = ":gonstest:E::gonstest::/bin/cat:"
	for _, args := range [][]string{
		{"-rfp", "--mount-binfmt", "-l", def},
		{"-rfp", "--mount-binfmt=/proc/sys/fs/binfmt_misc", "--mount-proc", "--load-interp=" + def},
		{"-rfp", "-R", "/", "--mount-binfmt", "-l", def + "F"}, // registered before the root changes
	} {
		r := nstest.Run(t, nil, "", append(ours(t, args...), f)...)
		if r.Code != 0 || r.Stdout != "shown by cat\n" {
			t.Errorf("%v: %v", args, r)
		}
	}
	r := nstest.Run(t, nil, "", ours(t, "-rfp", "--mount-binfmt", "-l", "not a definition", "true")...)
	if r.Code != 1 || r.Stderr != "gounshare: write failed /proc/sys/fs/binfmt_misc/register: Invalid argument\n" {
		t.Errorf("bad definition: %v", r)
	}
	if _, err := os.Stat("/proc/sys/fs/binfmt_misc/gonstest"); err == nil {
		t.Error("the interpreter reached the host's binfmt_misc")
	}
}

// TestSignalMatrix sends every terminating signal to gounshare while its
// program runs, with the signal at its default and ignored at start, and
// compares how gounshare ends with how util-linux's unshare ends: in
// place, forked (which ignores SIGINT and SIGTERM while it waits), and
// with the child util-linux does not make (-r), which must be invisible.
func TestSignalMatrix(t *testing.T) {
	nstest.RequireRoot(t)
	for _, mode := range [][]string{{"-i"}, {"-f", "-i"}, {"-r"}, {"-fp", "--mount-proc"}, {"--forward-signals"}} {
		for _, sig := range nstest.TerminatingSignals {
			for _, ignored := range []bool{false, true} {
				name := fmt.Sprintf("%s/%d/ignored=%v", strings.Join(mode, ""), sig, ignored)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					oracle := utilLinux(t, mode...)
					if mode[0] == "--forward-signals" {
						oracle = utilLinux(t, "-f") // --forward-signals is newer than 2.38.1
					}
					g, u := nstest.SignaledBoth(t, append(ours(t, mode...), nstest.Ready...), append(oracle, nstest.Ready...), sig, ignored)
					if mode[0] == "--forward-signals" && !ignored && (sig == syscall.SIGINT || sig == syscall.SIGTERM) {
						// The program gets them and dies of them; other
						// signals end us as they end a forked unshare.
						u = nstest.Result{Code: -1, Signal: sig}
					}
					if g.Code != u.Code || g.Signal != u.Signal || g.Stderr != "" {
						t.Errorf("gounshare: %v\nutil-linux: %v", g, u)
					}
				})
			}
		}
	}
}

// TestKillChildInPIDNamespace: --kill-child checks that its parent did not
// die before it asked for the signal, which getppid(2) cannot tell in a
// new PID namespace (it is 0 there).
func TestKillChildInPIDNamespace(t *testing.T) {
	nstest.RequireRoot(t)
	for _, args := range [][]string{
		{"--pid", "--fork", "--kill-child"},
		{"-fp", "--kill-child", "--mount-proc"},
		{"-Urfp", "--kill-child"},
		{"-Urfp", "--kill-child=SIGTERM", "--mount-proc"},
		{"-U", "-p", "--kill-child"},
		{"--owner", "1000:1000", "--user", "--fork", "--kill-child"},
		{"--owner", "1000:1000", "--user", "--pid", "--fork", "--kill-child", "--mount-proc"},
	} {
		g := nstest.Run(t, nil, "", append(ours(t, args...), "sh", "-c", `echo $$`)...)
		if args[0] == "--owner" && args[3] != "--pid" {
			// (--owner is newer than util-linux 2.38.1.) Not in a new PID
			// namespace: the program is not 1, and not gounshare either.
			if g.Code != 0 || g.Stdout == "1\n" || g.Stdout == "" || g.Stderr != "" {
				t.Errorf("%q: %v", args, g)
			}
			continue
		}
		if g.Code != 0 || g.Stdout != "1\n" || g.Stderr != "" {
			t.Errorf("%q: %v", args, g)
		}
		if args[0] != "--owner" {
			if u := nstest.Run(t, nil, "", append(utilLinux(t, args...), "sh", "-c", `echo $$`)...); u != g {
				t.Errorf("%q: %v, util-linux %v", args, g, u)
			}
		}
	}
	// And it still kills: the program outlives nothing.
	for _, args := range [][]string{{"-fp", "--kill-child", "--mount-proc"}, {"-Urfp", "--kill-child"}} {
		argv := append(ours(t, args...), "sh", "-c", "echo $PPID; exec sleep 60")
		cmd := exec.Command(argv[0], argv[1:]...)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The program is PID 1 of its namespace: find it from outside.
		line, _ := bufio.NewReader(out).ReadString('\n')
		if line != "0\n" {
			t.Errorf("%q: the program's parent is %q, want 0 (outside its PID namespace)", args, line)
		}
		prog := descendant(t, cmd.Process.Pid, "sleep")
		cmd.Process.Kill()
		cmd.Wait()
		waitGone(t, prog, fmt.Sprintf("%q: the program", args))
	}
}

// descendant finds the process running the named program among pid's
// descendants.
func descendant(t *testing.T, pid int, prog string) int {
	t.Helper()
	for i := 0; i < 5000; i++ {
		queue := []int{pid}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", p)); strings.HasSuffix(exe, "/"+prog) {
				return p
			}
			tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", p))
			for _, f := range tasks {
				b, _ := os.ReadFile(f)
				for _, c := range strings.Fields(string(b)) {
					n, _ := strconv.Atoi(c)
					queue = append(queue, n)
				}
			}
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("no %s under %d", prog, pid)
	return 0
}

// waitGone waits up to five seconds for pid to end, and kills it if not.
func waitGone(t *testing.T, pid int, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for unix.Kill(pid, 0) == nil {
		if b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); strings.Contains(string(b), ") Z ") {
			return // a zombie: ended, its parent will reap it
		}
		if time.Now().After(deadline) {
			unix.Kill(pid, unix.SIGKILL)
			t.Errorf("%s (%d) outlived gounshare", what, pid)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestImplicitChildIsTransparent: with a user namespace and no --fork the
// program runs in a child util-linux does not make; seen from outside, it
// must be as if gounshare had been replaced by the program.
func TestImplicitChildIsTransparent(t *testing.T) {
	nstest.RequireRoot(t)
	// timeout(1) sends SIGTERM to gounshare only: the program must get it.
	start := time.Now()
	r := nstest.Run(t, nil, "", append([]string{"timeout", "0.5"}, ours(t, "-r", "sleep", "20")...)...)
	if r.Code != 124 || time.Since(start) > 15*time.Second {
		t.Errorf("timeout 0.5 gounshare -r sleep 20: %v after %v, want status 124 at once", r, time.Since(start))
	}
	// A program that handles a signal gets it and decides.
	for _, sig := range []string{"TERM", "INT", "HUP", "USR1", "QUIT", "WINCH", "CONT"} {
		argv := ours(t, "-r", "sh", "-c", "trap 'echo got "+sig+"; exit 7' "+sig+"; echo ready; while :; do sleep 0.05; done")
		g := nstest.Signaled(t, argv, unix.SignalNum("SIG"+sig), false)
		if g.Code != 7 || g.Stdout != "got "+sig+"\n" {
			t.Errorf("SIG%s: %v, want the program's trap and status 7", sig, g)
		}
	}
	// SIGKILL cannot be passed on: the program dies with gounshare.
	cmd := exec.Command(nstest.Binary(t, "gounshare"), "-r", "sh", "-c", "echo ready; exec sleep 60")
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	bufio.NewReader(out).ReadString('\n')
	prog := descendant(t, cmd.Process.Pid, "sleep")
	cmd.Process.Kill()
	cmd.Wait()
	waitGone(t, prog, "the program of a SIGKILLed gounshare -r")
}

// TestJobControl drives an interactive bash in tmux: Ctrl-Z on a program
// run through gounshare's implicit child stops it and gounshare (the shell
// reports the job stopped), fg continues both, and an inner shell's own job
// control and "suspend" work as if gounshare were not there.
func TestJobControl(t *testing.T) {
	nstest.RequireRoot(t)
	term := nstest.NewTerminal(t)
	us := nstest.Binary(t, "gounshare")
	term.Type(us + " -r sleep 60")
	term.WaitForProgram("sleep")
	term.Key("C-z")
	term.WaitFor("Stopped                 " + us + " -r sleep 60\n$ ")
	term.Expect("jobs -l | grep -c Stopped", "1")
	term.Type("fg")
	term.WaitFor(us + " -r sleep 60")
	term.WaitForProgram("sleep")
	term.Key("C-c")
	term.WaitFor("$ ")
	term.Status(130)

	// An inner interactive shell in a new user namespace.
	term.Type("SHELL=/bin/bash " + us + " -r bash --norc --noprofile")
	term.Type("PS1='inner$ '; id -u")
	term.WaitFor("\n0\ninner$ ")
	term.Type("sleep 60")
	term.WaitForProgram("sleep")
	term.Key("C-z")
	term.WaitFor("Stopped                 sleep 60\ninner$ ")
	term.Type("fg")
	term.WaitForProgram("sleep")
	term.Key("C-c")
	term.WaitFor("inner$ ")
	term.Type("suspend")
	term.WaitFor("Stopped                 SHELL=/bin/bash " + us + " -r bash --norc --noprofile\n$ ")
	term.Type("fg")
	term.WaitFor("inner$ ")
	term.Type("exit 5")
	term.WaitFor("$ ")
	term.Status(5)
}
