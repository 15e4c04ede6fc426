// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcs

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/ipctest"
	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// The oracle: util-linux 2.38.1's ipcs.
const utilIpcs = "/usr/bin/ipcs"

// requireUtilIpcs stops the test where the oracle is not installed:
// skipped, or failed under CI=true (see nstest.Require).
func requireUtilIpcs(t *testing.T) {
	t.Helper()
	_, err := os.Stat(utilIpcs)
	nstest.Require(t, err == nil, "util-linux ipcs not installed")
}

// Users and groups added over /etc/passwd and /etc/group (by bind mounts in
// the test's own mount namespace): names longer than the owner column,
// exactly as long, multibyte ones cut inside a character, and an id listed
// twice (the first entry wins).
const (
	extraPasswd = "averyverylongusername:x:7000:7000::/:/bin/sh\n" +
		"exactly10c:x:7001:7001::/:/bin/sh\n" +
		"firstdup:x:7002:7002::/:/bin/sh\n" +
		"seconddup:x:7002:7002::/:/bin/sh\n" +
		"jürgenjürgen:x:7003:7003::/:/bin/sh\n"
	extraGroup = "alongergroupname:x:7000:\n" +
		"grp10chars:x:7001:\n" +
		"gründergruppe:x:7003:\n"
)

// Ids with no entry in either file.
const noUID, noGID = 12345, 54321

// useNames bind-mounts copies of /etc/passwd and /etc/group with the extra
// entries over the real ones. Only this test's mount namespace sees them.
func useNames(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []struct{ path, extra string }{{"/etc/passwd", extraPasswd}, {"/etc/group", extraGroup}} {
		orig, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(dir, filepath.Base(f.path))
		if err := os.WriteFile(tmp, append(orig, f.extra...), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mount(tmp, f.path, "", syscall.MS_BIND, ""); err != nil {
			t.Fatalf("bind %s: %v", f.path, err)
		}
	}
}

func ck(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mk(t *testing.T) func(int, error) int {
	return func(id int, err error) int {
		t.Helper()
		ck(t, err)
		return id
	}
}

// populate fills the namespace with objects of every kind and state.
func populate(t *testing.T) {
	t.Helper()
	id := mk(t)
	chown := func(kind string, objID int, uid, gid, mode uint32) {
		t.Helper()
		ck(t, ipctest.SetOwner(kind, objID, uid, gid, mode))
	}

	// Queues: empty, with messages of various sizes, read from, owned by
	// users with and without names, removed (leaving holes).
	q0 := id(sysvipc.MsgGet(0x1234, sysvipc.IPC_CREAT|0o644))
	q1 := id(sysvipc.MsgGet(sysvipc.IPC_PRIVATE, sysvipc.IPC_CREAT|0o600))
	q2 := id(sysvipc.MsgGet(-5, sysvipc.IPC_CREAT|0o666))
	q3 := id(sysvipc.MsgGet(0x7fffffff, sysvipc.IPC_CREAT|0o400))
	q4 := id(sysvipc.MsgGet(0x4321, sysvipc.IPC_CREAT|0o640))
	for _, n := range []int{0, 1, 1000, 5000} {
		ck(t, sysvipc.MsgSnd(q1, int64(n+1), make([]byte, n), 0))
	}
	ck(t, sysvipc.MsgSnd(q2, 1, []byte("first"), 0))
	ck(t, sysvipc.MsgSnd(q2, 1, []byte("second"), 0))
	_, _, err := sysvipc.MsgRcv(q2, make([]byte, 16), 0, 0)
	ck(t, err)
	chown("msg", q2, 7000, 7000, 0o666)
	chown("msg", q3, noUID, noGID, 0o400)
	chown("msg", q4, 7003, 7003, 0o640)
	ck(t, sysvipc.MsgRemove(q0))

	// Segments: odd sizes, attached, marked for destruction while
	// attached, locked, and given away.
	var segs []int
	for i, sz := range []uint64{1, 4097, 1996, 1048063, 1<<20 + 1, 5000} {
		segs = append(segs, id(sysvipc.ShmGet(int32(0x100+i), sz, sysvipc.IPC_CREAT|0o644)))
	}
	holdAttached(t, segs[:3])
	b, err := sysvipc.ShmAttach(segs[0], sysvipc.SHM_RDONLY) // twice attached
	ck(t, err)
	ck(t, sysvipc.ShmDetach(b)) // and a detach time
	ck(t, sysvipc.ShmRemove(segs[1]))
	ck(t, sysvipc.ShmLock(segs[2]))
	ck(t, sysvipc.ShmLock(segs[4]))
	chown("shm", segs[3], 7001, 7001, 0o600)
	chown("shm", segs[4], 7002, noGID, 0o640)
	chown("shm", segs[5], 4294967294, 7000, 0o604)
	ck(t, sysvipc.ShmRemove(id(sysvipc.ShmGet(sysvipc.IPC_PRIVATE, 10, sysvipc.IPC_CREAT|0o600))))

	// Semaphore sets: values set, operated on, waited on (ncount and
	// zcount), given away.
	s0 := id(sysvipc.SemGet(0x77, 4, sysvipc.IPC_CREAT|0o644))
	s1 := id(sysvipc.SemGet(sysvipc.IPC_PRIVATE, 1, sysvipc.IPC_CREAT|0o600))
	s2 := id(sysvipc.SemGet(0x78, 2, sysvipc.IPC_CREAT|0o660))
	ck(t, sysvipc.SemSetAll(s0, []uint16{0, 1, 32767, 3}))
	ck(t, sysvipc.SemOp(s2, []sysvipc.SemBuf{{Num: 1, Op: 2}}))
	chown("sem", s1, 7000, 7003, 0o600)
	chown("sem", s2, noUID, 7001, 0o660)
	waiters := []sysvipc.SemBuf{{Num: 0, Op: -1}, {Num: 0, Op: -1}, {Num: 1, Op: 0}}
	for _, op := range waiters {
		go func() {
			// A signal would end the wait with EINTR, and until
			// SemOp's retry has the thread waiting again the kernel
			// does not count it: a SIGCHLD from the ipcs run could
			// change the counts goipcs sees. The thread is locked and
			// ends with the goroutine, so its mask goes with it.
			runtime.LockOSThread()
			var all unix.Sigset_t
			for i := range all.Val {
				all.Val[i] = ^all.Val[i]
			}
			if err := unix.PthreadSigmask(unix.SIG_BLOCK, &all, nil); err != nil {
				panic(err)
			}
			sysvipc.SemOp(s0, []sysvipc.SemBuf{op}) // until the set goes: EIDRM
		}()
	}
	t.Cleanup(func() { sysvipc.SemRemove(s0) })
	// Wait until the kernel counts the waiters.
	for deadline := time.Now().Add(10 * time.Second); ; {
		n, _ := sysvipc.SemGetNCnt(s0, 0)
		z, _ := sysvipc.SemGetZCnt(s0, 1)
		if n == 2 && z == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("semaphore waiters: ncount %d, zcount %d; want 2 and 1", n, z)
		}
		time.Sleep(time.Millisecond)
	}
}

// holdEnv makes the test binary hold segments attached: it attaches the
// ones whose ids the variable lists (comma-separated), writes a byte to
// each, prints "held" and keeps them until its standard input closes.
const holdEnv = "GOIPCS_TEST_HOLD"

// holdAttached keeps segs attached by a child process until the test ends.
// The test process itself must hold no segment: under qemu-user, which
// runs each program start's vfork as a fork, every tool the test runs
// would attach and detach them again, changing their times and last pid
// between the ipcs and the goipcs run.
func holdAttached(t *testing.T, segs []int) {
	t.Helper()
	ids := make([]string, len(segs))
	for i, s := range segs {
		ids[i] = strconv.Itoa(s)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), holdEnv+"="+strings.Join(ids, ","))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	ck(t, err)
	stdout, err := cmd.StdoutPipe()
	ck(t, err)
	ck(t, cmd.Start())
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if line != "held\n" {
		t.Fatalf("segment holder: %q, %v", line, err)
	}
}

// hold is the holder process of holdAttached.
func hold(ids string) int {
	for _, f := range strings.Split(ids, ",") {
		id, err := strconv.Atoi(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		b, err := sysvipc.ShmAttach(id, 0)
		if err != nil {
			fmt.Fprintf(os.Stderr, "attach %d: %v\n", id, err)
			return 1
		}
		b[0] = 1 // resident
	}
	fmt.Println("held")
	io.Copy(io.Discard, os.Stdin)
	return 0
}

type result struct {
	stdout, stderr string
	code           int
}

func runTool(t *testing.T, path string, args, env []string) result {
	t.Helper()
	return runAs(t, nil, path, args, env)
}

// runAs runs path with the given credentials (nil: ours).
func runAs(t *testing.T, cred *syscall.Credential, path string, args, env []string) result {
	t.Helper()
	cmd := exec.Command(path, args...)
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	cmd.Args[0] = filepath.Base(path) // getopt's messages name argv[0]
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %q: %v", path, args, err)
	}
	return result{out.String(), errb.String(), code}
}

// util-linux's messages, with our program's name.
func renamed(s string) string {
	s = strings.ReplaceAll(s, "ipcs: ", "goipcs: ")
	return strings.ReplaceAll(s, "'ipcs --help'", "'goipcs --help'")
}

// same runs both programs and compares standard output, standard error
// (with the name changed) and the exit status, byte for byte.
func same(t *testing.T, goipcs string, args []string, env []string) {
	t.Helper()
	sameAs(t, nil, goipcs, args, env)
}

// sameAs is same with the given credentials.
func sameAs(t *testing.T, cred *syscall.Credential, goipcs string, args []string, env []string) {
	t.Helper()
	want := runAs(t, cred, utilIpcs, args, env)
	want.stderr = renamed(want.stderr)
	got := runAs(t, cred, goipcs, args, env)
	if got != want {
		t.Errorf("goipcs %s differs from ipcs:\n%s", strings.Join(quoteAll(args), " "), firstDifference(got, want))
	}
}

func quoteAll(args []string) []string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
	}
	return q
}

func firstDifference(got, want result) string {
	if got.code != want.code {
		return fmt.Sprintf("exit status %d, want %d (stderr %q, want %q)", got.code, want.code, got.stderr, want.stderr)
	}
	for _, s := range []struct{ name, got, want string }{{"stdout", got.stdout, want.stdout}, {"stderr", got.stderr, want.stderr}} {
		if s.got == s.want {
			continue
		}
		g, w := strings.Split(s.got, "\n"), strings.Split(s.want, "\n")
		for i := range max(len(g), len(w)) {
			var gl, wl string
			if i < len(g) {
				gl = g[i]
			}
			if i < len(w) {
				wl = w[i]
			}
			if gl != wl {
				return fmt.Sprintf("%s line %d:\n got  %q\n want %q", s.name, i+1, gl, wl)
			}
		}
	}
	return "?"
}

func words(s string) []string { return strings.Fields(s) }

// Every resource × every format × every unit, in several time zones, on a
// namespace full of objects in every state.
func TestSameAsUtilLinux(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	requireUtilIpcs(t)
	goipcs := nstest.Binary(t, "goipcs")
	useNames(t)
	populate(t)

	resources := []string{"", "-q", "-m", "-s", "-a", "-q -s", "-s -m", "-qms", "--queues --semaphores", "-a -q"}
	formats := []string{"", "-t", "-p", "-c", "-l", "-u", "-t -p", "-l -t", "-u -c", "--time", "--pid", "--creator", "--limits", "--summary"}
	units := []string{"", "-b", "--human", "-b --human", "--human -b", "--bytes"}
	env := []string{"TZ=Europe/Paris", "LC_ALL=C"}
	for _, r := range resources {
		for _, f := range formats {
			for _, u := range units {
				same(t, goipcs, words(r+" "+f+" "+u), env)
			}
		}
	}
	sameZones(t, goipcs)
}

// zoneEnvs are TZ (and TZDIR) values of every form glibc reads: zone
// files with and without leap seconds, POSIX rules (quoted names, offsets
// beyond 24 hours, which glibc clamps, rules it completes from posixrules
// or its default), and values it takes for UTC.
var zoneEnvs = [][]string{
	{"TZ="}, {"TZ=UTC"}, {"TZ=:UTC"}, {"TZ=right/UTC"}, {"TZ=:right/UTC"},
	{"TZ=/usr/share/zoneinfo/right/Europe/Berlin"}, {"TZ=Europe/Berlin"},
	{"TZ=America/New_York"}, {"TZ=Australia/Lord_Howe"}, {"TZ=Asia/Kolkata"},
	{"TZ=UTC+25"}, {"TZ=UTC-25"}, {"TZ=XYZ+24:59:59"}, {"TZ=UTC+-5"}, {"TZ=<+0530>-5:30"},
	{"TZ=EST5EDT"}, {"TZ=EST5EDT,M3.2.0,M11.1.0"}, {"TZ=CET-1CEST,M3.5.0,M10.5.0/3"},
	{"TZ=JST-9"}, {"TZ=XST3XDT"}, {"TZ=EST5,M3.2.0,M11.1.0"}, {"TZ=NZST-12NZDT,M9.5.0,M4.1.0/3"},
	{"TZ=garbage"}, {"TZ=/nonexistent"}, {"TZ=../../etc/passwd"}, {"TZ=:"},
	{"TZ=Europe/Berlin", "TZDIR=/usr/share/zoneinfo/right"}, {"TZ=XST3XDT", "TZDIR=/nonexistent"},
}

// sameZones compares the dates of -t and of the -i views in every zone of
// zoneEnvs, and with TZ unset, where glibc reads /etc/localtime: the
// system's, then a right/ zone bound over it in this test's mount
// namespace.
func sameZones(t *testing.T, goipcs string) {
	t.Helper()
	const rightZone = "/usr/share/zoneinfo/right/Europe/Berlin"
	_, err := os.Stat(rightZone)
	nstest.Require(t, err == nil, rightZone+" is missing (tzdata without right/ zones)")
	for _, env := range append(zoneEnvs, nil) {
		same(t, goipcs, words("-t"), env)
		for _, r := range []string{"-q", "-m", "-s"} {
			same(t, goipcs, words(r+" -i 0"), env)
		}
	}
	// The zones make a difference where glibc says so: right/UTC counts
	// leap seconds, and UTC+25 is clamped to UTC+24.
	differ := func(a, b string) bool {
		return runTool(t, goipcs, words("-t"), []string{a}).stdout != runTool(t, goipcs, words("-t"), []string{b}).stdout
	}
	if !differ("TZ=UTC", "TZ=right/UTC") || differ("TZ=UTC+25", "TZ=UTC+24") {
		t.Error("goipcs -t: right/UTC is UTC, or UTC+25 is not UTC+24")
	}
	target, err := filepath.EvalSymlinks("/etc/localtime")
	ck(t, err)
	ck(t, syscall.Mount(rightZone, target, "", syscall.MS_BIND, ""))
	same(t, goipcs, words("-t"), nil)
	same(t, goipcs, words("-s -i 0"), nil)
}

// Every -i view of every object, every unit, and the ids that name none.
func TestSameAsUtilLinuxByID(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	requireUtilIpcs(t)
	goipcs := nstest.Binary(t, "goipcs")
	useNames(t)
	populate(t)

	ids := map[string][]string{}
	qs, _ := sysvipc.ListMsg()
	for _, q := range qs {
		ids["-q"] = append(ids["-q"], strconv.Itoa(q.ID))
	}
	ss, _ := sysvipc.ListShm()
	for _, s := range ss {
		ids["-m"] = append(ids["-m"], strconv.Itoa(s.ID))
	}
	as, _ := sysvipc.ListSem()
	for _, a := range as {
		ids["-s"] = append(ids["-s"], strconv.Itoa(a.ID))
	}
	// Negative ids are left out on purpose: util-linux shows the first
	// object for them (TestNegativeIDs).
	missing := []string{"0", "7", "32768", "999999", "2147483647", "+1", " 1", "010"}
	env := []string{"TZ=Europe/Paris"}
	for _, r := range []string{"-q", "-m", "-s"} {
		if len(ids[r]) < 2 {
			t.Fatalf("populate made %d objects for %s", len(ids[r]), r)
		}
		for _, id := range append(ids[r], missing...) {
			for _, u := range []string{"", "-b", "--human"} {
				same(t, goipcs, append(words(r+" "+u), "-i", id), env)
			}
			same(t, goipcs, []string{r, "--id=" + id, "-t"}, env) // -t means nothing with -i
			same(t, goipcs, []string{"--id", id, r, "-l"}, env)
		}
	}
}

// A user with no permission on the objects sees them all the same, in
// every listing and -i view, except the values of a set it cannot read,
// which fail as util-linux's do ("semctl(GETVAL) failed: Permission
// denied", status 1).
func TestSameAsUtilLinuxUnprivileged(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	requireUtilIpcs(t)
	goipcs := publicCopy(t, nstest.Binary(t, "goipcs"))
	useNames(t)
	populate(t)
	nobody := &syscall.Credential{Uid: 65534, Gid: 65534}
	env := []string{"TZ=UTC"}
	for _, args := range []string{"", "-t", "-p", "-c", "-l", "-u", "--human", "-b -l"} {
		sameAs(t, nobody, goipcs, words(args), env)
	}
	for _, r := range []string{"-m", "-s"} {
		for _, id := range []string{"0", "1", "2", "3", "4", "5"} {
			sameAs(t, nobody, goipcs, []string{r, "-i", id}, env)
		}
	}
	// One deliberate difference: util-linux asks IPC_STAT for a queue's
	// qbytes, which a user without read permission is refused, and then
	// prints qbytes=0; goipcs prints the queue's real limit, which it has
	// from MSG_STAT_ANY. (qemu-user does not translate MSG_STAT_ANY:
	// goipcs then reads /proc and asks IPC_STAT as util-linux does.)
	for _, id := range []string{"1", "2", "3", "4", "5"} {
		want := runAs(t, nobody, utilIpcs, []string{"-q", "-i", id}, env)
		want.stderr = renamed(want.stderr)
		if n, err := strconv.Atoi(id); err == nil && nstest.Emulator() == "" {
			if q, err := sysvipc.MsgByID(n); err == nil {
				if st, err := sysvipc.MsgStat(n); err == nil && st.QBytes != q.QBytes {
					t.Fatalf("queue %d: qbytes %d by IPC_STAT, %d by MSG_STAT_ANY", n, st.QBytes, q.QBytes)
				}
				want.stdout = strings.Replace(want.stdout, "qbytes=0\t", "qbytes="+strconv.FormatUint(q.QBytes, 10)+"\t", 1)
			}
		}
		if got := runAs(t, nobody, goipcs, []string{"-q", "-i", id}, env); got != want {
			t.Errorf("goipcs -q -i %s as nobody:\n%s", id, firstDifference(got, want))
		}
	}
	// The case above must have happened: set 0 is root's and 0644, set 1
	// is 0600 and not nobody's.
	got := runAs(t, nobody, goipcs, []string{"-s", "-i", "1"}, env)
	if want := (result{"", "goipcs: semctl(GETVAL) failed: Permission denied\n", 1}); got != want {
		t.Errorf("goipcs -s -i 1 as nobody = %+v, want %+v", got, want)
	}
}

// Command-line mistakes, help and ids that do not parse: same messages,
// same status.
func TestSameAsUtilLinuxErrors(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC) {
		return
	}
	requireUtilIpcs(t)
	goipcs := nstest.Binary(t, "goipcs")
	_, err := sysvipc.MsgGet(1, sysvipc.IPC_CREAT|0o600)
	ck(t, err)
	for _, args := range [][]string{
		{"-i", "0"}, {"-q", "-m", "-i", "0"}, {"-a", "-i", "0"}, {"-i", "0", "-qs"},
		{"-q", "-i", "abc"}, {"-q", "-i", ""}, {"-q", "-i", "5x"}, {"-q", "-i", "0x5"},
		{"-q", "-i", "2147483648"}, {"-q", "-i", "-2147483649"}, {"-q", "-i", "99999999999999999999"},
		{"-q", "-i", " "}, {"-q", "-i", "1e3"}, {"-q", "-i", "5 "},
		{"-i", "abc", "-x"}, {"-x", "-i", "abc"}, {"-i", "abc", "--bogus"}, {"-i", "abc", "-h"},
		{"-i", "abc", "-i"}, {"-i", "-x", "-i"}, {"-qi"}, {"-i"}, {"--id"},
		{"-x"}, {"-qx"}, {"--bogus"}, {"--bogus=1"}, {"--queues=1"}, {"--h"}, {"--s"}, {"--hum"},
		{"--p"}, {"--q"}, {"--i=0", "-q"}, {"-q", "-i", "--p"}, {"-q", "-i", "-q"},
		{"foo", "-q"}, {"-q", "foo", "bar"}, {"--", "-q"}, {"-q", "--", "-x"}, {"-"},
		{"-i", "0", "-q", "extra"}, {"-qi0"}, {"-qi", "0"}, {"-iq", "0"},
	} {
		same(t, goipcs, args, nil)
	}
	// help: util-linux's text with our name; goipcs adds lines for its
	// own options. -h acts as soon as getopt reaches it.
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-qh"}, {"-h", "-i", "abc"}, {"-i", "0", "-h", "-x"}, {"--he"}} {
		want := runTool(t, utilIpcs, args, nil)
		got := runTool(t, goipcs, args, nil)
		var kept []string
		ours := false // in the section of namespace options, up to its blank line
		for _, l := range strings.SplitAfter(got.stdout, "\n") {
			switch {
			case l == "Namespace options:\n":
				ours = true
			case ours:
				ours = l != "\n"
			case !strings.Contains(l, "--json") && !strings.Contains(l, "--posix"):
				kept = append(kept, l)
			}
		}
		w := strings.ReplaceAll(want.stdout, "ipcs", "goipcs")
		if g := strings.Join(kept, ""); g != w || got.code != want.code || got.stderr != want.stderr {
			t.Errorf("goipcs %q:\n%s\nwant (besides --json, --posix and the namespace options):\n%s", args, got.stdout, w)
		}
	}
}

// util-linux 2.38.1 shows the first object for any negative id (its code
// means "all" by -1) and crashes for semaphores; goipcs says there is no
// such object, which is the truth.
func TestNegativeIDs(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	goipcs := nstest.Binary(t, "goipcs")
	populate(t)
	for _, r := range []string{"-q", "-m", "-s"} {
		for _, id := range []string{"-1", "-2147483648"} {
			got := runTool(t, goipcs, []string{r, "-i", id}, nil)
			if want := (result{"", "goipcs: id " + id + " not found\n", 0}); got != want {
				t.Errorf("goipcs %s -i %s = %+v, want %+v", r, id, got, want)
			}
		}
	}
}

// A full disk is a write error; a closed standard output is not, as for
// util-linux.
func TestWriteErrors(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC) {
		return
	}
	requireUtilIpcs(t)
	goipcs := nstest.Binary(t, "goipcs")
	for _, prog := range []string{utilIpcs, goipcs} {
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		ck(t, err)
		var errb bytes.Buffer
		cmd := exec.Command(prog)
		cmd.Stdout, cmd.Stderr = full, &errb
		err = cmd.Run()
		full.Close()
		ee, ok := err.(*exec.ExitError)
		name := filepath.Base(prog)
		if !ok || ee.ExitCode() != 1 || errb.String() != name+": write error: No space left on device\n" {
			t.Errorf("%s > /dev/full: %v, stderr %q", name, err, errb.String())
		}
		// stdout closed: the shell's >&-
		sh := exec.Command("/bin/sh", "-c", prog+" >&-")
		out, err := sh.CombinedOutput()
		if err != nil || len(out) != 0 {
			t.Errorf("%s >&-: %v, output %q", name, err, out)
		}
	}
}

func TestMain(m *testing.M) {
	if ids := os.Getenv(holdEnv); ids != "" {
		os.Exit(hold(ids))
	}
	nstest.Main(m)
}
