// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// ownerHelperEnv makes TestOwnerOfHelper run a Config instead of testing.
const ownerHelperEnv = "NSEXEC_OWNER_HELPER"

// TestOwnerOfHelper is the program of TestCredFromFileOwner: it takes the
// IDs of the file named in the environment and execs id(1), in place or,
// with a user namespace to join, in a child.
func TestOwnerOfHelper(t *testing.T) {
	path := os.Getenv(ownerHelperEnv)
	if path == "" {
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c := &Config{
		Cred:    &Cred{ClearGroups: true, GIDOf: f, UIDOf: f},
		Program: Program{Name: "/bin/sh", Argv: []string{"sh", "-c", "echo $(id -u) $(id -g)"}},
	}
	if os.Getenv("NSEXEC_OWNER_FORK") != "" {
		c.Fork = true
	}
	ws, err := c.Run()
	if err != nil {
		t.Fatal(err)
	}
	os.Exit(ws.ExitStatus())
}

func TestCredFromFileOwner(t *testing.T) {
	nstest.RequireRoot(t)
	f, err := os.CreateTemp("", "owner")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	defer os.Remove(f.Name())
	if err := os.Chown(f.Name(), 1234, 5678); err != nil {
		t.Fatal(err)
	}
	for _, fork := range []string{"", "1"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestOwnerOfHelper$")
		cmd.Env = append(os.Environ(), ownerHelperEnv+"="+f.Name(), "NSEXEC_OWNER_FORK="+fork)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("fork=%q: %v\n%s", fork, err, out)
		}
		if got := strings.TrimSpace(string(out)); got != "1234 5678" {
			t.Errorf("fork=%q: uid gid = %q, want the file's owner and group, 1234 5678", fork, got)
		}
	}
}
