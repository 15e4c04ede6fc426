// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func init() {
	cases = append(cases,
		nsenterCase("gonsenter -t PID -i -u true", []string{"-iu", "sleep", "1000"}, 1.5, "-i", "-u"),
		nsenterCase("gonsenter -t PID -p true (forks)", []string{"-iup", "-f", "sleep", "1000"}, 0, "-p"),
		nsenterCase("gonsenter -t PID -a true", []string{"-iumnpCT", "-f", "--mount-proc", "sleep", "1000"}, 0, "-a"),
	)
}

// nsenterCase enters, with opts, a target that unshare(1) starts with
// args (its program is sleep) before the case and kills after it.
func nsenterCase(name string, args []string, target float64, opts ...string) benchCase {
	ours := append([]string{"gonsenter", "-t", "PID"}, append(opts, "true")...)
	theirs := append([]string{"nsenter", "-t", "PID"}, append(opts, "true")...)
	var cmd *exec.Cmd
	var pid int
	return benchCase{
		name:   name,
		ours:   ours,
		theirs: theirs,
		target: target,
		setup: func() error {
			cmd = exec.Command("unshare", args...)
			if err := cmd.Start(); err != nil {
				return err
			}
			var err error
			if pid, err = sleeper(cmd.Process.Pid); err != nil {
				cmd.Process.Kill()
				cmd.Wait()
				return err
			}
			// The argv slices are shared with the loop's copy of the case.
			ours[2], theirs[2] = strconv.Itoa(pid), strconv.Itoa(pid)
			return nil
		},
		cleanup: func() {
			syscall.Kill(pid, syscall.SIGKILL)
			cmd.Process.Kill()
			cmd.Wait()
		},
	}
}

// sleeper waits for the sleep(1) process that is pid or its child.
func sleeper(pid int) (int, error) {
	for i := 0; i < 5000; i++ {
		cands := []int{pid}
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
		for _, f := range strings.Fields(string(b)) {
			n, _ := strconv.Atoi(f)
			cands = append(cands, n)
		}
		for _, p := range cands {
			if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", p)); strings.HasSuffix(exe, "/sleep") {
				return p, nil
			}
		}
		time.Sleep(time.Millisecond)
	}
	return 0, fmt.Errorf("unshare %d did not start sleep", pid)
}
