// SPDX-License-Identifier: Apache-2.0

//go:build linux && !amd64 && !arm64

package rawexec

// vforkAvailable reports whether vforkSyscall exists on this architecture;
// elsewhere the child is made with a plain clone(2).
const vforkAvailable = false

func vforkSyscall(trap, a1, a2, a3 uintptr) (r1, errno uintptr) {
	panic("unreachable: no vfork stub on this architecture")
}
