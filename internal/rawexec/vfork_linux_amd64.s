// SPDX-License-Identifier: Apache-2.0

#include "textflag.h"

// func vforkSyscall(trap, a1, a2, a3 uintptr) (r1, errno uintptr)
//
// A system call that may return twice on one stack (clone with
// CLONE_VM|CLONE_VFORK). The child runs first, on our stack, and may
// overwrite anything below the caller's frame, including where a CALL
// keeps its return address. So the return address leaves the stack for
// R12 (which the child gets a copy of) before the call and comes back
// after it; the function has no frame of its own.
TEXT ·vforkSyscall(SB),NOSPLIT|NOFRAME,$0-48
	MOVQ	a1+8(FP), DI
	MOVQ	a2+16(FP), SI
	MOVQ	a3+24(FP), DX
	XORQ	R10, R10
	XORQ	R8, R8
	XORQ	R9, R9
	MOVQ	trap+0(FP), AX
	POPQ	R12
	SYSCALL
	PUSHQ	R12
	CMPQ	AX, $0xfffffffffffff001
	JLS	done
	NEGQ	AX
	MOVQ	$-1, r1+32(FP)
	MOVQ	AX, errno+40(FP)
	RET
done:
	MOVQ	AX, r1+32(FP)
	MOVQ	$0, errno+40(FP)
	RET
