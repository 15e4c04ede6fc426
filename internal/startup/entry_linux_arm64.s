// SPDX-License-Identifier: Apache-2.0

#include "textflag.h"

#define SYS_rt_sigaction 134
#define SYS_fcntl 25
#define F_GETFD 1
#define EBADF 9

// entry is the process's first instruction when the binary is linked with
// LinkFlag. Before the Go runtime changes anything it records where the
// kernel put argc, argv and envp, which signals are ignored and which of
// the descriptors 0, 1 and 2 are closed, then goes on to the runtime's
// entry point with the stack as the kernel made it.
TEXT ·entry(SB),NOSPLIT|NOFRAME,$0
	MOVD	RSP, R4
	MOVD	$·initialSP(SB), R2
	MOVD	R4, (R2)
	MOVD	$1, R19
sigloop:
	MOVD	R19, R0
	MOVD	$0, R1
	MOVD	$·scratch(SB), R2
	MOVD	$8, R3
	MOVD	$SYS_rt_sigaction, R8
	SVC
	CBNZ	R0, signext
	MOVD	$·scratch(SB), R2
	MOVD	(R2), R4
	CMP	$1, R4	// SIG_IGN
	BNE	signext
	SUB	$1, R19, R5
	MOVD	$1, R6
	LSL	R5, R6, R6
	MOVD	$·ignored(SB), R2
	MOVD	(R2), R4
	ORR	R6, R4, R4
	MOVD	R4, (R2)
signext:
	ADD	$1, R19
	CMP	$65, R19
	BLT	sigloop

	MOVD	$0, R19
fdloop:
	MOVD	R19, R0
	MOVD	$F_GETFD, R1
	MOVD	$SYS_fcntl, R8
	SVC
	CMN	$EBADF, R0
	BNE	fdnext
	MOVD	$1, R6
	LSL	R19, R6, R6
	MOVD	$·closed(SB), R2
	MOVW	(R2), R4
	ORRW	R6, R4, R4
	MOVW	R4, (R2)
fdnext:
	ADD	$1, R19
	CMP	$3, R19
	BLT	fdloop

	MOVD	$1, R4
	MOVD	$·recorded(SB), R2
	MOVW	R4, (R2)
	B	_rt0_arm64_linux(SB)
