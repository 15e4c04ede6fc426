// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nsenter

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/ns"
	"golang.org/x/sys/unix"
)

// TestGoneTargetStaysGone: a PID that named no process when gonsenter
// looked must not be read from /proc afterwards, where a new process may
// have taken it. In a PID namespace of its own the test gives that PID to
// a new process (ns_last_pid) and checks that the target still fails.
func TestGoneTargetStaysGone(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWPID|unix.CLONE_NEWNS) {
		return
	}
	if err := unix.Mount("proc", "/proc", "proc", unix.MS_NOSUID|unix.MS_NOEXEC|unix.MS_NODEV, ""); err != nil {
		t.Fatal(err)
	}
	const pid = 500
	tg, err := openTarget(pid, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !tg.gone || tg.pidfd != nil {
		t.Fatalf("target %d: gone %v, pidfd %v", pid, tg.gone, tg.pidfd)
	}
	// os/exec's first start forks once more to probe pidfds: get that done.
	if err := exec.Command("true").Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("/proc/sys/kernel/ns_last_pid", []byte(strconv.Itoa(pid-1)), 0); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sleep", "10")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if cmd.Process.Pid != pid {
		t.Fatalf("the new process got PID %d, not %d", cmd.Process.Pid, pid)
	}
	f, err := tg.open("ns/ipc", 0)
	if err == nil {
		f.Close()
		t.Fatal("the gone target's /proc/PID/ns/ipc was opened: it is another process's")
	}
	if err.Error() != "cannot open /proc/500/ns/ipc: No such file or directory" {
		t.Errorf("error %q", err)
	}
}

// TestFollowContext checks --follow-context's plumbing without SELinux:
// the target's /proc/PID/attr/current is a bind-mounted fake, SELinux is
// said to be on, and the program's exec context goes to a file of ours.
func TestFollowContext(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWNS) {
		return
	}
	defer func(on func() bool, path string) { selinuxEnabled, attrExec = on, path }(selinuxEnabled, attrExec)
	selinuxEnabled = func() bool { return true }
	dir := t.TempDir()
	attrExec = filepath.Join(dir, "exec")
	os.WriteFile(attrExec, nil, 0o644)

	target := exec.Command("sleep", "100")
	if err := target.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { target.Process.Kill(); target.Wait() }()
	fake := filepath.Join(dir, "current")
	const ctx = "system_u:system_r:container_t:s0:c1,c2"
	os.WriteFile(fake, []byte(ctx+"\x00"), 0o644)
	current := fmt.Sprintf("/proc/%d/attr/current", target.Process.Pid)
	if err := unix.Mount(fake, current, "", unix.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}

	o := New()
	o.Target, o.FollowContext = target.Process.Pid, true
	o.NS[index(&ns.UTS)].Enabled = true
	o.Program = []string{"true"}
	pl, err := Prepare(o, []string{"PATH=/usr/bin:/bin"})
	if err != nil {
		t.Fatal(err)
	}
	defer pl.Close()
	pl.Config.Fork = true // a test must not be replaced by the program
	if ws, err := pl.Config.Run(); err != nil || ws.ExitStatus() != 0 {
		t.Fatalf("run: %v %v", ws, err)
	}
	if got, _ := os.ReadFile(attrExec); string(got) != ctx {
		t.Errorf("exec context %q, want %q", got, ctx)
	}

	// Without a target, or without a context to read.
	o.Target = 0
	o.NS[index(&ns.UTS)].HasFile, o.NS[index(&ns.UTS)].File = true, "/proc/self/ns/uts"
	if _, err := Prepare(o, nil); err == nil || err.Error() != "no target PID specified for --follow-context" {
		t.Errorf("no target: %v", err)
	}
	unix.Unmount(current, 0)
	o.Target = target.Process.Pid
	if _, err := Prepare(o, nil); err == nil || err.Error() != fmt.Sprintf("failed to get %d SELinux context", o.Target) {
		t.Errorf("no context: %v", err)
	}
	// SELinux off: nothing is read or written.
	selinuxEnabled = func() bool { return false }
	pl, err = Prepare(o, nil)
	if err != nil || len(pl.Config.FirstWrites) != 0 {
		t.Errorf("SELinux off: %v %v", err, pl.Config.FirstWrites)
	}
}
