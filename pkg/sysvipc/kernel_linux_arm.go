// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import "golang.org/x/sys/unix"

// arm (EABI): the asm-generic 32-bit layouts, with a 16-bit
// __kernel_mode_t. Its msgctl, semctl and shmctl are the old entry points
// (sys_old_msgctl...), which return the old structures unless the command
// carries IPC_64. There is no ipc(2) in the EABI.
type kernelMode = uint16

const (
	ctlFlag  = ipc64
	sysIPC   = 0
	sysSemop = unix.SYS_SEMOP
)
