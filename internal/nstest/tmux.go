// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nstest

import (
	"bytes"
	"fmt"
	"os"
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

// WaitForProgram waits up to ten seconds for a process called comm to
// run (not stopped) in the terminal's foreground process group, so that
// a key typed next reaches it rather than the shell, and fails the test
// if none does.
func (term *Terminal) WaitForProgram(comm string) {
	term.t.Helper()
	shell := strings.TrimSpace(term.run("display-message", "-p", "-t", "0", "#{pane_pid}"))
	deadline := time.Now().Add(10 * time.Second)
	for {
		// The shell's stat line holds its terminal's foreground group.
		if sh, ok := procStat(shell); ok {
			pids, _ := filepath.Glob("/proc/[0-9]*")
			for _, dir := range pids {
				p, ok := procStat(filepath.Base(dir))
				if ok && p.comm == comm && p.pgrp == sh.tpgid && p.state != "T" {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("no %s runs in the terminal's foreground:\n%s", comm, indent([]byte(term.Screen())))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stat is what WaitForProgram reads from /proc/PID/stat.
type stat struct{ comm, state, pgrp, tpgid string }

func procStat(pid string) (stat, bool) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	lp, rp := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if err != nil || lp < 0 || rp < lp {
		return stat{}, false
	}
	f := strings.Fields(string(b[rp+1:]))
	if len(f) < 6 {
		return stat{}, false
	}
	return stat{comm: string(b[lp+1 : rp]), state: f[0], pgrp: f[2], tpgid: f[5]}, true
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
