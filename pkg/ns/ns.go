// Package ns describes Linux namespace types as data: the CLONE_NEW* flag,
// the /proc/PID/ns file, and the letter and long option the tools use.
//
// [Types] lists them in util-linux's join order: user first, then cgroup,
// ipc, uts, net, pid, mnt and time. nsenter joins in two passes over this
// order (everything but user, then user and the rest again), so that it can
// both enter a more privileged user namespace and drop into a less
// privileged one; see package nsexec.
//
// Nothing here changes a namespace; package nsexec does that.
package ns

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Type is one kind of namespace.
type Type struct {
	Name     string  // long option and /proc/PID/ns file name: "ipc", "mnt" is "mount" below
	Long     string  // long option of unshare and nsenter: "mount", "uts", ...
	Letter   byte    // short option: 'm', 'u', ...
	Flag     uintptr // CLONE_NEW*
	ForChild string  // the ns file naming the namespace that children get, for pid and time
	PidfdNr  uint    // n of the pidfd ioctl PIDFD_GET_<TYPE>_NAMESPACE, _IO(0xFF, n)
}

// The namespace types in util-linux's join order.
var (
	User   = Type{Name: "user", Long: "user", Letter: 'U', Flag: unix.CLONE_NEWUSER, PidfdNr: 9}
	Cgroup = Type{Name: "cgroup", Long: "cgroup", Letter: 'C', Flag: unix.CLONE_NEWCGROUP, PidfdNr: 1}
	IPC    = Type{Name: "ipc", Long: "ipc", Letter: 'i', Flag: unix.CLONE_NEWIPC, PidfdNr: 2}
	UTS    = Type{Name: "uts", Long: "uts", Letter: 'u', Flag: unix.CLONE_NEWUTS, PidfdNr: 10}
	Net    = Type{Name: "net", Long: "net", Letter: 'n', Flag: unix.CLONE_NEWNET, PidfdNr: 4}
	PID    = Type{Name: "pid", Long: "pid", Letter: 'p', Flag: unix.CLONE_NEWPID, ForChild: "pid_for_children", PidfdNr: 5}
	Mount  = Type{Name: "mnt", Long: "mount", Letter: 'm', Flag: unix.CLONE_NEWNS, PidfdNr: 3}
	Time   = Type{Name: "time", Long: "time", Letter: 'T', Flag: unix.CLONE_NEWTIME, ForChild: "time_for_children", PidfdNr: 7}
)

// Types lists every namespace type in join order.
var Types = [...]*Type{&User, &Cgroup, &IPC, &UTS, &Net, &PID, &Mount, &Time}

// File is the namespace's file under /proc/PID: "ns/ipc".
func (t *Type) File() string { return "ns/" + t.Name }

// ChildFile is the file naming the namespace the process's children get:
// "ns/pid_for_children" for pid and time, File() for the others.
func (t *Type) ChildFile() string {
	if t.ForChild != "" {
		return "ns/" + t.ForChild
	}
	return t.File()
}

// Path is /proc/PID/ns/NAME.
func (t *Type) Path(pid int) string { return fmt.Sprintf("/proc/%d/%s", pid, t.File()) }

// PidfdIoctl is PIDFD_GET_<TYPE>_NAMESPACE (Linux 6.11): the ioctl that
// opens this namespace of the process a pidfd names.
func (t *Type) PidfdIoctl() uint { return 0xFF00 | t.PidfdNr }

// ByFlag returns the type with the given CLONE_NEW* flag, or nil.
func ByFlag(flag uintptr) *Type {
	for _, t := range Types {
		if t.Flag == flag {
			return t
		}
	}
	return nil
}

// ByLetter returns the type whose short option is c, or nil.
func ByLetter(c byte) *Type {
	for _, t := range Types {
		if t.Letter == c {
			return t
		}
	}
	return nil
}

// ByLong returns the type whose long option is name, or nil.
func ByLong(name string) *Type {
	for _, t := range Types {
		if t.Long == name {
			return t
		}
	}
	return nil
}
