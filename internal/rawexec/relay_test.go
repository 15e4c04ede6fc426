// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonstools/gonstools/internal/nstest"
)

// relayHelperEnv makes TestRelayHelper run a Config instead of testing.
const relayHelperEnv = "NSEXEC_RELAY_HELPER"

// TestRelayHelper is the process TestForkAgainForwardsSignals signals: its
// worker forks again (as for a PID namespace) and the program traps SIGTERM.
func TestRelayHelper(t *testing.T) {
	if os.Getenv(relayHelperEnv) == "" {
		return
	}
	c := &Config{
		ForkAgain: true,
		Relay:     []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP},
		Program: Program{Name: "/bin/sh", Argv: []string{"sh", "-c",
			`trap 'exit 7' TERM; echo ready; while :; do sleep 0.05; done`}},
	}
	ws, err := c.Run()
	if err != nil {
		t.Fatal(err)
	}
	os.Exit(ws.ExitStatus())
}

func TestForkAgainForwardsSignals(t *testing.T) {
	nstest.RequireRoot(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestRelayHelper$")
	cmd.Env = append(os.Environ(), relayHelperEnv+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // to kill the worker and the program too
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	r := bufio.NewReader(out)
	if line, err := r.ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("program said %q, %v", line, err)
	}
	// The program is a grandchild: the signal must pass through the worker,
	// the helper's only child.
	// (Children are listed by the thread that made them.)
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", cmd.Process.Pid))
	var children []string
	for _, f := range tasks {
		b, _ := os.ReadFile(f)
		children = append(children, strings.Fields(string(b))...)
	}
	worker := 0
	if len(children) == 1 {
		worker, _ = strconv.Atoi(children[0])
	}
	if worker == 0 {
		t.Fatalf("want one worker, the helper has children %q", children)
	}
	syscall.Kill(worker, syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not reach the program through the worker")
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 7 {
		t.Errorf("exit = %v, want status 7 from the program's trap", err)
	}
}
