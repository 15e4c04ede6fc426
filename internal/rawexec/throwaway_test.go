// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"golang.org/x/sys/unix"
)

// mainThreadEnv makes this test binary run mainThreadChild instead of its
// tests.
const mainThreadEnv = "RAWEXEC_TEST_MAIN_THREAD"

func TestMain(m *testing.M) {
	if os.Getenv(mainThreadEnv) != "" {
		os.Exit(mainThreadChild())
	}
	os.Exit(m.Run())
}

// TestThrowawayLeavesMainThread checks the case a test cannot arrange in
// its own process: the goroutine of InPrivateMountNamespace lands on the
// main thread. A child of this binary runs that goroutine's body on its
// main thread (where TestMain starts); the mount namespace must be made
// on another thread, and the main thread, and so /proc/self, must stay in
// the original one.
func TestThrowawayLeavesMainThread(t *testing.T) {
	nstest.RequireRoot(t)
	cmd := exec.Command("/proc/self/exe")
	cmd.Env = append(os.Environ(), mainThreadEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// mainThreadChild runs the goroutine body of InPrivateMountNamespace on
// the main thread and reports "ok", or what went wrong.
func mainThreadChild() int {
	runtime.LockOSThread()
	fail := func(format string, a ...any) int {
		fmt.Printf(format+"\n", a...)
		return 1
	}
	if unix.Gettid() != unix.Getpid() {
		return fail("TestMain is not on the main thread")
	}
	before, _ := os.Readlink("/proc/thread-self/ns/mnt")
	var tid int
	var inside string
	done := make(chan error, 1)
	throwaway(privateMount(-1, func() error {
		tid = unix.Gettid()
		inside, _ = os.Readlink("/proc/thread-self/ns/mnt")
		return nil
	}), done)
	if err := <-done; err != nil {
		return fail("InPrivateMountNamespace: %v", err)
	}
	if tid == unix.Getpid() {
		return fail("fn ran on the main thread")
	}
	if inside == before {
		return fail("fn ran in the original mount namespace %s", inside)
	}
	if now, _ := os.Readlink("/proc/thread-self/ns/mnt"); now != before {
		return fail("the main thread is in %s, was in %s", now, before)
	}
	if now, _ := os.Readlink("/proc/self/ns/mnt"); now != before {
		return fail("/proc/self/ns/mnt is %s, was %s", now, before)
	}
	fmt.Println("ok")
	return 0
}
