// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import "golang.org/x/sys/unix"

// mips64 (n64): the asm-generic ipc64_perm and 64-bit layouts of the other
// structures, with a 32-bit __kernel_mode_t. Its msgctl, semctl and shmctl
// are the old entry points (sys_old_msgctl...), which return the old
// structures unless the command carries IPC_64. There is no ipc(2).
type kernelMode = uint32

const (
	ctlFlag  = ipc64
	sysIPC   = 0
	sysSemop = unix.SYS_SEMOP
)
