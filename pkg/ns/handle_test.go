// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ns

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"golang.org/x/sys/unix"
)

// TestHandles opens namespaces every way, for every type, and checks what
// the handles say against /proc.
func TestHandles(t *testing.T) {
	nstest.RequireRoot(t)
	child := exec.Command("sleep", "100")
	child.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWUTS | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUSER,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1}}}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { child.Process.Kill(); child.Wait() }()
	pid := child.Process.Pid
	for _, typ := range Types {
		h, err := Open(pid, typ)
		if err != nil {
			t.Fatalf("Open(%d, %s): %v", pid, typ.Name, err)
		}
		link, _ := os.Readlink(procPath(pid, typ))
		if h.String() != link || h.Type() != typ {
			t.Errorf("%s: %s (%s), /proc says %s", typ.Name, h, h.Type().Name, link)
		}
		p, err := OpenPath(procPath(pid, typ))
		if err != nil || !p.Equal(h) || p.Type() != typ {
			t.Errorf("OpenPath %s: %v", typ.Name, err)
		}
		id, err := h.ID()
		if err != nil {
			t.Fatal(err)
		}
		byID, err := OpenID(id)
		if err != nil || !byID.Equal(h) {
			t.Errorf("OpenID(%d) %s: %v", id, typ.Name, err)
		}
		cur, _ := Current(typ)
		if sameAsUs := typ != &UTS && typ != &IPC && typ != &User; cur.Equal(h) != sameAsUs {
			t.Errorf("%s: equal to ours %v, want %v", typ.Name, cur.Equal(h), sameAsUs)
		}
		for _, x := range []*Handle{h, p, byID, cur} {
			x.Close()
		}
	}

	// The child's UTS namespace is owned by its user namespace, whose
	// parent is ours.
	uts, _ := Open(pid, &UTS)
	owner, err := uts.Owner()
	userns, _ := Open(pid, &User)
	if err != nil || !owner.Equal(userns) || owner.Type() != &User {
		t.Errorf("Owner: %v", err)
	}
	parent, err := userns.Parent()
	ours, _ := Current(&User)
	if err != nil || !parent.Equal(ours) {
		t.Errorf("Parent: %v", err)
	}
	if _, err := uts.Parent(); !errors.Is(err, unix.EINVAL) {
		t.Errorf("the parent of a UTS namespace: %v, want EINVAL", err)
	}

	// Errors keep the errno.
	if _, err := Open(1<<22-1, &Net); !errors.Is(err, unix.ESRCH) {
		t.Errorf("Open of no process: %v, want ESRCH", err)
	}
	var nsErr *Error
	if _, err := OpenPath("/etc/passwd"); !errors.As(err, &nsErr) || nsErr.Path != "/etc/passwd" {
		t.Errorf("OpenPath of a non-namespace: %v", err)
	}
	if _, err := OpenNetns("../x"); !errors.Is(err, unix.EINVAL) {
		t.Errorf("OpenNetns(../x): %v", err)
	}
}

// TestOpenNetns opens an "ip netns" namespace by name, in a private mount
// namespace whose /run/netns is the test's own.
func TestOpenNetns(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWNS) {
		return
	}
	dir := t.TempDir()
	if err := unix.Mount(dir, "/run", "", unix.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Unmount("/run", unix.MNT_DETACH) })
	os.MkdirAll(NetnsDir, 0o755)
	held := orphanNet(t)
	defer held.Close()
	file := filepath.Join(NetnsDir, "blue")
	os.WriteFile(file, nil, 0o644)
	if err := unix.Mount("/proc/self/fd/"+strconv.Itoa(int(held.Fd())), file, "", unix.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Unmount(file, unix.MNT_DETACH) })
	h, err := OpenNetns("blue")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	want, _ := New(held)
	if !h.Equal(want) || h.Type() != &Net {
		t.Errorf("OpenNetns(blue) = %s, want %s", h, want)
	}
}

// Without the NS_GET_NSTYPE ioctl (qemu-user answers ENOSYS), the type is
// read from the descriptor's link; other files are refused as the ioctl
// refuses them.
func TestTypeFromLink(t *testing.T) {
	for _, typ := range Types {
		f, err := os.Open("/proc/self/" + typ.File())
		if err != nil {
			t.Fatal(err)
		}
		flag, err := typeFromLink(f)
		f.Close()
		if err != nil || uintptr(flag) != typ.Flag {
			t.Errorf("%s: %#x, %v; want %#x", typ.Name, flag, err, typ.Flag)
		}
	}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := typeFromLink(f); err != unix.ENOTTY {
		t.Errorf("/proc/self/status: %v, want ENOTTY", err)
	}
}
