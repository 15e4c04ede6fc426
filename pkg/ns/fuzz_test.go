// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ns

import (
	"fmt"
	"strings"
	"testing"
)

// kernelEscape is how the kernel writes a path in mountinfo: space, tab,
// newline and backslash as \ooo (fs/proc_namespace.c, " \t\n\\").
func kernelEscape(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if c := p[i]; strings.IndexByte(" \t\n\\", c) >= 0 {
			fmt.Fprintf(&b, "\\%03o", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// FuzzNsfsMounts: the mount point of an nsfs line, as the kernel writes
// it, is read back byte for byte after any other lines (a long one
// included); and no more mount points come out than nsfs lines went in.
func FuzzNsfsMounts(f *testing.F) {
	f.Add("/run/netns/blue", "22 1 0:3 / / rw - ext4 /dev/sda1 rw\n")
	f.Add("/run/netns/a b\\c\td", "")
	f.Add("/x ", "1 2 0:4 net:[1] /y rw - nsfs nsfs rw\n")
	f.Add("/x\\", "garbage\n - nsfs \n")
	f.Add("/x\r\u00a0y", "1 2 3 4 5 - nsfsx x\n")
	f.Fuzz(func(t *testing.T, mountPoint, other string) {
		n := strings.Count(other, " - nsfs ")
		got := nsfsMountsFrom(strings.NewReader(other))
		if len(got) > n {
			t.Fatalf("%d mount points from %d nsfs lines of %q", len(got), n, other)
		}
		if !strings.HasPrefix(mountPoint, "/") || strings.IndexByte(mountPoint, 0) >= 0 {
			return
		}
		if other != "" && !strings.HasSuffix(other, "\n") {
			other += "\n"
		}
		line := "1234 27 0:4 net:[4026532303] " + kernelEscape(mountPoint) + " rw,nosuid shared:1 - nsfs nsfs rw\n"
		long := "1 2 0:5 / /o rw - overlay overlay rw,lowerdir=" + strings.Repeat("/l", 40000) + "\n"
		got = nsfsMountsFrom(strings.NewReader(other + long + line))
		if len(got) == 0 || got[len(got)-1] != mountPoint {
			t.Fatalf("the line %q reads as %q", line, got)
		}
	})
}
