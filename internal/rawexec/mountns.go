//go:build linux

package rawexec

import (
	"os"

	"golang.org/x/sys/unix"
)

// InPrivateMountNamespace runs fn on a locked OS thread that has its own
// filesystem state and a fresh mount namespace whose "/" is recursively
// private, so mounts fn makes are seen by no one else and vanish with it.
// The thread is never given back to the Go scheduler, and it is never the
// main thread (see onThrowawayThread): the caller needs no thread of its
// own locked.
//
// fn must do its work on the calling goroutine: a goroutine it starts runs
// on another thread, in the original namespaces.
func InPrivateMountNamespace(fn func() error) error {
	return onThrowawayThread(privateMount(fn))
}

// privateMount is fn after the steps of InPrivateMountNamespace.
func privateMount(fn func() error) func() error {
	return func() error {
		// unshare(CLONE_NEWNS) also gives this thread its own fs_struct
		// (CLONE_FS), so other threads keep their root and cwd.
		if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
			return os.NewSyscallError("unshare", err)
		}
		if err := unix.Mount("none", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			return os.NewSyscallError("mount", err)
		}
		return fn()
	}
}
