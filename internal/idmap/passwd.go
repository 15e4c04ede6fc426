// SPDX-License-Identifier: Apache-2.0

//go:build linux

package idmap

import (
	"errors"
	"math"

	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/internal/passwd"
)

// Files read for names; tests may point them elsewhere.
var (
	PasswdFile = passwd.PasswdPath
	GroupFile  = passwd.GroupPath
)

var errNotFound = errors.New("not found")

// LookupUser resolves a user name or a numeric uid, as util-linux's
// ul_getuserpw_str does: a name first, then a number.
func LookupUser(s string) (uint32, error) { return lookup(PasswdFile, s) }

// LookupGroup resolves a group name or a numeric gid.
func LookupGroup(s string) (uint32, error) { return lookup(GroupFile, s) }

func lookup(file, s string) (uint32, error) {
	if s == "" {
		return 0, errNotFound
	}
	if e, ok := (&passwd.File{Path: file}).ByName(s); ok {
		return e.ID, nil
	}
	n, err := numparse.Uint(s, 10, math.MaxUint32-1) // (uid_t)-1 is no ID
	if err != nil {
		return 0, errNotFound
	}
	return uint32(n), nil
}

// UserName returns the name of uid from the passwd file.
func UserName(uid uint32) (string, error) {
	e, ok := (&passwd.File{Path: PasswdFile}).ByID(uid)
	if !ok {
		return "", errNotFound
	}
	return e.Name, nil
}
