// SPDX-License-Identifier: Apache-2.0

//go:build linux && (amd64 || arm64)

package rawexec

// vforkAvailable reports whether vforkSyscall exists on this architecture.
const vforkAvailable = true

// vforkSyscall makes a system call that can return twice on one stack:
// clone(2) with CLONE_VM|CLONE_VFORK. It is written in assembly (vfork_*.s)
// so that the child, running first on our stack, cannot destroy the
// parent's return address.
//
//go:noescape
func vforkSyscall(trap, a1, a2, a3 uintptr) (r1, errno uintptr)
