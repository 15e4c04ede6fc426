// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"bufio"
	"bytes"
	"io"
	"strings"
)

// Mount is an nsfs mount of /proc/self/mountinfo: a namespace bound to a
// path.
type Mount struct {
	Root   string // "net:[4026532281]", as the kernel names the namespace
	Target string // the mount point, unescaped
}

// ParseMountinfoLine reads one line of /proc/PID/mountinfo and returns its
// root, mount point and file system type (fields 4, 5 and the one after
// the "-" separator), with the octal escapes (\040) undone as libmount
// does.
func ParseMountinfoLine(line string) (root, target, fstype string, ok bool) {
	f := strings.Fields(line)
	if len(f) < 7 {
		return "", "", "", false
	}
	sep := -1
	for i := 6; i < len(f); i++ {
		if f[i] == "-" {
			sep = i
			break
		}
	}
	if sep < 0 || sep+1 >= len(f) {
		return "", "", "", false
	}
	return unmangle(f[3]), unmangle(f[4]), unmangle(f[sep+1]), true
}

// ReadNSFSMounts returns the nsfs mounts of a mountinfo file, in order.
func ReadNSFSMounts(r io.Reader) ([]Mount, error) {
	var out []Mount
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.Contains(line, []byte(" nsfs ")) {
			continue
		}
		root, target, fstype, ok := ParseMountinfoLine(string(line))
		if ok && fstype == "nsfs" {
			out = append(out, Mount{Root: root, Target: target})
		}
	}
	return out, sc.Err()
}

func isOctal(b byte) bool { return b >= '0' && b <= '7' }

// unmangle undoes the kernel's \ooo escapes of spaces, tabs, newlines and
// backslashes in mountinfo fields.
func unmangle(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && isOctal(s[i+1]) && isOctal(s[i+2]) && isOctal(s[i+3]) {
			b.WriteByte((s[i+1]&7)<<6 | (s[i+2]&7)<<3 | s[i+3]&7)
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
