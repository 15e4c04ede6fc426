// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package enginetest runs real container engines for tests: dockerd,
// containerd and podman, started by the test itself in temporary roots,
// with containers made from a busybox image built on the spot (no
// registry is ever contacted), and stopped by PID afterwards.
//
// A test calls [Isolated] first:
//
//	sb := enginetest.Isolated(t, enginetest.NeedsDocker)
//	if sb == nil {
//		return // the test ran in a private sandbox, and left nothing behind
//	}
//	d := sb.StartDocker()
//	id := d.Run(t, "web") // removed when t ends; dockerd is stopped after that
//
// Isolated re-runs the test in a child process with a private mount
// namespace and a new PID namespace (see nstest.InNamespaces). There it
// mounts a fresh /proc, for the new PID namespace, and tmpfs on /run,
// /var/lib and /var/cache, where containerd's shims, runc and podman put
// sockets, state and caches at fixed paths whatever their roots;
// everything else lives in one temporary directory. So the engines keep
// their sockets and state at their default places there (dockerd's
// /run/docker.sock, containerd's /run/containerd, podman's
// /var/lib/containers/storage and /run/containers/storage), where a tool
// run in the sandbox finds them as it would on a host, without being told. Being
// PID 1 of its namespace, the child takes every daemon, shim and container
// with it if it dies. The host's /sys/fs/cgroup is used as it is: the
// engines put their containers' cgroups under a parent named after the
// sandbox, which is removed at the end.
//
// Helpers take the calling test's t: a container is removed when the
// (sub)test that made it ends, a daemon when the sandbox's test ends.
// Nothing contacts a registry: images are imported from tar files.
//
// Cleanup is checked, not assumed. Inside, after the containers are
// removed and the daemons stopped by PID, no process but the test may be
// left in the PID namespace and no mount beyond those of the start. In the
// parent, on the host, after the child ended: the mount table, the network
// interfaces, the iptables rules, the engines' well-known directories and
// the engine processes of the host's PID namespace are as they were, no
// cgroup of the sandbox is left, and its directory is gone. Sandboxes of
// tests that run at the same time (other packages') do not disturb these
// checks: their engines live in PID and mount namespaces of their own.
package enginetest
