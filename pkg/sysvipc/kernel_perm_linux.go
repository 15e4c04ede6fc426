// SPDX-License-Identifier: Apache-2.0

//go:build linux && (386 || amd64 || arm || arm64 || loong64 || mips64le || riscv64)

package sysvipc

import "unsafe"

// ipc64Perm is the asm-generic struct ipc64_perm (48 bytes on 64-bit
// machines, 36 on 32-bit ones). Where __kernel_mode_t is 16 bits wide
// (386, arm) two bytes of padding follow the mode, so that seq stays at
// offset 24.
type ipc64Perm struct {
	key  int32
	uid  uint32
	gid  uint32
	cuid uint32
	cgid uint32
	mode kernelMode
	_    [4 - unsafe.Sizeof(kernelMode(0))]byte
	seq  uint16
	_    uint16
	_    [2]uint
}
