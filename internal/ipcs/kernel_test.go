// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import (
	"reflect"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// Kernel lists segments with their memory use exactly as
// /proc/sysvipc/shm shows them, whether it reads the file (a segment holds
// a page) or knows from the kernel's totals that it need not (none does),
// at once or in the background.
func TestShmsMemory(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC) {
		return
	}
	for range 3 {
		if _, err := sysvipc.ShmGet(sysvipc.IPC_PRIVATE, 3*4096, sysvipc.IPC_CREAT|0o600); err != nil {
			t.Fatal(err)
		}
	}
	check := func(when string, touched bool) {
		t.Helper()
		want, err := sysvipc.ListShmProc()
		if err != nil || len(want) != 3 || !want[1].MemKnown || (want[1].RSS != 0) != touched {
			t.Fatalf("%s: /proc/sysvipc/shm: %+v, %v", when, want, err)
		}
		now, err := Kernel{}.ShmsMemory()
		if err != nil || !reflect.DeepEqual(now, want) {
			t.Errorf("%s: ShmsMemory = %+v, %v\nwant %+v", when, now, err, want)
		}
		later, err := Kernel{}.ShmsMemoryLater()()
		if err != nil || !reflect.DeepEqual(later, want) {
			t.Errorf("%s: ShmsMemoryLater = %+v, %v\nwant %+v", when, later, err, want)
		}
	}
	check("no page in memory", false)
	b, err := sysvipc.ShmAttach(1, 0)
	if err != nil {
		t.Fatal(err)
	}
	b[4096] = 1
	if err := sysvipc.ShmDetach(b); err != nil {
		t.Fatal(err)
	}
	check("a page of segment 1 in memory", true)
}
