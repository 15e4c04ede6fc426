// SPDX-License-Identifier: Apache-2.0

//go:build linux

package posixipc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/archtest"
	"github.com/gonstools/gonstools/internal/nstest"
)

func TestCleanName(t *testing.T) {
	long := strings.Repeat("a", 255)
	cases := []struct {
		in, want string
		max      int
		err      error
	}{
		{"/x", "x", 255, nil},
		{"x", "x", 255, nil},
		{"/a.b-c_d", "a.b-c_d", 255, nil},
		{"/" + long, long, 255, nil},
		{long, long, 255, nil},
		{"/" + long, "", 251, unix.ENAMETOOLONG},
		{long + "a", "", 255, unix.ENAMETOOLONG},
		{"", "", 255, unix.EINVAL},
		{"/", "", 255, unix.EINVAL},
		{"//x", "", 255, unix.EINVAL},
		{"/a/b", "", 255, unix.EINVAL},
		{"/.", "", 255, unix.EINVAL},
		{"..", "", 255, unix.EINVAL},
		{"/a\x00b", "", 255, unix.EINVAL},
	}
	for _, c := range cases {
		got, err := CleanName(c.in, c.max)
		if got != c.want || err != c.err {
			t.Errorf("CleanName(%q, %d) = %q, %v; want %q, %v", c.in, c.max, got, err, c.want, c.err)
		}
	}
}

var statusCases = []struct {
	in   string
	want QueueStatus
	ok   bool
}{
	{"QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n", QueueStatus{}, true},
	{"QSIZE:80         NOTIFY:2     SIGNO:10    NOTIFY_PID:1234  \n", QueueStatus{80, 2, 10, 1234}, true},
	{"QSIZE:18446744073709551615 NOTIFY:0 SIGNO:0 NOTIFY_PID:0\n", QueueStatus{QSize: 18446744073709551615}, true},
	{"NOTIFY_PID:7 QSIZE:5", QueueStatus{QSize: 5, NotifyPID: 7}, true},
	{"QSIZE:5 FUTURE:abc", QueueStatus{QSize: 5}, true},
	{"QSIZE:5", QueueStatus{QSize: 5}, true},
	{"", QueueStatus{}, false},
	{"NOTIFY:0 SIGNO:0", QueueStatus{}, false},
	{"QSIZE:-1", QueueStatus{}, false},
	{"QSIZE:abc", QueueStatus{}, false},
	{"QSIZE:", QueueStatus{}, false},
	{"QSIZE 0", QueueStatus{}, false},
	{"QSIZE:1 NOTIFY:x", QueueStatus{}, false},
	{":1 QSIZE:1", QueueStatus{}, false},
	{"QSIZE:1 NOTIFY_PID:99999999999", QueueStatus{}, false},
}

func TestParseQueueStatus(t *testing.T) {
	for _, c := range statusCases {
		got, err := ParseQueueStatus(strings.NewReader(c.in))
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseQueueStatus(%q) = %+v, %v; want %+v, ok=%v", c.in, got, err, c.want, c.ok)
		}
		if err != nil && !errors.Is(err, ErrQueueStatus) {
			t.Errorf("ParseQueueStatus(%q): error %v is not ErrQueueStatus", c.in, err)
		}
	}
}

func FuzzParseQueueStatus(f *testing.F) {
	for _, c := range statusCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseQueueStatus(strings.NewReader(s))
		if err != nil {
			return
		}
		// What was read must survive the kernel's own format.
		again := "QSIZE:" + strconv.FormatUint(st.QSize, 10) + " NOTIFY:" + strconv.Itoa(st.Notify) +
			" SIGNO:" + strconv.Itoa(st.Signo) + " NOTIFY_PID:" + strconv.Itoa(st.NotifyPID) + "\n"
		st2, err := ParseQueueStatus(strings.NewReader(again))
		if err != nil || st2 != st {
			t.Fatalf("%q read as %+v, but its rendering %q reads as %+v, %v", s, st, again, st2, err)
		}
	})
}

// mountMqueue mounts a fresh mqueue filesystem, which shows the queues of
// the test's own IPC namespace.
func mountMqueue(t *testing.T) string {
	t.Helper()
	// Not t.TempDir: its parent is private to root, and
	// TestQueuesUnreadable lists the mount as another user.
	dir, err := os.MkdirTemp("", "mqueue-")
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("mqueue", dir, "mqueue", 0, ""); err != nil {
		t.Fatalf("mount mqueue: %v", err)
	}
	t.Cleanup(func() {
		unix.Unmount(dir, unix.MNT_DETACH)
		os.Remove(dir)
	})
	return dir
}

// privateShm mounts a private tmpfs on /dev/shm, in the test's own mount
// namespace, so that glibc's shm_open and sem_open in C helpers use it.
func privateShm(t *testing.T) string {
	t.Helper()
	if err := unix.Mount("tmpfs", ShmDir, "tmpfs", 0, "mode=1777,size=16m"); err != nil {
		t.Fatalf("mount tmpfs on %s: %v", ShmDir, err)
	}
	return ShmDir
}

func readMqueueSysctl(t *testing.T, name string) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/sys/fs/mqueue/" + name)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mqSend(t *testing.T, fd int, msg string) {
	t.Helper()
	b := []byte(msg)
	if _, _, errno := unix.Syscall6(unix.SYS_MQ_TIMEDSEND, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), 0, 0, 0); errno != 0 {
		t.Fatalf("mq_timedsend: %v", errno)
	}
}

func TestQueues(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC|unix.CLONE_NEWNS) {
		return
	}
	old := unix.Umask(0o022)
	defer unix.Umask(old)
	dir := mountMqueue(t)
	if !IsMqueue(dir) {
		t.Fatalf("IsMqueue(%s) = false for an mqueue mount", dir)
	}
	if IsMqueue(t.TempDir()) {
		t.Fatal("IsMqueue = true for a plain directory")
	}
	if qs, err := ListQueues(dir); err != nil || len(qs) != 0 {
		t.Fatalf("fresh namespace: ListQueues = %v, %v", qs, err)
	}

	if err := CreateQueue("/q1", 0o666); err != nil {
		t.Fatal(err)
	}
	if err := CreateQueue("q0", 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CreateQueue("/q1", 0o644); err != unix.EEXIST {
		t.Fatalf("second CreateQueue(/q1) = %v, want EEXIST", err)
	}
	fd, err := MqOpen("/q1", unix.O_WRONLY|unix.O_CLOEXEC, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	mqSend(t, fd, "hello")
	mqSend(t, fd, "world!")
	unix.Close(fd)

	qs, err := ListQueues(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].Name != "/q0" || qs[1].Name != "/q1" {
		t.Fatalf("ListQueues = %+v", qs)
	}
	q0, q1 := qs[0], qs[1]
	if q0.Mode != 0o600 || q1.Mode != 0o644 { // 0666 less the umask
		t.Errorf("modes %o, %o; want 600, 644", q0.Mode, q1.Mode)
	}
	if q1.UID != uint32(os.Geteuid()) || q1.GID != uint32(os.Getegid()) {
		t.Errorf("owner %d:%d", q1.UID, q1.GID)
	}
	if !q1.Known || q1.CurMsgs != 2 || q1.QSize == 0 || q0.QSize != 0 || q0.CurMsgs != 0 {
		t.Errorf("contents: %+v, %+v", q0, q1)
	}
	if q1.MaxMsg != readMqueueSysctl(t, "msg_default") || q1.MsgSize != readMqueueSysctl(t, "msgsize_default") {
		t.Errorf("limits %d/%d, not the namespace's defaults", q1.MaxMsg, q1.MsgSize)
	}
	if q1.ModTime.IsZero() {
		t.Error("no modification time")
	}

	if err := MqUnlink("/q1"); err != nil {
		t.Fatal(err)
	}
	if err := MqUnlink("q1"); err != unix.ENOENT {
		t.Fatalf("second MqUnlink = %v, want ENOENT", err)
	}
	if err := MqUnlink("/a/b"); err != unix.EINVAL {
		t.Fatalf("MqUnlink(/a/b) = %v, want EINVAL", err)
	}
	if qs, _ := ListQueues(dir); len(qs) != 1 || qs[0].Name != "/q0" {
		t.Fatalf("after unlink: %+v", qs)
	}
}

// TestQueuesUnreadable checks that a queue its lister cannot open still
// shows, with its owner and mode but no contents.
func TestQueuesUnreadable(t *testing.T) {
	setpriv := nstest.Tool(t, "setpriv")
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC|unix.CLONE_NEWNS) {
		return
	}
	dir := mountMqueue(t)
	if err := CreateQueue("/secret", 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CreateQueue("/open", 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir+"/secret", 1234, 1234); err != nil {
		t.Fatal(err)
	}
	// List as an unprivileged user, in a child (see TestMain).
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", os.Args[0])
	cmd.Env = append(os.Environ(), listEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	want := "/open 0 644 known=true\n/secret 1234 600 known=false\n"
	if err != nil || string(out) != want {
		t.Fatalf("unprivileged ListQueues: %v\n%s\nwant:\n%s", err, out, want)
	}
}

// listEnv makes the test binary list the queues of the mqueue mount it
// names and exit, as TestQueuesUnreadable's unprivileged child.
const listEnv = "POSIXIPC_TEST_LIST"

func listForTest(dir string) int {
	qs, err := ListQueues(dir)
	if err != nil {
		os.Stdout.WriteString(err.Error() + "\n")
		return 1
	}
	for _, q := range qs {
		os.Stdout.WriteString(q.Name + " " + strconv.Itoa(int(q.UID)) + " " + strconv.FormatUint(uint64(q.Mode), 8) +
			" known=" + strconv.FormatBool(q.Known) + "\n")
	}
	return 0
}

func TestShm(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWNS) {
		return
	}
	old := unix.Umask(0o022)
	defer unix.Umask(old)
	dir := privateShm(t)
	if err := CreateShm(dir, "/seg", 12345, 0o666); err != nil {
		t.Fatal(err)
	}
	var st unix.Stat_t
	if err := unix.Stat(dir+"/seg", &st); err != nil {
		t.Fatal(err)
	}
	if st.Size != 12345 || st.Mode&0o777 != 0o644 {
		t.Errorf("size %d mode %o", st.Size, st.Mode&0o777)
	}
	// An existing object is never opened or truncated.
	if err := os.WriteFile(dir+"/seg", []byte("keep"), 0); err != nil {
		t.Fatal(err)
	}
	if err := CreateShm(dir, "seg", 1, 0o644); err != unix.EEXIST {
		t.Fatalf("CreateShm over an existing object = %v, want EEXIST", err)
	}
	if b, _ := os.ReadFile(dir + "/seg"); string(b) != "keep" {
		t.Fatalf("existing object changed: %q", b)
	}
	// Nor is a symbolic link followed.
	if err := os.Symlink("/etc/passwd", dir+"/link"); err != nil {
		t.Fatal(err)
	}
	if err := CreateShm(dir, "link", 1, 0o644); err != unix.EEXIST {
		t.Fatalf("CreateShm over a symlink = %v, want EEXIST", err)
	}
	// A size the kernel refuses leaves nothing behind.
	if err := CreateShm(dir, "/bad", -1, 0o644); err != unix.EINVAL {
		t.Fatalf("CreateShm(size -1) = %v, want EINVAL", err)
	}
	if _, err := os.Lstat(dir + "/bad"); !os.IsNotExist(err) {
		t.Fatalf("a failed CreateShm left %s/bad behind", dir)
	}
	if err := CreateSem(dir, "/s", 0o600, 0); err != nil {
		t.Fatal(err)
	}
	objs, err := ListShm(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 1 || objs[0].Name != "/seg" || objs[0].Size != 4 {
		t.Fatalf("ListShm = %+v", objs)
	}
	sems, err := ListSem(dir)
	if err != nil || len(sems) != 1 || sems[0].Name != "/s" || sems[0].Mode != 0o600 || sems[0].Size != semSize {
		t.Fatalf("ListSem = %+v, %v", sems, err)
	}
	if err := UnlinkShm(dir, "/seg"); err != nil {
		t.Fatal(err)
	}
	if err := UnlinkShm(dir, "/seg"); err != unix.ENOENT {
		t.Fatalf("second UnlinkShm = %v", err)
	}
	if err := UnlinkSem(dir, "s"); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 || left[0].Name() != "link" {
		t.Fatalf("left in %s: %v", dir, left)
	}
}

func TestSemImage(t *testing.T) {
	// What glibc 2.36's sem_open(name, O_CREAT, mode, 3) writes, as strace
	// shows it on amd64; on 32-bit machines the value is shifted left by
	// one; big-endian machines store the 64-bit word high byte first.
	want := map[string]string{
		"64-bit little-endian": "\x03\x00\x00\x00\x00\x00\x00\x00\x80\x00\x00\x00\x00\x00\x00\x00" + strings.Repeat("\x00", 16),
		"64-bit big-endian":    "\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x80\x00\x00\x00\x00" + strings.Repeat("\x00", 16),
		"32-bit little-endian": "\x06\x00\x00\x00\x80\x00\x00\x00" + strings.Repeat("\x00", 8),
	}
	order := "big"
	if binary.NativeEndian.Uint16([]byte{1, 0}) == 1 {
		order = "little"
	}
	machine := fmt.Sprintf("%d-bit %s-endian", 8*unsafe.Sizeof(uintptr(0)), order)
	w, ok := want[machine]
	if !ok {
		t.Fatalf("no sem_t image known for %s machines", machine)
	}
	img := semImage(3)
	if string(img) != w {
		t.Fatalf("semImage(3) = %q, want %q", img, w)
	}
	if v := semImageValue(img); v != 3 {
		t.Fatalf("semImageValue(semImage(3)) = %d", v)
	}
}

// The C side of the interoperability test: it creates with glibc's
// sem_open/shm_open, or opens what Go created and reports it.
const cHelper = `#include <semaphore.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
int main(int argc, char **argv) {
	if (argc != 3) return 2;
	if (!strcmp(argv[1], "semcreate")) {
		sem_t *s = sem_open(argv[2], O_CREAT | O_EXCL, 0640, 7);
		if (s == SEM_FAILED) { perror("sem_open"); return 1; }
		return 0;
	}
	if (!strcmp(argv[1], "semuse")) {
		sem_t *s = sem_open(argv[2], 0);
		int v = -1;
		if (s == SEM_FAILED) { perror("sem_open"); return 1; }
		if (sem_getvalue(s, &v)) { perror("sem_getvalue"); return 1; }
		printf("value %d\n", v);
		if (sem_trywait(s) == 0) printf("trywait ok\n"); else perror("sem_trywait");
		sem_post(s); sem_post(s);
		sem_getvalue(s, &v);
		printf("value %d\n", v);
		return 0;
	}
	if (!strcmp(argv[1], "shmsize")) {
		struct stat st;
		int fd = shm_open(argv[2], O_RDWR, 0);
		if (fd < 0 || fstat(fd, &st)) { perror("shm_open"); return 1; }
		printf("size %lld\n", (long long)st.st_size);
		return 0;
	}
	return 2;
}
`

// buildCHelper compiles cHelper for the architecture of this test binary,
// statically, so that it also runs under qemu-user when the test binary
// does.
func buildCHelper(t *testing.T) string {
	t.Helper()
	arch, ok := archtest.ArchOf(runtime.GOARCH)
	if !ok {
		t.Fatalf("no C compiler known for %s", runtime.GOARCH)
	}
	gcc := archtest.CC(t, arch)
	dir := t.TempDir()
	src := filepath.Join(dir, "helper.c")
	if err := os.WriteFile(src, []byte(cHelper), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "helper")
	if out, err := exec.Command(gcc, "-static", "-o", bin, src, "-pthread", "-lrt").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	return bin
}

// TestGlibcInterop checks that glibc's sem_open and shm_open use what Go
// creates, and that Go reads what glibc creates.
func TestGlibcInterop(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWNS) {
		return
	}
	helper := buildCHelper(t)
	dir := privateShm(t)

	if err := CreateSem(dir, "/gosem", 0o644, 1); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(helper, "semuse", "/gosem").CombinedOutput()
	if err != nil || string(out) != "value 1\ntrywait ok\nvalue 2\n" {
		t.Fatalf("C on a Go semaphore: %v\n%s", err, out)
	}
	if v, err := SemValue(dir, "/gosem"); err != nil || v != 2 {
		t.Fatalf("SemValue after the C posts = %d, %v", v, err)
	}

	if out, err := exec.Command(helper, "semcreate", "/csem").CombinedOutput(); err != nil {
		t.Fatalf("C sem_open: %v\n%s", err, out)
	}
	if v, err := SemValue(dir, "csem"); err != nil || v != 7 {
		t.Fatalf("SemValue of a C semaphore = %d, %v", v, err)
	}
	if err := CreateSem(dir, "/csem", 0o644, 0); err != unix.EEXIST {
		t.Fatalf("CreateSem over glibc's = %v, want EEXIST", err)
	}
	if out, err := exec.Command(helper, "semcreate", "/gosem").CombinedOutput(); err == nil {
		t.Fatalf("glibc sem_open(O_EXCL) accepted Go's existing semaphore:\n%s", out)
	}

	if err := CreateShm(dir, "/goshm", 4096, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = exec.Command(helper, "shmsize", "/goshm").CombinedOutput()
	if err != nil || string(out) != "size 4096\n" {
		t.Fatalf("C shm_open on Go's object: %v\n%s", err, out)
	}
	// Only the objects remain: no temporary file of CreateSem.
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "goshm sem.csem sem.gosem" {
		t.Fatalf("%s holds %v", dir, names)
	}
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(listEnv); dir != "" {
		os.Exit(listForTest(dir))
	}
	nstest.Main(m)
}
