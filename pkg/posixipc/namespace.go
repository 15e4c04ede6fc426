// SPDX-License-Identifier: Apache-2.0

//go:build linux

package posixipc

import (
	"errors"
	"os"
	"strconv"
	"syscall"

	"github.com/gonstools/gonstools/internal/rawexec"
	"golang.org/x/sys/unix"
)

// NamespaceQueues lists the POSIX message queues of the calling thread's
// IPC namespace. Those can only be seen through a mount of the mqueue
// filesystem made from that namespace, and /dev/mqueue may have been
// mounted from another one (after unshare(CLONE_NEWIPC) it still shows the
// parent's queues), so it makes a mount of its own that nobody else sees:
//
//   - a detached mount (fsopen, fsconfig, fsmount; Linux 5.2+), read
//     through /proc/self/fd and attached to no mount point at all;
//   - on older kernels, a mount in a private mount namespace, on a thread
//     of its own that is thrown away afterwards, over MqueueDir (or the
//     temporary directory when there is none).
//
// Both need CAP_SYS_ADMIN. Without it, MqueueDir is listed when it is an
// mqueue mount, which is right unless the caller changed IPC namespace
// without remounting it. To list the queues of another process's IPC
// namespace, call it from nsexec.Do with that namespace.
func NamespaceQueues() ([]Queue, error) {
	qs, err := detachedQueues()
	if errors.Is(err, syscall.ENOSYS) {
		qs, err = privateQueues(MqueueDir, os.TempDir())
	}
	if errors.Is(err, syscall.EPERM) && IsMqueue(MqueueDir) {
		return ListQueues(MqueueDir)
	}
	return qs, err
}

// detachedQueues lists the queues through a detached mqueue mount.
func detachedQueues() ([]Queue, error) {
	fsfd, err := unix.Fsopen("mqueue", unix.FSOPEN_CLOEXEC)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fsfd)
	if err := unix.FsconfigCreate(fsfd); err != nil {
		return nil, err
	}
	mfd, err := unix.Fsmount(fsfd, unix.FSMOUNT_CLOEXEC,
		unix.MOUNT_ATTR_RDONLY|unix.MOUNT_ATTR_NOSUID|unix.MOUNT_ATTR_NODEV|unix.MOUNT_ATTR_NOEXEC)
	if err != nil {
		return nil, err
	}
	defer unix.Close(mfd)
	return ListQueues("/proc/self/fd/" + strconv.Itoa(mfd))
}

// privateQueues lists the queues through a mount in a private mount
// namespace, over the first of dirs that exists (in that namespace only).
// EBUSY means that the directory already shows this namespace's mqueue
// filesystem (the kernel refuses to mount a superblock on top of itself),
// so it is listed as it is.
func privateQueues(dirs ...string) ([]Queue, error) {
	var qs []Queue
	err := rawexec.InPrivateMountNamespace(func() error {
		for _, dir := range dirs {
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				continue
			}
			err := unix.Mount("mqueue", dir, "mqueue", unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "")
			if err != nil && (err != unix.EBUSY || !IsMqueue(dir)) {
				return err
			}
			qs, err = ListQueues(dir)
			return err
		}
		return syscall.ENOENT
	})
	return qs, err
}
