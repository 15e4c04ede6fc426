// SPDX-License-Identifier: Apache-2.0

//go:build linux

package posixipc

import (
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// refName is glibc's __shm_get_name (shm_open, sem_open), for names with
// at most one leading slash: the slash goes, an empty name or one with a
// slash is EINVAL, a longer one than max ENAMETOOLONG.
func refName(name string, max int) (string, error) {
	name = strings.TrimPrefix(name, "/")
	switch {
	case name == "" || strings.Contains(name, "/"):
		return "", unix.EINVAL
	case len(name) > max:
		return "", unix.ENAMETOOLONG
	}
	return name, nil
}

// FuzzCleanName: a POSIX IPC name is read as glibc reads it, but for what
// CleanName refuses on purpose ("//x", ".", "..", a NUL); what it accepts
// is one file name within the limit, and reads back the same with its
// slash.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"/x", "x", "/a.b-c_d", "", "/", "//x", "/a/b", "/.", "..", "/a\x00b", "/" + strings.Repeat("a", 252)} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, name string, sem bool) {
		max := 255
		if sem {
			max = 251
		}
		got, err := CleanName(name, max)
		if err != nil && err != unix.EINVAL && err != unix.ENAMETOOLONG || err != nil && got != "" {
			t.Fatalf("CleanName(%q, %d) = %q, %v", name, max, got, err)
		}
		rest := strings.TrimPrefix(name, "/")
		if !strings.HasPrefix(rest, "/") && rest != "." && rest != ".." && !strings.Contains(rest, "\x00") {
			if want, werr := refName(name, max); got != want || err != werr {
				t.Fatalf("CleanName(%q, %d) = %q, %v; glibc reads %q, %v", name, max, got, err, want, werr)
			}
		}
		if err != nil {
			return
		}
		if got == "" || got == "." || got == ".." || len(got) > max || strings.ContainsAny(got, "/\x00") {
			t.Fatalf("CleanName(%q, %d) = %q", name, max, got)
		}
		if again, err := CleanName("/"+got, max); err != nil || again != got {
			t.Fatalf("CleanName(%q) = %q, but /%s reads as %q, %v", name, got, got, again, err)
		}
	})
}
