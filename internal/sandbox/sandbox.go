// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package sandbox is what the project's harnesses (the bench and the
// stress run) share to run themselves again inside namespaces of their own,
// so that what the tools do there never reaches the host: an environment
// variable tells each copy its role, and the sandbox gets its own POSIX IPC
// directories.
package sandbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// Environ is this process's environment with name set to value (an earlier
// setting of name is dropped).
func Environ(name, value string) []string {
	env := []string{name + "=" + value}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, name+"=") {
			env = append(env, kv)
		}
	}
	return env
}

// Run runs this program again with args, the environment env and the
// given standard output and error, in new
// namespaces of cloneflags and a private mount namespace, and waits for it.
// CLONE_NEWNS goes in Unshareflags, not Cloneflags: only then does the
// child make "/" recursively private, so its mounts never reach the host.
// The copy dies with us. err is set only when the copy could not start.
func Run(env []string, cloneflags uintptr, args []string, stdout, stderr io.Writer) (syscall.WaitStatus, error) {
	cmd := exec.Command("/proc/self/exe", args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:   cloneflags,
		Unshareflags: syscall.CLONE_NEWNS,
		Pdeathsig:    syscall.SIGKILL,
	}
	err := cmd.Run()
	var ee *exec.ExitError
	if err == nil || errors.As(err, &ee) {
		return cmd.ProcessState.Sys().(syscall.WaitStatus), nil
	}
	return 0, err
}

// PrivateIPCDirs mounts a fresh tmpfs on /dev/shm and a fresh mqueue file
// system on /dev/mqueue, where those directories exist: goipcrm -a removes
// POSIX objects too, /dev/shm is otherwise the host's, and an inherited
// mqueue mount shows the host's queues. Call it in the private mount
// namespace of Run's copy.
func PrivateIPCDirs() error {
	for _, m := range []struct{ fstype, dir string }{{"tmpfs", "/dev/shm"}, {"mqueue", "/dev/mqueue"}} {
		if fi, err := os.Stat(m.dir); err != nil || !fi.IsDir() {
			continue
		}
		if err := syscall.Mount("none", m.dir, m.fstype, syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, ""); err != nil {
			return fmt.Errorf("mount %s: %v", m.dir, err)
		}
	}
	return nil
}
