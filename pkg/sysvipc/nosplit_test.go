// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// noSplitEnv makes TestMain deny the split System V IPC calls with ENOSYS
// before the tests run, as kernels before 5.1 do on 386, ppc64le and s390x.
const noSplitEnv = "SYSVIPC_TEST_NO_SPLIT_CALLS"

// denySplitCalls installs, on every thread, a seccomp filter that fails the
// split System V IPC calls with ENOSYS; children inherit it.
func denySplitCalls() error {
	audit := map[string]uint32{"386": unix.AUDIT_ARCH_I386, "ppc64le": unix.AUDIT_ARCH_PPC64LE, "s390x": unix.AUDIT_ARCH_S390X}[runtime.GOARCH]
	if audit == 0 || sysIPC == 0 {
		return fmt.Errorf("no ipc(2) to fall back to on %s", runtime.GOARCH)
	}
	nrs := []uint32{unix.SYS_MSGGET, unix.SYS_MSGCTL, unix.SYS_MSGSND, unix.SYS_MSGRCV,
		unix.SYS_SEMGET, unix.SYS_SEMCTL, sysSemop, unix.SYS_SHMGET, unix.SYS_SHMCTL, unix.SYS_SHMAT, unix.SYS_SHMDT}
	stmt := func(code uint16, k uint32) unix.SockFilter { return unix.SockFilter{Code: code, K: k} }
	// struct seccomp_data: nr at offset 0, arch at 4.
	prog := []unix.SockFilter{
		stmt(unix.BPF_LD|unix.BPF_W|unix.BPF_ABS, 4),
		{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, K: audit, Jt: 0, Jf: uint8(len(nrs) + 1)},
		stmt(unix.BPF_LD|unix.BPF_W|unix.BPF_ABS, 0),
	}
	for i, nr := range nrs {
		prog = append(prog, unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, K: nr, Jt: uint8(len(nrs) - i)})
	}
	prog = append(prog,
		stmt(unix.BPF_RET|unix.BPF_K, unix.SECCOMP_RET_ALLOW),
		stmt(unix.BPF_RET|unix.BPF_K, unix.SECCOMP_RET_ERRNO|uint32(unix.ENOSYS)))
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return err
	}
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	_, _, e := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&fprog)))
	if e != 0 {
		return fmt.Errorf("seccomp: %w", e)
	}
	// The filter must work, or the tests would prove nothing.
	if _, _, e := unix.RawSyscall(unix.SYS_MSGGET, IPC_PRIVATE, 0, 0); e != unix.ENOSYS {
		return fmt.Errorf("msgget under the filter: %v, want ENOSYS", e)
	}
	return nil
}

// checkMultiplexed fails t, at its end, unless the calls went through
// ipc(2) in a process started with noSplitEnv.
func checkMultiplexed(t *testing.T) {
	if os.Getenv(noSplitEnv) == "" {
		return
	}
	t.Cleanup(func() {
		if !multiplexed.Load() {
			t.Error("no call switched to ipc(2)")
		}
	})
}

// noSplitMain prepares a process started with noSplitEnv.
func noSplitMain() {
	if os.Getenv(noSplitEnv) == "" {
		return
	}
	if err := denySplitCalls(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
