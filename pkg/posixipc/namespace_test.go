// SPDX-License-Identifier: Apache-2.0

//go:build linux

package posixipc

import (
	"errors"
	"os"
	"os/exec"
	"reflect"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/pkg/ns"
)

// Both ways of reaching the namespace's queues (a detached mount, and a
// mount in a private mount namespace for kernels without fsmount) list the
// same queues: those of this namespace.
func TestPosixQueueMounts(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	syscall.Umask(0)
	for _, n := range []string{"/b", "/a", "/c"} {
		if err := CreateQueue(n, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	private, err := privateQueues(MqueueDir, os.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	detached, err := detachedQueues()
	if errors.Is(err, syscall.ENOSYS) && nstest.Emulator() != "" {
		// qemu-user does not translate fsopen and fsmount.
		t.Logf("%s: detached mount: %v", nstest.Emulator(), err)
		detached = private
	} else if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, q := range detached {
		names = append(names, q.Name)
	}
	if !reflect.DeepEqual(names, []string{"/a", "/b", "/c"}) || !reflect.DeepEqual(detached, private) {
		t.Errorf("detached mount: %+v\nprivate mount: %+v", detached, private)
	}
	via, err := NamespaceQueues()
	if err != nil || !reflect.DeepEqual(via, detached) {
		t.Errorf("NamespaceQueues = %+v, %v", via, err)
	}
}

// Where a directory already shows this namespace's queues, mounting them
// there again fails with EBUSY, and the directory is listed as it is.
func TestPrivateMqueueOverItself(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	if err := CreateQueue("/q", 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := syscall.Mount("mqueue", dir, "mqueue", 0, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	qs, err := privateQueues(dir)
	if err != nil || len(qs) != 1 || qs[0].Name != "/q" {
		t.Fatalf("privateMqueue over this namespace's mount = %+v, %v", qs, err)
	}
}

// On a thread that joined another IPC namespace (goipcs --target), both
// ways list that namespace's queues, not the process's.
func TestPosixQueuesOfJoinedNamespace(t *testing.T) {
	if e := nstest.Emulator(); e != "" {
		// The namespace to join is a child's, and qemu-user refuses clone
		// with namespace flags (EINVAL).
		t.Skipf("%s: no child in a new IPC namespace", e)
	}
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	if err := CreateQueue("/outer", 0o600); err != nil {
		t.Fatal(err)
	}
	other := exec.Command("sleep", "1000")
	other.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWIPC}
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { other.Process.Kill(); other.Wait() }()
	h, err := ns.Open(other.Process.Pid, &ns.IPC)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var private, detached, kernel []Queue
	var errs [3]error
	err = rawexec.Do([]rawexec.Namespace{{Fd: int(h.Fd()), Type: syscall.CLONE_NEWIPC}}, func() error {
		if err := CreateQueue("/inner", 0o600); err != nil {
			return err
		}
		private, errs[0] = privateQueues(MqueueDir, os.TempDir())
		detached, errs[1] = detachedQueues()
		kernel, errs[2] = NamespaceQueues()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if errors.Is(errs[1], syscall.ENOSYS) && nstest.Emulator() != "" {
		detached, errs[1] = private, nil
	}
	for i, qs := range [][]Queue{private, detached, kernel} {
		if errs[i] != nil || len(qs) != 1 || qs[0].Name != "/inner" {
			t.Errorf("way %d: %+v, %v; want /inner only", i, qs, errs[i])
		}
	}
}
