// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// InPrivateMountNamespace runs fn on a locked OS thread that has its own
// filesystem state and a fresh mount namespace whose "/" is recursively
// private, so mounts fn makes are seen by no one else and vanish with it.
// The thread is never given back to the Go scheduler: its goroutine exits
// still locked and the runtime destroys it.
//
// fn must do its work on the calling goroutine: a goroutine it starts runs
// on another thread, in the original namespaces.
func InPrivateMountNamespace(fn func() error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked, on purpose
		// unshare(CLONE_NEWNS) also gives this thread its own fs_struct
		// (CLONE_FS), so other threads keep their root and cwd.
		if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
			done <- os.NewSyscallError("unshare", err)
			return
		}
		if err := unix.Mount("none", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			done <- os.NewSyscallError("mount", err)
			return
		}
		done <- fn()
	}()
	return <-done
}
