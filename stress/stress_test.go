// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// TestMain lets the test binary be the harness too: the sandbox runs
// /proc/self/exe again, which here is this binary.
func TestMain(m *testing.M) {
	if os.Getenv(roleEnv) != "" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	nstest.Main(m)
}

// stress runs the harness with args and the tools of this build.
func stress(t *testing.T, args ...string) (string, int) {
	t.Helper()
	nstest.RequireRoot(t)
	for _, tool := range []string{"unshare", "nsenter", "ipcs", "ipcmk", "ipcrm", "setpriv"} {
		nstest.Tool(t, tool) // util-linux: targets and oracles
	}
	bin := filepath.Dir(nstest.Binary(t, "gounshare"))
	var out, errb bytes.Buffer
	code := run(append([]string{"-bin", bin}, args...), &out, &errb)
	return out.String() + errb.String(), code
}

// TestStressSmall runs every phase with tiny counts: everything passes,
// every case has its row with its runs, and both tables are there.
func TestStressSmall(t *testing.T) {
	out, code := stress(t, "-runs", "3", "-parallel", "4", "-queues", "60", "-sems", "60", "-segments", "20",
		"-signals", "HUP,INT,TERM,USR1,64")
	if code != 0 || !strings.Contains(out, "stress: PASSED") {
		t.Fatalf("status %d:\n%s", code, out)
	}
	for _, row := range []string{"gounshare -iu", "gounshare -f", "gounshare -r", "gounshare -fp --mount-proc",
		"gonsenter -i -u", "gonsenter -p", "gonsenter -a", "gonsenter -T"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(row) + ` +3 +0 `).MatchString(out) {
			t.Errorf("no row %q with 3 runs and no failure:\n%s", row, out)
		}
	}
	for _, want := range []string{
		"signal matrix (5 signals)", // 5 signals × 6 modes
		"\nSIGINT     0/0 ", "\n64 ",
		"ipc: 60 queues, 60 sem arrays, 20 segments ",
		"\nipcs -q ", "\nipcs -s ", "\nipcs -m ", "\nipcrm -a ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`(?m)^signal matrix \(5 signals\) +30 +0 `).MatchString(out) {
		t.Errorf("the signal matrix did not make 30 cells without failure:\n%s", out)
	}
	if strings.Contains(out, " NO\n") || regexp.MustCompile(`\d!|[\w+*] !`).MatchString(out) {
		t.Errorf("a difference or a leak is marked:\n%s", out)
	}
}

// TestStressCatchesLeaks proves that each column catches what it counts:
// a case that leaks one thing fails the run and marks its column.
func TestStressCatchesLeaks(t *testing.T) {
	for kind, columns := range map[string]string{
		"ipc":       "ipc 0 -> 1",
		"mount":     "mounts",
		"fd":        "fds",
		"zombie":    "zombies 0 -> 1; procs 0 -> 1",
		"process":   "procs 0 -> 1",
		"namespace": "namespaces",
	} {
		out, code := stress(t, "-run", "injected", "-inject", kind, "-settle", "200ms")
		if code != 1 || !strings.Contains(out, "injected "+kind+" leak: leaked") || !strings.Contains(out, columns) ||
			!strings.Contains(out, "stress: FAILED: 1 failures") {
			t.Errorf("-inject %s: status %d, want 1 and a leak of %q:\n%s", kind, code, columns, out)
		}
	}
}

// TestFlags: bad flags end the harness before anything runs.
func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-runs", "-1"}, "stress: counts must not be negative"},
		{[]string{"-queues", "40000"}, "stress: at most 32768 objects"},
		{[]string{"-signals", "HUP,KILL"}, `stress: -signals: unknown signal "KILL"`},
		{[]string{"-inject", "nothing"}, `stress: -inject: unknown kind "nothing"`},
		{[]string{"extra"}, `stress: unexpected argument "extra"`},
	} {
		var out bytes.Buffer
		if code := run(tc.args, &out, &out); code != 2 || !strings.HasPrefix(out.String(), tc.msg) {
			t.Errorf("%q: status %d, %q; want 2 and %q", tc.args, code, out.String(), tc.msg)
		}
	}
}

// TestLines: the output check accepts exactly the lines asked for.
func TestLines(t *testing.T) {
	h := &harness{ours: map[string]string{"uts": "uts:[1]"}}
	ok := result{stdout: "a\nuts:[2]\n"}
	for _, tc := range []struct {
		r    result
		good bool
	}{
		{ok, true},
		{result{stdout: "a\nuts:[1]\n"}, false},          // our own namespace
		{result{stdout: "a\nuts:[2]"}, false},            // no final newline
		{result{stdout: "a\nuts:[2]\nb\n"}, false},       // a line more
		{result{stdout: ok.stdout, code: 1}, false},      // status
		{result{stdout: ok.stdout, stderr: "x"}, false},  // stderr
		{result{stdout: ok.stdout, signal: 15}, false},   // killed
		{result{stdout: "b\nuts:[2]\n"}, false},          // first line
		{result{stdout: "a\nipc:[2]\n"}, false},          // the wrong type
		{result{stdout: "a\nuts:[2]\n", code: 0}, true},  // (again)
		{result{stdout: "a\n\nuts:[2]\n"}, false},        // an empty line
		{result{stdout: "\na\nuts:[2]\n"}, false},        // a leading empty line
		{result{stdout: "a\nuts:[2]\n\n"}, false},        // a trailing empty line
		{result{stdout: "a\r\nuts:[2]\n"}, false},        // a carriage return
		{result{stdout: "a\nuts:[22]\n", code: 0}, true}, // another namespace
	} {
		err := h.lines(tc.r, 0, "a", h.not("uts"))
		if (err == nil) != tc.good {
			t.Errorf("%v: %v, want good=%v", tc.r, err, tc.good)
		}
	}
}

// FuzzParseSignal: whatever it accepts is a signal the matrix can send,
// and every name it prints reads back.
func FuzzParseSignal(f *testing.F) {
	for _, s := range []string{"15", "TERM", "SIGTERM", "term", "KILL", "9", "0", "65", "RTMIN", "-1", "SIG", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sig, ok := parseSignal(s)
		if !ok {
			return
		}
		if sig <= 0 || sig > 64 || sig == syscall.SIGKILL {
			t.Fatalf("%q: accepted %d", s, sig)
		}
		if back, ok := parseSignal(sigName(sig)); !ok || back != sig {
			t.Fatalf("%q: %d prints as %q, which reads as %d %v", s, sig, sigName(sig), back, ok)
		}
	})
}
