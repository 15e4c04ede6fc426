// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import "golang.org/x/sys/unix"

// x86-64: asm-generic ipc64_perm, msqid64_ds and shmid64_ds, with a 32-bit
// __kernel_mode_t; the split system calls take no IPC_64 flag (it makes
// them fail with EINVAL), and there is no ipc(2).
type kernelMode = uint32

const (
	ctlFlag  = 0
	sysIPC   = 0
	sysSemop = unix.SYS_SEMOP
)

// semid64DS is x86-64's struct semid64_ds (104 bytes): unlike the generic
// layout, each time is followed by an unused word.
type semid64DS struct {
	perm  ipc64Perm
	otime ktime
	_     uint
	ctime ktime
	_     uint
	nsems uint
	_     [2]uint
}
