// SPDX-License-Identifier: Apache-2.0

//go:build linux && (amd64 || arm64 || loong64 || mips64le || ppc64le || riscv64 || s390x)

package lsns

import "golang.org/x/sys/unix"

// sysFstatat is the fstatat(2) whose struct stat is unix.Stat_t.
const sysFstatat = unix.SYS_NEWFSTATAT
