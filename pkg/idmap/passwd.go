package idmap

import (
	"bufio"
	"errors"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/gonstools/gonstools/pkg/numparse"
)

// Files read for names; tests may point them elsewhere.
var (
	PasswdFile = "/etc/passwd"
	GroupFile  = "/etc/group"
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
	if f, err := os.Open(file); err == nil {
		id, ok := findID(f, s)
		f.Close()
		if ok {
			return id, nil
		}
	}
	n, err := numparse.Uint(s, 10, math.MaxUint32-1) // (uid_t)-1 is no ID
	if err != nil {
		return 0, errNotFound
	}
	return uint32(n), nil
}

// findID scans name:x:id:... lines for name.
func findID(r io.Reader, name string) (uint32, bool) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), ":", 4)
		if len(f) < 3 || f[0] != name {
			continue
		}
		n, err := numparse.Uint(f[2], 10, math.MaxUint32)
		return uint32(n), err == nil
	}
	return 0, false
}

// UserName returns the name of uid from /etc/passwd.
func UserName(uid uint32) (string, error) {
	f, err := os.Open(PasswdFile)
	if err != nil {
		return "", err
	}
	defer f.Close()
	want := strconv.FormatUint(uint64(uid), 10)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), ":", 4)
		if len(fields) >= 3 && fields[2] == want {
			return fields[0], nil
		}
	}
	return "", errNotFound
}
