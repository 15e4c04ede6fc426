// SPDX-License-Identifier: Apache-2.0

#include "textflag.h"

#define SYS_tgkill 131
#define SYS_rt_sigaction 134
#define SYS_rt_sigprocmask 135
#define SYS_getpid 172
#define SYS_gettid 178
#define SYS_exit_group 94
#define SYS_prlimit64 261
#define RLIMIT_CORE 4
#define SIG_UNBLOCK 1

// faultHandler: see faults_linux_amd64.s. Here R0 holds the signal, R1
// its siginfo and R2 the context.
TEXT ·faultHandler(SB),NOSPLIT|NOFRAME,$0
	MOVW	8(R1), R3	// si_code, sign-extended
	CMP	$0, R3
	BLE	die
	MOVD	$·goFaultHandler(SB), R3
	MOVD	(R3), R3
	JMP	(R3)
die:
	MOVD	R0, R19
	MOVD	$0, R0
	MOVD	$RLIMIT_CORE, R1
	MOVD	$·dflAction(SB), R2	// 16 zero bytes: a limit of 0
	MOVD	$0, R3
	MOVD	$SYS_prlimit64, R8
	SVC
	MOVD	R19, R0
	MOVD	$·dflAction(SB), R1
	MOVD	$0, R2
	MOVD	$8, R3
	MOVD	$SYS_rt_sigaction, R8
	SVC
	SUB	$1, R19, R5
	MOVD	$1, R6
	LSL	R5, R6, R6
	MOVD	$·dieMask(SB), R1
	MOVD	R6, (R1)
	MOVD	$SIG_UNBLOCK, R0
	MOVD	$0, R2
	MOVD	$8, R3
	MOVD	$SYS_rt_sigprocmask, R8
	SVC
	MOVD	$SYS_getpid, R8
	SVC
	MOVD	R0, R20
	MOVD	$SYS_gettid, R8
	SVC
	MOVD	R0, R1
	MOVD	R20, R0
	MOVD	R19, R2
	MOVD	$SYS_tgkill, R8
	SVC
	// Not reached: the signal's default action ended the process.
	ADD	$128, R19, R0
	MOVD	$SYS_exit_group, R8
	SVC
	RET

// faultHandlerPC returns faultHandler's address, for sigaction(2).
TEXT ·faultHandlerPC(SB),NOSPLIT,$0-8
	MOVD	$·faultHandler(SB), R0
	MOVD	R0, ret+0(FP)
	RET
