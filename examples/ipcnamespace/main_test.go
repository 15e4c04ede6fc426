// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"os/exec"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"golang.org/x/sys/unix"
)

// TestExample runs the example in an IPC namespace of the test's own, and
// checks that the queue is seen inside only.
func TestExample(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC) {
		return
	}
	out, err := exec.Command("go", "run", ".").CombinedOutput()
	want := "=== new ipc namespace ===\n1 queue(s)\nkey 0x54b08fc2 msqid 0 perms 644\n=== old namespace ===\n0 queue(s)\n"
	if err != nil || string(out) != want {
		t.Errorf("%v\n%s\nwant:\n%s", err, out, want)
	}
}
