// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"os"

	"golang.org/x/sys/unix"
)

// InPrivateMountNamespace runs fn on a locked OS thread that has its own
// filesystem state and a fresh mount namespace whose "/" is recursively
// private, so mounts fn makes are seen by no one else and vanish with it.
// The thread is in the IPC namespace of the calling thread, which may be
// one that Do joined: an mqueue file system mounted there shows that
// namespace's queues. The thread is never given back to the Go scheduler,
// and it is never the main thread (see onThrowawayThread): the caller
// needs no thread of its own locked.
//
// fn must do its work on the calling goroutine: a goroutine it starts runs
// on another thread, in the original namespaces.
func InPrivateMountNamespace(fn func() error) error {
	// The new thread is cloned from the runtime's own threads, in the
	// process's namespaces, whatever thread asks for it: it joins the
	// caller's IPC namespace itself.
	ipc, err := callerIPC()
	if err != nil {
		return err
	}
	if ipc >= 0 {
		defer unix.Close(ipc)
	}
	return onThrowawayThread(privateMount(ipc, fn))
}

// privateMount is fn after the steps of InPrivateMountNamespace; ipc is
// the IPC namespace to join, or -1.
func privateMount(ipc int, fn func() error) func() error {
	return func() error {
		// unshare(CLONE_NEWNS) also gives this thread its own fs_struct
		// (CLONE_FS), so other threads keep their root and cwd.
		if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
			return os.NewSyscallError("unshare", err)
		}
		if ipc >= 0 {
			if err := unix.Setns(ipc, unix.CLONE_NEWIPC); err != nil {
				return os.NewSyscallError("setns", err)
			}
		}
		if err := unix.Mount("none", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			return os.NewSyscallError("mount", err)
		}
		return fn()
	}
}

// callerIPC opens the calling thread's IPC namespace, or returns -1
// without /proc to name it by.
func callerIPC() (int, error) {
	fd, err := unix.Open("/proc/thread-self/ns/ipc", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	switch {
	case err == unix.ENOENT:
		return -1, nil
	case err != nil:
		return -1, os.NewSyscallError("open", err)
	}
	return fd, nil
}
