// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nstest

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Terminal is an interactive bash in a tmux session of its own (on a
// private server socket), for tests of job control: Ctrl-Z, fg, Ctrl-C.
type Terminal struct {
	t      testing.TB
	tmux   string
	socket string
}

// NewTerminal starts bash --norc in a fresh tmux server, with prompt "$ ".
// The server is killed when the test ends.
func NewTerminal(t testing.TB, env ...string) *Terminal {
	t.Helper()
	term := &Terminal{t: t, tmux: Tool(t, "tmux"), socket: filepath.Join(t.TempDir(), "tmux.sock")}
	args := []string{"new-session", "-d", "-x", "150", "-y", "40"}
	for _, kv := range env {
		args = append(args, "-e", kv)
	}
	args = append(args, "env", "PS1=$ ", "bash", "--norc", "--noprofile")
	term.run(args...)
	t.Cleanup(func() { exec.Command(term.tmux, "-S", term.socket, "kill-server").Run() })
	term.WaitFor("$ ")
	return term
}

func (term *Terminal) run(args ...string) string {
	term.t.Helper()
	out, err := exec.Command(term.tmux, append([]string{"-S", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %q: %v\n%s", args, err, out)
	}
	return string(out)
}

// Type types a line and presses Enter.
func (term *Terminal) Type(line string) { term.run("send-keys", "-t", "0", "-l", line+"\r") }

// Key presses a key: "C-z", "C-c".
func (term *Terminal) Key(key string) { term.run("send-keys", "-t", "0", key) }

// Screen is what the terminal shows, without trailing blank lines.
func (term *Terminal) Screen() string {
	return strings.TrimRight(term.run("capture-pane", "-p", "-t", "0"), "\n")
}

// WaitFor waits up to ten seconds for the screen to end with text (after
// trailing blanks are removed), and fails the test with the screen if it
// does not.
func (term *Terminal) WaitFor(text string) {
	term.t.Helper()
	want := strings.TrimRight(text, " ")
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := term.Screen()
		if strings.HasSuffix(strings.TrimRight(s, " "), want) {
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the terminal does not end with %q:\n%s", text, indent([]byte(s)))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Expect types line and waits for its output to end with want followed
// by the prompt.
func (term *Terminal) Expect(line, want string) {
	term.t.Helper()
	term.Type(line)
	term.WaitFor(want + "\n$ ")
}

// Status types "echo status=$?" and waits for the status of the last
// command to be want.
func (term *Terminal) Status(want int) {
	term.t.Helper()
	term.Expect("echo status=$?", fmt.Sprintf("status=%d", want))
}
