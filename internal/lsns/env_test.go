// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// archive builds a glibc locale archive with the given names: its
// header, a table of names and the names (the locale data is left out).
func archive(names ...string) []byte {
	const hashOff = 64
	size := uint32(2 * len(names))
	strOff := hashOff + 12*size
	b := make([]byte, strOff)
	le := binary.LittleEndian
	le.PutUint32(b[0:], 0xde020109)
	le.PutUint32(b[8:], hashOff)
	le.PutUint32(b[12:], uint32(len(names)))
	le.PutUint32(b[16:], size)
	le.PutUint32(b[20:], strOff)
	for i, n := range names {
		e := b[hashOff+12*(2*i):]
		le.PutUint32(e[0:], 1234)
		le.PutUint32(e[4:], uint32(len(b)))
		le.PutUint32(e[8:], 1) // a record
		b = append(append(b, n...), 0)
	}
	return b
}

func TestLocaleArchive(t *testing.T) {
	a := bytes.NewReader(archive("en_US.utf8", "de_DE", "de_DE.iso88591"))
	for name, want := range map[string]bool{"en_US.utf8": true, "de_DE": true, "de_DE.iso88591": true,
		"en_US.UTF-8": false, "en_US": false, "de": false, "": false} {
		if got := InLocaleArchive(a, name); got != want {
			t.Errorf("InLocaleArchive(%q) = %v", name, got)
		}
	}
	if InLocaleArchive(bytes.NewReader([]byte("not an archive at all, not at all")), "C") {
		t.Error("a file that is no archive holds a locale")
	}
}

// TestUTF8Locale decides as glibc's setlocale(LC_ALL, ""): LC_ALL, then
// LC_CTYPE (and every other category), then LANG; a missing locale
// anywhere leaves the C locale.
func TestUTF8Locale(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "C.utf8"), 0o755)
	os.WriteFile(filepath.Join(dir, "C.utf8", "LC_CTYPE"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "locale-archive"), archive("en_US.utf8", "de_DE"), 0o644)
	old := LocaleDir
	LocaleDir = dir
	defer func() { LocaleDir = old }()
	for _, c := range []struct {
		env  map[string]string
		utf8 bool
	}{
		{map[string]string{}, false},
		{map[string]string{"LANG": "C.UTF-8"}, true},
		{map[string]string{"LANG": "C.utf8"}, true},
		{map[string]string{"LANG": "en_US.UTF-8"}, true},
		{map[string]string{"LANG": "de_DE"}, false},
		{map[string]string{"LANG": "fr_FR.UTF-8"}, false},
		{map[string]string{"LC_ALL": "C", "LANG": "C.UTF-8"}, false},
		{map[string]string{"LC_ALL": "C.UTF-8", "LANG": "C"}, true},
		{map[string]string{"LC_CTYPE": "C.UTF-8"}, true},
		{map[string]string{"LC_CTYPE": "C", "LANG": "C.UTF-8"}, false},
		{map[string]string{"LANG": "C.UTF-8", "LC_TIME": "fr_FR.UTF-8"}, false},
		{map[string]string{"LC_ALL": "xx.UTF-8", "LANG": "C.UTF-8"}, false},
		{map[string]string{"LANG": "POSIX"}, false},
		{map[string]string{"LANG": "/etc/passwd"}, false},
	} {
		if got := UTF8Locale(func(k string) string { return c.env[k] }); got != c.utf8 {
			t.Errorf("%v: UTF-8 %v, want %v", c.env, got, c.utf8)
		}
	}
	for in, want := range map[string]string{"UTF-8": "utf8", "utf8": "utf8", "ISO-8859-1": "iso88591", "8859": "iso8859", "": ""} {
		if got := normalizeCodeset(in); got != want {
			t.Errorf("normalizeCodeset(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzLocaleArchive(f *testing.F) {
	f.Add(archive("en_US.utf8"), "en_US.utf8")
	f.Add([]byte{0x09, 0x01, 0x02, 0xde}, "x")
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		InLocaleArchive(bytes.NewReader(b), name)
		splitLocale(name)
		normalizeCodeset(name)
	})
}
