// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import (
	"github.com/gonstools/gonstools/pkg/posixipc"
)

// PosixSem is a POSIX named semaphore and its value.
type PosixSem struct {
	posixipc.Object
	Value uint32
	Known bool // the value could be read
}

// PosixSource gives the POSIX objects --posix lists; [Kernel] implements it.
type PosixSource interface {
	PosixQueues() ([]posixipc.Queue, error)
	PosixShm() ([]posixipc.Object, error)
	PosixSems() ([]PosixSem, error)
}

// PosixListError is a kind of POSIX object that could not be listed: the
// other sections are still printed, and goipcs then exits with status 1.
type PosixListError struct {
	What string // "POSIX message queues"
	Err  error
}

func (e *PosixListError) Error() string { return "cannot list " + e.What }
func (e *PosixListError) Unwrap() error { return e.Err }

// PosixQueues lists the POSIX message queues of the calling thread's IPC
// namespace, through a mount of its own (posixipc.NamespaceQueues).
func (Kernel) PosixQueues() ([]posixipc.Queue, error) {
	return posixipc.NamespaceQueues()
}

// PosixShm lists the POSIX shared memory objects of /dev/shm, which belongs
// to the mount namespace.
func (Kernel) PosixShm() ([]posixipc.Object, error) {
	return posixipc.ListShm(posixipc.ShmDir)
}

// PosixSems lists the POSIX named semaphores of /dev/shm with their values.
func (Kernel) PosixSems() ([]PosixSem, error) {
	objs, err := posixipc.ListSem(posixipc.ShmDir)
	if err != nil {
		return nil, err
	}
	sems := make([]PosixSem, len(objs))
	for i, o := range objs {
		sems[i].Object = o
		v, err := posixipc.SemValue(posixipc.ShmDir, o.Name)
		sems[i].Value, sems[i].Known = v, err == nil
	}
	return sems, nil
}

// posixOwner is the owner column of the POSIX tables.
func (e *Env) posixOwner(b []byte, uid uint32, mode uint32) []byte {
	b = e.owner(b, uid)
	b = append(b, ' ')
	return leftOct(b, uint64(mode&0o777), 10)
}

// PosixQueueTable appends the POSIX message queue section of --posix.
func PosixQueueTable(b []byte, u Unit, qs []posixipc.Queue, e *Env) []byte {
	b = append(b, "------ POSIX Message Queues --------\n"...)
	if u == UnitHuman {
		b = append(b, "owner      perms      size         messages     name\n"...)
	} else {
		b = append(b, "owner      perms      used-bytes   messages     name\n"...)
	}
	for i := range qs {
		q := &qs[i]
		b = e.posixOwner(b, q.UID, q.Mode)
		b = append(b, ' ')
		switch {
		case !q.Known:
			b = left(b, "-", 12)
			b = append(b, ' ')
			b = left(b, "-", 12)
		default:
			if u == UnitHuman {
				b = size(b, u, "", q.QSize, "      ", 6)
			} else {
				b = size(b, u, "", q.QSize, "", -12)
			}
			b = append(b, ' ')
			b = leftInt(b, q.CurMsgs, 12)
		}
		b = append(b, ' ')
		b = append(b, q.Name...)
		b = append(b, '\n')
	}
	return b
}

// PosixShmTable appends the POSIX shared memory section of --posix.
func PosixShmTable(b []byte, u Unit, objs []posixipc.Object, e *Env) []byte {
	b = append(b, "------ POSIX Shared Memory --------\n"...)
	if u == UnitHuman {
		b = append(b, "owner      perms      size         name\n"...)
	} else {
		b = append(b, "owner      perms      bytes        name\n"...)
	}
	for i := range objs {
		o := &objs[i]
		b = e.posixOwner(b, o.UID, o.Mode)
		b = append(b, ' ')
		if u == UnitHuman {
			b = size(b, u, "", uint64(o.Size), "      ", 6)
		} else {
			b = size(b, u, "", uint64(o.Size), "", -12)
		}
		b = append(b, ' ')
		b = append(b, o.Name...)
		b = append(b, '\n')
	}
	return b
}

// PosixSemTable appends the POSIX semaphore section of --posix.
func PosixSemTable(b []byte, sems []PosixSem, e *Env) []byte {
	b = append(b, "------ POSIX Semaphores --------\n"+
		"owner      perms      value        name\n"...)
	for i := range sems {
		s := &sems[i]
		b = e.posixOwner(b, s.UID, s.Mode)
		b = append(b, ' ')
		if s.Known {
			b = leftUint(b, uint64(s.Value), 12)
		} else {
			b = left(b, "-", 12)
		}
		b = append(b, ' ')
		b = append(b, s.Name...)
		b = append(b, '\n')
	}
	return b
}
