// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nsexec_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/ns"
	"github.com/gonstools/gonstools/pkg/nsexec"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) { nstest.Main(m) }

// container starts a rootless-style container: new user (root mapped to
// 100000), mount (with its own /proc), PID, UTS, IPC and time (boot clock
// 1000 s ahead) namespaces, running sleep as PID 1's child. It returns the
// PID of sleep.
func container(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(nstest.Binary(t, "gounshare"), "-U", "--map-users=0:100000:65536", "--map-groups=0:100000:65536", "-S", "0", "-G", "0",
		"-mpuiT", "-f", "--mount-proc", "--boottime", "1000", "sh", "-c", "hostname inside; exec sleep 1000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 5000; i++ {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", cmd.Process.Pid, cmd.Process.Pid))
		if f := strings.Fields(string(b)); len(f) == 1 {
			if exe, _ := os.Readlink("/proc/" + f[0] + "/exe"); strings.HasSuffix(exe, "/sleep") {
				pid, _ := strconv.Atoi(f[0])
				t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
				return pid
			}
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the container did not start")
	return 0
}

func links(t *testing.T, pid string) map[string]string {
	out := map[string]string{}
	for _, typ := range ns.Types {
		l, err := os.Readlink("/proc/" + pid + "/" + typ.File())
		if err != nil {
			t.Fatal(err)
		}
		out[typ.Name] = l
	}
	return out
}

// threadsState is every thread's namespaces, and the signal dispositions.
func threadsState(t *testing.T) string {
	var b strings.Builder
	tasks, _ := filepath.Glob("/proc/self/task/*")
	for _, task := range tasks {
		for _, typ := range ns.Types {
			l, _ := os.Readlink(task + "/" + typ.File())
			b.WriteString(l + " ")
		}
		b.WriteString("\n")
	}
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "SigIgn") || strings.HasPrefix(line, "SigCgt") || strings.HasPrefix(line, "SigBlk") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// TestEnterAContainer: a program busy on several goroutines enters a
// container's mount, user, PID and time namespaces, captures what the
// program sees, and goes on running as before, in its own namespaces.
func TestEnterAContainer(t *testing.T) {
	nstest.RequireRoot(t)
	pid := container(t)
	want := links(t, strconv.Itoa(pid))

	stop := make(chan struct{})
	var busy sync.WaitGroup
	for range 8 {
		busy.Add(1)
		go func() {
			defer busy.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
					_ = strconv.Itoa(n) // work on every thread
				}
			}
		}()
	}
	before := make(map[string]string)
	for k, v := range links(t, "self") {
		before[k] = v
	}

	cmd := nsexec.Command("sh", "-c", `for n in mnt user pid time uts; do readlink /proc/self/ns/$n; done; cut -d. -f1 /proc/uptime; id -u; hostname`)
	cmd.Target = pid
	cmd.TargetTypes = []*ns.Type{&ns.Mount, &ns.User, &ns.PID, &ns.Time, &ns.UTS}
	cmd.Credential = &nsexec.Credential{UID: 0, GID: 0}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, stderrOf(err))
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var up float64
	ours, _ := os.ReadFile("/proc/uptime")
	fmt.Sscanf(string(ours), "%f", &up)
	if len(lines) != 8 || lines[0] != want["mnt"] || lines[1] != want["user"] || lines[2] != want["pid"] || lines[3] != want["time"] ||
		lines[4] != want["uts"] || lines[6] != "0" || lines[7] != "inside" {
		t.Fatalf("the program saw %q, want %v", lines, want)
	}
	if inside, _ := strconv.Atoi(lines[5]); float64(inside) < up+990 {
		t.Errorf("uptime inside %s, ours %.0f: not the container's clock", lines[5], up)
	}
	close(stop)
	busy.Wait()
	after := links(t, "self")
	for k, v := range before {
		if after[k] != v {
			t.Errorf("our %s namespace changed: %s, was %s", k, after[k], v)
		}
	}
	// And we go on: start another program, the normal way.
	if out, err := exec.Command("true").CombinedOutput(); err != nil {
		t.Errorf("os/exec after nsexec: %v %s", err, out)
	}
}

func stderrOf(err error) string {
	var ee *nsexec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}

// TestNothingChangesInTheCaller: namespaces of every thread and signal
// dispositions of the caller are the same after many programs.
func TestNothingChangesInTheCaller(t *testing.T) {
	nstest.RequireRoot(t)
	pid := container(t)
	before := threadsState(t)
	for range 5 {
		cmd := nsexec.Command("true")
		cmd.Target = pid
		if err := cmd.Run(); err != nil {
			t.Fatal(err)
		}
		cmd = nsexec.Command("true")
		cmd.Unshare = []*ns.Type{&ns.User, &ns.Mount, &ns.PID, &ns.IPC}
		cmd.UIDMap = []nsexec.IDMap{{Inner: 0, Outer: 0, Count: 1}}
		cmd.MountProc = "/proc"
		if err := cmd.Run(); err != nil {
			t.Fatal(err)
		}
	}
	if after := threadsState(t); after != before && !sameThreads(before, after) {
		t.Errorf("the caller changed:\n%s\nwas:\n%s", after, before)
	}
}

// sameThreads compares states whose thread count may differ: every line
// of namespaces must be one of before's, and the signal lines equal.
func sameThreads(before, after string) bool {
	known := map[string]bool{}
	var sig []string
	for _, l := range strings.Split(before, "\n") {
		if strings.HasPrefix(l, "Sig") {
			sig = append(sig, l)
		}
		known[l] = true
	}
	var sig2 []string
	for _, l := range strings.Split(after, "\n") {
		if strings.HasPrefix(l, "Sig") {
			sig2 = append(sig2, l)
			continue
		}
		if !known[l] {
			return false
		}
	}
	return strings.Join(sig, "|") == strings.Join(sig2, "|")
}

// TestManyAtOnce: 100 programs started from 100 goroutines at once, in new
// namespaces and in a target's, all run and report what they should.
func TestManyAtOnce(t *testing.T) {
	nstest.RequireRoot(t)
	pid := container(t)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := nsexec.Command("sh", "-c", "hostname")
			if i%2 == 0 {
				cmd.Target, cmd.TargetTypes = pid, []*ns.Type{&ns.UTS}
			} else {
				cmd = nsexec.Command("sh", "-c", "hostname n"+strconv.Itoa(i)+" && hostname")
				cmd.Unshare = []*ns.Type{&ns.UTS}
			}
			out, err := cmd.Output()
			want := "inside\n"
			if i%2 == 1 {
				want = "n" + strconv.Itoa(i) + "\n"
			}
			if err != nil || string(out) != want {
				errs <- fmt.Errorf("%d: %q %v", i, out, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if h, _ := os.Hostname(); strings.HasPrefix(h, "n") && h != "nsexec" {
		t.Errorf("our hostname changed to %q", h)
	}
}

// TestContextKills: a done context kills the program, and Wait says why.
func TestContextKills(t *testing.T) {
	nstest.RequireRoot(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	cmd := nsexec.CommandContext(ctx, "sleep", "60")
	cmd.Unshare = []*ns.Type{&ns.PID, &ns.Mount}
	cmd.MountProc = "/proc"
	start := time.Now()
	err := cmd.Run()
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 30*time.Second {
		t.Errorf("Run = %v after %v", err, time.Since(start))
	}
	if cmd.ProcessState == nil || cmd.ProcessState.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Errorf("state %v, want killed", cmd.ProcessState)
	}
}

// TestDescriptors: the program gets exactly its standard files and
// ExtraFiles, and nothing Start opened stays open in the caller.
func TestDescriptors(t *testing.T) {
	nstest.RequireRoot(t)
	// The caller's descriptors, by number and what they are. Earlier
	// tests' goroutines may still close some of theirs meanwhile, so
	// only descriptors that appear count.
	open := func() map[string]string {
		ents, _ := os.ReadDir("/proc/self/fd")
		m := make(map[string]string, len(ents))
		for _, e := range ents {
			if target, err := os.Readlink("/proc/self/fd/" + e.Name()); err == nil { // not ReadDir's own, closed by now
				m[e.Name()] = target
			}
		}
		return m
	}
	extra, err := os.Open("/etc/hostname")
	if err != nil {
		t.Fatal(err)
	}
	defer extra.Close()
	// The runtime's poller, which the first pipe sets up for good.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	w.Close()
	before := open()
	for _, unshare := range [][]*ns.Type{nil, {&ns.User}, {&ns.PID, &ns.Mount}} {
		cmd := nsexec.Command("sh", "-c", "ls /proc/self/fd | sort -n | tr '\\n' ' '; cat <&3 >/dev/null && echo extra")
		cmd.Unshare = unshare
		cmd.ExtraFiles = []*os.File{extra}
		cmd.Stdin = strings.NewReader("")
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		// 0 1 2 3, and the directory ls reads.
		if got := string(out); got != "0 1 2 3 4 extra\n" {
			t.Errorf("%v: descriptors %q", unshare, got)
		}
	}
	// The copying goroutines close their files a little after Output.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var added []string
		for fd, target := range open() {
			if before[fd] != target {
				added = append(added, fd+" -> "+target)
			}
		}
		if len(added) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("descriptors left open in the caller: %v", added)
		}
	}
}

// TestStdio: pipes in and out, the null device, and one writer for both
// outputs.
func TestStdio(t *testing.T) {
	nstest.RequireRoot(t)
	cmd := nsexec.Command("sh", "-c", "tr a-z A-Z; echo err >&2")
	cmd.Unshare = []*ns.Type{&ns.IPC}
	cmd.Stdin = strings.NewReader("hello\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil || out.String() != "HELLO\nerr\n" {
		t.Errorf("%q %v", out.String(), err)
	}
	c := nsexec.Command("sh", "-c", "cat; echo done")
	c.Unshare = []*ns.Type{&ns.UTS}
	if b, err := c.CombinedOutput(); err != nil || string(b) != "done\n" {
		t.Errorf("nil stdin: %q %v", b, err)
	}
}

// TestErrors: failures are structured, and a program's status or signal
// is an *ExitError, never the caller's end.
func TestErrors(t *testing.T) {
	nstest.RequireRoot(t)
	err := nsexec.Command("no-such-program-here").Run()
	var e *nsexec.Error
	if !errors.As(err, &e) || e.Op != "exec" || !errors.Is(err, unix.ENOENT) {
		t.Errorf("missing program: %v", err)
	}
	c := nsexec.Command("true")
	c.Root = "/nonexistent"
	c.Unshare = []*ns.Type{&ns.UTS}
	if err := c.Run(); !errors.As(err, &e) || e.Op != "chroot" || e.Path != "/nonexistent" || !errors.Is(err, unix.ENOENT) {
		t.Errorf("bad root: %v", err)
	}
	c = nsexec.Command("sh", "-c", "kill -TERM $$")
	c.Unshare = []*ns.Type{&ns.User}
	err = c.Run()
	var ee *nsexec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGTERM {
		t.Errorf("killed program: %v", err)
	}
	c = nsexec.Command("sh", "-c", "exit 3")
	c.Target = 1 << 22 // no such process
	if err := c.Run(); !errors.Is(err, unix.ESRCH) {
		t.Errorf("missing target: %v", err)
	}
}

// TestDo runs Go code in a new network namespace's... in a namespace of a
// process, on a thread thrown away afterwards; user, time and PID
// namespaces are refused.
func TestDo(t *testing.T) {
	nstest.RequireRoot(t)
	pid := container(t)
	h, err := ns.Open(pid, &ns.UTS)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var name string
	err = nsexec.Do(func() error {
		var u unix.Utsname
		if err := unix.Uname(&u); err != nil {
			return err
		}
		name = unix.ByteSliceToString(u.Nodename[:])
		return nil
	}, h)
	if err != nil || name != "inside" {
		t.Errorf("Do: %q %v", name, err)
	}
	if ours, _ := os.Hostname(); ours == "inside" {
		t.Error("our hostname is the container's")
	}
	u, _ := ns.Open(pid, &ns.User)
	defer u.Close()
	if err := nsexec.Do(func() error { return nil }, u); err == nil {
		t.Error("Do joined a user namespace")
	}
}

// TestExec: a program that calls Exec is replaced by the program, which
// keeps its PID.
func TestExec(t *testing.T) {
	nstest.RequireRoot(t)
	bin := filepath.Join(t.TempDir(), "exec")
	build := exec.Command("go", "build", "-o", bin, "../../internal/nstest/execinplace")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).CombinedOutput()
	lines := strings.Fields(string(out))
	if err != nil || len(lines) != 3 || lines[0] != lines[1] || lines[2] != "replaced" {
		t.Errorf("%v: %q, want the same PID twice and the new hostname", err, out)
	}
	if h, _ := os.Hostname(); h == "replaced" {
		t.Error("our hostname changed")
	}
}
