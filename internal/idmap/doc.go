// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package idmap computes user-namespace ID maps the way util-linux unshare
// does: single mappings (--map-user, --map-root-user), ranges given on the
// command line in either of util-linux's forms (inner:outer:count, or the
// older outer,inner,count), ranges from /etc/subuid and /etc/subgid
// (--map-auto, --map-subids) and pass-through of every ID we have
// (--map-users=all). [WithSingle] merges a single mapping into ranges
// without overlaps, and [Format] renders the text written to
// /proc/PID/uid_map.
//
// It also resolves user and group names to IDs from /etc/passwd and
// /etc/group (the static binaries have no NSS).
package idmap
