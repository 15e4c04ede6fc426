// SPDX-License-Identifier: Apache-2.0

package posixipc

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
)

// QueueStatus is what reading a file of an mqueue mount shows:
// "QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:0".
type QueueStatus struct {
	QSize     uint64 // bytes of messages in the queue (with the kernel's overhead)
	Notify    int    // the sigev_notify of a registered mq_notify, else 0
	Signo     int    // its signal, else 0
	NotifyPID int    // the process registered for notification, else 0
}

// ErrQueueStatus reports a status text that does not read as the kernel's.
var ErrQueueStatus = errors.New("malformed mqueue status")

// ParseQueueStatus reads the status text of a queue file. QSIZE is
// required; the other fields are optional, unknown fields are ignored,
// and fields may come in any order, so that later kernels' additions do
// not break the reading.
func ParseQueueStatus(r io.Reader) (QueueStatus, error) {
	var st QueueStatus
	data, err := io.ReadAll(io.LimitReader(r, 4096))
	if err != nil {
		return st, err
	}
	haveQSize := false
	for _, field := range strings.Fields(string(data)) {
		key, val, ok := strings.Cut(field, ":")
		if !ok || key == "" {
			return st, ErrQueueStatus
		}
		switch key {
		case "QSIZE":
			n, err := strconv.ParseUint(val, 10, 64)
			if err != nil {
				return st, ErrQueueStatus
			}
			st.QSize, haveQSize = n, true
		case "NOTIFY", "SIGNO", "NOTIFY_PID":
			n, err := strconv.ParseInt(val, 10, 32)
			if err != nil {
				return st, ErrQueueStatus
			}
			switch key {
			case "NOTIFY":
				st.Notify = int(n)
			case "SIGNO":
				st.Signo = int(n)
			default:
				st.NotifyPID = int(n)
			}
		}
	}
	if !haveQSize {
		return st, ErrQueueStatus
	}
	return st, nil
}

// Queue is one POSIX message queue as seen through an mqueue mount.
type Queue struct {
	Name    string    // "/x"
	UID     uint32    // owner
	GID     uint32    // group
	Mode    uint32    // permission bits (0644)
	ModTime time.Time // last send or receive, or creation

	// Known is false when the queue's file could not be opened (no read
	// permission): then the fields below are zero.
	Known bool
	QueueStatus
	MaxMsg  int64 // mq_getattr's mq_maxmsg
	MsgSize int64 // mq_msgsize
	CurMsgs int64 // mq_curmsgs
}

// Object is one shared memory object or named semaphore in a tmpfs.
type Object struct {
	Name    string // "/x"
	UID     uint32
	GID     uint32
	Mode    uint32 // permission bits
	Size    int64  // bytes (a semaphore's is sizeof(sem_t))
	ModTime time.Time
}

// ListShm lists the shared memory objects in dir (normally [ShmDir]): its
