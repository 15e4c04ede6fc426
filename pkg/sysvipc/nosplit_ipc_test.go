// SPDX-License-Identifier: Apache-2.0

//go:build linux && (386 || ppc64le || s390x)

package sysvipc

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// On the architectures that have ipc(2) besides the split calls.

// TestWithoutSplitCalls runs the package's tests again in a process where
// the architecture's own msgget, msgctl... answer ENOSYS: every call must
// then go through ipc(2), with the same results (fresh checks that it did).
func TestWithoutSplitCalls(t *testing.T) {
	if e := nstest.Emulator(); e != "" {
		t.Skipf("%s does not translate seccomp(2)", e)
	}
	nstest.RequireRoot(t)
	cmd := exec.Command(os.Args[0], "-test.skip=^(TestLayout|TestWithoutSplitCalls)$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), noSplitEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the tests without the split calls: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "--- PASS: "); n < 5 {
		t.Fatalf("only %d tests passed without the split calls:\n%s", n, out)
	}
}
