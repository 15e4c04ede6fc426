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

	users, groups lastID // the files, and the last answer of each
}

// lastID is a passwd or group file and its last answer: the objects of
// a listing mostly have one owner.
type lastID struct {
	file *passwd.File
	id   uint32
	name string
	ok   bool
}

// byID looks id up in the file at path, or "" for def.
func (l *lastID) byID(id uint32, path, def string) (string, bool) {
	if l.file == nil {
		l.file = &passwd.File{Path: or(path, def)}
	} else if id == l.id {
		return l.name, l.ok
	}
	e, ok := l.file.ByID(id)
	l.id, l.name, l.ok = id, e.Name, ok
	return e.Name, ok
}

// User implements Names.
func (n *FileNames) User(uid uint32) (string, bool) {
	return n.users.byID(uid, n.PasswdPath, passwd.PasswdPath)
}

// Group implements Names.
func (n *FileNames) Group(gid uint32) (string, bool) {
	return n.groups.byID(gid, n.GroupPath, passwd.GroupPath)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
