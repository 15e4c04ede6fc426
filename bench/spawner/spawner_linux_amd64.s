// SPDX-License-Identifier: Apache-2.0

#include "textflag.h"

#define SYS_read 0
#define SYS_write 1
#define SYS_vfork 58
#define SYS_execve 59
#define SYS_wait4 61
#define SYS_fcntl 72
#define SYS_clock_gettime 228
#define SYS_exit_group 231
#define F_SETFD 2
#define FD_CLOEXEC 1
#define CLOCK_MONOTONIC 1
#define EINTR 4
#define MAXCMDS 64

// entry splits its argv into commands, then serves requests (see the
// package doc). It never returns and never enters the Go runtime: only
// registers, its initial stack and the globals below.
TEXT ·entry(SB),NOSPLIT|NOFRAME,$0
	// descriptors 3 and 4 are ours, not the commands'
	MOVQ	$SYS_fcntl, AX
	MOVQ	$3, DI
	MOVQ	$F_SETFD, SI
	MOVQ	$FD_CLOEXEC, DX
	SYSCALL
	MOVQ	$SYS_fcntl, AX
	MOVQ	$4, DI
	MOVQ	$F_SETFD, SI
	MOVQ	$FD_CLOEXEC, DX
	SYSCALL

	MOVQ	0(SP), R8		// argc
	LEAQ	8(SP), R9		// argv
	LEAQ	8(R9)(R8*8), AX		// envp: after argv's NULL
	MOVQ	AX, ·envp(SB)
	LEAQ	·cmds(SB), BX
	LEAQ	8(R9), AX		// the first command is argv[1:]
	MOVQ	AX, 0(BX)
	MOVQ	$1, CX			// commands
	MOVQ	$1, DX			// argv index
split:
	CMPQ	DX, R8
	JGE	serve
	MOVQ	(R9)(DX*8), SI
	CMPB	0(SI), $1
	JNE	next
	CMPB	1(SI), $0
	JNE	next
	MOVQ	$0, (R9)(DX*8)		// ends the command before
	CMPQ	CX, $MAXCMDS
	JGE	fail
	LEAQ	8(R9)(DX*8), AX
	MOVQ	AX, (BX)(CX*8)
	INCQ	CX
next:
	INCQ	DX
	JMP	split

serve:
	MOVQ	CX, ·ncmds(SB)
request:
	MOVQ	$SYS_read, AX
	MOVQ	$3, DI
	LEAQ	·req(SB), SI
	MOVQ	$1, DX
	SYSCALL
	CMPQ	AX, $-EINTR
	JEQ	request
	CMPQ	AX, $1
	JNE	done
	MOVBQZX	·req(SB), CX
	CMPQ	CX, ·ncmds(SB)
	JGE	fail
	LEAQ	·cmds(SB), BX
	MOVQ	(BX)(CX*8), R12		// the command's argv

	MOVQ	$SYS_clock_gettime, AX
	MOVQ	$CLOCK_MONOTONIC, DI
	LEAQ	·t0(SB), SI
	SYSCALL
	MOVQ	$SYS_vfork, AX
	SYSCALL
	CMPQ	AX, $0
	JEQ	child
	JLT	fail
	MOVQ	AX, R13			// its pid
wait:
	MOVQ	$SYS_wait4, AX
	MOVQ	R13, DI
	LEAQ	·status(SB), SI
	MOVQ	$0, DX
	LEAQ	·rusage(SB), R10
	SYSCALL
	CMPQ	AX, $-EINTR
	JEQ	wait
	CMPQ	AX, $0
	JLT	fail
	MOVQ	$SYS_clock_gettime, AX
	MOVQ	$CLOCK_MONOTONIC, DI
	LEAQ	·t1(SB), SI
	SYSCALL

	// out: t1-t0 in ns, the status, ru_maxrss
	MOVQ	·t1(SB), AX
	SUBQ	·t0(SB), AX
	IMULQ	$1000000000, AX
	ADDQ	·t1+8(SB), AX
	SUBQ	·t0+8(SB), AX
	MOVQ	AX, ·out(SB)
	MOVLQSX	·status(SB), AX
	MOVQ	AX, ·out+8(SB)
	MOVQ	·rusage+32(SB), AX
	MOVQ	AX, ·out+16(SB)
	MOVQ	$SYS_write, AX
	MOVQ	$4, DI
	LEAQ	·out(SB), SI
	MOVQ	$24, DX
	SYSCALL
	CMPQ	AX, $24
	JNE	fail
	JMP	request

child:
	// the parent's stack, until the exec: registers only
	MOVQ	$SYS_execve, AX
	MOVQ	0(R12), DI
	MOVQ	R12, SI
	MOVQ	·envp(SB), DX
	SYSCALL
	MOVQ	$SYS_exit_group, AX
	MOVQ	$127, DI
	SYSCALL

done:
	MOVQ	$SYS_exit_group, AX
	MOVQ	$0, DI
	SYSCALL
fail:
	MOVQ	$SYS_exit_group, AX
	MOVQ	$2, DI
	SYSCALL

GLOBL	·envp(SB), NOPTR, $8
GLOBL	·ncmds(SB), NOPTR, $8
GLOBL	·cmds(SB), NOPTR, $(MAXCMDS*8)
GLOBL	·req(SB), NOPTR, $8
GLOBL	·t0(SB), NOPTR, $16
GLOBL	·t1(SB), NOPTR, $16
GLOBL	·status(SB), NOPTR, $8
GLOBL	·rusage(SB), NOPTR, $144
GLOBL	·out(SB), NOPTR, $24
