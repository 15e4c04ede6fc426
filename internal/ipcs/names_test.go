// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFileNames(t *testing.T) {
	dir := t.TempDir()
	passwd := filepath.Join(dir, "passwd")
	group := filepath.Join(dir, "group")
	os.WriteFile(passwd, []byte("root:x:0:0:root:/root:/bin/bash\n"+
		"# comment:x:5:5\n"+
		"\n"+
		"+nis:x:6:6\n"+
		"bad:x:notanumber:1\n"+
		"short:x\n"+
		"  spaced:x:7:7::/:/bin/sh\n"+
		"first:x:1000:1000::/:/bin/sh\n"+
		"second:x:1000:1000::/:/bin/sh\n"+
		"big:x:4294967295:1::/:/bin/sh\n"+
		"toobig:x:4294967296:1::/:/bin/sh\n"+
		"last:x:42:42::/:/bin/sh"), 0o644)
	os.WriteFile(group, []byte("root:x:0:\nusers:x:100:a,b\n"), 0o644)
	n := &FileNames{PasswdPath: passwd, GroupPath: group}
	for _, c := range []struct {
		uid  uint32
		name string
		ok   bool
	}{
		{0, "root", true}, {1000, "first", true}, {7, "spaced", true},
		{4294967295, "big", true}, {42, "last", true}, {5, "", false}, {6, "", false},
		{0, "root", true}, {12345, "", false},
	} {
		if name, ok := n.User(c.uid); name != c.name || ok != c.ok {
			t.Errorf("User(%d) = %q %v, want %q %v", c.uid, name, ok, c.name, c.ok)
		}
	}
	if name, ok := n.Group(100); name != "users" || !ok {
		t.Errorf("Group(100) = %q %v", name, ok)
	}
	if _, ok := n.Group(1000); ok {
		t.Error("Group(1000) found")
	}
}

// Each file is read once: later lookups are answered from memory, both for
// ids already seen and for ids further down.
func TestFileNamesReadOnce(t *testing.T) {
	passwd := filepath.Join(t.TempDir(), "passwd")
	os.WriteFile(passwd, []byte("a:x:1:1::/:/bin/sh\nb:x:2:2::/:/bin/sh\nc:x:3:3::/:/bin/sh\n"), 0o644)
	n := &FileNames{PasswdPath: passwd, GroupPath: passwd}
	if name, _ := n.User(1); name != "a" {
		t.Fatalf("User(1) = %q", name)
	}
	os.Remove(passwd)
	for uid, want := range map[uint32]string{1: "a", 3: "c", 2: "b"} {
		if name, ok := n.User(uid); name != want || !ok {
			t.Errorf("after removal, User(%d) = %q %v, want %q", uid, name, ok, want)
		}
	}
	if _, ok := n.Group(1); ok {
		t.Error("the group file, removed before its first use, gave a name")
	}
}

func TestFileNamesMissing(t *testing.T) {
	n := &FileNames{PasswdPath: "/nonexistent/passwd", GroupPath: "/nonexistent/group"}
	if _, ok := n.User(0); ok {
		t.Error("User(0) found without a passwd file")
	}
}
