// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nstest

import (
	"os"
	"syscall"
	"testing"
)

var hostUTS, _ = os.Readlink("/proc/self/ns/uts")

func TestInNamespacesRunsBodyInFreshNamespace(t *testing.T) {
	host, _ := os.Hostname()
	if !InNamespaces(t, syscall.CLONE_NEWUTS|syscall.CLONE_NEWNS) {
		if now, _ := os.Hostname(); now != host {
			t.Fatalf("host name changed from %q to %q", host, now)
		}
		return
	}
	uts, err := os.Readlink("/proc/self/ns/uts")
	if err != nil {
		t.Fatal(err)
	}
	if uts == os.Getenv("NSTEST_PARENT_UTS") || uts == "" {
		t.Fatalf("child uts namespace %s is the parent's", uts)
	}
	if err := syscall.Sethostname([]byte("nstest-child")); err != nil {
		t.Fatal(err)
	}
	if h, _ := os.Hostname(); h != "nstest-child" {
		t.Fatalf("hostname = %q", h)
	}
}

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "" {
		os.Setenv("NSTEST_PARENT_UTS", hostUTS)
	}
	Main(m)
}

func TestRunPattern(t *testing.T) {
	if got := runPattern("TestA/sub.1"); got != `^TestA$/^sub\.1$` {
		t.Errorf("runPattern = %q", got)
	}
}
