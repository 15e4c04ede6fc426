// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package nsopt names the namespace options that unshare and nsenter share:
// the letter and long name of each namespace type (-m, --mount; -U,
// --user; ...), which belong to the command lines, not to package ns.
package nsopt

import "github.com/gonstools/gonstools/pkg/ns"

// Letter is the short option of type t: 'm' for the mount namespace.
func Letter(t *ns.Type) byte {
	switch t {
	case &ns.User:
		return 'U'
	case &ns.Cgroup:
		return 'C'
	case &ns.IPC:
		return 'i'
	case &ns.UTS:
		return 'u'
	case &ns.Net:
		return 'n'
	case &ns.PID:
		return 'p'
	case &ns.Mount:
		return 'm'
	case &ns.Time:
		return 'T'
	}
	return 0
}

// Long is the long option of type t: "mount" for the mount namespace, the
// file name under /proc/PID/ns for the others.
func Long(t *ns.Type) string {
	if t == &ns.Mount {
		return "mount"
	}
	return t.Name
}

// ByLong returns the type whose long option is name, or nil.
func ByLong(name string) *ns.Type {
	for _, t := range ns.Types {
		if Long(t) == name {
			return t
		}
	}
	return nil
}
