// SPDX-License-Identifier: Apache-2.0

//go:build linux

package idmap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseRange(t *testing.T) {
	cases := []struct {
		in   string
		want Range
		err  bool
	}{
		{"0:100000:65536", Range{Inner: 0, Outer: 100000, Count: 65536}, false},
		{"100000,0,65536", Range{Inner: 0, Outer: 100000, Count: 65536}, false},
		{"1:2:3", Range{Inner: 1, Outer: 2, Count: 3}, false},
		{"1,2", Range{}, true},
		{"1:2:3:4", Range{}, true},
		{"a,b,c", Range{}, true},
		{"-1,2,3", Range{}, true},
		{"1:2,3", Range{}, true},
		{"", Range{}, true},
		{"4294967296:0:1", Range{}, true},
	}
	for _, c := range cases {
		got, err := ParseRange(c.in)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParseRange(%q) = %+v, %v", c.in, got, err)
		}
		if err != nil && err.Error() != "invalid mapping '"+c.in+"'" {
			t.Errorf("ParseRange(%q) error %q", c.in, err)
		}
	}
}

// TestWithSingle: the single mapping comes first and no inner or outer ID
// is mapped twice.
func TestWithSingle(t *testing.T) {
	cases := []struct {
		ranges       []Range
		outer, inner uint32
		want         string
	}{
		{nil, 1000, 0, "0 1000 1\n"},
		{[]Range{{Inner: 0, Outer: 100000, Count: 65536}}, 1000, 0, "0 1000 1\n1 100001 65535\n"},
		{[]Range{{Inner: 0, Outer: 100000, Count: 10}}, 1000, 5, "5 1000 1\n0 100000 5\n6 100006 4\n"},
		{[]Range{{Inner: 1000, Outer: 1000, Count: 10}}, 1003, 1005, "1005 1003 1\n1000 1000 3\n1004 1004 1\n1006 1006 4\n"},
		{[]Range{{Inner: 0, Outer: 0, Count: 4294967295}}, 0, 0, "0 0 1\n1 1 4294967294\n"},
	}
	for _, c := range cases {
		got, err := Format(WithSingle(c.ranges, c.outer, c.inner), "uid_map")
		if err != nil || got != c.want {
			t.Errorf("WithSingle(%v, %d, %d) =\n%s want\n%s", c.ranges, c.outer, c.inner, got, c.want)
		}
		checkNoOverlap(t, WithSingle(c.ranges, c.outer, c.inner))
	}
}

func checkNoOverlap(t *testing.T, rs []Range) {
	t.Helper()
	for i, a := range rs {
		for _, b := range rs[i+1:] {
			if overlaps(a.Inner, a.Count, b.Inner, b.Count) || overlaps(a.Outer, a.Count, b.Outer, b.Count) {
				t.Errorf("ranges %+v and %+v overlap", a, b)
			}
		}
	}
}

func overlaps(a, n, b, m uint32) bool {
	return uint64(a) < uint64(b)+uint64(m) && uint64(b) < uint64(a)+uint64(n)
}

func FuzzWithSingle(f *testing.F) {
	f.Add(uint32(0), uint32(100000), uint32(65536), uint32(1000), uint32(0))
	f.Add(uint32(5), uint32(5), uint32(10), uint32(7), uint32(9))
	f.Fuzz(func(t *testing.T, inner, outer, count, sOuter, sInner uint32) {
		if uint64(inner)+uint64(count) > 1<<32 || uint64(outer)+uint64(count) > 1<<32 {
			return
		}
		rs := WithSingle([]Range{{Inner: inner, Outer: outer, Count: count}}, sOuter, sInner)
		checkNoOverlap(t, rs)
		var total uint64
		for _, r := range rs {
			total += uint64(r.Count)
		}
		if total > uint64(count)+1 || total+2 < uint64(count)+1 {
			t.Fatalf("%d IDs mapped from a range of %d plus one", total, count)
		}
	})
}

func TestFormatLimit(t *testing.T) {
	var rs []Range
	for i := uint32(0); i < 400; i++ {
		rs = append(rs, Range{Inner: i * 10, Outer: 100000 + i*10, Count: 10})
	}
	if _, err := Format(rs, "/proc/1/uid_map"); err == nil || err.Error() != "/proc/1/uid_map too large for kernel 4k limit" {
		t.Errorf("Format of %d ranges: %v", len(rs), err)
	}
}

func TestSubIDRange(t *testing.T) {
	cases := []struct {
		file, name string
		uid        uint32
		want       Range
		err        string
	}{
		{"alice:100000:65536\nbob:200000:65536\n", "bob", 1001, Range{Outer: 200000, Count: 65536}, ""},
		{"1001:300000:10\n", "bob", 1001, Range{Outer: 300000, Count: 10}, ""},
		{"bob:x:10\n", "bob", 1001, Range{}, "failed to parse subid map"},
		{"garbage\nalice:1:2\n", "bob", 1001, Range{}, `no line matching user "bob"`},
	}
	for _, c := range cases {
		got, err := subIDRange(strings.NewReader(c.file), c.name, c.uid)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if got != c.want || msg != c.err {
			t.Errorf("subIDRange(%q) = %+v, %q; want %+v, %q", c.file, got, msg, c.want, c.err)
		}
	}
}

func TestLookup(t *testing.T) {
	dir := t.TempDir()
	PasswdFile, GroupFile = filepath.Join(dir, "passwd"), filepath.Join(dir, "group")
	defer func() { PasswdFile, GroupFile = "/etc/passwd", "/etc/group" }()
	os.WriteFile(PasswdFile, []byte("root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n123:x:77:77::/:/bin/sh\n"), 0o644)
	os.WriteFile(GroupFile, []byte("root:x:0:\nstaff:x:50:alice\n"), 0o644)
	for _, c := range []struct {
		s     string
		group bool
		want  uint32
		ok    bool
	}{
		{"alice", false, 1000, true}, {"1000", false, 1000, true}, {"123", false, 77, true},
		{"bob", false, 0, false}, {"", false, 0, false}, {"4294967295", false, 0, false},
		{"staff", true, 50, true}, {"51", true, 51, true}, {"alice", true, 0, false},
	} {
		lookup := LookupUser
		if c.group {
			lookup = LookupGroup
		}
		got, err := lookup(c.s)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("lookup(%q, group=%v) = %d, %v", c.s, c.group, got, err)
		}
	}
	if n, err := UserName(1000); n != "alice" || err != nil {
		t.Errorf("UserName(1000) = %q, %v", n, err)
	}
}
