// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package unshare turns gounshare's options into a plan for package rawexec,
// following util-linux unshare's order and rules: which namespaces are
// created, which are persisted by bind mounts, which ID maps are written and
// by whom, the mount propagation, /proc, the root and working directories,
// credentials, capabilities and the environment.
//
// How the work is split: without --fork and without a user namespace the
// program replaces gounshare (same PID), as util-linux does. A user
// namespace can never be created by a multi-threaded Go process, so with
// one gounshare runs the program in a single-threaded child (created inside
// the new namespaces with clone(2)) and waits for it; --fork does the same.
// Persistent namespace files and multi-range ID maps are then handled by
// gounshare itself while the child waits, from the original namespaces.
package unshare
