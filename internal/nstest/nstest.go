// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package nstest gives tests real, private namespaces and the project's
// binaries, so that no test ever sees or changes the host's IPC objects,
// hostname or mounts.
//
// A test that changes state starts with
//
//	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC|unix.CLONE_NEWUTS) {
//		return // the body ran, and passed, in a child with fresh namespaces
//	}
//
// InNamespaces re-runs just that test in a child process of the test binary
// created with the given namespaces, and reports the child's failure as the
// test's. In the child it returns true and the test body runs there.
// CLONE_NEWNS is applied with unshare semantics, which makes "/" recursively
// private in the child, so its mounts never reach the host. So are the
// other namespaces for which unsharing in the child before exec is the
// same as cloning into them (IPC, UTS, network, cgroup): that is also what
// lets the test binaries run under qemu-user, which refuses namespace
// flags in clone(2) but passes unshare(2) through.
//
// Root-only tests call [RequireRoot]: it skips when not root, except under
// CI=true, where a test that cannot run fails loudly instead.
package nstest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/startup"
)

// childEnv marks the child process that runs a test's body.
const childEnv = "NSTEST_CHILD"

// RequireRoot skips t unless the test runs as root. Under CI=true it fails
// instead, so CI never passes by skipping.
func RequireRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() == 0 {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("this test needs root, and CI=true forbids skipping it")
	}
	t.Skip("needs root")
}

// Require fails t under CI=true, or skips it elsewhere, when ok is false.
func Require(t testing.TB, ok bool, why string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("cannot run: %s (CI=true forbids skipping)", why)
	}
	t.Skip(why)
}

// InChild reports whether this process is the namespaced child running t.
func InChild(t testing.TB) bool { return os.Getenv(childEnv) == t.Name() }

// InNamespaces runs the calling test in a child process with the given new
// namespaces (CLONE_NEW* flags). It returns true in the child, where the
// test body should go on, and false in the parent once the child finished;
// the child's failures are reported as the test's own.
func InNamespaces(t *testing.T, flags uintptr) bool {
	t.Helper()
	if InChild(t) {
		return true
	}
	RequireRoot(t)
	cmd := exec.Command(os.Args[0], "-test.run="+runPattern(t.Name()), "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name())
	cmd.SysProcAttr = NewNamespaces(flags)
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("test body in new namespaces (flags %#x) failed: %v\n%s", flags, err, indent(out))
	}
	if !strings.Contains(string(out), "--- PASS: ") {
		t.Fatalf("test body in new namespaces did not run:\n%s", indent(out))
	}
	return false
}

// NewNamespaces returns the attributes that start a child in the given new
// namespaces (CLONE_NEW* flags), as InNamespaces does: IPC, UTS, network,
// mount and cgroup namespaces are unshared in the child before it execs,
// which is the same for them as cloning into them and also works under
// qemu-user; the others are clone flags.
func NewNamespaces(flags uintptr) *syscall.SysProcAttr {
	const unshared = syscall.CLONE_NEWNS | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS |
		syscall.CLONE_NEWNET | syscall.CLONE_NEWCGROUP
	return &syscall.SysProcAttr{Cloneflags: flags &^ unshared, Unshareflags: flags & unshared}
}

// emulatorEnv names the emulator the test binary runs under, if any
// (scripts/crosstest sets it to "qemu-aarch64"...).
const emulatorEnv = "NSTEST_EMULATOR"

// Emulator returns the name of the user-mode emulator this test binary runs
// under, or "" when the kernel runs it. Tests use it to accept what an
// emulator is known not to translate, and nothing else.
func Emulator() string { return os.Getenv(emulatorEnv) }

// runPattern is the -test.run pattern that selects exactly the named test
// or subtest.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

func indent(b []byte) string {
	return "\t" + strings.ReplaceAll(strings.TrimRight(string(b), "\n"), "\n", "\n\t")
}

// binDirEnv names a directory that already holds the built tools (the
// Makefile's bin/); without it, Binary builds them into a temporary one.
const binDirEnv = "NSTEST_BIN_DIR"

var (
	buildOnce sync.Once
	buildDir  string
	buildTemp bool
	buildErr  error
)

// Main runs a package's tests (call it from TestMain) and removes the
// binaries Binary built.
func Main(m *testing.M) {
	code := m.Run()
	if buildTemp {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// Binary returns the path of the named tool ("gounshare", "goipcs", ...).
// Unless NSTEST_BIN_DIR names a directory holding them, the tools are built
// once per test process from this module's cmd/ directory as static
// CGO_ENABLED=0 binaries, the way the Makefile builds them. Packages that
// call it use [Main] in their TestMain.
func Binary(t testing.TB, tool string) string {
	t.Helper()
	buildOnce.Do(build)
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(buildDir, tool)
}

func build() {
	if dir := os.Getenv(binDirEnv); dir != "" {
		buildDir = dir
		return
	}
	root, err := moduleRoot()
	if err != nil {
		buildErr = err
		return
	}
	if buildDir, buildErr = os.MkdirTemp("", "gonstools-bin-"); buildErr != nil {
		return
	}
	buildTemp = true
	// Tests run the tools as other users too (nobody): they must be able
	// to reach them.
	if buildErr = os.Chmod(buildDir, 0o755); buildErr != nil {
		return
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags="+startup.LinkFlag, "-o", buildDir+string(os.PathSeparator), "./cmd/...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("go build ./cmd/...: %v\n%s", err, out)
		return
	}
	// Children started by InNamespaces use the same binaries.
	os.Setenv(binDirEnv, buildDir)
}

// moduleRoot finds the directory holding go.mod, upwards from the working
// directory (go test runs each package in its own directory).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("nstest: no go.mod above the working directory")
		}
		dir = parent
	}
}
