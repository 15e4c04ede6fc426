// SPDX-License-Identifier: Apache-2.0

//go:build linux

package passwd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t testing.TB, content string) string {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFile(t *testing.T) {
	f := &File{Path: write(t, "root:x:0:0:root:/root:/bin/bash\n"+
		"# comment:x:5:5\n"+
		"\n"+
		"+nis:x:6:6\n"+
		"bad:x:notanumber:1\n"+
		"empty:x::1\n"+
		"short:x\n"+
		"  spaced:x:7:7::/:/bin/sh\n"+
		"first:x:1000:1000::/:/bin/zsh\n"+
		"second:x:1000:1000::/:/bin/sh\n"+
		"first:x:1001:1000::/:/bin/sh\n"+
		"plus:x:+8:8\n"+
		"minus:x:-1:1\n"+
		"big:x:4294967295:1::/:/bin/sh\n"+
		"noshell:x:9:9\n"+
		"last:x:42:42::/:/bin/sh")}
	for _, c := range []struct {
		id    uint32
		name  string
		shell string
		ok    bool
	}{
		{0, "root", "/bin/bash", true}, {1000, "first", "/bin/zsh", true}, {7, "spaced", "/bin/sh", true},
		{8, "plus", "", true}, {4294967295, "minus", "", true}, {9, "noshell", "", true}, {42, "last", "/bin/sh", true},
		{5, "", "", false}, {6, "", "", false}, {1, "", "", false}, {12345, "", "", false}, {0, "root", "/bin/bash", true},
	} {
		if e, ok := f.ByID(c.id); e.Name != c.name || e.Shell != c.shell || ok != c.ok {
			t.Errorf("ByID(%d) = %+v %v, want %q %q %v", c.id, e, ok, c.name, c.shell, c.ok)
		}
	}
	for name, want := range map[string]uint32{"first": 1000, "second": 1000, "last": 42, "root": 0} {
		if e, ok := f.ByName(name); !ok || e.ID != want {
			t.Errorf("ByName(%q) = %+v %v, want ID %d", name, e, ok, want)
		}
	}
	for _, name := range []string{"bad", "# comment", "+nis", "nobody", ""} {
		if e, ok := f.ByName(name); ok {
			t.Errorf("ByName(%q) = %+v", name, e)
		}
	}
}

// A file is read once: later lookups are answered from memory, both for
// entries already seen and for those further down.
func TestReadOnce(t *testing.T) {
	p := write(t, "a:x:1:1::/:/bin/sh\nb:x:2:2::/:/bin/sh\nc:x:3:3::/:/bin/sh\n")
	f := &File{Path: p}
	if e, _ := f.ByID(1); e.Name != "a" {
		t.Fatalf("ByID(1) = %+v", e)
	}
	os.Remove(p)
	for id, want := range map[uint32]string{1: "a", 3: "c", 2: "b"} {
		if e, ok := f.ByID(id); e.Name != want || !ok {
			t.Errorf("after removal, ByID(%d) = %+v %v, want %q", id, e, ok, want)
		}
	}
	if e, ok := f.ByName("b"); !ok || e.ID != 2 {
		t.Errorf("after removal, ByName(b) = %+v %v", e, ok)
	}
}

func TestMissing(t *testing.T) {
	f := &File{Path: "/nonexistent/passwd"}
	if _, ok := f.ByID(0); ok {
		t.Error("ByID(0) found without a file")
	}
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"root:x:0:0:root:/root:/bin/bash", "", "#", "a::1", "a:x:", ":x:1:1", "a:x:+1:1", "a:x:01:1", "a:x:99999999999:1", "a:x: -1:1:::sh:extra:more"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.Contains(line, "\n") {
			return // a line never holds one
		}
		e, ok := ParseLine([]byte(line))
		if !ok {
			return
		}
		file := &File{Path: write(t, line)}
		if got, found := file.ByID(e.ID); !found || got != e {
			t.Fatalf("line %q parses as %+v, but ByID = %+v %v", line, e, got, found)
		}
		if got, found := file.ByName(e.Name); !found || got != e {
			t.Fatalf("line %q parses as %+v, but ByName = %+v %v", line, e, got, found)
		}
	})
}
