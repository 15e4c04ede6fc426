// SPDX-License-Identifier: Apache-2.0

//go:build linux && (386 || arm)

package lsns

import "golang.org/x/sys/unix"

// sysFstatat is the fstatat(2) whose struct stat is unix.Stat_t (stat64).
const sysFstatat = unix.SYS_FSTATAT64
