//go:build linux && (amd64 || arm64)

package sysvipc

import (
	"syscall"
	"unsafe"
)

// The raw calls. msgctl, shmctl and semctl never block, so they use
// RawSyscall; msgsnd, msgrcv and semop can sleep and go through Syscall so
// that the scheduler can run other goroutines meanwhile.

func msgctl(id, cmd int, buf unsafe.Pointer) (int, error) {
	r, _, e := syscall.RawSyscall(syscall.SYS_MSGCTL, uintptr(id), uintptr(cmd), uintptr(buf))
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

func shmctl(id, cmd int, buf unsafe.Pointer) (int, error) {
	r, _, e := syscall.RawSyscall(syscall.SYS_SHMCTL, uintptr(id), uintptr(cmd), uintptr(buf))
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

// semctl passes a pointer as the union semun argument.
func semctl(id, num, cmd int, arg unsafe.Pointer) (int, error) {
	r, _, e := syscall.RawSyscall6(syscall.SYS_SEMCTL, uintptr(id), uintptr(num), uintptr(cmd), uintptr(arg), 0, 0)
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

// semctlVal passes an int as the union semun argument (SETVAL) or none.
func semctlVal(id, num, cmd, val int) (int, error) {
	r, _, e := syscall.RawSyscall6(syscall.SYS_SEMCTL, uintptr(id), uintptr(num), uintptr(cmd), uintptr(val), 0, 0)
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

// MsgGet is msgget(2): the id of the queue with the given key, created
// when flags hold IPC_CREAT (with the permission bits of flags).
func MsgGet(key int32, flags int) (id int, err error) {
	r, _, e := syscall.RawSyscall(syscall.SYS_MSGGET, uintptr(key), uintptr(flags), 0)
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

// ShmGet is shmget(2) for a segment of size bytes.
func ShmGet(key int32, size uint64, flags int) (int, error) {
	r, _, e := syscall.RawSyscall(syscall.SYS_SHMGET, uintptr(key), uintptr(size), uintptr(flags))
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

// SemGet is semget(2) for a set of nsems semaphores.
func SemGet(key int32, nsems int, flags int) (int, error) {
	r, _, e := syscall.RawSyscall(syscall.SYS_SEMGET, uintptr(key), uintptr(nsems), uintptr(flags))
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

// MsgRemove removes a queue (IPC_RMID); waiting readers and writers wake
// with EIDRM.
func MsgRemove(id int) error {
	_, err := msgctl(id, IPC_RMID, nil)
	return err
}

// ShmRemove marks a segment for destruction (IPC_RMID): it goes away at
// its last detach and shows SHM_DEST until then.
func ShmRemove(id int) error {
	_, err := shmctl(id, IPC_RMID, nil)
	return err
}

// SemRemove removes a semaphore set (IPC_RMID).
func SemRemove(id int) error {
	_, err := semctlVal(id, 0, IPC_RMID, 0)
	return err
}

// MsgStat is msgctl(IPC_STAT), which needs read permission on the queue.
func MsgStat(id int) (MsgQueue, error) {
	var ds msqid64DS
	if _, err := msgctl(id, IPC_STAT, unsafe.Pointer(&ds)); err != nil {
		return MsgQueue{}, err
	}
	return ds.export(id), nil
}

// MsgSet is msgctl(IPC_SET): it sets the queue's UID, GID, the permission
// bits of Mode, and QBytes, from q. Stat first and change what you need.
func MsgSet(id int, q MsgQueue) error {
	var ds msqid64DS
	ds.perm.uid, ds.perm.gid, ds.perm.mode = q.UID, q.GID, q.Mode
	ds.qbytes = q.QBytes
	_, err := msgctl(id, IPC_SET, unsafe.Pointer(&ds))
	return err
}

// ShmStat is shmctl(IPC_STAT), which needs read permission on the segment.
func ShmStat(id int) (ShmSegment, error) {
	var ds shmid64DS
	if _, err := shmctl(id, IPC_STAT, unsafe.Pointer(&ds)); err != nil {
		return ShmSegment{}, err
	}
	return ds.export(id), nil
}

// ShmSet is shmctl(IPC_SET): it sets the segment's UID, GID and the
// permission bits of Mode from s.
func ShmSet(id int, s ShmSegment) error {
	var ds shmid64DS
	ds.perm.uid, ds.perm.gid, ds.perm.mode = s.UID, s.GID, s.Mode
	_, err := shmctl(id, IPC_SET, unsafe.Pointer(&ds))
	return err
}

// ShmLock locks a segment in memory (SHM_LOCK); its mode shows SHM_LOCKED.
func ShmLock(id int) error {
	_, err := shmctl(id, SHM_LOCK, nil)
	return err
}

// ShmUnlock undoes ShmLock (SHM_UNLOCK).
func ShmUnlock(id int) error {
	_, err := shmctl(id, SHM_UNLOCK, nil)
	return err
}

// ShmAttach maps a segment into memory (shmat(2) at an address the kernel
// chooses) and returns it as a slice of its size. flags may hold
// SHM_RDONLY. Release it with ShmDetach.
func ShmAttach(id int, flags int) ([]byte, error) {
	seg, err := ShmStat(id)
	if err != nil {
		return nil, err
	}
	addr, _, e := syscall.RawSyscall(syscall.SYS_SHMAT, uintptr(id), 0, uintptr(flags))
	if e != 0 {
		return nil, e
	}
	// The mapping is outside the Go heap; the double conversion keeps vet's
	// unsafeptr check quiet about turning the address into a pointer.
	p := *(*unsafe.Pointer)(unsafe.Pointer(&addr))
	return unsafe.Slice((*byte)(p), int(seg.Size)), nil
}

// ShmDetach unmaps a segment attached by ShmAttach (shmdt(2)).
func ShmDetach(b []byte) error {
	if len(b) == 0 {
		return syscall.EINVAL
	}
	_, _, e := syscall.RawSyscall(syscall.SYS_SHMDT, uintptr(unsafe.Pointer(&b[0])), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// SemStat is semctl(IPC_STAT), which needs read permission on the set.
func SemStat(id int) (SemArray, error) {
	var ds semid64DS
	if _, err := semctl(id, 0, IPC_STAT, unsafe.Pointer(&ds)); err != nil {
		return SemArray{}, err
	}
	return ds.export(id), nil
}

// SemSet is semctl(IPC_SET): it sets the set's UID, GID and the permission
// bits of Mode from a.
func SemSet(id int, a SemArray) error {
	var ds semid64DS
	ds.perm.uid, ds.perm.gid, ds.perm.mode = a.UID, a.GID, a.Mode
	_, err := semctl(id, 0, IPC_SET, unsafe.Pointer(&ds))
	return err
}

// SemGetVal returns the value of semaphore num (GETVAL).
func SemGetVal(id, num int) (int, error) { return semctlVal(id, num, GETVAL, 0) }

// SemSetVal sets the value of semaphore num (SETVAL).
func SemSetVal(id, num, val int) error {
	_, err := semctlVal(id, num, SETVAL, val)
	return err
}

// SemGetNCnt returns how many processes wait for semaphore num to grow.
func SemGetNCnt(id, num int) (int, error) { return semctlVal(id, num, GETNCNT, 0) }

// SemGetZCnt returns how many processes wait for semaphore num to be zero.
func SemGetZCnt(id, num int) (int, error) { return semctlVal(id, num, GETZCNT, 0) }

// SemGetPID returns the last process that operated on semaphore num.
func SemGetPID(id, num int) (int, error) { return semctlVal(id, num, GETPID, 0) }

// SemGetAll returns the values of every semaphore of the set (GETALL).
func SemGetAll(id int) ([]uint16, error) {
	a, err := SemByID(id)
	if err != nil {
		return nil, err
	}
	return semGetAll(id, int(a.NSems))
}

// semGetAll is GETALL into a buffer of nsems values, which must be the
// set's true size: the kernel writes that many.
func semGetAll(id, nsems int) ([]uint16, error) {
	if nsems <= 0 {
		return nil, syscall.EINVAL
	}
	vals := make([]uint16, nsems)
	if _, err := semctl(id, 0, GETALL, unsafe.Pointer(&vals[0])); err != nil {
		return nil, err
	}
	return vals, nil
}

// SemSetAll sets the values of every semaphore of the set (SETALL); vals
// must hold exactly the set's NSems entries (else EINVAL).
func SemSetAll(id int, vals []uint16) error {
	a, err := SemByID(id)
	if err != nil {
		return err
	}
	if len(vals) != int(a.NSems) {
		return syscall.EINVAL
	}
	_, err = semctl(id, 0, SETALL, unsafe.Pointer(&vals[0]))
	return err
}

// SemOp is semop(2): it applies ops atomically, waiting unless an operation
// has IPC_NOWAIT. An interrupted wait is retried.
func SemOp(id int, ops []SemBuf) error {
	if len(ops) == 0 {
		return syscall.EINVAL
	}
	for {
		_, _, e := syscall.Syscall(syscall.SYS_SEMOP, uintptr(id), uintptr(unsafe.Pointer(&ops[0])), uintptr(len(ops)))
		switch e {
		case 0:
			return nil
		case syscall.EINTR:
			continue
		}
		return e
	}
}

// MsgSnd is msgsnd(2): it queues text as a message of type mtype (> 0),
// waiting for room unless flags hold IPC_NOWAIT. An interrupted wait is
// retried.
func MsgSnd(id int, mtype int64, text []byte, flags int) error {
	buf := make([]byte, 8+len(text))
	*(*int64)(unsafe.Pointer(&buf[0])) = mtype
	copy(buf[8:], text)
	for {
		_, _, e := syscall.Syscall6(syscall.SYS_MSGSND, uintptr(id), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(text)), uintptr(flags), 0, 0)
		switch e {
		case 0:
			return nil
		case syscall.EINTR:
			continue
		}
		return e
	}
}

// MsgRcv is msgrcv(2): it takes a message of type mtype (0: the first; < 0:
// the first of the lowest type up to -mtype) into text and returns its type
// and length. A message longer than text fails with E2BIG unless flags hold
// MSG_NOERROR. An interrupted wait is retried.
func MsgRcv(id int, text []byte, mtype int64, flags int) (gotType int64, n int, err error) {
	buf := make([]byte, 8+len(text))
	for {
		r, _, e := syscall.Syscall6(syscall.SYS_MSGRCV, uintptr(id), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(text)), uintptr(mtype), uintptr(flags), 0)
		switch e {
		case 0:
			copy(text, buf[8:8+int(r)])
			return *(*int64)(unsafe.Pointer(&buf[0])), int(r), nil
		case syscall.EINTR:
			continue
		}
		return 0, 0, e
	}
}

// MsgCtlInfo is msgctl(IPC_INFO) or msgctl(MSG_INFO), by cmd. It also
// returns the highest index in use (0 when there is none).
func MsgCtlInfo(cmd int) (MsgInfo, int, error) {
	var mi msginfo
	maxIdx, err := msgctl(0, cmd, unsafe.Pointer(&mi))
	if err != nil {
		return MsgInfo{}, 0, err
	}
	return MsgInfo{Pool: mi.pool, Map: mi.mapp, Max: mi.max, MNB: mi.mnb, MNI: mi.mni, SSZ: mi.ssz, TQL: mi.tql, Seg: mi.seg}, maxIdx, nil
}

// ShmCtlInfo is shmctl(IPC_INFO): the limits, and the highest index in use.
func ShmCtlInfo() (ShmInfo, int, error) {
	var si shminfo64
	maxIdx, err := shmctl(0, IPC_INFO, unsafe.Pointer(&si))
	if err != nil {
		return ShmInfo{}, 0, err
	}
	return ShmInfo{Max: si.max, Min: si.min, MNI: si.mni, Seg: si.seg, All: si.all}, maxIdx, nil
}

// ShmCtlUsage is shmctl(SHM_INFO): the usage summary, and the highest index
// in use.
func ShmCtlUsage() (ShmUsage, int, error) {
	var si shmInfo
	maxIdx, err := shmctl(0, SHM_INFO, unsafe.Pointer(&si))
	if err != nil {
		return ShmUsage{}, 0, err
	}
	return ShmUsage{UsedIDs: si.usedIDs, Tot: si.tot, RSS: si.rss, Swp: si.swp,
		SwapAttempts: si.swapAttempts, SwapSuccesses: si.swapSuccesses}, maxIdx, nil
}

// SemCtlInfo is semctl(IPC_INFO) or semctl(SEM_INFO), by cmd. It also
// returns the highest index in use.
func SemCtlInfo(cmd int) (SemInfo, int, error) {
	var si seminfo
	maxIdx, err := semctl(0, 0, cmd, unsafe.Pointer(&si))
	if err != nil {
		return SemInfo{}, 0, err
	}
	return SemInfo{Map: si.semmap, MNI: si.mni, MNS: si.mns, MNU: si.mnu, MSL: si.msl,
		OPM: si.opm, UME: si.ume, Usz: si.usz, VMX: si.vmx, Aem: si.aem}, maxIdx, nil
}
