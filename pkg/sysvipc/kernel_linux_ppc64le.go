// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import "golang.org/x/sys/unix"

// powerpc64: its own ipc64_perm and shmid64_ds, the generic 64-bit
// msqid64_ds and semid64_ds, a 32-bit __kernel_mode_t. The split system
// calls came with Linux 5.1 and take no IPC_64 flag; older kernels only
// have ipc(2). There is no semop: semtimedop with no timeout is the same
// call.
type kernelMode = uint32

const (
	ctlFlag  = 0
	sysIPC   = unix.SYS_IPC
	sysSemop = unix.SYS_SEMTIMEDOP
)

// ipc64Perm is powerpc's struct ipc64_perm (48 bytes): seq is 32 bits.
type ipc64Perm struct {
	key  int32
	uid  uint32
	gid  uint32
	cuid uint32
	cgid uint32
	mode kernelMode
	seq  uint32
	_    uint32
	_    [2]uint64
}

// shmid64DS is powerpc64's struct shmid64_ds (112 bytes): the times come
// before the size.
type shmid64DS struct {
	perm   ipc64Perm
	atime  ktime
	dtime  ktime
	ctime  ktime
	segsz  uint
	cpid   int32
	lpid   int32
	nattch uint
	_      [2]uint
}
