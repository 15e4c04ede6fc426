// SPDX-License-Identifier: Apache-2.0

//go:build linux

package enginetest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/nstest"
)

// dirEnv passes the sandbox's directory from the parent to the child.
const dirEnv = "GONSTOOLS_ENGINETEST_DIR"

// Sandbox is a test's private place to run engines.
type Sandbox struct {
	t *testing.T
	// Dir holds every root, socket and log of the sandbox.
	Dir string
	// Tag names the sandbox's cgroup parent, /Tag in every hierarchy.
	Tag string

	mounts []string // mountinfo at the start, less mount IDs
	rootfs string   // the busybox root file system as a tar file
	podmanState
	containerd *Containerd // started once, for containerd's tests and dockerd
}

// Need names an engine whose programs a test needs.
type Need int

// The engines.
const (
	NeedsDocker Need = iota
	NeedsContainerd
	NeedsPodman
)

// tools are the programs each engine needs.
var tools = map[Need][]string{
	NeedsDocker:     {"dockerd", dockerCLI, "containerd", "containerd-shim-runc-v2", "runc"},
	NeedsContainerd: {"containerd", "ctr", "containerd-shim-runc-v2", "runc"},
	NeedsPodman:     {"podman", "conmon", "runc"},
}

// Isolated runs t in a sandbox. In the test's own process it returns nil
// once the sandbox's child ran the test, after checking that the host was
// left as it was found; in the child it returns the sandbox. The programs
// of the engines named are looked for first, in the test's process: where
// one is missing the test is skipped, or fails under CI=true.
func Isolated(t *testing.T, engines ...Need) *Sandbox {
	t.Helper()
	if !nstest.InChild(t) {
		if e := nstest.Emulator(); e != "" {
			// The engines are the host's programs; their tests run in
			// the native suite.
			t.Skipf("%s: engines are not run under a user-mode emulator", e)
		}
		nstest.RequireRoot(t)
		busybox(t)
		for _, e := range engines {
			for _, tool := range tools[e] {
				nstest.Tool(t, tool)
			}
		}
		dir, err := os.MkdirTemp("", "ge")
		if err != nil {
			t.Fatal(err)
		}
		t.Setenv(dirEnv, dir)
		before := snapshotHost(t, dir)
		// Checked even when the child failed.
		t.Cleanup(func() {
			before.compare(t, snapshotHost(t, dir))
			for _, cg := range cgroupDirs(tag(dir)) {
				unix.Rmdir(cg) // reported above
			}
			if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the sandbox's directory %s is left", dir)
				os.RemoveAll(dir)
			}
		})
		nstest.InNamespaces(t, unix.CLONE_NEWNS|unix.CLONE_NEWPID)
		return nil
	}
	dir := os.Getenv(dirEnv)
	if dir == "" || os.Getpid() != 1 {
		t.Fatalf("enginetest: not in a sandbox (dir %q, PID %d)", dir, os.Getpid())
	}
	sb := &Sandbox{t: t, Dir: dir, Tag: tag(dir)}
	if err := unix.Mount("proc", "/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		t.Fatalf("mount /proc: %v", err)
	}
	// Fresh /run, /var/lib, /var/cache and /dev/shm: the engines keep
	// files at fixed places there (containerd's shim sockets, runc's
	// state, podman's image blob cache, short-name aliases and lock
	// file), whatever their roots.
	for _, dir := range []string{"/run", "/var/lib", "/var/cache", "/dev/shm"} {
		if err := unix.Mount("tmpfs", dir, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=755"); err != nil {
			t.Fatalf("mount tmpfs on %s: %v", dir, err)
		}
	}
	sb.mounts = mountTable(t)
	t.Cleanup(sb.cleanup)
	return sb
}

// tag is the cgroup name of the sandbox in dir.
func tag(dir string) string { return "gonstools-" + filepath.Base(dir) }

// cleanup runs after every engine's own cleanup: it checks that nothing
// of theirs is left, then removes whatever is.
func (sb *Sandbox) cleanup() {
	t := sb.t
	// Processes: only the test (PID 1) may remain.
	reap()
	for _, p := range processes() {
		if p.pid != 1 {
			t.Errorf("process left in the sandbox: %d %s", p.pid, p.cmdline)
			syscall.Kill(p.pid, syscall.SIGKILL)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); len(processes()) > 1 && time.Now().Before(deadline); {
		reap()
		time.Sleep(10 * time.Millisecond)
	}
	// Mounts: those of the start only.
	now := mountTable(t)
	var extra []string
	for _, m := range now {
		if !slices.Contains(sb.mounts, m) {
			extra = append(extra, m)
		}
	}
	for i := len(extra) - 1; i >= 0; i-- {
		t.Errorf("mount left in the sandbox: %s", extra[i])
		unix.Unmount(strings.Fields(extra[i])[1], unix.MNT_DETACH)
	}
	// Cgroups: the parent given to the engines, and what they left in it.
	for _, dir := range cgroupDirs(sb.Tag) {
		if err := unix.Rmdir(dir); err != nil {
			t.Errorf("remove cgroup %s: %v", dir, err)
		}
	}
	if err := os.RemoveAll(sb.Dir); err != nil {
		t.Errorf("remove the sandbox: %v", err)
	}
}

// reap collects every exited child: the daemons' orphans (shims,
// conmon) are the sandbox's, PID 1's, children.
func reap() {
	for {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, unix.WNOHANG, nil)
		if pid <= 0 || err != nil {
			return
		}
	}
}

// mountTable returns the mount table of this mount namespace, one line
// per mount without the mount and parent IDs: "major:minor mountpoint
// fstype source", in the table's order.
func mountTable(t testing.TB) []string {
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(line)
		sep := slices.Index(f, "-")
		if len(f) < 5 || sep < 0 || sep+2 >= len(f) {
			t.Fatalf("mountinfo line %q", line)
		}
		out = append(out, f[2]+" "+f[4]+" "+f[sep+1]+" "+f[sep+2])
	}
	return out
}

// process is a process of this PID namespace.
type process struct {
	pid     int
	comm    string
	cmdline string
}

// processes lists the processes that /proc shows.
func processes() []process {
	ents, _ := os.ReadDir("/proc")
	var out []process
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		cmd, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		out = append(out, process{pid, strings.TrimSpace(string(comm)), strings.TrimSpace(string(bytes.ReplaceAll(cmd, []byte{0}, []byte{' '})))})
	}
	return out
}

// cgroupDirs returns every cgroup directory named tag and all below
// them, deepest first.
func cgroupDirs(tag string) []string {
	var dirs []string
	filepath.WalkDir("/sys/fs/cgroup", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if strings.Contains(path, "/"+tag) {
			dirs = append(dirs, path)
		}
		return nil
	})
	slices.Reverse(dirs) // a directory comes after its parent in the walk
	return dirs
}

// engineComms are the command names of the engines' processes.
var engineComms = []string{"dockerd", "containerd", "containerd-shim", "runc", "conmon", "podman", "docker-proxy", "catatonit"}

// watchedPaths are the engines' default places outside the sandbox,
// which a sandboxed engine must not touch.
var watchedPaths = []string{
	"/etc/docker", "/etc/containerd", "/etc/cni/net.d", "/etc/containers",
	"/var/lib/docker", "/var/lib/containerd", "/var/lib/containers", "/var/lib/cni",
	"/var/cache/containers", "/opt/containerd", "/run/docker", "/run/containerd",
	"/run/containers", "/run/libpod", "/run/runc", "/run/podman", "/run/netns",
	"/var/run/docker.sock", "/run/docker.pid", "/root/.docker", "/root/.config/containers",
	"/root/.local/share/containers",
	// podman's lock file; runtimes make device nodes (in the container's
	// /dev, never in the host's).
	"/dev/shm/libpod_lock", "/dev/null", "/dev/ptmx", "/dev/zero", "/dev/full",
}

// hostState is what the host must look like after a sandbox as before.
type hostState struct {
	mounts    []string
	links     []string
	iptables  string
	paths     map[string]string // path: its entries, or "absent"
	engines   map[int]string    // engine processes: PID: command line
	sandboxed []string          // processes mentioning the sandbox's directory
	cgroups   []string
}

func snapshotHost(t *testing.T, dir string) hostState {
	t.Helper()
	s := hostState{mounts: mountTable(t), paths: map[string]string{}, engines: map[int]string{}}
	slices.Sort(s.mounts)
	ents, err := os.ReadDir("/sys/class/net")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		s.links = append(s.links, e.Name())
	}
	if ipt, err := exec.LookPath("iptables"); err == nil {
		for _, table := range []string{"filter", "nat"} {
			out, err := exec.Command(ipt, "-w", "-t", table, "-S").CombinedOutput()
			if err != nil {
				t.Logf("iptables -t %s -S: %v: %s", table, err, out)
			}
			s.iptables += string(out)
		}
	}
	for _, p := range watchedPaths {
		s.paths[p] = describePath(p)
	}
	// Engine processes of this PID namespace: a sandbox's own never
	// leave theirs (and die with it), while other sandboxes, of tests
	// that run at the same time, have theirs in PID namespaces of their
	// own.
	myPIDNS, _ := os.Readlink("/proc/self/ns/pid")
	for _, p := range processes() {
		if slices.Contains(engineComms, p.comm) {
			if ns, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(p.pid), "ns", "pid")); err == nil && ns == myPIDNS {
				s.engines[p.pid] = p.cmdline
			}
		}
		if strings.Contains(p.cmdline, dir) {
			s.sandboxed = append(s.sandboxed, fmt.Sprintf("%d %s", p.pid, p.cmdline))
		}
	}
	s.cgroups = cgroupDirs(tag(dir))
	return s
}

// describePath is a path's kind and, for a directory, its entries.
func describePath(p string) string {
	fi, err := os.Lstat(p)
	if err != nil {
		return "absent"
	}
	if !fi.IsDir() {
		return fi.Mode().String()
	}
	ents, _ := os.ReadDir(p)
	names := []string{"dir:"}
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// compare reports every difference from after.
func (s hostState) compare(t *testing.T, after hostState) {
	t.Helper()
	diff := func(what string, before, now []string) {
		for _, x := range now {
			if !slices.Contains(before, x) {
				t.Errorf("host: %s appeared: %s", what, x)
			}
		}
		for _, x := range before {
			if !slices.Contains(now, x) {
				t.Errorf("host: %s vanished: %s", what, x)
			}
		}
	}
	diff("mount", s.mounts, after.mounts)
	diff("network interface", s.links, after.links)
	if s.iptables != after.iptables {
		t.Errorf("host: iptables rules changed:\nbefore:\n%s\nafter:\n%s", s.iptables, after.iptables)
	}
	for p, d := range s.paths {
		if after.paths[p] != d {
			t.Errorf("host: %s changed: %q, was %q", p, after.paths[p], d)
		}
	}
	for pid, cmd := range after.engines {
		if s.engines[pid] != cmd {
			t.Errorf("host: engine process appeared: %d %s", pid, cmd)
		}
	}
	diff("process of the sandbox", s.sandboxed, after.sandboxed)
	diff("cgroup", s.cgroups, after.cgroups)
}

// daemon is a process started by the sandbox and stopped by PID.
type daemon struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	log  string
}

// start starts argv with its output in a log file of the sandbox.
func (sb *Sandbox) start(t testing.TB, name string, env []string, argv ...string) *daemon {
	t.Helper()
	logPath := filepath.Join(sb.Dir, name+".log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = environ(env)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	d := &daemon{name: name, cmd: cmd, done: make(chan struct{}), log: logPath}
	go func() { cmd.Wait(); close(d.done) }()
	return d
}

// PID is the daemon's process ID.
func (d *daemon) PID() int { return d.cmd.Process.Pid }

// exited reports whether the daemon is gone.
func (d *daemon) exited() bool {
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// tail returns the end of the daemon's log, for a failure message.
func (d *daemon) tail() string {
	b, _ := os.ReadFile(d.log)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 15 {
		lines = lines[len(lines)-15:]
	}
	return "\t" + strings.Join(lines, "\n\t")
}

// waitReady polls ready until it succeeds, failing t if the daemon exits
// or a minute passes.
func (d *daemon) waitReady(t testing.TB, ready func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !ready(); time.Sleep(20 * time.Millisecond) {
		if d.exited() {
			t.Fatalf("%s exited while starting:\n%s", d.name, d.tail())
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready after a minute:\n%s", d.name, d.tail())
		}
	}
}

// waitAPI waits until an Engine API answers GET /_ping on sock.
func (d *daemon) waitAPI(t testing.TB, sock string) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
	}, Timeout: 2 * time.Second}
	defer client.CloseIdleConnections()
	d.waitReady(t, func() bool {
		resp, err := client.Get("http://engine/_ping")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
}

// stop sends SIGTERM to the daemon's PID and waits for it to exit,
// killing it after 20 seconds.
func (d *daemon) stop(t testing.TB) {
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.done:
		return
	case <-time.After(20 * time.Second):
	}
	t.Errorf("%s did not stop within 20s of SIGTERM; killed", d.name)
	d.cmd.Process.Kill()
	<-d.done
}

// engineEnv are variables that would send the engines' programs
// elsewhere than the sandbox (a remote podman, another containerd
// namespace...): the sandbox's commands run without them.
var engineEnv = []string{"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "CONTAINER_HOST", "CONTAINER_CONNECTION",
	"CONTAINERS_CONF", "CONTAINERS_STORAGE_CONF", "CONTAINERS_REGISTRIES_CONF", "CONTAINERD_ADDRESS",
	"CONTAINERD_NAMESPACE", "CONTAINERD_SNAPSHOTTER", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME"}

// Environ is this process's environment without the variables that
// would send an engine's programs, or a tool that asks engines, elsewhere
// than the sandbox (DOCKER_HOST, CONTAINER_HOST...), plus extra: what a
// tool under test runs with, to find the sandbox's engines at their
// default places.
func Environ(extra ...string) []string { return environ(extra) }

// environ is this process's environment without engineEnv, plus extra.
func environ(extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(engineEnv, name) {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// run runs a command to completion and returns its trimmed standard
// output; a failure, or more than two minutes, fails t.
func run(t testing.TB, env []string, argv ...string) string {
	t.Helper()
	out, err := tryRun(env, argv...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tryRun is run that returns its failure.
func tryRun(env []string, argv ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = environ(env)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %v\n%s%s", strings.Join(argv, " "), err, stdout.String(), stderr.String())
	}
	return strings.TrimSpace(stdout.String()), nil
}

// atoi reads the number a command printed, or fails t.
func atoi(t testing.TB, cmd, out string) int {
	t.Helper()
	n, err := strconv.Atoi(out)
	if err != nil {
		t.Fatalf("%s: not a number: %q", cmd, out)
	}
	return n
}

// lines splits command output into non-empty lines.
func lines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out
}
