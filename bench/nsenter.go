// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

// gonsenter against nsenter(1), both entering the namespaces of a target
// that is a copy of this program: PID 1 of new IPC, UTS, network, PID,
// cgroup, mount and time namespaces (with its own /proc), which lives
// until the case closes its standard input. No other job can kill it by
// name, and it never leaves the bench's namespaces.
func nsenterCases() []benchCase {
	return []benchCase{
		nsenterCase("gonsenter -t PID -i -u true", []string{"-i", "-u"}, ref("nsenter", "{PID}", "true"), startupTarget),
		nsenterCase("gonsenter -t PID -p true", []string{"-p"}, ref("nsenter", "-p", "{PID}", "true"), startupTarget),
		nsenterCase("gonsenter -t PID -a true", []string{"-a"}, command{}, 0),
	}
}

// nsenterCase enters the target's namespaces with opts, and runs true.
func nsenterCase(name string, opts []string, floor command, target float64) benchCase {
	argv := func(prog string) command {
		return cmd(append(append([]string{prog, "-t", "{PID}"}, opts...), "true")...)
	}
	c := benchCase{name: name, cmds: []command{argv("gonsenter"), argv("nsenter")}, ratios: []ratio{{against: 1}}}
	if floor.argvs != nil {
		c.cmds = append(c.cmds, floor)
		c.ratios = append(c.ratios, ratio{against: 2, target: target})
	}
	var stop func()
	c.setup = func(*config) (map[string]string, error) {
		pid, s, err := startTarget()
		stop = s
		return map[string]string{"PID": strconv.Itoa(pid)}, err
	}
	c.cleanup = func() {
		if stop != nil {
			stop()
		}
	}
	return c
}

// startTarget starts the target and waits until it is ready; stop ends it.
func startTarget() (pid int, stop func(), err error) {
	cmd := exec.Command("/proc/self/exe")
	cmd.Env = withRole("nsenter-target")
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS | syscall.CLONE_NEWNET |
			syscall.CLONE_NEWPID | syscall.CLONE_NEWCGROUP,
		// after the clone, in the child: a private "/", and a time
		// namespace that the program enters at exec
		Unshareflags: syscall.CLONE_NEWNS | 0x80, // CLONE_NEWTIME
		Pdeathsig:    syscall.SIGKILL,
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		return 0, nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, nil, err
	}
	if err := cmd.Start(); err != nil {
		return 0, nil, fmt.Errorf("the nsenter target: %v", err)
	}
	stop = func() {
		in.Close()
		cmd.Wait()
	}
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
		stop()
		return 0, nil, fmt.Errorf("the nsenter target did not start")
	}
	return cmd.Process.Pid, stop, nil
}

// nsenterTarget is the target: it mounts its PID namespace's /proc, says
// it is ready, and waits for the end of its standard input.
func nsenterTarget(_ []string, stdout io.Writer) int {
	if err := syscall.Mount("proc", "/proc", "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, ""); err != nil {
		fmt.Fprintln(os.Stderr, "bench: nsenter target: mount /proc:", err)
		return 1
	}
	fmt.Fprintln(stdout, "ready")
	io.Copy(io.Discard, os.Stdin)
	return 0
}
