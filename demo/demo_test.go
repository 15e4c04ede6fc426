// SPDX-License-Identifier: Apache-2.0

//go:build linux

package demo

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

func TestMain(m *testing.M) { nstest.Main(m) }

var tools = []string{"gounshare", "gonsenter", "goipcs", "goipcmk", "goipcrm", "golsns"}

// runDemo runs scripts/demo.sh with the tools in bin and returns its output
// and exit status. It checks on its own, independently of the script, that
// the demo left nothing behind: no file in its scratch directory, no process
// carrying that directory in its environment, the same hostname.
func runDemo(t *testing.T, bin string) (string, int) {
	t.Helper()
	nstest.RequireRoot(t)
	nstest.Tool(t, "tmux")

	hostname, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	scratch := t.TempDir()
	cmd := exec.Command("bash", filepath.Join("..", "scripts", "demo.sh"))
	cmd.Env = append(os.Environ(), "GONSTOOLS_BIN="+bin, "TMPDIR="+scratch)
	out, err := cmd.CombinedOutput()
	status := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("cannot run the demo: %v", err)
		}
		status = ee.ExitCode()
	}

	if after, _ := os.Hostname(); after != hostname {
		t.Errorf("the demo changed the host's hostname from %q to %q", hostname, after)
	}
	if left, _ := os.ReadDir(scratch); len(left) != 0 {
		t.Errorf("the demo left files in %s: %v", scratch, left)
	}
	environs, _ := filepath.Glob("/proc/[0-9]*/environ")
	for _, f := range environs {
		if env, err := os.ReadFile(f); err == nil && bytes.Contains(env, []byte(scratch)) {
			comm, _ := os.ReadFile(filepath.Join(filepath.Dir(f), "comm"))
			t.Errorf("process %s (%s) of the demo is still alive", filepath.Base(filepath.Dir(f)), bytes.TrimSpace(comm))
		}
	}
	return string(out), status
}

// TestDemo runs the walkthrough exactly as "make demo" does, with our tools.
func TestDemo(t *testing.T) {
	bin := filepath.Dir(nstest.Binary(t, "gounshare"))
	out, status := runDemo(t, bin)
	if status != 0 || !strings.Contains(out, "\ndemo: PASSED: ") {
		t.Fatalf("the demo failed (exit %d):\n%s", status, out)
	}
	// The shells found our tools first, and util-linux was really hidden.
	for _, want := range []string{
		"shell 1 | " + filepath.Join(bin, "gonsenter") + "\n",
		"shell 1 | ipcs: hidden by the demo",
		"shell 2 | root@container001:~# goipcs -q\n",
		"shell 1 | root@container001:~# hostname\n   shell 1 | container001\n",
		"ok: no process of the demo is alive",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, out)
		}
	}
	t.Logf("transcript:\n%s", out)
}

// TestDemoCatchesABrokenTool gives the demo a goipcmk that prints success
// without making a queue: the demo must fail at the first list that lacks
// it, say why, and still leave nothing behind.
func TestDemoCatchesABrokenTool(t *testing.T) {
	real := filepath.Dir(nstest.Binary(t, "gounshare"))
	bin := t.TempDir()
	for _, tool := range tools {
		if tool == "goipcmk" {
			continue
		}
		if err := os.Symlink(filepath.Join(real, tool), filepath.Join(bin, tool)); err != nil {
			t.Fatal(err)
		}
	}
	liar := "#!/bin/sh\necho 'Message queue id: 0'\n"
	if err := os.WriteFile(filepath.Join(bin, "goipcmk"), []byte(liar), 0o755); err != nil {
		t.Fatal(err)
	}
	out, status := runDemo(t, bin)
	if status != 1 {
		t.Fatalf("exit status %d, want 1:\n%s", status, out)
	}
	for _, want := range []string{
		"demo: FAIL: shell 1 after goipcmk -Q: expected 1 queue(s), the list shows 0",
		"---- what shell 1 shows ----",
		"ok: no process of the demo is alive",
		"demo: FAILED (the walkthrough exited with status 1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
}
