// SPDX-License-Identifier: Apache-2.0

package posixipc

import "syscall"

// Default locations, as glibc and util-linux use them.
const (
	ShmDir    = "/dev/shm"    // shm_open and sem_open objects
	MqueueDir = "/dev/mqueue" // the usual mount point of the mqueue filesystem
)

// The longest names (without the leading slash): NAME_MAX for queues and
// shared memory objects, and four bytes less for semaphores, which glibc
// keeps as ShmDir/sem.NAME.
const (
	NameMax    = 255
	SemNameMax = NameMax - len(semPrefix)
)

// semPrefix is what glibc puts before a semaphore's name in ShmDir.
const semPrefix = "sem."

// CleanName checks a POSIX IPC name ("/x" or "x") and returns it without
// its leading slash. max is the longest allowed result: NameMax for queues and
// shared memory, SemNameMax for semaphores. Errors are EINVAL (empty, ".", "..",
// or a slash inside) and ENAMETOOLONG.
func CleanName(name string, max int) (string, error) {
	if len(name) > 0 && name[0] == '/' {
		name = name[1:]
	}
	if name == "" || name == "." || name == ".." {
		return "", syscall.EINVAL
	}
	for i := 0; i < len(name); i++ {
		if name[i] == '/' || name[i] == 0 {
			return "", syscall.EINVAL
		}
	}
	if len(name) > max {
		return "", syscall.ENAMETOOLONG
	}
	return name, nil
}

// MqAttr is a queue's attributes (struct mq_attr).
type MqAttr struct {
	Flags   int64 // 0 or O_NONBLOCK
	MaxMsg  int64 // the most messages the queue holds
	MsgSize int64 // the largest message, in bytes
	CurMsgs int64 // messages now in the queue
}
