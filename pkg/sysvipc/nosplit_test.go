// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/nstest"
)

// noSplitEnv makes TestMain deny the split System V IPC calls with ENOSYS
// before the tests run, as kernels before 5.1 do on 386, ppc64le and s390x.
const noSplitEnv = "SYSVIPC_TEST_NO_SPLIT_CALLS"

// TestWithoutSplitCalls runs the package's tests again in a process where
// the architecture's own msgget, msgctl... answer ENOSYS: every call must
// then go through ipc(2), with the same results (fresh checks that it did).
func TestWithoutSplitCalls(t *testing.T) {
	if sysIPC == 0 {
		t.Skipf("%s has no ipc(2)", runtime.GOARCH)
	}
	if e := nstest.Emulator(); e != "" {
		t.Skipf("%s does not translate seccomp(2)", e)
	}
	nstest.RequireRoot(t)
	cmd := exec.Command(os.Args[0], "-test.skip=^(TestLayout|TestWithoutSplitCalls)$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), noSplitEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the tests without the split calls: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "--- PASS: "); n < 5 {
		t.Fatalf("only %d tests passed without the split calls:\n%s", n, out)
	}
}

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
