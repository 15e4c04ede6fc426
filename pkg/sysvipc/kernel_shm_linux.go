// SPDX-License-Identifier: Apache-2.0

//go:build linux && (386 || amd64 || arm || arm64 || loong64 || mips64le || riscv64 || s390x)

package sysvipc

// shmid64DS is the asm-generic struct shmid64_ds, which x86, s390x and
// mips64 declare alike (112 bytes on 64-bit machines, 84 on 32-bit ones).
// powerpc64 puts the size after the times (kernel_linux_ppc64le.go).
type shmid64DS struct {
	perm   ipc64Perm
	segsz  uint
	atime  ktime
	dtime  ktime
	ctime  ktime
	cpid   int32
	lpid   int32
	nattch uint
	_      [2]uint
}
