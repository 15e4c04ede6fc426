//go:build linux

package ipcs

import (
	"reflect"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/posixipc"
)

// Both ways of reaching the namespace's queues (a detached mount, and a
// mount in a private mount namespace for kernels without fsmount) list the
// same queues: those of this namespace.
func TestPosixQueueMounts(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	syscall.Umask(0)
	for _, n := range []string{"/b", "/a", "/c"} {
		if err := posixipc.CreateQueue(n, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	detached, err := detachedMqueue()
	if err != nil {
		t.Fatal(err)
	}
	private, err := privateMqueue()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, q := range detached {
		names = append(names, q.Name)
	}
	if !reflect.DeepEqual(names, []string{"/a", "/b", "/c"}) || !reflect.DeepEqual(detached, private) {
		t.Errorf("detached mount: %+v\nprivate mount: %+v", detached, private)
	}
	via, err := Kernel{}.PosixQueues()
	if err != nil || !reflect.DeepEqual(via, detached) {
		t.Errorf("Kernel.PosixQueues = %+v, %v", via, err)
	}
}
