// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/nstest"
)

// noStatAnyEnv makes TestMain fail MSG_STAT_ANY, SHM_STAT_ANY and
// SEM_STAT_ANY before the tests run: "EINVAL" fails them all, as a kernel
// before 4.17 does; "EACCES" fails them for index 0 only, as a security
// module may refuse some objects.
const noStatAnyEnv = "SYSVIPC_TEST_NO_STAT_ANY"

// TestWithoutStatAny runs the listing tests again where the *_STAT_ANY
// commands fail: the listings must then come, whole, from /proc/sysvipc.
func TestWithoutStatAny(t *testing.T) {
	if runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" {
		t.Skipf("the filter is written for the system call numbers of amd64 and arm64, not %s", runtime.GOARCH)
	}
	if e := nstest.Emulator(); e != "" {
		t.Skipf("%s does not translate seccomp(2)", e)
	}
	nstest.RequireRoot(t)
	for _, errno := range []string{"EINVAL", "EACCES"} {
		cmd := exec.Command(os.Args[0], "-test.run=^(TestListMatchesProc|TestByID|TestStatIndex|TestEmpty)$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), noStatAnyEnv+"="+errno)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the tests with *_STAT_ANY failing with %s: %v\n%s", errno, err, out)
		}
		if n := strings.Count(string(out), "--- PASS: "); n < 4 {
			t.Fatalf("only %d tests passed with *_STAT_ANY failing with %s:\n%s", n, errno, out)
		}
	}
}

// denyStatAny installs, on every thread, a seccomp filter that fails
// msgctl(MSG_STAT_ANY), shmctl(SHM_STAT_ANY) and semctl(SEM_STAT_ANY)
// with errno: for every index, or only for index 0.
func denyStatAny(errno syscall.Errno, onlyIndex0 bool) error {
	audit := map[string]uint32{"amd64": unix.AUDIT_ARCH_X86_64, "arm64": unix.AUDIT_ARCH_AARCH64}[runtime.GOARCH]
	if audit == 0 {
		return fmt.Errorf("no filter for %s", runtime.GOARCH)
	}
	stmt := func(code uint16, k uint32) unix.SockFilter { return unix.SockFilter{Code: code, K: k} }
	jeq := func(k uint32, jt, jf uint8) unix.SockFilter {
		return unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, K: k, Jt: jt, Jf: jf}
	}
	load := func(off uint32) unix.SockFilter { return stmt(unix.BPF_LD|unix.BPF_W|unix.BPF_ABS, off) }
	// struct seccomp_data: nr at 0, arch at 4, args[i] at 16+8i (the
	// low half first: both architectures are little-endian). The cmd of
	// msgctl and shmctl is args[1], semctl's args[2].
	prog := []unix.SockFilter{
		load(4),
		jeq(audit, 0, 10), // → allow
		load(0),
		jeq(unix.SYS_MSGCTL, 2, 0),
		jeq(unix.SYS_SHMCTL, 3, 0),
		jeq(unix.SYS_SEMCTL, 4, 6), // → allow
		load(24),
		jeq(MSG_STAT_ANY, 5, 4), // → deny, allow
		load(24),
		jeq(SHM_STAT_ANY, 3, 2),
		load(32),
		jeq(SEM_STAT_ANY, 1, 0),
		stmt(unix.BPF_RET|unix.BPF_K, unix.SECCOMP_RET_ALLOW),
	}
	if onlyIndex0 { // the index is args[0]
		prog = append(prog, load(16), jeq(0, 1, 0), stmt(unix.BPF_RET|unix.BPF_K, unix.SECCOMP_RET_ALLOW))
	}
	prog = append(prog, stmt(unix.BPF_RET|unix.BPF_K, unix.SECCOMP_RET_ERRNO|uint32(errno)))
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return err
	}
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	_, _, e := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&fprog)))
	if e != 0 {
		return fmt.Errorf("seccomp: %w", e)
	}
	// The filter must work, and only on those commands, or the tests
	// would prove nothing.
	var ds shmid64DS
	if _, err := shmctl(0, SHM_STAT_ANY, unsafe.Pointer(&ds)); err != errno {
		return fmt.Errorf("SHM_STAT_ANY under the filter: %v, want %v", err, errno)
	}
	if _, err := semctl(0, 0, SEM_STAT_ANY, unsafe.Pointer(&ds)); err != errno {
		return fmt.Errorf("SEM_STAT_ANY under the filter: %v, want %v", err, errno)
	}
	if _, err := shmctl(1, SHM_STAT_ANY, unsafe.Pointer(&ds)); onlyIndex0 && err != syscall.EINVAL {
		return fmt.Errorf("SHM_STAT_ANY of index 1 under the filter: %v, want EINVAL (no segment)", err)
	}
	if _, _, err := ShmCtlInfo(); err != nil {
		return fmt.Errorf("IPC_INFO under the filter: %v", err)
	}
	return nil
}

// noStatAnyMain prepares a process started with noStatAnyEnv.
func noStatAnyMain() {
	name := os.Getenv(noStatAnyEnv)
	if name == "" {
		return
	}
	errno := map[string]syscall.Errno{"EINVAL": syscall.EINVAL, "EACCES": syscall.EACCES}[name]
	if err := denyStatAny(errno, errno == syscall.EACCES); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
