// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import "golang.org/x/sys/unix"

// s390x: its own ipc64_perm, the generic 64-bit layouts of the other
// structures, a 32-bit __kernel_mode_t. The split system calls came with
// Linux 5.1 and take no IPC_64 flag; older kernels only have ipc(2), with
// five arguments. There is no semop: semtimedop with no timeout is the
// same call.
type kernelMode = uint32

const (
	ctlFlag  = 0
	sysIPC   = unix.SYS_IPC
	sysSemop = unix.SYS_SEMTIMEDOP
)

// ipc64Perm is s390x's struct ipc64_perm (48 bytes): padding comes before
// seq, not after it.
type ipc64Perm struct {
	key  int32
	uid  uint32
	gid  uint32
	cuid uint32
	cgid uint32
	mode kernelMode
	_    uint16
	seq  uint16
	_    [2]uint
}
