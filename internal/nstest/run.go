// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nstest

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// Result is how a command ended.
type Result struct {
	Stdout, Stderr string
	Code           int            // exit status; -1 when killed by a signal
	Signal         syscall.Signal // the signal that killed it
	Core           bool           // it dumped core
}

func (r Result) String() string {
	return fmt.Sprintf("status %d, signal %d, stdout %q, stderr %q", r.Code, r.Signal, r.Stdout, r.Stderr)
}

// Run runs argv with the given stdin and environment (nil: this process's)
// and no file descriptor but 0, 1 and 2, and reports how it ended. A
// command that cannot be started fails the test.
func Run(t testing.TB, env []string, stdin string, argv ...string) Result {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = env
	return RunCmd(t, cmd)
}

// RunCmd runs cmd, as prepared by the caller (namespaces, argv[0]...),
// with its output captured, and reports how it ended. A command that
// cannot be started fails the test.
func RunCmd(t testing.TB, cmd *exec.Cmd) Result {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := Result{Stdout: out.String(), Stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		ws := ee.Sys().(syscall.WaitStatus)
		r.Code = ws.ExitStatus()
		if ws.Signaled() {
			r.Signal, r.Core = ws.Signal(), ws.CoreDump()
		}
	default:
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	return r
}

// Tool returns the path of a program the test needs (an oracle such as
// util-linux's ipcs, or a helper such as tmux), or stops the test: skipped
// where the program is missing, failed under CI=true, whose .ci/run
// installs every one of them.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	Require(t, err == nil, name+" is not installed")
	return p
}
