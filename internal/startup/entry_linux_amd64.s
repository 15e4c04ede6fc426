// SPDX-License-Identifier: Apache-2.0

#include "textflag.h"

#define SYS_rt_sigaction 13
#define SYS_fcntl 72
#define F_GETFD 1
#define EBADF 9

// entry is the process's first instruction when the binary is linked with
// LinkFlag. Before the Go runtime changes anything it records where the
// kernel put argc, argv and envp, which signals are ignored and which of
// the descriptors 0, 1 and 2 are closed, then goes on to the runtime's
// entry point with the stack as the kernel made it.
TEXT ·entry(SB),NOSPLIT|NOFRAME,$0
	MOVQ	SP, ·initialSP(SB)
	MOVQ	$1, R12
sigloop:
	MOVQ	$SYS_rt_sigaction, AX
	MOVQ	R12, DI
	XORQ	SI, SI
	LEAQ	·scratch(SB), DX
	MOVQ	$8, R10
	SYSCALL
	CMPQ	AX, $0
	JNE	signext
	CMPQ	·scratch(SB), $1	// SIG_IGN
	JNE	signext
	MOVQ	R12, CX
	DECQ	CX
	MOVQ	$1, AX
	SHLQ	CX, AX
	ORQ	AX, ·ignored(SB)
signext:
	INCQ	R12
	CMPQ	R12, $65
	JLT	sigloop

	XORQ	R12, R12
fdloop:
	MOVQ	$SYS_fcntl, AX
	MOVQ	R12, DI
	MOVQ	$F_GETFD, SI
	SYSCALL
	CMPQ	AX, $-EBADF
	JNE	fdnext
	MOVQ	R12, CX
	MOVL	$1, AX
	SHLL	CX, AX
	ORL	AX, ·closed(SB)
fdnext:
	INCQ	R12
	CMPQ	R12, $3
	JLT	fdloop

	MOVL	$1, ·recorded(SB)
	JMP	_rt0_amd64_linux(SB)
