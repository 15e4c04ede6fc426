// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import "golang.org/x/sys/unix"

// riscv64: the asm-generic layouts, with a 32-bit __kernel_mode_t; the split
// system calls take no IPC_64 flag, and there is no ipc(2).
type kernelMode = uint32

const (
	ctlFlag  = 0
	sysIPC   = 0
	sysSemop = unix.SYS_SEMOP
)
