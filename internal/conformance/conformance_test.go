// SPDX-License-Identifier: Apache-2.0

//go:build linux

package conformance

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gonstools/gonstools/internal/nstest"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) { nstest.Main(m) }

// tools pairs each tool with its util-linux counterpart.
var tools = map[string]string{
	"gounshare": "unshare", "gonsenter": "nsenter", "goipcs": "ipcs", "goipcmk": "ipcmk", "goipcrm": "ipcrm",
	"golsns": "lsns",
}

// TestWriteErrors: output that cannot be written ends the run with
// util-linux's "write error" line and status 1, like close_stdout.
func TestWriteErrors(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC) {
		return
	}
	_, err := os.Stat("/dev/full")
	nstest.Require(t, err == nil, "no /dev/full")
	cases := [][]string{{"--help"}, {"-V"}}
	for ours, theirs := range tools {
		nstest.Tool(t, theirs)
		for _, args := range append(cases, extra[ours]...) {
			g := nstest.Run(t, nil, "", "sh", "-c", nstest.Binary(t, ours)+" "+strings.Join(args, " ")+" >/dev/full")
			u := nstest.Run(t, nil, "", "sh", "-c", theirs+" "+strings.Join(args, " ")+" >/dev/full")
			if g.Code != u.Code || g.Code != 1 || strings.ReplaceAll(g.Stderr, ours, theirs) != u.Stderr {
				t.Errorf("%s %q >/dev/full: %v\nutil-linux: %v", ours, args, g, u)
			}
		}
	}
}

// extra are more commands that print, per tool.
var extra = map[string][][]string{
	"goipcs":  {{}, {"-q"}, {"-l"}},
	"goipcmk": {{"-Q"}},
}

// blockedOnOutput starts argv with standard output a pipe that is already
// full, so that it blocks in its first write, and returns it once it does.
func blockedOnOutput(t *testing.T, argv []string, stderr *strings.Builder) (*exec.Cmd, *os.File) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fd := int(w.Fd())
	unix.SetNonblock(fd, true)
	for {
		if _, err := unix.Write(fd, make([]byte, 4096)); err != nil {
			break // full: EAGAIN
		}
	}
	unix.SetNonblock(fd, false)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = w, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	for i := 0; i < 500; i++ {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/wchan", cmd.Process.Pid))
		if strings.Contains(string(b), "pipe_write") {
			return cmd, r
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Fatalf("%q did not block on its output", argv)
	return nil, nil
}

// TestSignalsWhileRunning: every signal that ends a C program ends each
// tool silently while it works (here: blocked writing its help), with the
// signal's status, as it ends the util-linux program; none prints a Go
// stack dump.
func TestSignalsWhileRunning(t *testing.T) {
	for ours, theirs := range tools {
		nstest.Tool(t, theirs)
		for _, sig := range nstest.TerminatingSignals {
			var status [2]string
			for i, argv := range [][]string{{nstest.Binary(t, ours), "--help"}, {theirs, "--help"}} {
				var stderr strings.Builder
				cmd, r := blockedOnOutput(t, argv, &stderr)
				cmd.Process.Signal(sig)
				err := cmd.Wait()
				r.Close()
				status[i] = fmt.Sprintf("%v, stderr %q", err, stderr.String())
			}
			if status[0] != status[1] {
				t.Errorf("%s killed by signal %d: %s; util-linux: %s", ours, sig, status[0], status[1])
			}
		}
	}
}
