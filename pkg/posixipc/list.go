// SPDX-License-Identifier: Apache-2.0

//go:build linux

package posixipc

import (
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// ListQueues lists the message queues of the mqueue mount at dir (normally
// [MqueueDir]), sorted by name. Each queue costs one open, one fstat, one
// read and one mq_getattr on the same descriptor. A queue removed while
// the list is made is left out. dir must be an mqueue mount: use
// [IsMqueue] to tell an empty mount from a plain directory.
func ListQueues(dir string) ([]Queue, error) {
	names, err := readDirNames(dir)
	if err != nil {
		return nil, err
	}
	dfd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(dfd)
	queues := make([]Queue, 0, len(names))
	for _, name := range names {
		q, ok := readQueue(dfd, name)
		if ok {
			queues = append(queues, q)
		}
	}
	return queues, nil
}

// readQueue reads one queue file; ok is false when it vanished or is not a
// queue.
func readQueue(dfd int, name string) (Queue, bool) {
	q := Queue{Name: "/" + name}
	fd, err := unix.Openat(dfd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		st, err := statAt(dfd, name, unix.AT_SYMLINK_NOFOLLOW)
		if err != nil || !st.regular {
			return q, false
		}
		st.fill(&q)
		return q, true
	}
	defer unix.Close(fd)
	st, err := statAt(fd, "", unix.AT_EMPTY_PATH)
	if err != nil || !st.regular {
		return q, false
	}
	st.fill(&q)
	status, err := ParseQueueStatus(fdReader(fd))
	if err != nil {
		return q, true
	}
	q.QueueStatus = status
	q.Known = true
	if a, err := MqGetattr(fd); err == nil {
		q.MaxMsg, q.MsgSize, q.CurMsgs = a.MaxMsg, a.MsgSize, a.CurMsgs
	}
	return q, true
}

func (st fileStat) fill(q *Queue) {
	q.UID, q.GID, q.Mode, q.ModTime = st.uid, st.gid, st.perm, st.mtime
}

// fileStat is what the listings take from a file's status.
type fileStat struct {
	uid, gid uint32
	perm     uint32 // permission bits
	size     int64
	mtime    time.Time
	regular  bool
}

// statAt is fstatat(2) of name in directory fd with flags (AT_EMPTY_PATH
// with an empty name: fd itself). It asks statx(2), whose times are 64-bit
// on every machine, and falls back to fstatat on kernels before 4.11; on
// 32-bit machines fstatat's times end in 2038.
func statAt(fd int, name string, flags int) (fileStat, error) {
	var sx unix.Statx_t
	err := unix.Statx(fd, name, flags, unix.STATX_TYPE|unix.STATX_MODE|unix.STATX_UID|unix.STATX_GID|unix.STATX_MTIME|unix.STATX_SIZE, &sx)
	if err == nil {
		return fileStat{
			uid: sx.Uid, gid: sx.Gid, perm: uint32(sx.Mode) & 0o7777, size: int64(sx.Size),
			mtime:   time.Unix(sx.Mtime.Sec, int64(sx.Mtime.Nsec)),
			regular: uint32(sx.Mode)&unix.S_IFMT == unix.S_IFREG,
		}, nil
	}
	if err != unix.ENOSYS {
		return fileStat{}, err
	}
	var st unix.Stat_t
	if err := unix.Fstatat(fd, name, &st, flags); err != nil {
		return fileStat{}, err
	}
	return fileStat{
		uid: st.Uid, gid: st.Gid, perm: st.Mode & 0o7777, size: st.Size,
		mtime:   time.Unix(st.Mtim.Unix()),
		regular: st.Mode&unix.S_IFMT == unix.S_IFREG,
	}, nil
}

// fdReader reads a descriptor without wrapping it in an *os.File (which
// would close it when collected).
type fdReader int

func (f fdReader) Read(b []byte) (int, error) {
	n, err := unix.Read(int(f), b)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// regular files, except glibc's semaphores ("sem.x"), sorted by name.
func ListShm(dir string) ([]Object, error) {
	return listObjects(dir, false)
}

// ListSem lists the named semaphores in dir (normally [ShmDir]): its
// regular files named "sem.x", as "/x", sorted by name.
func ListSem(dir string) ([]Object, error) {
	return listObjects(dir, true)
}

func listObjects(dir string, sems bool) ([]Object, error) {
	names, err := readDirNames(dir)
	if err != nil {
		return nil, err
	}
	var objs []Object
	for _, name := range names {
		isSem := strings.HasPrefix(name, semPrefix)
		if isSem != sems || (sems && len(name) == len(semPrefix)) {
			continue
		}
		st, err := statAt(unix.AT_FDCWD, dir+"/"+name, unix.AT_SYMLINK_NOFOLLOW)
		if err != nil || !st.regular {
			continue
		}
		short := name
		if sems {
			short = name[len(semPrefix):]
		}
		objs = append(objs, Object{
			Name: "/" + short, UID: st.uid, GID: st.gid, Mode: st.perm,
			Size: st.size, ModTime: st.mtime,
		})
	}
	return objs, nil
}

// readDirNames lists dir's entries, sorted, without "." and "..".
func readDirNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}
