// SPDX-License-Identifier: Apache-2.0

//go:build linux && !(mips64le || mips64 || mips || mipsle)

package rawexec

// The kernel's signal ABI: 64 signals (an 8-byte sigset_t), and a struct
// sigaction that starts with its handler.
const (
	sigsetBytes   = 8
	sigactHandler = 0
)
