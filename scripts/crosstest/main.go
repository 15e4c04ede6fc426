// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command crosstest runs the IPC packages' test suites for other
// architectures on this machine ("make cross-test"): for each architecture
// it builds the IPC tools and the packages' test binaries with that GOARCH
// and runs them as root, like "make test" does, with CI's rules.
//
// A binary the kernel runs itself (386 on an x86-64 kernel, through its
// 32-bit compatibility layer) runs directly. Any other runs under
// qemu-user, in a sandbox: a new user namespace mapping every uid and gid
// to itself (so the tests are root there and can give objects to any
// owner), a new mount namespace, and a binfmt_misc instance of that user
// namespace (Linux 6.7+) in which qemu is registered for the architecture.
// The test binaries re-execute themselves and run the tools, which then
// find qemu through binfmt_misc too; the host's binfmt_misc is never
// touched. qemu comes from Debian's qemu-user-static, whose
// /usr/share/binfmts files give the ELF patterns.
//
// Usage:
//
//	go run ./scripts/crosstest [-run regexp] [-v] ARCH...
//
// It exits 1 when a build or a test failed.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gonstools/gonstools/internal/archtest"
)

// tools are the commands the tested packages run.
var tools = []string{"goipcs", "goipcmk", "goipcrm", "gonsenter", "gounshare"}

// packages are the test suites run for every architecture: the System V
// and POSIX IPC layers, the ipcs renderer and the IPC tools' differential
// tests against util-linux. TestLayout is left out: it cross-compiles
// itself and runs in the ordinary suite.
var packages = []string{"pkg/sysvipc", "pkg/posixipc", "internal/ipcs", "internal/cmd/goipcs", "internal/cmd/goipcmk", "internal/cmd/goipcrm"}

// sandboxEnv tells a re-executed crosstest to set up binfmt_misc and exec
// the test binary named by its arguments; its value is the qemu name.
const sandboxEnv = "CROSSTEST_SANDBOX"

func main() {
	if name := os.Getenv(sandboxEnv); name != "" {
		err := sandbox(name, os.Args[1:])
		fmt.Fprintf(os.Stderr, "crosstest: sandbox: %v\n", err)
		os.Exit(2)
	}
	run := flag.String("run", "", "run only the tests matching `regexp` (go test -run)")
	verbose := flag.Bool("v", false, "verbose test output (go test -v)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: crosstest [-run regexp] [-v] ARCH...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	root, err := os.Getwd()
	if err != nil {
		fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		fatal(errors.New("run from the module's root"))
	}
	failed := false
	for _, goarch := range flag.Args() {
		a, ok := archtest.ArchOf(goarch)
		if !ok {
			fatal(fmt.Errorf("unknown architecture %q", goarch))
		}
		if !testArch(root, self, a, *run, *verbose) {
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "crosstest: %v\n", err)
	os.Exit(2)
}

// testArch builds and runs everything for a; it reports success.
func testArch(root, self string, a archtest.Arch, run string, verbose bool) bool {
	dir, err := os.MkdirTemp("", "crosstest-"+a.GOARCH+"-")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(dir)
	// Tests run the tools, and the test binaries themselves, as nobody.
	if err := os.Chmod(dir, 0o755); err != nil {
		fatal(err)
	}
	bin := filepath.Join(dir, "bin")
	env := append(os.Environ(), "GOARCH="+a.GOARCH, "CGO_ENABLED=0")
	ok := true
	for _, t := range tools {
		if !step(a, "build "+t, root, env, "go", "build", "-trimpath", "-o", filepath.Join(bin, t), "./cmd/"+t) {
			ok = false
		}
	}
	probed, emulated := false, false
	for _, pkg := range packages {
		test := filepath.Join(dir, strings.ReplaceAll(pkg, "/", "_")+".test")
		if !step(a, "build "+pkg+" tests", root, env, "go", "test", "-c", "-o", test, "./"+pkg) {
			ok = false
			continue
		}
		if !probed {
			probed, emulated = true, needsEmulator(test)
			how := "natively"
			if emulated {
				how = "under " + a.QEMU + "-static"
			}
			fmt.Printf("crosstest: %s: running %s\n", a.GOARCH, how)
		}
		args := []string{"-test.skip=^TestLayout$", "-test.timeout=30m"}
		if run != "" {
			args = append(args, "-test.run="+run)
		}
		if verbose {
			args = append(args, "-test.v")
		}
		testEnv := append(os.Environ(), "NSTEST_BIN_DIR="+bin, "CI=true")
		if emulated {
			testEnv = append(testEnv, "NSTEST_EMULATOR="+a.QEMU)
		}
		argv := append([]string{test}, args...)
		if emulated {
			argv = append([]string{self}, argv...)
		}
		if !runTest(a, pkg, filepath.Join(root, pkg), testEnv, argv, emulated) {
			ok = false
		}
	}
	return ok
}

// step runs one build command and reports it.
func step(a archtest.Arch, what, dir string, env []string, argv ...string) bool {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		fmt.Printf("FAIL %s: %s: %v\n%s", a.GOARCH, what, err, out)
		return false
	}
	return true
}

// needsEmulator reports whether the kernel refuses to run the test binary
// itself.
func needsEmulator(test string) bool {
	err := exec.Command(test, "-test.list=^$").Run()
	var pe *os.PathError
	return errors.As(err, &pe) && errors.Is(pe.Err, syscall.ENOEXEC)
}

// runTest runs one test binary in the package's directory, in the sandbox
// when emulated, and reports it.
func runTest(a archtest.Arch, pkg, dir string, env, argv []string, emulated bool) bool {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stdout
	fmt.Printf("=== %s %s\n", a.GOARCH, pkg)
	if emulated {
		// Every id (a 32-bit crosstest can map only the lower half).
		const all = min(1<<32-1, math.MaxInt)
		cmd.Env = append(cmd.Env, sandboxEnv+"="+a.QEMU)
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Cloneflags:                 syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
			UidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: all}},
			GidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: all}},
			GidMappingsEnableSetgroups: true,
			Pdeathsig:                  syscall.SIGKILL,
		}
	}
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start).Round(100 * time.Millisecond)
	if err != nil {
		fmt.Printf("FAIL %s %s (%v): %v\n", a.GOARCH, pkg, took, err)
		return false
	}
	fmt.Printf("ok   %s %s (%v)\n", a.GOARCH, pkg, took)
	return true
}

// sandbox runs in the new user and mount namespaces: it keeps its mounts
// to itself, mounts this user namespace's binfmt_misc, registers qemu for
// the architecture with the patterns of Debian's binfmts file, and execs
// argv.
func sandbox(qemu string, argv []string) error {
	if len(argv) == 0 {
		return errors.New("no program")
	}
	if err := syscall.Mount("none", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making / private: %w", err)
	}
	const dir = "/proc/sys/fs/binfmt_misc"
	if err := syscall.Mount("binfmt_misc", dir, "binfmt_misc", 0, ""); err != nil {
		return fmt.Errorf("mount binfmt_misc (needs Linux 6.7+ in a user namespace): %w", err)
	}
	rule, err := binfmtRule(qemu)
	if err != nil {
		return err
	}
	if err := os.WriteFile(dir+"/register", []byte(rule), 0); err != nil {
		return fmt.Errorf("registering %s: %w", qemu, err)
	}
	os.Unsetenv(sandboxEnv)
	return syscall.Exec(argv[0], argv, os.Environ())
}

// binfmtRule is the binfmt_misc registration of /usr/bin/QEMU-static,
// from the magic, mask and offset of Debian's /usr/share/binfmts/QEMU. The
// F flag opens the interpreter now, so it works in any mount namespace.
func binfmtRule(qemu string) (string, error) {
	interp := "/usr/bin/" + qemu + "-static"
	if _, err := os.Stat(interp); err != nil {
		return "", fmt.Errorf("%w (apt-get install qemu-user-static)", err)
	}
	f, err := os.Open("/usr/share/binfmts/" + qemu)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fields := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), " ")
		fields[k] = v
	}
	if fields["magic"] == "" {
		return "", fmt.Errorf("%s: no magic", f.Name())
	}
	return fmt.Sprintf(":%s:M:%s:%s:%s:%s:F", qemu, fields["offset"], fields["magic"], fields["mask"], interp), nil
}
