// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/gonstools/gonstools/internal/sandbox"
)

// sandboxHost is the host name of the sandbox's UTS namespace; a tool that
// sets another one in the sandbox leaks it.
const sandboxHost = "stress-sandbox"

// reexec runs this program again, as PID 1 of fresh mount, IPC, UTS, PID,
// network and cgroup namespaces (sandbox.Run), and returns its exit
// status.
func reexec(args []string, stdout, stderr io.Writer) int {
	if os.Geteuid() != 0 {
		fmt.Fprintln(stderr, "stress: needs root (it makes namespaces of every type): run make stress as root")
		return 1
	}
	ws, err := sandbox.Run(withRole("init"), syscall.CLONE_NEWIPC|syscall.CLONE_NEWUTS|syscall.CLONE_NEWPID|
		syscall.CLONE_NEWNET|syscall.CLONE_NEWCGROUP, args, stdout, stderr)
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "stress: cannot make the sandbox's namespaces:", err)
		return 1
	case ws.Signaled():
		fmt.Fprintln(stderr, "stress: the sandbox ended by", ws.Signal())
		return 1
	}
	return ws.ExitStatus()
}

// initProcess is PID 1 of the sandbox: it mounts the sandbox's own /proc
// and POSIX IPC directories, names the host, starts the harness and reaps every process until the
// harness ends. When it returns, the kernel kills whatever is left in the
// PID namespace.
func initProcess(args []string, stderr io.Writer) int {
	// A SIGHUP or SIGINT ignored by whoever started us would stay ignored
	// in the tools and change the signal matrix: handling them here puts
	// them back to their default in the harness (exec resets handlers).
	signal.Notify(make(chan os.Signal, 1), syscall.SIGHUP, syscall.SIGINT)
	if err := syscall.Mount("proc", "/proc", "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, ""); err != nil {
		fmt.Fprintln(stderr, "stress: mount /proc:", err)
		return 1
	}
	if err := sandbox.PrivateIPCDirs(); err != nil {
		fmt.Fprintln(stderr, "stress:", err)
		return 1
	}
	if err := syscall.Sethostname([]byte(sandboxHost)); err != nil {
		fmt.Fprintln(stderr, "stress: sethostname:", err)
		return 1
	}
	pid, err := syscall.ForkExec("/proc/self/exe", append([]string{os.Args[0]}, args...),
		&syscall.ProcAttr{Env: withRole("harness"), Files: []uintptr{0, 1, 2}})
	if err != nil {
		fmt.Fprintln(stderr, "stress: start the harness:", err)
		return 1
	}
	for {
		var ws syscall.WaitStatus
		p, err := syscall.Wait4(-1, &ws, 0, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			fmt.Fprintln(stderr, "stress: wait:", err)
			return 1
		}
		if p != pid {
			continue // an orphan of some tool, reaped
		}
		if ws.Signaled() {
			fmt.Fprintln(stderr, "stress: the harness ended by", ws.Signal())
			return 1
		}
		return ws.ExitStatus()
	}
}

// withRole is our environment, with roleEnv set to role.
func withRole(role string) []string { return sandbox.Environ(roleEnv, role) }
