// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"os"
	"os/exec"
	"syscall"

	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// kept holds what an injected leak must keep alive until the sandbox ends.
var kept []any

// injector returns a function that leaks one kind of thing inside the
// sandbox, for -inject: the harness's test proves with it that each
// column catches a leak. nil for an unknown kind.
func injector(kind string) func() error {
	switch kind {
	case "ipc":
		return func() error {
			_, err := sysvipc.MsgGet(sysvipc.IPC_PRIVATE, sysvipc.IPC_CREAT|0o600)
			return err
		}
	case "mount":
		return func() error {
			return syscall.Mount("/dev/null", "/dev/null", "", syscall.MS_BIND, "")
		}
	case "fd":
		return func() error {
			f, err := os.Open("/dev/null")
			kept = append(kept, f)
			return err
		}
	case "zombie":
		return func() error {
			// Started and never waited for.
			_, err := syscall.ForkExec("/bin/true", []string{"true"}, &syscall.ProcAttr{})
			return err
		}
	case "process":
		return func() error {
			cmd := exec.Command("sleep", "1000000")
			kept = append(kept, cmd)
			return cmd.Start()
		}
	case "namespace":
		return func() error {
			cmd := exec.Command("sleep", "1000000")
			cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWUTS}
			kept = append(kept, cmd)
			return cmd.Start()
		}
	}
	return nil
}
