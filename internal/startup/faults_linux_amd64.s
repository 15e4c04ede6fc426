// SPDX-License-Identifier: Apache-2.0

#include "textflag.h"

#define SYS_rt_sigaction 13
#define SYS_rt_sigprocmask 14
#define SYS_getpid 39
#define SYS_gettid 186
#define SYS_exit_group 231
#define SYS_tgkill 234
#define SYS_prlimit64 302
#define RLIMIT_CORE 4
#define SIG_UNBLOCK 1

// faultHandler is the kernel's handler of the fault signals (see
// catchFaults), entered as a C signal handler: DI holds the signal, SI its
// siginfo, DX the context. A fault the CPU raised (si_code > 0) goes on to
// the runtime's handler with every register and the stack as the kernel
// left them. A signal another process sent (kill, tgkill, sigqueue:
// si_code <= 0) ends this process as it would end a C program, as Die
// does: no core file, default action, unblocked, raised again on this
// thread. Every signal is blocked while it runs (the runtime's sa_mask).
TEXT ·faultHandler(SB),NOSPLIT|NOFRAME,$0
	MOVL	8(SI), AX	// si_code
	CMPL	AX, $0
	JLE	die
	MOVQ	·goFaultHandler(SB), AX
	JMP	AX
die:
	MOVQ	DI, R12
	MOVQ	$SYS_prlimit64, AX
	XORQ	DI, DI
	MOVQ	$RLIMIT_CORE, SI
	LEAQ	·dflAction(SB), DX	// 16 zero bytes: a limit of 0
	XORQ	R10, R10
	SYSCALL
	MOVQ	$SYS_rt_sigaction, AX
	MOVQ	R12, DI
	LEAQ	·dflAction(SB), SI
	XORQ	DX, DX
	MOVQ	$8, R10
	SYSCALL
	MOVQ	R12, CX
	DECQ	CX
	MOVQ	$1, AX
	SHLQ	CX, AX
	MOVQ	AX, ·dieMask(SB)
	MOVQ	$SYS_rt_sigprocmask, AX
	MOVQ	$SIG_UNBLOCK, DI
	LEAQ	·dieMask(SB), SI
	XORQ	DX, DX
	MOVQ	$8, R10
	SYSCALL
	MOVQ	$SYS_getpid, AX
	SYSCALL
	MOVQ	AX, R13
	MOVQ	$SYS_gettid, AX
	SYSCALL
	MOVQ	AX, SI
	MOVQ	R13, DI
	MOVQ	R12, DX
	MOVQ	$SYS_tgkill, AX
	SYSCALL
	// Not reached: the signal's default action ended the process.
	LEAQ	128(R12), DI
	MOVQ	$SYS_exit_group, AX
	SYSCALL
	RET

// faultHandlerPC returns faultHandler's address, for sigaction(2).
TEXT ·faultHandlerPC(SB),NOSPLIT,$0-8
	LEAQ	·faultHandler(SB), AX
	MOVQ	AX, ret+0(FP)
	RET
