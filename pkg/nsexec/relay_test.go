package nsexec

import (
	"bufio"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/gonstools/gonstools/pkg/nstest"
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
		Forward:   []os.Signal{syscall.SIGTERM, syscall.SIGHUP},
		Program: Program{Name: "/bin/sh", Argv: []string{"sh", "-c",
			`trap 'exit 7' TERM; echo ready; while :; do sleep 0.05; done`}},
	}
	code, err := c.Run()
	if err != nil {
		t.Fatal(err)
	}
	os.Exit(code)
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
	// The program is a grandchild: the signal must pass through the worker.
	cmd.Process.Signal(syscall.SIGTERM)
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
