package nsenter

import (
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/gonstools/gonstools/pkg/nstest"
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
