// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import (
	"sync/atomic"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The raw calls. msgctl, shmctl and semctl never block, so they use
// RawSyscall; msgsnd, msgrcv and semop can sleep and go through Syscall so
// that the scheduler can run other goroutines meanwhile.
//
// Each call uses the architecture's own system call (sysMsgctl...). On the
// architectures that also have the older ipc(2) multiplexer (sysIPC != 0:
// 386, ppc64le, s390x) and a kernel that predates the split calls (Linux
// 5.1 there), the first ENOSYS switches every later call to ipc(2).

// ipc64 is IPC_64, which asks the old entry points (ipc(2) and, on arm
// and mips64, the *ctl calls themselves) for the 64 structures.
const ipc64 = 0x100

// Call numbers of ipc(2) (include/linux/ipc.h), version 0 in the high
// half.
const (
	ipcSemop  = 1
	ipcSemget = 2
	ipcSemctl = 3
	ipcMsgsnd = 11
	ipcMsgrcv = 12
	ipcMsgget = 13
	ipcMsgctl = 14
	ipcShmat  = 21
	ipcShmdt  = 22
	ipcShmget = 23
	ipcShmctl = 24
)

// multiplexed is set once a split call failed with ENOSYS on an
// architecture with ipc(2); from then on every call goes through ipc(2).
var multiplexed atomic.Bool

// split reports whether to try the architecture's split call.
func split() bool { return sysIPC == 0 || !multiplexed.Load() }

// fallBack reports whether a split call's error e means: use ipc(2).
func fallBack(e syscall.Errno) bool {
	if e != syscall.ENOSYS || sysIPC == 0 {
		return false
	}
	multiplexed.Store(true)
	return true
}

// result turns a raw return into the wrappers' (value, error).
func result(r uintptr, e syscall.Errno) (int, error) {
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

func msgctl(id, cmd int, buf unsafe.Pointer) (int, error) {
	return ctl(unix.SYS_MSGCTL, ipcMsgctl, id, cmd, buf)
}

func shmctl(id, cmd int, buf unsafe.Pointer) (int, error) {
	return ctl(unix.SYS_SHMCTL, ipcShmctl, id, cmd, buf)
}

// ctl is msgctl or shmctl: the split call trap, or ipc(2)'s call.
func ctl(trap, call uintptr, id, cmd int, buf unsafe.Pointer) (int, error) {
	if split() {
		r, _, e := syscall.RawSyscall(trap, uintptr(id), uintptr(cmd|ctlFlag), uintptr(buf))
		if !fallBack(e) {
			return result(r, e)
		}
	}
	r, _, e := syscall.RawSyscall6(sysIPC, call, uintptr(id), uintptr(cmd|ipc64), 0, uintptr(buf), 0)
	return result(r, e)
}

// semctl passes a pointer as the union semun argument. ipc(2) takes the
// address of the union instead of the union.
func semctl(id, num, cmd int, arg unsafe.Pointer) (int, error) {
	if split() {
		r, _, e := syscall.RawSyscall6(unix.SYS_SEMCTL, uintptr(id), uintptr(num), uintptr(cmd|ctlFlag), uintptr(arg), 0, 0)
		if !fallBack(e) {
			return result(r, e)
		}
	}
	r, _, e := syscall.RawSyscall6(sysIPC, ipcSemctl, uintptr(id), uintptr(num), uintptr(cmd|ipc64), uintptr(unsafe.Pointer(&arg)), 0)
	return result(r, e)
}

// semctlVal passes an int as the union semun argument (SETVAL) or none.
func semctlVal(id, num, cmd, val int) (int, error) {
	if split() {
		r, _, e := syscall.RawSyscall6(unix.SYS_SEMCTL, uintptr(id), uintptr(num), uintptr(cmd|ctlFlag), uintptr(val), 0, 0)
		if !fallBack(e) {
			return result(r, e)
		}
	}
	arg := uintptr(val)
	r, _, e := syscall.RawSyscall6(sysIPC, ipcSemctl, uintptr(id), uintptr(num), uintptr(cmd|ipc64), uintptr(unsafe.Pointer(&arg)), 0)
	return result(r, e)
}

// MsgGet is msgget(2): the id of the queue with the given key, created
// when flags hold IPC_CREAT (with the permission bits of flags).
func MsgGet(key int32, flags int) (id int, err error) {
	if split() {
		r, _, e := syscall.RawSyscall(unix.SYS_MSGGET, uintptr(key), uintptr(flags), 0)
		if !fallBack(e) {
			return result(r, e)
		}
	}
	r, _, e := syscall.RawSyscall6(sysIPC, ipcMsgget, uintptr(key), uintptr(flags), 0, 0, 0)
	return result(r, e)
}

// ShmGet is shmget(2) for a segment of size bytes. A size that does not
// fit the machine's size_t gives EINVAL, as a size above shmmax does.
func ShmGet(key int32, size uint64, flags int) (int, error) {
	if uint64(uintptr(size)) != size {
		return -1, syscall.EINVAL
	}
	if split() {
		r, _, e := syscall.RawSyscall(unix.SYS_SHMGET, uintptr(key), uintptr(size), uintptr(flags))
		if !fallBack(e) {
			return result(r, e)
		}
	}
	r, _, e := syscall.RawSyscall6(sysIPC, ipcShmget, uintptr(key), uintptr(size), uintptr(flags), 0, 0)
	return result(r, e)
}

// SemGet is semget(2) for a set of nsems semaphores.
func SemGet(key int32, nsems int, flags int) (int, error) {
	if split() {
		r, _, e := syscall.RawSyscall(unix.SYS_SEMGET, uintptr(key), uintptr(nsems), uintptr(flags))
		if !fallBack(e) {
			return result(r, e)
		}
	}
	r, _, e := syscall.RawSyscall6(sysIPC, ipcSemget, uintptr(key), uintptr(nsems), uintptr(flags), 0, 0)
	return result(r, e)
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

// MsgStatIndex is msgctl(MSG_STAT): the queue at index i of the kernel's
// table (0 to the highest index MsgCtlInfo gives), with its id. It needs
// read permission on the queue; an index that holds none gives EINVAL.
// util-linux's ipcrm --all walks the table with it.
func MsgStatIndex(i int) (MsgQueue, error) {
	var ds msqid64DS
	id, err := msgctl(i, MSG_STAT, unsafe.Pointer(&ds))
	if err != nil {
		return MsgQueue{}, err
	}
	return ds.export(id), nil
}

// MsgIndexID is MsgStatIndex for a walk that needs only ids (ipcrm
// --all): the id of the queue at index i, with nothing decoded.
func MsgIndexID(i int) (int, error) {
	var ds msqid64DS
	return msgctl(i, MSG_STAT, unsafe.Pointer(&ds))
}

// MsgSet is msgctl(IPC_SET): it sets the queue's UID, GID, the permission
// bits of Mode, and QBytes, from q. Stat first and change what you need.
func MsgSet(id int, q MsgQueue) error {
	var ds msqid64DS
	if uint64(uint(q.QBytes)) != q.QBytes {
		return syscall.EINVAL
	}
	ds.perm.setOwner(q.UID, q.GID, q.Mode)
	ds.qbytes = uint(q.QBytes)
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

// ShmStatIndex is shmctl(SHM_STAT): the segment at index i of the
// kernel's table, as MsgStatIndex.
func ShmStatIndex(i int) (ShmSegment, error) {
	var ds shmid64DS
	id, err := shmctl(i, SHM_STAT, unsafe.Pointer(&ds))
	if err != nil {
		return ShmSegment{}, err
	}
	return ds.export(id), nil
}

// ShmIndexID is ShmStatIndex for a walk that needs only ids (ipcrm
// --all): the id of the segment at index i, with nothing decoded.
func ShmIndexID(i int) (int, error) {
	var ds shmid64DS
	return shmctl(i, SHM_STAT, unsafe.Pointer(&ds))
}

// ShmSet is shmctl(IPC_SET): it sets the segment's UID, GID and the
// permission bits of Mode from s.
func ShmSet(id int, s ShmSegment) error {
	var ds shmid64DS
	ds.perm.setOwner(s.UID, s.GID, s.Mode)
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
	addr, err := shmat(id, flags)
	if err != nil {
		return nil, err
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
	p := unsafe.Pointer(&b[0])
	if split() {
		_, _, e := syscall.RawSyscall(unix.SYS_SHMDT, uintptr(p), 0, 0)
		if !fallBack(e) {
			_, err := result(0, e)
			return err
		}
	}
	_, _, e := syscall.RawSyscall6(sysIPC, ipcShmdt, 0, 0, 0, uintptr(p), 0)
	_, err := result(0, e)
	return err
}

// shmat attaches a segment at an address the kernel chooses. ipc(2)
// stores the address through its third argument.
func shmat(id, flags int) (uintptr, error) {
	if split() {
		r, _, e := syscall.RawSyscall(unix.SYS_SHMAT, uintptr(id), 0, uintptr(flags))
		if !fallBack(e) {
			if e != 0 {
				return 0, e
			}
			return r, nil
		}
	}
	var addr uintptr
	_, _, e := syscall.RawSyscall6(sysIPC, ipcShmat, uintptr(id), uintptr(flags), uintptr(unsafe.Pointer(&addr)), 0, 0)
	if e != 0 {
		return 0, e
	}
	return addr, nil
}

// SemStat is semctl(IPC_STAT), which needs read permission on the set.
func SemStat(id int) (SemArray, error) {
	var ds semid64DS
	if _, err := semctl(id, 0, IPC_STAT, unsafe.Pointer(&ds)); err != nil {
		return SemArray{}, err
	}
	return ds.export(id), nil
}

// SemStatIndex is semctl(SEM_STAT): the set at index i of the kernel's
// table, as MsgStatIndex.
func SemStatIndex(i int) (SemArray, error) {
	var ds semid64DS
	id, err := semctl(i, 0, SEM_STAT, unsafe.Pointer(&ds))
	if err != nil {
		return SemArray{}, err
	}
	return ds.export(id), nil
}

// SemIndexID is SemStatIndex for a walk that needs only ids (ipcrm
// --all): the id of the set at index i, with nothing decoded.
func SemIndexID(i int) (int, error) {
	var ds semid64DS
	return semctl(i, 0, SEM_STAT, unsafe.Pointer(&ds))
}

// SemSet is semctl(IPC_SET): it sets the set's UID, GID and the permission
// bits of Mode from a.
func SemSet(id int, a SemArray) error {
	var ds semid64DS
	ds.perm.setOwner(a.UID, a.GID, a.Mode)
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
		e := semop(id, ops)
		if e != syscall.EINTR {
			_, err := result(0, e)
			return err
		}
	}
}

// semop is semop(2), or semtimedop with no timeout where the architecture
// has no semop.
func semop(id int, ops []SemBuf) syscall.Errno {
	p := unsafe.Pointer(&ops[0])
	if split() {
		_, _, e := syscall.Syscall6(sysSemop, uintptr(id), uintptr(p), uintptr(len(ops)), 0, 0, 0)
		if !fallBack(e) {
			return e
		}
	}
	_, _, e := syscall.Syscall6(sysIPC, ipcSemop, uintptr(id), uintptr(len(ops)), 0, uintptr(p), 0)
	return e
}

// mtypeSize is the size of struct msgbuf's mtype, a C long: the text
// follows it.
const mtypeSize = int(unsafe.Sizeof(int(0)))

// MsgSnd is msgsnd(2): it queues text as a message of type mtype (> 0),
// waiting for room unless flags hold IPC_NOWAIT. An interrupted wait is
// retried. On 32-bit machines mtype must fit in 32 bits (else EINVAL).
func MsgSnd(id int, mtype int64, text []byte, flags int) error {
	if int64(int(mtype)) != mtype {
		return syscall.EINVAL
	}
	buf := make([]byte, mtypeSize+len(text))
	*(*int)(unsafe.Pointer(&buf[0])) = int(mtype)
	copy(buf[mtypeSize:], text)
	for {
		e := msgsnd(id, buf, flags)
		if e != syscall.EINTR {
			_, err := result(0, e)
			return err
		}
	}
}

func msgsnd(id int, buf []byte, flags int) syscall.Errno {
	p, n := unsafe.Pointer(&buf[0]), len(buf)-mtypeSize
	if split() {
		_, _, e := syscall.Syscall6(unix.SYS_MSGSND, uintptr(id), uintptr(p), uintptr(n), uintptr(flags), 0, 0)
		if !fallBack(e) {
			return e
		}
	}
	_, _, e := syscall.Syscall6(sysIPC, ipcMsgsnd, uintptr(id), uintptr(n), uintptr(flags), uintptr(p), 0)
	return e
}

// MsgRcv is msgrcv(2): it takes a message of type mtype (0: the first; < 0:
// the first of the lowest type up to -mtype) into text and returns its type
// and length. A message longer than text fails with E2BIG unless flags hold
// MSG_NOERROR. An interrupted wait is retried. On 32-bit machines mtype
// must fit in 32 bits (else EINVAL).
func MsgRcv(id int, text []byte, mtype int64, flags int) (gotType int64, n int, err error) {
	if int64(int(mtype)) != mtype {
		return 0, 0, syscall.EINVAL
	}
	buf := make([]byte, mtypeSize+len(text))
	for {
		r, e := msgrcv(id, buf, int(mtype), flags)
		switch e {
		case 0:
			copy(text, buf[mtypeSize:mtypeSize+r])
			return int64(*(*int)(unsafe.Pointer(&buf[0]))), r, nil
		case syscall.EINTR:
			continue
		}
		return 0, 0, e
	}
}

// ipcKludge is struct ipc_kludge, through which version 0 of ipc(2)'s
// MSGRCV takes the buffer and the type.
type ipcKludge struct {
	msgp   unsafe.Pointer
	msgtyp int
}

func msgrcv(id int, buf []byte, mtype, flags int) (int, syscall.Errno) {
	p, n := unsafe.Pointer(&buf[0]), len(buf)-mtypeSize
	if split() {
		r, _, e := syscall.Syscall6(unix.SYS_MSGRCV, uintptr(id), uintptr(p), uintptr(n), uintptr(mtype), uintptr(flags), 0)
		if !fallBack(e) {
			return int(r), e
		}
	}
	k := ipcKludge{msgp: p, msgtyp: mtype}
	r, _, e := syscall.Syscall6(sysIPC, ipcMsgrcv, uintptr(id), uintptr(n), uintptr(flags), uintptr(unsafe.Pointer(&k)), 0)
	return int(r), e
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
	return ShmInfo{Max: uint64(si.max), Min: uint64(si.min), MNI: uint64(si.mni), Seg: uint64(si.seg), All: uint64(si.all)}, maxIdx, nil
}

// ShmCtlUsage is shmctl(SHM_INFO): the usage summary, and the highest index
// in use.
func ShmCtlUsage() (ShmUsage, int, error) {
	var si shmInfo
	maxIdx, err := shmctl(0, SHM_INFO, unsafe.Pointer(&si))
	if err != nil {
		return ShmUsage{}, 0, err
	}
	return ShmUsage{UsedIDs: si.usedIDs, Tot: uint64(si.tot), RSS: uint64(si.rss), Swp: uint64(si.swp),
		SwapAttempts: uint64(si.swapAttempts), SwapSuccesses: uint64(si.swapSuccesses)}, maxIdx, nil
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
