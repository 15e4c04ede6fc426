// SPDX-License-Identifier: Apache-2.0

//go:build linux && (386 || arm || arm64 || loong64 || mips64le || ppc64le || riscv64 || s390x)

package sysvipc

// semid64DS is the asm-generic struct semid64_ds, which i386, powerpc64,
// s390x and mips64 declare alike (88 bytes on 64-bit machines, 64 on
// 32-bit ones). x86-64 has its own (kernel_linux_amd64.go).
type semid64DS struct {
	perm  ipc64Perm
	otime ktime
	ctime ktime
	nsems uint
	_     [2]uint
}
