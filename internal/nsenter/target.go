// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nsenter

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/pkg/ns"
	"golang.org/x/sys/unix"
)

// target is the process whose namespaces and directories are used.
//
// When the kernel has pidfds, the target is held by one from the start:
// its namespaces are then joined with setns(pidfd, CLONE_NEW*), which
// cannot reach another process that got the same PID, and files still read
// from /proc/PID are checked afterwards to have belonged to that process
// (the pidfd must still name a live process, so the PID was not reused).
type target struct {
	pid   int
	pidfd *os.File // nil: no pidfd (old kernel, or a thread ID)
	// setns reports that setns(2) takes the pidfd (Linux 5.8).
	setns bool
	// usedProc reports that something was read from /proc/PID.
	usedProc bool
	// gone is set when the process did not exist when we looked (ESRCH
	// from pidfd_open): nothing is read from /proc/PID then, where
	// another process could have taken the PID since.
	gone bool
}

// openTarget opens a pidfd for pid when it can. With ino (PID:INODE),
// the pidfd is required and must have that inode.
func openTarget(pid int, ino uint64) (*target, error) {
	t := &target{pid: pid}
	fd, err := unix.PidfdOpen(pid, 0) // pidfds are close-on-exec
	switch {
	case err == nil:
	case ino != 0:
		return nil, cli.Syserr(err, "pidfd_open() failed")
	case err == unix.ENOSYS || err == unix.EINVAL:
		return t, nil // a kernel without pidfds (or a thread ID): /proc/PID
	default:
		t.gone = true
		return t, nil
	}
	t.pidfd = os.NewFile(uintptr(fd), "pidfd:"+strconv.Itoa(pid))
	if ino != 0 {
		var fs unix.Statfs_t
		var st unix.Stat_t
		if unix.Fstatfs(fd, &fs) != nil || fs.Type != unix.PID_FS_MAGIC {
			t.close()
			return nil, fmt.Errorf("pidfd needs to have the pidfs file system type")
		}
		if err := unix.Fstat(fd, &st); err != nil {
			t.close()
			return nil, cli.Syserr(err, "failed to statx() pidfd")
		}
		if st.Ino != ino {
			t.close()
			return nil, fmt.Errorf("pidfd inode %d not found for pid %d", ino, pid)
		}
	}
	t.setns = setnsTakesPidfd(fd)
	return t, nil
}

func (t *target) close() {
	if t != nil && t.pidfd != nil {
		t.pidfd.Close()
	}
}

// path is /proc/PID/name.
func (t *target) path(name string) string {
	if name == "" {
		return "/proc/" + strconv.Itoa(t.pid)
	}
	return "/proc/" + strconv.Itoa(t.pid) + "/" + name
}

// open opens /proc/PID/name for reading, close-on-exec. For a target
// that was gone it fails as the open would have, without trying.
func (t *target) open(name string, flags int) (*os.File, error) {
	t.usedProc = true
	p := t.path(name)
	if t.gone {
		return nil, cli.PathError("cannot open", p, unix.ENOENT)
	}
	fd, err := unix.Open(p, unix.O_RDONLY|unix.O_CLOEXEC|flags, 0)
	if err != nil {
		return nil, cli.PathError("cannot open", p, err)
	}
	return os.NewFile(uintptr(fd), p), nil
}

// nsFile opens the target's namespace of type typ: through its pidfd when
// the kernel can, or /proc/PID/ns/NAME.
func (t *target) nsFile(typ *ns.Type) (*os.File, error) {
	if t.pidfd != nil {
		fd, err := unix.IoctlRetInt(int(t.pidfd.Fd()), typ.PidfdIoctl())
		switch {
		case err == nil:
			return os.NewFile(uintptr(fd), t.path(typ.File())), nil
		case err == unix.ESRCH:
			return nil, cli.PathError("cannot open", t.path(typ.File()), err)
		}
		// ENOTTY or EINVAL: a kernel without these ioctls.
	}
	return t.open(typ.File(), 0)
}

// alive checks, after files were read from /proc/PID, that they were the
// target's: a process that still exists kept its PID all along.
func (t *target) alive() error {
	if t.pidfd == nil || !t.usedProc {
		return nil
	}
	err := unix.PidfdSendSignal(int(t.pidfd.Fd()), 0, nil, 0)
	if err == unix.ESRCH {
		return fmt.Errorf("target process %d exited", t.pid)
	}
	return nil // alive, or not ours to signal (EPERM): alive either way
}

// setnsTakesPidfd reports whether setns(2) takes a pidfd (Linux 5.8). The
// kernels that have the pidfd namespace ioctls (6.11) do; on others,
// setns of the process's own UTS namespace through a pidfd of its own is
// tried on a thread that is thrown away: EINVAL means pidfds are not
// namespace files to setns, any other answer (success, EPERM) that they
// are.
func setnsTakesPidfd(pidfd int) bool {
	if fd, err := unix.IoctlRetInt(pidfd, ns.UTS.PidfdIoctl()); err == nil {
		unix.Close(fd)
		return true
	}
	self, err := unix.PidfdOpen(os.Getpid(), 0)
	if err != nil {
		return false
	}
	defer unix.Close(self)
	err = rawexec.Do([]rawexec.Namespace{{Fd: self, Type: unix.CLONE_NEWUTS}}, func() error { return nil })
	return !errors.Is(err, unix.EINVAL)
}
