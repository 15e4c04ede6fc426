// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package lsns finds the system's namespaces and lists them the way
// util-linux's lsns(8) does.
//
// # Finding namespaces
//
// [Scan] walks /proc once. Every process contributes the namespaces of its
// /proc/PID/ns files (read with readlink, which names the namespace by its
// inode, so a namespace is opened only once, by its first process, for its
// parent, owner and ID ioctls); the namespaces it holds only by an open
// descriptor, found in /proc/PID/fd, and the network namespaces of its
// sockets (SIOCGSKNS) are added as util-linux 2.42 adds them; so are the
// nsfs bind mounts of /proc/self/mountinfo ("persistent" namespaces, as
// "ip netns add" makes them). A namespace found that way brings the user
// namespace that owns it, and its parent, along.
//
// Owner and parent trees (-T owner, -T parent) need the owners and parents
// of every namespace listed; those that no process is in ("ghosts") are
// reached through the NS_GET_USERNS and NS_GET_PARENT ioctls, as
// util-linux 2.38.1 does, whatever the --type filter.
//
// The /proc root is a field ([Options.Proc]), so that tests can point it
// at a /proc of another PID namespace.
//
// # Listing
//
// [Model.Print] builds the table with package scols, line by line in lsns's
// order and with its tree relations, so that the output is byte for byte
// util-linux 2.38.1's for every option that version has. --persistent,
// --filter and --list-columns follow util-linux 2.42. The columns ID (the
// namespace ID of ioctl NS_GET_ID) and CONTAINER (the containers whose
// namespace it is, see [Model.NameContainers]) are ours; they are never
// printed unless asked for, not even by --output-all, which keeps
// util-linux's output.
//
// Nothing here changes a namespace, and nothing is written.
package lsns
