// SPDX-License-Identifier: Apache-2.0

package ns

// Type is one kind of namespace.
type Type struct {
	Name     string  // the /proc/PID/ns file name: "ipc", "mnt", ...
	Flag     uintptr // CLONE_NEW*
	ForChild string  // the ns file naming the namespace that children get, for pid and time
	PidfdNr  uint    // n of the pidfd ioctl PIDFD_GET_<TYPE>_NAMESPACE, _IO(0xFF, n)
}

// The CLONE_NEW* flags (Linux's ABI, the same on every architecture).
const (
	cloneNewUser   = 0x10000000
	cloneNewCgroup = 0x02000000
	cloneNewIpc    = 0x08000000
	cloneNewUts    = 0x04000000
	cloneNewNet    = 0x40000000
	cloneNewPid    = 0x20000000
	cloneNewNs     = 0x00020000
	cloneNewTime   = 0x00000080
)

// The namespace types in util-linux's join order.
var (
	User   = Type{Name: "user", Flag: cloneNewUser, PidfdNr: 9}
	Cgroup = Type{Name: "cgroup", Flag: cloneNewCgroup, PidfdNr: 1}
	IPC    = Type{Name: "ipc", Flag: cloneNewIpc, PidfdNr: 2}
	UTS    = Type{Name: "uts", Flag: cloneNewUts, PidfdNr: 10}
	Net    = Type{Name: "net", Flag: cloneNewNet, PidfdNr: 4}
	PID    = Type{Name: "pid", Flag: cloneNewPid, ForChild: "pid_for_children", PidfdNr: 5}
	Mount  = Type{Name: "mnt", Flag: cloneNewNs, PidfdNr: 3}
	Time   = Type{Name: "time", Flag: cloneNewTime, ForChild: "time_for_children", PidfdNr: 7}
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
