// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
)

// users maps UIDs to names as lsns's getpwuid-based cache does, from the
// passwd file (the first entry of a UID wins); a UID without one shows as
// its number.
type users struct {
	path  string
	names map[uint32]string
	read  bool
}

func (u *users) load() {
	u.read = true
	u.names = map[uint32]string{}
	f, err := os.Open(u.path)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, uid, ok := ParsePasswdLine(sc.Bytes())
		if !ok {
			continue
		}
		if _, dup := u.names[uid]; !dup {
			u.names[uid] = name
		}
	}
}

// name is the user name of uid, or uid in decimal.
func (u *users) name(uid uint32) string {
	if !u.read {
		u.load()
	}
	if n, ok := u.names[uid]; ok && n != "" {
		return n
	}
	return strconv.FormatUint(uint64(uid), 10)
}

// ParsePasswdLine reads the name and UID of a passwd(5) line.
func ParsePasswdLine(line []byte) (name string, uid uint32, ok bool) {
	f := bytes.SplitN(line, []byte(":"), 4)
	if len(f) < 4 || len(f[0]) == 0 || f[0][0] == '+' || f[0][0] == '-' || f[0][0] == '#' {
		return "", 0, false
	}
	n, err := strconv.ParseUint(string(f[2]), 10, 32)
	if err != nil {
		return "", 0, false
	}
	return string(f[0]), uint32(n), true
}
