// SPDX-License-Identifier: Apache-2.0

// Package ns names and opens Linux namespaces, of all eight types.
//
// A [Type] describes one kind of namespace as data: its CLONE_NEW* flag,
// its file in /proc/PID/ns and the pidfd ioctl that opens it. [Types]
// lists them in the order namespaces are best joined: the user namespace
// first (so that joining it can grant the rights the others need), then
// cgroup, ipc, uts, net, pid, mnt and time.
//
// A [Handle] is an open namespace, like vishvananda/netns's NsHandle but
// for every type. Open one by process and type ([Open], through a pidfd so
// that a recycled PID is never opened), by file ([OpenPath]: /proc/PID/ns/
// files, bind mounts of them), by "ip netns" name ([OpenNetns]) or by
// namespace ID ([OpenID]; IDs, from NS_GET_ID, are never reused, unlike
// inodes). A handle tells its type, inode and ID, opens its parent (PID
// and user namespaces) and its owning user namespace, and compares with
// another ([Handle.Equal]).
//
//	h, err := ns.Open(pid, &ns.Net)
//	if err != nil {
//		return err // errors.Is(err, unix.ESRCH): no such process
//	}
//	defer h.Close()
//	fmt.Println(h) // net:[4026532008]
//
// Errors are [*Error] values that unwrap to the errno.
//
// Nothing here changes a namespace: package nsexec enters them, to run a
// program or a function.
package ns
