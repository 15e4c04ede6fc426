// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcmk

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/nstest"
)

func TestMain(m *testing.M) { nstest.Main(m) }

// mqDir is where sandbox mounts the test's mqueue filesystem. (Not
// /dev/mqueue: creating that directory would change the host's /dev,
// which mount namespaces do not isolate.)
var mqDir string

// sandbox gives the calling test fresh IPC and mount namespaces with a
// private /dev/shm and an mqueue mount of its own at mqDir; it returns
// false in the parent.
func sandbox(t *testing.T) bool {
	t.Helper()
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC|unix.CLONE_NEWNS) {
		return false
	}
	if err := unix.Mount("tmpfs", "/dev/shm", "tmpfs", 0, "mode=1777"); err != nil {
		t.Fatal(err)
	}
	mqDir = t.TempDir()
	if err := unix.Mount("mqueue", mqDir, "mqueue", 0, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Unmount(mqDir, unix.MNT_DETACH) })
	unix.Umask(0o022)
	return true
}

type sysvRow struct {
	key, id, perms, size string // size: bytes for shm, nsems for sem
}

// sysvObjects reads /proc/sysvipc/{shm,msg,sem} of the namespace.
func sysvObjects(t *testing.T) map[string][]sysvRow {
	t.Helper()
	got := map[string][]sysvRow{}
	for _, kind := range []string{"shm", "msg", "sem"} {
		b, err := os.ReadFile("/proc/sysvipc/" + kind)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
		for _, l := range lines {
			f := strings.Fields(l)
			r := sysvRow{key: f[0], id: f[1], perms: f[2]}
			if kind != "msg" {
				r.size = f[3]
			}
			got[kind] = append(got[kind], r)
		}
	}
	return got
}

func dirNames(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		info, _ := e.Info()
		names = append(names, e.Name()+":"+strconv.FormatUint(uint64(info.Mode().Perm()), 8))
	}
	return strings.Join(names, " ")
}

func runIn(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return o.String(), e.String(), code
}

func TestCreate(t *testing.T) {
	if !sandbox(t) {
		return
	}
	out, errOut, code := runIn("-M", "1.5M", "-Q", "-S", "3", "-p", "0600")
	if code != 0 || errOut != "" || out != "Shared memory id: 0\nMessage queue id: 0\nSemaphore id: 0\n" {
		t.Fatalf("got %d %q %q", code, out, errOut)
	}
	objs := sysvObjects(t)
	if len(objs["shm"]) != 1 || objs["shm"][0].size != "1572864" || objs["shm"][0].perms != "600" {
		t.Errorf("shm: %+v", objs["shm"])
	}
	if len(objs["msg"]) != 1 || objs["msg"][0].perms != "600" {
		t.Errorf("msg: %+v", objs["msg"])
	}
	if len(objs["sem"]) != 1 || objs["sem"][0].size != "3" || objs["sem"][0].perms != "600" {
		t.Errorf("sem: %+v", objs["sem"])
	}
	for _, rows := range objs {
		if rows[0].key == "0" {
			t.Errorf("an object was made with key 0 (IPC_PRIVATE): %+v", objs)
		}
	}

	// The default mode, and POSIX objects (whose mode the umask trims, as
	// with glibc and util-linux).
	out, errOut, code = runIn("--posix-mqueue", "--posix-shmem=64K", "--posix-semaphore", "--name", "demo", "-p", "666")
	want := "POSIX shared memory name: /demo\nPOSIX message queue name: /demo\nPOSIX semaphore name: /demo\n"
	if code != 0 || errOut != "" || out != want {
		t.Fatalf("got %d %q %q", code, out, errOut)
	}
	if got := dirNames(t, "/dev/shm"); got != "demo:644 sem.demo:644" {
		t.Errorf("/dev/shm: %s", got)
	}
	if got := dirNames(t, mqDir); got != "demo:644" {
		t.Errorf("/dev/mqueue: %s", got)
	}
	if fi, err := os.Stat("/dev/shm/demo"); err != nil || fi.Size() != 65536 {
		t.Errorf("/dev/shm/demo: %v %v", fi, err)
	}
	out, _, _ = runIn("-Q")
	if out != "Message queue id: 1\n" || sysvObjects(t)["msg"][1].perms != "644" {
		t.Errorf("default mode: %q %+v", out, sysvObjects(t)["msg"])
	}
}

// TestAllOrNothing makes a later object fail and checks that the earlier
// ones are gone and no id was printed.
func TestAllOrNothing(t *testing.T) {
	if !sandbox(t) {
		return
	}
	// The kernel refuses a queue: no queue ids left in this namespace.
	if err := os.WriteFile("/proc/sys/kernel/msgmni", []byte("0"), 0); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runIn("-M", "1K", "-Q", "-S", "1")
	if code != 1 || out != "" || errOut != "goipcmk: create message queue failed: No space left on device\n" {
		t.Fatalf("got %d %q %q", code, out, errOut)
	}
	if objs := sysvObjects(t); len(objs["shm"])+len(objs["msg"])+len(objs["sem"]) != 0 {
		t.Fatalf("left behind: %+v", objs)
	}
	os.WriteFile("/proc/sys/kernel/msgmni", []byte("32000"), 0)

	// A POSIX name in use: the System V segment made before it goes too,
	// and the existing object is left as it was.
	if err := os.WriteFile("/dev/shm/taken", []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runIn("-M", "1K", "-m", "1K", "-q", "-n", "/taken")
	if code != 1 || out != "" || errOut != "goipcmk: create POSIX shared memory failed: File exists\n" {
		t.Fatalf("got %d %q %q", code, out, errOut)
	}
	if objs := sysvObjects(t); len(objs["shm"]) != 0 {
		t.Fatalf("left behind: %+v", objs)
	}
	if b, _ := os.ReadFile("/dev/shm/taken"); string(b) != "data" {
		t.Fatalf("existing object changed: %q", b)
	}
	if got := dirNames(t, mqDir); got != "" {
		t.Fatalf("/dev/mqueue: %s", got)
	}

	// The last object fails: all POSIX objects made before are removed.
	if err := os.WriteFile("/dev/shm/sem.last", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runIn("-m", "1K", "-q", "-s", "-S", "2", "-n", "last")
	if code != 1 || out != "" || errOut != "goipcmk: create POSIX semaphore failed: File exists\n" {
		t.Fatalf("got %d %q %q", code, out, errOut)
	}
	if got := dirNames(t, "/dev/shm") + "|" + dirNames(t, mqDir); got != "sem.last:600 taken:600|" {
		t.Fatalf("left behind: %s", got)
	}
	if objs := sysvObjects(t); len(objs["sem"]) != 0 {
		t.Fatalf("left behind: %+v", objs)
	}

	// The kernel refuses a size above shmmax.
	os.WriteFile("/proc/sys/kernel/shmmax", []byte("4096"), 0)
	out, errOut, code = runIn("-Q", "-M", "8K")
	if code != 1 || out != "" || errOut != "goipcmk: create share memory failed: Invalid argument\n" {
		t.Fatalf("got %d %q %q", code, out, errOut)
	}
	if objs := sysvObjects(t); len(objs["msg"])+len(objs["shm"]) != 0 {
		t.Fatalf("left behind: %+v", objs)
	}
}

// TestBadInput checks that every refused command line says one thing and
// creates nothing.
func TestBadInput(t *testing.T) {
	if !sandbox(t) {
		return
	}
	try := "Try 'goipcmk --help' for more information.\n"
	cases := []struct {
		args []string
		want string
	}{
		{nil, "goipcmk: bad usage\n" + try},
		{[]string{"-p", "0600"}, "goipcmk: bad usage\n" + try},
		{[]string{"-Q", "extra"}, "goipcmk: unknown argument: extra\n" + try},
		{[]string{"extra", "-Q"}, "goipcmk: unknown argument: extra\n" + try},
		{[]string{"-x"}, "goipcmk: invalid option -- 'x'\n" + try},
		{[]string{"-M"}, "goipcmk: option requires an argument -- 'M'\n" + try},
		{[]string{"--shmem"}, "goipcmk: option '--shmem' requires an argument\n" + try},
		{[]string{"--queue=1"}, "goipcmk: option '--queue' doesn't allow an argument\n" + try},
		{[]string{"--posix"}, "goipcmk: option '--posix' is ambiguous; possibilities: '--posix-shmem' '--posix-semaphore' '--posix-mqueue'\n" + try},
		{[]string{"-M", "abc"}, "goipcmk: failed to parse size: 'abc': Invalid argument\n"},
		{[]string{"-M", "-1"}, "goipcmk: failed to parse size: '-1': Invalid argument\n"},
		{[]string{"-M", "1.5"}, "goipcmk: failed to parse size: '1.5': Invalid argument\n"},
		{[]string{"-M", "99999999999999999999"}, "goipcmk: failed to parse size: '99999999999999999999': Numerical result out of range\n"},
		{[]string{"-Q", "-M", "0"}, "goipcmk: size must be at least 1 byte: '0'\n"},
		{[]string{"-m", "0K", "-n", "x"}, "goipcmk: size must be at least 1 byte: '0K'\n"},
		{[]string{"-S", "abc"}, "goipcmk: failed to parse elements: 'abc'\n"},
		{[]string{"-S", "99999999999"}, "goipcmk: failed to parse elements: '99999999999': Numerical result out of range\n"},
		{[]string{"-Q", "-S", "0"}, "goipcmk: number of elements must be between 1 and 32000: '0'\n"},
		{[]string{"-S", "-2"}, "goipcmk: number of elements must be between 1 and 32000: '-2'\n"},
		{[]string{"-S", "32001"}, "goipcmk: number of elements must be between 1 and 32000: '32001'\n"},
		{[]string{"-Q", "-p", "999"}, "goipcmk: failed to parse mode: '999'\n"},
		{[]string{"-Q", "-p", "1000"}, "goipcmk: failed to parse mode: '1000'\n"},
		{[]string{"-Q", "-p", "abc"}, "goipcmk: failed to parse mode: 'abc'\n"},
		{[]string{"-Q", "-p", ""}, "goipcmk: failed to parse mode: ''\n"},
		{[]string{"-q"}, "goipcmk: name is required for POSIX IPC\n" + try},
		{[]string{"-Q", "-n", "x"}, "goipcmk: --name is for POSIX objects: add -m, -q or -s\n" + try},
		{[]string{"-q", "-n", "a/b"}, "goipcmk: invalid name: 'a/b': a POSIX IPC name is one word without '/', after an optional leading '/'\n"},
		{[]string{"-q", "-n", "/"}, "goipcmk: invalid name: '/': a POSIX IPC name is one word without '/', after an optional leading '/'\n"},
		{[]string{"-q", "-n", ".."}, "goipcmk: invalid name: '..': a POSIX IPC name is one word without '/', after an optional leading '/'\n"},
		{[]string{"-s", "-n", strings.Repeat("n", 252)}, "goipcmk: name too long (at most 251 bytes): '" + strings.Repeat("n", 252) + "'\n"},
		{[]string{"-q", "-n", strings.Repeat("n", 256)}, "goipcmk: name too long (at most 255 bytes): '" + strings.Repeat("n", 256) + "'\n"},
	}
	for _, c := range cases {
		out, errOut, code := runIn(c.args...)
		if code != 1 || out != "" || errOut != c.want {
			t.Errorf("goipcmk %q: %d %q %q; want 1 %q", c.args, code, out, errOut, c.want)
		}
	}
	if objs := sysvObjects(t); len(objs["shm"])+len(objs["msg"])+len(objs["sem"]) != 0 {
		t.Errorf("bad input made objects: %+v", objs)
	}
	if got := dirNames(t, "/dev/shm") + dirNames(t, mqDir); got != "" {
		t.Errorf("bad input made POSIX objects: %s", got)
	}
}

// TestRandomKeys checks that keys are random, non-zero and distinct.
func TestRandomKeys(t *testing.T) {
	if !sandbox(t) {
		return
	}
	for range 50 {
		if _, e, code := runIn("-Q"); code != 0 {
			t.Fatal(e)
		}
	}
	seen := map[string]bool{}
	for _, r := range sysvObjects(t)["msg"] {
		if r.key == "0" || seen[r.key] {
			t.Fatalf("key %s is zero or repeated", r.key)
		}
		seen[r.key] = true
	}
}

// TestMatchesUtilLinux runs util-linux's ipcmk and ours, each in a fresh
// IPC namespace, on the command lines where both must say the same, and
// compares their output and exit status.
func TestMatchesUtilLinux(t *testing.T) {
	ipcmk := nstest.Tool(t, "ipcmk")
	ours := nstest.Binary(t, "goipcmk")
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC) {
		return
	}
	cases := [][]string{
		{"-Q"},
		{"-M", "4096"},
		{"-M", "1K", "-Q", "-S", "2"},
		{"-S", "5", "-M", "0x10", "-Q", "-p", "600"},
		{"--shmem=1M", "--queue", "--semaphore=1", "--mode=0640"},
		{"-QM1k"},
		{"-M", "abc"},
		{"-M", "-1"},
		{"-M", "1.5"},
		{"-M", "08"},
		{"-M", "99999999999999999999"},
		{"-M", "20EiB"},
		{"-S", "abc"},
		{"-S", "99999999999"},
		{},
		{"-p", "600"},
		{"-x"},
		{"-M"},
		{"--shmem"},
		{"--queue=1"},
		{"--sha", "1"},
	}
	for _, args := range cases {
		uo, ue, uc := runFresh(t, ipcmk, args)
		oo, oe, oc := runFresh(t, ours, args)
		ue = strings.ReplaceAll(ue, "ipcmk", "goipcmk")
		if uo != oo || ue != oe || uc != oc {
			t.Errorf("%q:\n util-linux %d %q %q\n ours       %d %q %q", args, uc, uo, ue, oc, oo, oe)
		}
	}
}

// runFresh runs argv in a new IPC namespace of its own.
func runFresh(t *testing.T, prog string, args []string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Args[0] = filepath.Base(prog) // getopt's messages name argv[0]
	cmd.SysProcAttr = nstest.NewNamespaces(unix.CLONE_NEWIPC)
	r := nstest.RunCmd(t, cmd)
	return r.Stdout, r.Stderr, r.Code
}

// TestBinaryHelp checks the real binary's help and version.
func TestBinaryHelp(t *testing.T) {
	bin := nstest.Binary(t, "goipcmk")
	out, err := exec.Command(bin, "--help").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nUsage:\n goipcmk [options]\n", " -m, --posix-shmem <size>", " -n, --name <name>", "(the \"iB\" is optional)", "For more details see goipcmk(1).\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
	out, err = exec.Command(bin, "-V").Output()
	if err != nil || !strings.HasPrefix(string(out), "goipcmk from gonstools ") {
		t.Errorf("-V: %q %v", out, err)
	}
}
