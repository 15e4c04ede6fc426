// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import (
	"runtime"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// ListMsg returns every message queue of the caller's IPC namespace, in
// index order. See the package documentation for how.
func ListMsg() ([]MsgQueue, error) {
	info, maxIdx, err := MsgCtlInfo(MSG_INFO)
	if err != nil {
		return nil, err
	}
	qs := walk(maxIdx, int(info.Pool), func(i int, out []MsgQueue) []MsgQueue {
		var ds msqid64DS
		if id, err := msgctl(i, MSG_STAT_ANY, unsafe.Pointer(&ds)); err == nil {
			out = append(out, ds.export(id))
		}
		return out
	})
	if len(qs) < int(info.Pool) {
		if pq, err := readMsgProcFile(); err == nil {
			return pq, nil
		}
	}
	return qs, nil
}

// ListShm returns every shared memory segment of the caller's IPC
// namespace, in index order. RSS and Swap are not filled (MemKnown is
// false) unless the listing had to come from /proc; ReadShmProc gives them.
//
// The highest index comes from IPC_INFO, not SHM_INFO, which also adds up
// the memory of every segment (9 ms at 32,000 segments): so the walk
// cannot compare what it found with the number of segments. /proc is read
// instead when SHM_STAT_ANY refused an index (a security module), or
// found nothing while SHM_INFO counts segments (a kernel without it).
func ListShm() ([]ShmSegment, error) {
	_, maxIdx, err := ShmCtlInfo()
	if err != nil {
		return nil, err
	}
	var refused atomic.Bool
	ss := walk(maxIdx, min(maxIdx+1, 4096), func(i int, out []ShmSegment) []ShmSegment {
		var ds shmid64DS
		id, err := shmctl(i, SHM_STAT_ANY, unsafe.Pointer(&ds))
		switch {
		case err == nil:
			out = append(out, ds.export(id))
		case err != syscall.EINVAL && err != syscall.EIDRM: // not an empty or emptied index
			refused.Store(true)
		}
		return out
	})
	if refused.Load() || (len(ss) == 0 && (maxIdx > 0 || used() > 0)) {
		if ps, err := readShmProcFile(); err == nil {
			return ps, nil
		}
	}
	return ss, nil
}

// used is the number of segments, or 0 when SHM_INFO fails.
func used() int {
	u, _, err := ShmCtlUsage()
	if err != nil {
		return 0
	}
	return int(u.UsedIDs)
}

// ListShmProc returns every shared memory segment of the caller's IPC
// namespace as /proc/sysvipc/shm shows it, with RSS and Swap (MemKnown is
// set when the kernel reports them, Linux 2.6.32+).
func ListShmProc() ([]ShmSegment, error) { return readShmProcFile() }

// ListSem returns every semaphore set of the caller's IPC namespace, in
// index order, without the semaphores' values (see SemValues).
func ListSem() ([]SemArray, error) {
	info, maxIdx, err := SemCtlInfo(SEM_INFO)
	if err != nil {
		return nil, err
	}
	as := walk(maxIdx, int(info.Usz), func(i int, out []SemArray) []SemArray {
		var ds semid64DS
		if id, err := semctl(i, 0, SEM_STAT_ANY, unsafe.Pointer(&ds)); err == nil {
			out = append(out, ds.export(id))
		}
		return out
	})
	if len(as) < int(info.Usz) {
		if pa, err := readSemProcFile(); err == nil {
			return pa, nil
		}
	}
	return as, nil
}

// indexes returns the indexes an id may have: the kernel keeps the index in
// the low 15 bits of an id, or the low 24 with ipcmni_extend.
func indexes(id int) []int {
	small, large := id&(1<<15-1), id&(1<<24-1)
	if small == large {
		return []int{small}
	}
	return []int{small, large}
}

// MsgByID returns the queue with the given id, without needing read
// permission on it. An id that names no queue gives EINVAL.
func MsgByID(id int) (MsgQueue, error) {
	if id < 0 {
		return MsgQueue{}, syscall.EINVAL
	}
	var ds msqid64DS
	for _, i := range indexes(id) {
		if got, err := msgctl(i, MSG_STAT_ANY, unsafe.Pointer(&ds)); err == nil && got == id {
			return ds.export(id), nil
		}
	}
	// MSG_STAT_ANY may be missing or refused: look in /proc, and ask
	// IPC_STAT for the one field /proc lacks, as util-linux does.
	qs, err := readMsgProcFile()
	if err != nil {
		return MsgQueue{}, syscall.EINVAL
	}
	for _, q := range qs {
		if q.ID == id {
			if st, err := MsgStat(id); err == nil {
				q.QBytes = st.QBytes
			}
			return q, nil
		}
	}
	return MsgQueue{}, syscall.EINVAL
}

// ShmByID returns the segment with the given id, without needing read
// permission on it. An id that names no segment gives EINVAL.
func ShmByID(id int) (ShmSegment, error) {
	if id < 0 {
		return ShmSegment{}, syscall.EINVAL
	}
	var ds shmid64DS
	for _, i := range indexes(id) {
		if got, err := shmctl(i, SHM_STAT_ANY, unsafe.Pointer(&ds)); err == nil && got == id {
			return ds.export(id), nil
		}
	}
	ss, err := readShmProcFile()
	if err != nil {
		return ShmSegment{}, syscall.EINVAL
	}
	for _, s := range ss {
		if s.ID == id {
			return s, nil
		}
	}
	return ShmSegment{}, syscall.EINVAL
}

// SemByID returns the semaphore set with the given id, without needing
// read permission on it, and without its semaphores (see SemValues). An id
// that names no set gives EINVAL.
func SemByID(id int) (SemArray, error) {
	if id < 0 {
		return SemArray{}, syscall.EINVAL
	}
	var ds semid64DS
	for _, i := range indexes(id) {
		if got, err := semctl(i, 0, SEM_STAT_ANY, unsafe.Pointer(&ds)); err == nil && got == id {
			return ds.export(id), nil
		}
	}
	as, err := readSemProcFile()
	if err != nil {
		return SemArray{}, syscall.EINVAL
	}
	for _, a := range as {
		if a.ID == id {
			return a, nil
		}
	}
	return SemArray{}, syscall.EINVAL
}

// SemValues returns the state of every semaphore of a set: the values
// with GETALL, then GETNCNT, GETZCNT and GETPID of each. It needs read
// permission on the set.
func SemValues(id int) ([]Sem, error) {
	a, err := SemByID(id)
	if err != nil {
		return nil, err
	}
	return semValues(id, int(a.NSems))
}

// semValues reads the state of the nsems semaphores of a set; nsems must
// be the set's true size.
func semValues(id, nsems int) ([]Sem, error) {
	vals, err := semGetAll(id, nsems)
	if err != nil {
		return nil, err
	}
	sems := make([]Sem, nsems)
	for i := range sems {
		s := &sems[i]
		s.Value = int(vals[i])
		if s.NCount, err = SemGetNCnt(id, i); err != nil {
			return nil, err
		}
		if s.ZCount, err = SemGetZCnt(id, i); err != nil {
			return nil, err
		}
		if s.PID, err = SemGetPID(id, i); err != nil {
			return nil, err
		}
	}
	return sems, nil
}

// walk calls stat for every index up to maxIdx, in order, and returns what
// it appended. From parallelFrom indexes on, a second thread takes the
// upper half (about a third faster at 10,000 queues on two cores), but only
// after checking that it is in the caller's IPC namespace: namespaces
// belong to threads, and a caller on a locked thread that joined another
// namespace must get that namespace's objects. A smaller table is walked
// on the caller's thread alone, without that check (a stat of
// /proc/thread-self, which costs more than walking a small table).
func walk[T any](maxIdx, count int, stat func(int, []T) []T) []T {
	const parallelFrom = 2048
	seq := func(from, to int, out []T) []T {
		for i := from; i <= to; i++ {
			out = stat(i, out)
		}
		return out
	}
	if maxIdx < parallelFrom {
		return seq(0, maxIdx, make([]T, 0, max(count, 0)))
	}
	ns, ok := threadIPCNamespace()
	if !ok {
		return seq(0, maxIdx, make([]T, 0, max(count, 0)))
	}
	mid := maxIdx / 2
	upper := make(chan []T, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if mine, ok := threadIPCNamespace(); !ok || mine != ns {
			upper <- nil // the caller does it all
			return
		}
		upper <- seq(mid+1, maxIdx, make([]T, 0, max(count/2, 0)+16))
	}()
	out := seq(0, mid, make([]T, 0, max(count, 0)+16))
	if u := <-upper; u != nil {
		return append(out, u...)
	}
	return seq(mid+1, maxIdx, out)
}

// threadIPCNamespace identifies the IPC namespace of the calling thread.
func threadIPCNamespace() ([2]uint64, bool) {
	var st syscall.Stat_t
	if err := syscall.Stat("/proc/thread-self/ns/ipc", &st); err != nil {
		return [2]uint64{}, false
	}
	return [2]uint64{uint64(st.Dev), st.Ino}, true
}
