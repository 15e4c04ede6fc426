// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcrm

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/ipctest"
	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/posixipc"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// setupEnv makes the test binary create the fixture objects, run the
// command after "--" and report what is left (see TestMain).
const setupEnv = "GOIPCRM_TEST_SETUP"

func TestMain(m *testing.M) {
	if os.Getenv(setupEnv) != "" {
		os.Exit(setupAndRun(os.Args[1:]))
	}
	nstest.Main(m)
}

// Fixture keys. In a fresh IPC namespace the ids are 0 and 1 for the two
// queues, 0 for the segment and the semaphore set.
const (
	msgKey0 = 0x1234
	msgKey1 = 0x1111
	shmKey  = 0x5678
	semKey  = 0x9abc
)

// fixture creates two queues, a segment and a semaphore set with known
// keys, and POSIX objects when /dev/shm and /dev/mqueue are private.
func fixture(posix bool) error {
	for _, f := range []func() (int, error){
		func() (int, error) { return sysvipc.MsgGet(msgKey0, sysvipc.IPC_CREAT|0o644) },
		func() (int, error) { return sysvipc.MsgGet(msgKey1, sysvipc.IPC_CREAT|0o600) },
		func() (int, error) { return sysvipc.ShmGet(shmKey, 4096, sysvipc.IPC_CREAT|0o644) },
		func() (int, error) { return sysvipc.SemGet(semKey, 2, sysvipc.IPC_CREAT|0o644) },
	} {
		if _, err := f(); err != nil {
			return err
		}
	}
	if !posix {
		return nil
	}
	if err := posixipc.CreateQueue("/pq", 0o644); err != nil {
		return err
	}
	if err := posixipc.CreateShm(posixipc.ShmDir, "/ps", 100, 0o644); err != nil {
		return err
	}
	return posixipc.CreateSem(posixipc.ShmDir, "/pm", 0o644, 0)
}

// remaining describes what is left: "msg=0x1234,... shm=... sem=...".
func remaining() string {
	var parts []string
	ms, _ := sysvipc.ListMsg()
	var keys []string
	for _, q := range ms {
		keys = append(keys, "0x"+strconv.FormatUint(uint64(uint32(q.Key)), 16))
	}
	parts = append(parts, "msg="+strings.Join(keys, ","))
	ss, _ := sysvipc.ListShm()
	parts = append(parts, "shm="+strconv.Itoa(len(ss)))
	sm, _ := sysvipc.ListSem()
	parts = append(parts, "sem="+strconv.Itoa(len(sm)))
	return strings.Join(parts, " ")
}

// setupAndRun is the child of runFresh: fixture, the command, then what is
// left, on stdout after the command's own output.
func setupAndRun(argv []string) int {
	// This child has a private mount namespace (see runFresh): --all must
	// find an empty /dev/shm, never the host's.
	if err := unix.Mount("tmpfs", "/dev/shm", "tmpfs", 0, "mode=1777"); err != nil {
		os.Stderr.WriteString("mount /dev/shm: " + err.Error() + "\n")
		return 97
	}
	create := func() error { return fixture(false) }
	if os.Getenv(setupEnv) == scaleSetup {
		create = scaleFixture
	}
	if err := create(); err != nil {
		os.Stderr.WriteString("fixture: " + err.Error() + "\n")
		return 99
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Args[0] = filepath.Base(argv[0]) // getopt's messages name argv[0]
	var o bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, os.Stderr
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		os.Stderr.WriteString(err.Error() + "\n")
		return 98
	}
	os.Stdout.Write(o.Bytes())
	os.Stdout.WriteString("left: " + remaining() + "\n")
	return cmd.ProcessState.ExitCode()
}

// scaleObjects is how many objects of each kind scaleFixture makes: more
// than goipcrm --all walks in line before it walks beside its removals.
const scaleObjects = 2000

// scaleSetup, as setupEnv's value, makes setupAndRun create scaleFixture.
const scaleSetup = "scale"

// scaleFixture creates scaleObjects queues, segments and semaphore sets,
// by index in turns: one that nobody (65534) owns, one of another user
// that nobody may read but not remove, one it may not even read, one of
// root's that it may read, and a hole.
func scaleFixture() error {
	kinds := []struct {
		name   string
		get    func() (int, error)
		remove func(int) error
	}{
		{"msg", func() (int, error) { return sysvipc.MsgGet(sysvipc.IPC_PRIVATE, sysvipc.IPC_CREAT|0o644) }, sysvipc.MsgRemove},
		{"shm", func() (int, error) { return sysvipc.ShmGet(sysvipc.IPC_PRIVATE, 1, sysvipc.IPC_CREAT|0o644) }, sysvipc.ShmRemove},
		{"sem", func() (int, error) { return sysvipc.SemGet(sysvipc.IPC_PRIVATE, 1, sysvipc.IPC_CREAT|0o644) }, sysvipc.SemRemove},
	}
	for i := range scaleObjects {
		for _, k := range kinds {
			id, err := k.get()
			if err != nil {
				return err
			}
			switch i % 5 {
			case 0:
				err = ipctest.SetOwner(k.name, id, 65534, 0, 0o600)
			case 1:
				err = ipctest.SetOwner(k.name, id, 7000, 0, 0o644)
			case 2:
				err = ipctest.SetOwner(k.name, id, 7000, 0, 0o600)
			case 4:
				err = k.remove(id)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// runFresh runs prog with args in a new IPC namespace holding the fixture,
// and a new mount namespace with an empty /dev/shm.
func runFresh(t *testing.T, prog string, args []string) (string, string, int) {
	t.Helper()
	return runFreshWith(t, "1", prog, args)
}

// runFreshWith is runFresh with the fixture that setup (setupEnv's value)
// names.
func runFreshWith(t *testing.T, setup, prog string, args []string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{prog}, args...)...)
	cmd.Env = append(os.Environ(), setupEnv+"="+setup)
	cmd.SysProcAttr = nstest.NewNamespaces(unix.CLONE_NEWIPC | unix.CLONE_NEWNS)
	r := nstest.RunCmd(t, cmd)
	return r.Stdout, r.Stderr, r.Code
}

// TestMatchesUtilLinux runs util-linux's ipcrm and ours on the same
// fixture, each in a fresh IPC namespace, for every command line where
// both must behave the same, and compares output, messages, exit status
// and what is left.
func TestMatchesUtilLinux(t *testing.T) {
	ipcrm := nstest.Tool(t, "ipcrm")
	ours := nstest.Binary(t, "goipcrm")
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC) {
		return
	}
	cases := []string{
		"-q 0", "-q 1 -q 0", "-q 0 -q 0", "-q 5", "-q -1", "-q 010", "-q abc", "-q 0x0", "-q ''",
		"-q 99999999999", "-q 2147483648", "-Q 0x1234", "-Q 4660", "-Q 011064", "-Q 0", "-Q 0x4321",
		"-Q zz", "-Q -5", "-Q 0xffffffffffffffffffff", "-m 0 -m 0 -s 0", "-M 0x5678 -S 0x9abc",
		"-S 0x9abc -s 0", "-v -q 1", "-q 1 -v -q 0", "-v -Q 0x1234 -M 1", "--queue-id=0 --shmem-key 0x5678",
		"-a", "-av", "--all=shm", "--all=msg -v", "-asem", "-a=foo", "-afoo", "--all=", "-a -q 0",
		"shm", "shm 0", "msg 1 0", "msg abc 1", "sem 0 0", "msg 0 1 2", "-v shm 0",
		"foo", "SHM 1", "-s 0 --", "-x", "-q", "--queue-id", "--verbose=1", "--sh 1", "-h -q 0",
	}
	for _, c := range cases {
		args := splitArgs(c)
		uo, ue, uc := runFresh(t, ipcrm, args)
		oo, oe, oc := runFresh(t, ours, args)
		ue = strings.ReplaceAll(ue, "ipcrm", "goipcrm")
		// 2.38.1 knows no POSIX queues; 2.41 and goipcrm say this for
		// --all when there is no mqueue mount to list them.
		oe = strings.ReplaceAll(oe, noMqueue, "")
		if c == "-h -q 0" { // the help texts differ: check the exit and what is left
			uo, oo = uo[strings.LastIndex(uo, "left:"):], oo[strings.LastIndex(oo, "left:"):]
		}
		if uo != oo || ue != oe || uc != oc {
			t.Errorf("%s:\n util-linux %d %q %q\n ours       %d %q %q", c, uc, uo, ue, oc, oo, oe)
		}
	}
}

// TestAllAtScaleMatchesUtilLinux: --all over thousands of objects, as
// root and as a user who may remove some, read others and not see the
// rest, removes the same objects in the same order with the same
// messages and exit status as util-linux's ipcrm.
func TestAllAtScaleMatchesUtilLinux(t *testing.T) {
	ipcrm := nstest.Tool(t, "ipcrm")
	setpriv := nstest.Tool(t, "setpriv")
	ours := nstest.Binary(t, "goipcrm")
	untouched, _, _ := runFreshWith(t, scaleSetup, "/bin/true", nil)
	if strings.Count(untouched, "0x0") != 4*scaleObjects/5 {
		t.Fatalf("the fixture has not %d queues: %.500s", 4*scaleObjects/5, untouched)
	}
	for _, c := range []string{"-a -v", "--all=msg -v", "--all=shm -v", "--all=sem -v", "--all=msg"} {
		for _, nobody := range []bool{false, true} {
			run := func(prog string) (string, string, int) {
				args := splitArgs(c)
				if nobody {
					args = append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", prog}, args...)
					prog = setpriv
				}
				return runFreshWith(t, scaleSetup, prog, args)
			}
			uo, ue, uc := run(ipcrm)
			oo, oe, oc := run(ours)
			ue = strings.ReplaceAll(ue, "ipcrm", "goipcrm")
			oe = strings.ReplaceAll(oe, noMqueue, "")
			if i := strings.LastIndex(uo, "left: "); i < 0 || uo[i:] == untouched {
				t.Fatalf("%s (nobody %v): util-linux's ipcrm removed nothing:\n%.500s\n%.500s", c, nobody, uo, ue)
			}
			if uo != oo || ue != oe || uc != oc {
				t.Errorf("%s (nobody %v):\n util-linux %d\n%.2000s\n%.2000s\n ours %d\n%.2000s\n%.2000s", c, nobody, uc, uo, ue, oc, oo, oe)
			}
		}
	}
}

const noMqueue = "goipcrm: /dev/mqueue does not seem to be mounted. Use 'mount -t mqueue none /dev/mqueue' to mount it.\n"

// splitArgs splits on spaces; a word of two single quotes is an empty
// argument.
func splitArgs(s string) []string {
	var args []string
	for _, f := range strings.Fields(s) {
		if f == "''" {
			f = ""
		}
		args = append(args, f)
	}
	return args
}

// TestSaferThanUtilLinux covers the command lines where goipcrm
// deliberately differs from ipcrm 2.38.1.
func TestSaferThanUtilLinux(t *testing.T) {
	ours := nstest.Binary(t, "goipcrm")
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC) {
		return
	}
	try := "Try 'goipcrm --help' for more information.\n"
	all := "left: msg=0x1234,0x1111 shm=1 sem=1\n"
	cases := []struct {
		args           string
		stdout, stderr string
		code           int
	}{
		// 2.38.1 did nothing and exited 0; 2.41 says this.
		{"", all, "goipcrm: bad usage\n" + try, 1},
		// util-linux removes queue 0, then complains.
		{"-q 0 extra", all, "goipcrm: unknown argument: extra\n" + try, 1},
		// util-linux empties every queue, then complains.
		{"-q 0 -a msg", all, "goipcrm: unknown argument: msg\n" + try, 1},
		// util-linux adds a stale errno: "'': No such file or directory".
		{"-Q ''", all, "goipcrm: failed to parse argument: ''\n", 1},
		// util-linux removes queue 0, then stops at the bad id.
		{"-q 0 -q abc", all, "goipcrm: failed to parse argument: 'abc'\n", 1},
		{"-q 0 -a=foo", all, "goipcrm: unknown argument: =foo\n", 1},
		// util-linux truncates the key to 0x1234.
		{"-Q 0x100001234", all, "goipcrm: failed to parse argument: '0x100001234': Numerical result out of range\n", 1},
		// util-linux takes the empty word as id 0.
		{"msg ''", all, "goipcrm: invalid id: \n", 1},
		// util-linux stores 4294967295 in an int, which is -1.
		{"msg 4294967295", all, "goipcrm: invalid id: 4294967295\n", 1},
		// POSIX names are new in 2.41.
		{"--posix-mqueue /nothing", all, "goipcrm: name `/nothing' not found\n", 1},
		{"--posix-shmem a/b -q 0", all, "goipcrm: invalid name: 'a/b'\n", 1},
		{"--posix-semaphore " + strings.Repeat("x", 252), all, "goipcrm: name `" + strings.Repeat("x", 252) + "' too long\n", 1},
	}
	for _, c := range cases {
		o, e, code := runFresh(t, ours, splitArgs(c.args))
		if o != c.stdout || e != c.stderr || code != c.code {
			t.Errorf("goipcrm %s: %d %q %q; want %d %q %q", c.args, code, o, e, c.code, c.stdout, c.stderr)
		}
	}
}

// sandbox gives the calling test fresh IPC and mount namespaces, the
// fixture with its POSIX objects on a private /dev/shm and an mqueue mount
// at mqueueDir; it returns false in the parent.
func sandbox(t *testing.T) bool {
	t.Helper()
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC|unix.CLONE_NEWNS) {
		return false
	}
	if err := unix.Mount("tmpfs", "/dev/shm", "tmpfs", 0, "mode=1777"); err != nil {
		t.Fatal(err)
	}
	// Not at /dev/mqueue: creating that directory would change the
	// host's /dev, which mount namespaces do not isolate.
	mqueueDir = t.TempDir()
	if err := unix.Mount("mqueue", mqueueDir, "mqueue", 0, ""); err != nil {
		t.Fatal(err)
	}
	dir := mqueueDir
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
	if err := fixture(true); err != nil {
		t.Fatal(err)
	}
	return true
}

func runIn(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return o.String(), e.String(), code
}

func posixLeft(t *testing.T) string {
	t.Helper()
	var names []string
	for _, dir := range []string{"/dev/shm", mqueueDir} {
		es, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			names = append(names, e.Name())
		}
	}
	return strings.Join(names, " ")
}

func TestPosix(t *testing.T) {
	if !sandbox(t) {
		return
	}
	if got := posixLeft(t); got != "ps sem.pm pq" {
		t.Fatalf("fixture: %s", got)
	}
	o, e, code := runIn("-v", "--posix-mqueue", "pq", "--posix-shmem=/ps", "--posix-semaphore", "/pm", "--posix-shmem", "/ps")
	wantOut := "removing POSIX message queue `pq'\nremoving POSIX shared memory `/ps'\nremoving POSIX semaphore `/pm'\nremoving POSIX shared memory `/ps'\n"
	if o != wantOut || e != "goipcrm: name `/ps' not found\n" || code != 1 {
		t.Fatalf("got %d %q %q", code, o, e)
	}
	if got := posixLeft(t); got != "" {
		t.Fatalf("left: %s", got)
	}
}

func TestAll(t *testing.T) {
	if !sandbox(t) {
		return
	}
	// A directory and a symbolic link in /dev/shm are not objects.
	os.Mkdir("/dev/shm/dir", 0o755)
	os.Symlink("/etc/passwd", "/dev/shm/link")

	o, e, code := runIn("--all=pmsg")
	if o != "" || e != "" || code != 0 || posixLeft(t) != "dir link ps sem.pm" {
		t.Fatalf("--all=pmsg: %d %q %q; left %s", code, o, e, posixLeft(t))
	}
	o, e, code = runIn("-a", "-v")
	want := "removing shared memory segment id `0'\nremoving POSIX shared memory `/ps'\n" +
		"removing semaphore id `0'\nremoving POSIX semaphore `/pm'\n" +
		"removing message queue id `0'\nremoving message queue id `1'\n"
	if o != want || e != "" || code != 0 {
		t.Fatalf("-a -v: %d %q %q", code, o, e)
	}
	if got := remaining(); got != "msg= shm=0 sem=0" {
		t.Fatalf("left: %s", got)
	}
	if got := posixLeft(t); got != "dir link" {
		t.Fatalf("left: %s", got)
	}

	// Without an mqueue mount, --all=pmsg says so and fails nothing.
	unix.Unmount(mqueueDir, 0)
	o, e, code = runIn("--all=pmsg")
	if o != "" || code != 0 || e != "goipcrm: "+mqueueDir+" does not seem to be mounted. Use 'mount -t mqueue none "+mqueueDir+"' to mount it.\n" {
		t.Fatalf("--all=pmsg without mqueue: %d %q %q", code, o, e)
	}
}

// TestUnprivileged runs the binary as nobody against root's objects.
func TestUnprivileged(t *testing.T) {
	setpriv := nstest.Tool(t, "setpriv")
	bin := nstest.Binary(t, "goipcrm")
	if !sandbox(t) {
		return
	}
	// One queue of nobody's own, which it may remove.
	id, err := sysvipc.MsgGet(0x7777, sysvipc.IPC_CREAT|0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := ipctest.SetOwner("msg", id, 65534, 0, 0o600); err != nil {
		t.Fatal(err)
	}
	asNobody := func(args ...string) (string, string, int) {
		cmd := exec.Command(setpriv, append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", bin}, args...)...)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		cmd.Run()
		return o.String(), e.String(), cmd.ProcessState.ExitCode()
	}
	o, e, code := asNobody("-q", "0", "-Q", "0x1111", "-M", "0x5678", "--posix-shmem", "/ps")
	// A key the caller may look up but not remove is reported with the
	// id it found, as util-linux does.
	want := "goipcrm: permission denied for id (0)\ngoipcrm: permission denied for key (1)\n" +
		"goipcrm: permission denied for key (0)\ngoipcrm: permission denied for name `/ps'\n"
	if o != "" || e != want || code != 1 {
		t.Fatalf("got %d %q %q", code, o, e)
	}
	// --all removes what nobody can read and own (its queue), tries the
	// readable ones it does not own, and skips the unreadable queue 1.
	o, e, code = asNobody("--all=msg", "-v")
	if o != "removing message queue id `0'\nremoving message queue id `2'\n" ||
		e != "goipcrm: permission denied for id (0)\n" || code != 1 {
		t.Fatalf("--all=msg: %d %q %q", code, o, e)
	}
	if got := remaining(); got != "msg=0x1234,0x1111 shm=1 sem=1" {
		t.Fatalf("left: %s", got)
	}
}

func TestHelp(t *testing.T) {
	o, e, code := runIn("--help")
	if code != 0 || e != "" {
		t.Fatalf("--help: %d %q", code, e)
	}
	for _, want := range []string{
		"\nUsage:\n goipcrm [options]\n goipcrm shm|msg|sem <id>...\n",
		"\n -m, --shmem-id <id>           remove shared memory segment by id\n",
		"\n     --posix-semaphore <name>  remove POSIX semaphore by name\n",
		"\n -a, --all[=shm|pshm|msg|pmsg|sem|psem]\n                               remove all (in the specified category)\n",
		"For more details see goipcrm(1).\n",
	} {
		if !strings.Contains(o, want) {
			t.Errorf("help lacks %q:\n%s", want, o)
		}
	}
}
