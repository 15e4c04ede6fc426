// SPDX-License-Identifier: Apache-2.0

#include "textflag.h"

// func vforkSyscall(trap, a1, a2, a3 uintptr) (r1, errno uintptr)
//
// See vfork_amd64.s. On arm64 the return address lives in LR, a register,
// so a function without a frame is all it takes.
TEXT ·vforkSyscall(SB),NOSPLIT|NOFRAME,$0-48
	MOVD	a1+8(FP), R0
	MOVD	a2+16(FP), R1
	MOVD	a3+24(FP), R2
	MOVD	$0, R3
	MOVD	$0, R4
	MOVD	$0, R5
	MOVD	trap+0(FP), R8
	SVC
	CMN	$4095, R0
	BCC	done
	NEG	R0, R0
	MOVD	$-1, R4
	MOVD	R4, r1+32(FP)
	MOVD	R0, errno+40(FP)
	RET
done:
	MOVD	R0, r1+32(FP)
	MOVD	ZR, errno+40(FP)
	RET
