// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import "github.com/gonstools/gonstools/internal/passwd"

// Names turns owner ids into names. ok is false when the id has no entry;
// ipcs then prints the number.
type Names interface {
	User(uid uint32) (name string, ok bool)
	Group(gid uint32) (name string, ok bool)
}

// FileNames resolves ids from passwd and group files (by default
// /etc/passwd and /etc/group) the way glibc's "files" source does (see
// package passwd): each file is read once, on the first lookup that needs
// it. An id known only to other sources prints as a number.
type FileNames struct {
	PasswdPath string // "" means /etc/passwd
	GroupPath  string // "" means /etc/group

	users, groups *passwd.File
}

// User implements Names.
func (n *FileNames) User(uid uint32) (string, bool) {
	if n.users == nil {
		n.users = &passwd.File{Path: or(n.PasswdPath, passwd.PasswdPath)}
	}
	e, ok := n.users.ByID(uid)
	return e.Name, ok
}

// Group implements Names.
func (n *FileNames) Group(gid uint32) (string, bool) {
	if n.groups == nil {
		n.groups = &passwd.File{Path: or(n.GroupPath, passwd.GroupPath)}
	}
	e, ok := n.groups.ByID(gid)
	return e.Name, ok
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
