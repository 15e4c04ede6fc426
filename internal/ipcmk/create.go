// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcmk

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"syscall"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/pkg/posixipc"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// Request is what to create, checked and ready: build it with FromArgs.
type Request struct {
	Shm, PShm, Msg, PMsg, Sem, PSem bool

	ShmSize  uint64 // -M
	PShmSize uint64 // -m
	NSems    int    // -S
	Mode     uint32 // -p, for every object
	Name     string // -n, "/x" once checked
	hasName  bool
}

// maxKeyTries bounds the search for an unused random key. With 2^32 keys
// and at most 32768 objects of a kind per namespace, one try nearly always
// does.
const maxKeyTries = 64

// created is one object made, with how to print and how to undo it.
type created struct {
	line string
	undo func()
}

// Create makes every object of the request in util-linux's order (shm,
// msg, sem, each System V one before its POSIX one) and returns the lines
// to print. If one fails, those already made are removed and the error
// says which kind failed, with the errno text.
func (r *Request) Create() (string, error) {
	var done []created
	fail := func(what string, err error) (string, error) {
		for i := len(done) - 1; i >= 0; i-- {
			done[i].undo()
		}
		return "", cli.Errorf("%s: %s", what, cli.Errno(err))
	}
	perm := int(r.Mode)
	if r.Shm {
		id, err := withRandomKey(func(key int32) (int, error) {
			return sysvipc.ShmGet(key, r.ShmSize, sysvipc.IPC_CREAT|sysvipc.IPC_EXCL|perm)
		})
		if err != nil {
			return fail("create share memory failed", err)
		}
		done = append(done, created{"Shared memory id: " + strconv.Itoa(id) + "\n", func() { sysvipc.ShmRemove(id) }})
	}
	if r.PShm {
		if r.PShmSize > 1<<63-1 {
			return fail("create POSIX shared memory failed", syscall.EFBIG)
		}
		if err := posixipc.CreateShm(posixipc.ShmDir, r.Name, int64(r.PShmSize), r.Mode); err != nil {
			return fail("create POSIX shared memory failed", err)
		}
		done = append(done, created{"POSIX shared memory name: " + r.Name + "\n", func() { posixipc.UnlinkShm(posixipc.ShmDir, r.Name) }})
	}
	if r.Msg {
		id, err := withRandomKey(func(key int32) (int, error) {
			return sysvipc.MsgGet(key, sysvipc.IPC_CREAT|sysvipc.IPC_EXCL|perm)
		})
		if err != nil {
			return fail("create message queue failed", err)
		}
		done = append(done, created{"Message queue id: " + strconv.Itoa(id) + "\n", func() { sysvipc.MsgRemove(id) }})
	}
	if r.PMsg {
		if err := posixipc.CreateQueue(r.Name, r.Mode); err != nil {
			return fail("create POSIX message queue failed", err)
		}
		done = append(done, created{"POSIX message queue name: " + r.Name + "\n", func() { posixipc.MqUnlink(r.Name) }})
	}
	if r.Sem {
		id, err := withRandomKey(func(key int32) (int, error) {
			return sysvipc.SemGet(key, r.NSems, sysvipc.IPC_CREAT|sysvipc.IPC_EXCL|perm)
		})
		if err != nil {
			return fail("create semaphore failed", err)
		}
		done = append(done, created{"Semaphore id: " + strconv.Itoa(id) + "\n", func() { sysvipc.SemRemove(id) }})
	}
	if r.PSem {
		if err := posixipc.CreateSem(posixipc.ShmDir, r.Name, r.Mode, 0); err != nil {
			return fail("create POSIX semaphore failed", err)
		}
		done = append(done, created{"POSIX semaphore name: " + r.Name + "\n", func() { posixipc.UnlinkSem(posixipc.ShmDir, r.Name) }})
	}
	var out []byte
	for _, c := range done {
		out = append(out, c.line...)
	}
	return string(out), nil
}

// withRandomKey calls get with random non-zero keys until one is free: get
// creates with IPC_EXCL, so EEXIST means the key is taken by another
// object, never that we were handed it.
func withRandomKey(get func(key int32) (int, error)) (int, error) {
	var err error
	for range maxKeyTries {
		key := int32(rand.Uint32())
		if key == sysvipc.IPC_PRIVATE {
			continue
		}
		var id int
		if id, err = get(key); !errors.Is(err, syscall.EEXIST) {
			return id, err
		}
	}
	return -1, err
}
