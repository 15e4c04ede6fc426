// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import "golang.org/x/sys/unix"

// i386: the asm-generic 32-bit layouts (x86's sembuf.h spells out the same
// semid64_ds for i386), with a 16-bit __kernel_mode_t. The split system
// calls came with Linux 5.1 and take no IPC_64 flag; older kernels only
// have ipc(2). There is no semop: semtimedop_time64 with no timeout is
// the same call.
type kernelMode = uint16

const (
	ctlFlag  = 0
	sysIPC   = unix.SYS_IPC
	sysSemop = unix.SYS_SEMTIMEDOP_TIME64
)
