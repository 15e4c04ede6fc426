// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package passwd reads the passwd and group files the way glibc's "files"
// source does, for every tool that turns names into IDs or IDs into names:
// the first entry with a name or an ID wins; comments, blank lines, NIS
// "+"/"-" entries and lines whose ID is not a plain decimal number are not
// entries. Other sources named in nsswitch.conf (LDAP, systemd's dynamic
// users) are not consulted.
//
// A File is read once, on the first lookup, and scanned only as far as the
// lookups so far require; every entry passed on the way is remembered, so
// that each distinct ID or name costs one scan step however often it is
// asked for.
package passwd

import (
	"bytes"
	"strings"
	"syscall"

	"github.com/gonstools/gonstools/internal/numparse"
)

// The system's files.
const (
	PasswdPath = "/etc/passwd"
	GroupPath  = "/etc/group"
)

// Entry is one line of a passwd or group file.
type Entry struct {
	Name  string
	ID    uint32 // uid or gid
	Shell string // the login shell (passwd only: the seventh field)
}

// File is a lazily scanned passwd or group file.
type File struct {
	Path string

	loaded bool
	data   []byte // what is left to scan
	byID   map[uint32]Entry
	byName map[string]Entry
}

// Parsed is a File of the given contents (a passwd or group file already
// read, from another root for instance).
func Parsed(data []byte) *File {
	return &File{loaded: true, data: data, byID: make(map[uint32]Entry), byName: make(map[string]Entry)}
}

// Passwd and Group return the system's files, read on first use.
func Passwd() *File { return &File{Path: PasswdPath} }
func Group() *File  { return &File{Path: GroupPath} }

// ByID finds the first entry with the given ID.
func (f *File) ByID(id uint32) (Entry, bool) {
	if e, ok := f.byID[id]; ok {
		return e, true
	}
	return f.scan(func(e Entry) bool { return e.ID == id })
}

// ByName finds the first entry with the given name.
func (f *File) ByName(name string) (Entry, bool) {
	if e, ok := f.byName[name]; ok {
		return e, true
	}
	return f.scan(func(e Entry) bool { return e.Name == name })
}

// scan reads entries until found reports true for one.
func (f *File) scan(found func(Entry) bool) (Entry, bool) {
	if !f.loaded {
		f.loaded = true
		f.data, _ = readFile(f.Path) // unreadable: no entries
		f.byID = make(map[uint32]Entry)
		f.byName = make(map[string]Entry)
	}
	for len(f.data) > 0 {
		line := f.data
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line, f.data = line[:i], f.data[i+1:]
		} else {
			f.data = nil
		}
		e, ok := ParseLine(line)
		if !ok {
			continue
		}
		if _, seen := f.byID[e.ID]; !seen {
			f.byID[e.ID] = e
		}
		if _, seen := f.byName[e.Name]; !seen {
			f.byName[e.Name] = e
		}
		if found(e) {
			return e, true
		}
	}
	return Entry{}, false
}

// ParseLine reads a passwd or group line: the name, the third field (the
// uid or gid) and, for passwd lines, the seventh (the shell).
func ParseLine(line []byte) (Entry, bool) {
	line = bytes.TrimLeft(line, " \t")
	if len(line) == 0 || line[0] == '#' || line[0] == '+' || line[0] == '-' {
		return Entry{}, false
	}
	fields := bytes.SplitN(line, []byte{':'}, 8)
	if len(fields) < 3 || len(fields[0]) == 0 {
		return Entry{}, false
	}
	id, n, _ := numparse.Strtoul(string(fields[2]), 10)
	if n == 0 || n != len(fields[2]) {
		return Entry{}, false
	}
	e := Entry{Name: string(fields[0]), ID: uint32(id)} // uid_t, as glibc converts it
	if len(fields) >= 7 {
		e.Shell = string(fields[6])
	}
	return e, true
}

// readFile is os.ReadFile without the poller: os.Open of a regular file
// sets up epoll (five system calls) to learn that it cannot use it, which
// is a noticeable part of a 1.5 ms run.
func readFile(path string) ([]byte, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	size := 4096
	if syscall.Fstat(fd, &st) == nil && st.Size > 0 && st.Size < 1<<30 {
		size = int(st.Size) + 1
	}
	data := make([]byte, 0, size)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, err
		case n == 0:
			return data, nil
		}
		data = data[:len(data)+n]
	}
}

// DefaultShell is the shell util-linux's tools run when given no program
// (ul_default_shell): SHELL from env when it is set and not empty, else the
// login shell of uid in the passwd file at path, else /bin/sh.
func DefaultShell(env []string, uid uint32, path string) string {
	if v := EnvShell(env); v != "" {
		return v
	}
	if e, ok := (&File{Path: path}).ByID(uid); ok && e.Shell != "" {
		return e.Shell
	}
	return "/bin/sh"
}

// EnvShell is SHELL in env as getenv(3) finds it (the first one), or "".
func EnvShell(env []string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "SHELL="); ok {
			return v
		}
	}
	return ""
}
