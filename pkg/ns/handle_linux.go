// SPDX-License-Identifier: Apache-2.0

package ns

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// New makes a handle of f, an open namespace file, and takes it over. The
// type is asked of the kernel (NS_GET_NSTYPE).
func New(f *os.File) (*Handle, error) {
	flag, err := unix.IoctlRetInt(int(f.Fd()), unix.NS_GET_NSTYPE)
	if err == unix.ENOSYS {
		// A user-mode emulator that does not translate the ioctl: the
		// descriptor's link names the type ("ipc:[4026531839]").
		flag, err = typeFromLink(f)
	}
	if err != nil {
		return nil, &Error{Op: "NS_GET_NSTYPE", Path: f.Name(), Err: err}
	}
	t := ByFlag(uintptr(flag))
	if t == nil {
		return nil, &Error{Op: "NS_GET_NSTYPE", Path: f.Name(), Err: fmt.Errorf("unknown namespace type %#x", flag)}
	}
	return &Handle{f: f, typ: t}, nil
}

// typeFromLink returns the clone flag of the namespace type that an nsfs
// descriptor's /proc/self/fd link names.
func typeFromLink(f *os.File) (int, error) {
	var st unix.Statfs_t
	if err := unix.Fstatfs(int(f.Fd()), &st); err != nil {
		return 0, err
	}
	if st.Type != unix.NSFS_MAGIC {
		return 0, unix.ENOTTY // as the ioctl answers for other files
	}
	link, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(int(f.Fd())))
	if err != nil {
		return 0, err
	}
	name, _, _ := strings.Cut(link, ":")
	for _, t := range Types {
		if t.Name == name {
			return int(t.Flag), nil
		}
	}
	return 0, unix.ENOTTY
}

// OpenPath opens the namespace file at path: /proc/PID/ns/NAME, a bind
// mount of one, or /proc/PID/fd/N of one held open.
func OpenPath(path string) (*Handle, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &Error{Op: "open", Path: path, Err: err}
	}
	h, err := New(os.NewFile(uintptr(fd), path))
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	return h, nil
}

// Open opens the namespace of type t of process pid. Through a pidfd
// (Linux 6.11's PIDFD_GET_*_NAMESPACE) when the kernel can, so that the
// namespace is surely that process's; else /proc/PID/ns/NAME.
func Open(pid int, t *Type) (*Handle, error) {
	pidfd, err := unix.PidfdOpen(pid, 0)
	if err == nil {
		defer unix.Close(pidfd)
		return OpenPidfd(pidfd, t)
	}
	if err == unix.ESRCH {
		return nil, &Error{Op: "open", Path: procPath(pid, t), Type: t, Err: unix.ESRCH}
	}
	return OpenPath(procPath(pid, t))
}

// OpenPidfd opens the namespace of type t of the process a pidfd names.
func OpenPidfd(pidfd int, t *Type) (*Handle, error) {
	fd, err := unix.IoctlRetInt(pidfd, t.PidfdIoctl())
	if err == nil {
		return &Handle{f: os.NewFile(uintptr(fd), t.File()), typ: t}, nil
	}
	if err == unix.ESRCH {
		return nil, &Error{Op: "open", Type: t, Err: err}
	}
	// ENOTTY or EINVAL: a kernel without these ioctls. Open the process's
	// file in /proc, then check that the process still lives: it then had
	// that PID all along.
	pid, err := pidfdPid(pidfd)
	if err != nil {
		return nil, &Error{Op: "open", Type: t, Err: err}
	}
	h, err := OpenPath(procPath(pid, t))
	if err != nil {
		return nil, err
	}
	if err := unix.PidfdSendSignal(pidfd, 0, nil, 0); err == unix.ESRCH {
		h.Close()
		return nil, &Error{Op: "open", Path: procPath(pid, t), Type: t, Err: unix.ESRCH}
	}
	return h, nil
}

// pidfdPid reads the PID a pidfd names from /proc/self/fdinfo.
func pidfdPid(pidfd int) (int, error) {
	b, err := os.ReadFile("/proc/self/fdinfo/" + strconv.Itoa(pidfd))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Pid:"); ok {
			pid, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || pid <= 0 {
				return 0, unix.ESRCH // -1: the process has exited
			}
			return pid, nil
		}
	}
	return 0, unix.EINVAL
}

// Current opens the namespace of type t of the calling thread.
func Current(t *Type) (*Handle, error) { return OpenPath("/proc/thread-self/" + t.File()) }

// NetnsDir is where ip-netns(8) keeps named network namespaces.
const NetnsDir = "/run/netns"

// OpenNetns opens the network namespace that "ip netns add name" made.
func OpenNetns(name string) (*Handle, error) {
	if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
		return nil, &Error{Op: "open", Path: filepath.Join(NetnsDir, name), Type: &Net, Err: unix.EINVAL}
	}
	return OpenPath(filepath.Join(NetnsDir, name))
}

// OpenID opens the namespace with the given ID (see ID and OpenByID).
func OpenID(id uint64) (*Handle, error) {
	f, err := OpenByID(id)
	if err != nil {
		return nil, &Error{Op: "open namespace of id " + strconv.FormatUint(id, 10), Err: err}
	}
	return New(f)
}

func procPath(pid int, t *Type) string { return "/proc/" + strconv.Itoa(pid) + "/" + t.File() }

// Type is the handle's namespace type.
func (h *Handle) Type() *Type { return h.typ }

// File is the open namespace file, for setns(2) or to pass to a child.
func (h *Handle) File() *os.File { return h.f }

// Fd is the descriptor of the namespace file.
func (h *Handle) Fd() uintptr { return h.f.Fd() }

// Inode is the namespace's inode number, as "ipc:[4026531839]" shows it.
func (h *Handle) Inode() (uint64, error) {
	var st unix.Stat_t
	if err := unix.Fstat(int(h.f.Fd()), &st); err != nil {
		return 0, &Error{Op: "fstat", Path: h.f.Name(), Err: err}
	}
	return st.Ino, nil
}

// ID is the namespace's ID (NS_GET_ID, Linux 6.11), never reused.
func (h *Handle) ID() (uint64, error) {
	id, err := ID(h.f)
	if err != nil {
		return 0, &Error{Op: "NS_GET_ID", Path: h.f.Name(), Err: err}
	}
	return id, nil
}

// Parent opens the parent of a PID or user namespace (NS_GET_PARENT).
// EPERM means the parent is outside the caller's reach.
func (h *Handle) Parent() (*Handle, error) {
	return h.related(unix.NS_GET_PARENT, "NS_GET_PARENT", h.typ)
}

// Owner opens the user namespace that owns this namespace (NS_GET_USERNS).
func (h *Handle) Owner() (*Handle, error) {
	return h.related(unix.NS_GET_USERNS, "NS_GET_USERNS", &User)
}

func (h *Handle) related(req uint, op string, t *Type) (*Handle, error) {
	fd, err := unix.IoctlRetInt(int(h.f.Fd()), req)
	if err != nil {
		return nil, &Error{Op: op, Path: h.f.Name(), Err: err}
	}
	return &Handle{f: os.NewFile(uintptr(fd), op), typ: t}, nil
}

// Equal reports whether two handles name the same namespace.
func (h *Handle) Equal(o *Handle) bool {
	var a, b unix.Stat_t
	if unix.Fstat(int(h.f.Fd()), &a) != nil || unix.Fstat(int(o.f.Fd()), &b) != nil {
		return false
	}
	return a.Dev == b.Dev && a.Ino == b.Ino
}

// String is the namespace as /proc shows it: "net:[4026531840]".
func (h *Handle) String() string {
	ino, err := h.Inode()
	if err != nil {
		return h.typ.Name + ":[?]"
	}
	return h.typ.Name + ":[" + strconv.FormatUint(ino, 10) + "]"
}

// Close closes the namespace file.
func (h *Handle) Close() error { return h.f.Close() }
