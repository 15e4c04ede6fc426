// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// TestMain lets the test binary be the bench too: the sandbox and the
// cases' helpers run /proc/self/exe again, which here is this binary.
func TestMain(m *testing.M) {
	if os.Getenv(roleEnv) != "" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	nstest.Main(m)
}

// TestQuick runs the whole bench with -quick (one round, at most 100
// objects and 50 processes) to keep it working: every case has its rows,
// none fails, and no target is set where start-up dominates (goipcrm and
// goipcs --json have theirs at 32,000 objects only). It asserts no speed.
func TestQuick(t *testing.T) {
	nstest.RequireRoot(t)
	for _, tool := range []string{"unshare", "nsenter", "ipcs", "lsipc", "ipcmk", "ipcrm", "lsns"} {
		nstest.Tool(t, tool)
	}
	if testing.Short() {
		t.Skip("builds the reference programs and runs every case: not with -short")
	}
	bin := filepath.Dir(nstest.Binary(t, "gounshare"))
	var out, errb bytes.Buffer
	if code := run([]string{"-bin", bin, "-quick"}, &out, &errb); code != 0 {
		t.Fatalf("status %d:\n%s\n%s", code, out.String(), errb.String())
	}
	table := out.String()
	for _, row := range []string{
		"empty Go program", "gounshare -i true", "gonsenter -t PID -i -u true", "gonsenter -t PID -p true",
		"gonsenter --container NAME -i -u true", "goipcmk -Q", "goipcrm --all=sem, none there",
		"goipcrm -a, 100 of each kind", "goipcrm --all=msg, 100 queues", "goipcrm --all=shm, 100 segments",
		"goipcrm --all=sem, 100 semaphore sets", "goipcs -q, 1 queue", "goipcs -a, 100 of each kind",
		"goipcs --json, 100 of each kind", "golsns, 50 processes", "multi-call: gonstools goipcmk --help",
		"binary sizes", "  gonstools ", "targets: ",
	} {
		if !strings.Contains(table, "\n"+row) {
			t.Errorf("no row %q in:\n%s", row, table)
		}
	}
	for _, line := range strings.Split(table, "\n") {
		if regexp.MustCompile(`^(goipcrm -a|goipcrm --all=\w+, 100|goipcs --json)`).MatchString(line) && strings.Contains(line, "≤") {
			t.Errorf("a target at 100 objects, where start-up dominates: %s", line)
		}
	}
	if strings.Contains(table, "ref/spawner") {
		t.Errorf("the spawner is listed as a reference program:\n%s", table)
	}
}
