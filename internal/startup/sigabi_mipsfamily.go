// SPDX-License-Identifier: Apache-2.0

//go:build linux && (mips64le || mips64 || mips || mipsle)

package startup

// The kernel's signal ABI on MIPS: 128 signals (a 16-byte sigset_t), and
// a struct sigaction that starts with its flags, so the handler is its
// second word.
const (
	sigsetBytes   = 16
	sigactHandler = 1
)
