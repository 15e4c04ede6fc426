//go:build linux && (amd64 || arm64)

package sysvipc

import (
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
	qs := make([]MsgQueue, 0, max(info.Pool, 0))
	var ds msqid64DS
	for i := 0; i <= maxIdx; i++ {
		if id, err := msgctl(i, MSG_STAT_ANY, unsafe.Pointer(&ds)); err == nil {
			qs = append(qs, ds.export(id))
		}
	}
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
func ListShm() ([]ShmSegment, error) {
	usage, maxIdx, err := ShmCtlUsage()
	if err != nil {
		return nil, err
	}
	ss := make([]ShmSegment, 0, max(usage.UsedIDs, 0))
	var ds shmid64DS
	for i := 0; i <= maxIdx; i++ {
		if id, err := shmctl(i, SHM_STAT_ANY, unsafe.Pointer(&ds)); err == nil {
			ss = append(ss, ds.export(id))
		}
	}
	if len(ss) < int(usage.UsedIDs) {
		if ps, err := readShmProcFile(); err == nil {
			return ps, nil
		}
	}
	return ss, nil
}

// ListSem returns every semaphore set of the caller's IPC namespace, in
// index order, without the semaphores' values (see SemValues).
func ListSem() ([]SemArray, error) {
	info, maxIdx, err := SemCtlInfo(SEM_INFO)
	if err != nil {
		return nil, err
	}
	as := make([]SemArray, 0, max(info.Usz, 0))
	var ds semid64DS
	for i := 0; i <= maxIdx; i++ {
		if id, err := semctl(i, 0, SEM_STAT_ANY, unsafe.Pointer(&ds)); err == nil {
			as = append(as, ds.export(id))
		}
	}
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
