// SPDX-License-Identifier: Apache-2.0

//go:build linux

package tz

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// tzif describes a TZif file for tests. The same data is written in the
// version 1 block (times cut to 32 bits) and, for version 2 and later, in
// the 64-bit block followed by footer, verbatim.
type tzif struct {
	version      byte // 0, '2', '3', '4'
	trans        []int64
	idx          []byte
	types        []ttype
	names        string
	leaps        [][2]int64 // time, correction
	isstd, isut  []byte
	footer       string // normally "\n" + TZ value + "\n"
	emptyV1      bool   // a version 1 block with no data at all
	typesCounted int    // if non-zero: the typecnt written (types as given)
}

type ttype struct {
	off       int32
	dst, abbr byte
}

func (z tzif) block(width int, empty bool) []byte {
	var b bytes.Buffer
	b.WriteString("TZif")
	b.WriteByte(z.version)
	b.Write(make([]byte, 15))
	typecnt := len(z.types)
	if z.typesCounted != 0 {
		typecnt = z.typesCounted
	}
	counts := []int{len(z.isut), len(z.isstd), len(z.leaps), len(z.trans), typecnt, len(z.names)}
	if empty {
		counts = make([]int, 6)
	}
	for _, c := range counts {
		binary.Write(&b, binary.BigEndian, uint32(c))
	}
	if empty {
		return b.Bytes()
	}
	put := func(v int64) {
		if width == 4 {
			binary.Write(&b, binary.BigEndian, int32(v))
		} else {
			binary.Write(&b, binary.BigEndian, v)
		}
	}
	for _, t := range z.trans {
		put(t)
	}
	b.Write(z.idx)
	for _, t := range z.types {
		binary.Write(&b, binary.BigEndian, t.off)
		b.WriteByte(t.dst)
		b.WriteByte(t.abbr)
	}
	b.WriteString(z.names)
	for _, l := range z.leaps {
		put(l[0])
		binary.Write(&b, binary.BigEndian, int32(l[1]))
	}
	b.Write(z.isstd)
	b.Write(z.isut)
	return b.Bytes()
}

func (z tzif) bytes() []byte {
	b := z.block(4, z.emptyV1)
	if z.version == 0 {
		return b
	}
	b = append(b, z.block(8, false)...)
	return append(b, z.footer...)
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// europe is a small zone like Europe/Berlin's recent years: CET and CEST
// with transitions in 2025 and 2026 (local wall-clock times, as zic
// writes them without -b fat's isstd/isut), and a footer for the rest.
var europe = tzif{
	version: '2',
	trans:   []int64{1743296400, 1761440400, 1774746000, 1792890000},
	idx:     []byte{1, 0, 1, 0},
	types:   []ttype{{3600, 0, 0}, {7200, 1, 4}},
	names:   "CET\x00CEST\x00",
	footer:  "\nCET-1CEST,M3.5.0,M10.5.0/3\n",
}

// fixtures are TZif files that exercise glibc's reader beyond what the
// system's zone files do, by name.
func fixtures() map[string][]byte {
	m := map[string][]byte{}
	add := func(name string, z tzif) { m[name] = z.bytes() }

	add("europe", europe)
	v1 := europe
	v1.version = 0
	add("v1", v1) // no footer: the last type forever
	v3 := europe
	v3.version = '3'
	v3.footer = "\n<+0530>-5:30\n"
	add("v3", v3)
	// Footers: needing posixrules, without their first newline, empty, one
	// byte (refused), not a rule, with bytes after the rule.
	for name, footer := range map[string]string{
		"norule": "\nXST3XDT\n", "norule-comma": "\nXST3XDT,\n",
		"footer-without-newline": "CET-1CEST,M3.5.0,M10.5.0/3\n", "footer-empty": "\n\n",
		"footer-one-byte": "\n", "footer-garbage": "\nno rule here\n",
		"footer-trailing": "\nJST-9\nmore\x00bytes",
	} {
		z := europe
		z.footer = footer
		add(name, z)
	}

	// Leap seconds: one, then two in a row, then one taken away, as the
	// right/ zones and RFC 8536 allow.
	leaps := tzif{
		version: '2',
		types:   []ttype{{0, 0, 0}},
		names:   "UTC\x00",
		leaps:   [][2]int64{{78796800, 1}, {94694401, 2}, {1483228826, 3}, {1483228827, 4}, {1500000000, 3}},
		footer:  "\nUTC0\n",
	}
	add("leaps", leaps)
	leapsV1 := leaps
	leapsV1.version = 0
	add("leaps-v1", leapsV1)
	leapsBerlin := europe
	leapsBerlin.leaps = [][2]int64{{1483228826, 27}}
	add("leaps-europe", leapsBerlin)

	unsorted := europe
	unsorted.trans = []int64{1774746000, 1743296400, 1792890000, 1761440400}
	add("unsorted", unsorted)
	many := tzif{version: '2', types: []ttype{{3600, 0, 0}, {7200, 1, 4}}, names: "AAA\x00BBB\x00", footer: "\nAAA-1\n"}
	for i := range 60 {
		many.trans = append(many.trans, int64(i)*15000000-400000000)
		many.idx = append(many.idx, byte(i%2))
	}
	add("many", many)
	unsortedMany := many
	unsortedMany.trans = append([]int64(nil), many.trans...)
	unsortedMany.trans[20], unsortedMany.trans[40] = unsortedMany.trans[40], unsortedMany.trans[20]
	add("unsorted-many", unsortedMany)
	allDST := tzif{version: '2', trans: []int64{0}, idx: []byte{1}, types: []ttype{{-3600, 1, 0}, {7200, 1, 4}}, names: "AAA\x00BBB\x00", footer: "\n"}
	allDST.footer = "\n\n"
	add("all-dst", allDST)
	noTrans := tzif{version: '2', types: []ttype{{19800, 0, 0}}, names: "IST\x00", footer: "\n\n"}
	add("no-transitions", noTrans)
	overlay := tzif{version: '2', names: "\x10\x0e\x00\x00\x00ABC\x00", footer: "\n\n"}
	add("no-types", overlay) // glibc reads its type from the names

	isdst2 := europe
	isdst2.types = []ttype{{3600, 0, 0}, {7200, 2, 4}}
	add("isdst-2", isdst2)
	abbr := europe
	abbr.types = []ttype{{3600, 0, 0}, {7200, 1, 10}}
	add("abbr-past-end", abbr)
	abbrEnd := europe
	abbrEnd.types = []ttype{{3600, 0, 0}, {7200, 1, 9}}
	add("abbr-at-end", abbrEnd)
	badIdx := europe
	badIdx.idx = []byte{1, 0, 2, 0}
	add("idx-past-types", badIdx)
	e := europe.bytes()
	m["truncated"] = e[:len(e)-40]
	m["header-only"] = e[:44]
	m["bad-magic"] = append([]byte("TZjf"), e[4:]...)
	m["v2-empty-v1"] = func() []byte { z := europe; z.emptyV1 = true; return z.bytes() }()
	// Version 1 headers whose counts are negative: glibc's skip over the
	// version 1 data is computed in wrapping size_t. -1 transitions (-5
	// bytes), -1 types (-6) and 11 bytes of names skip nothing, so the
	// 64-bit header follows at once; -4 and -4 go back to the start.
	header := func(times, types, chars uint32) []byte {
		h := tzif{version: '2'}.block(4, true)
		binary.BigEndian.PutUint32(h[20+4*3:], times)
		binary.BigEndian.PutUint32(h[20+4*4:], types)
		binary.BigEndian.PutUint32(h[20+4*5:], chars)
		return h
	}
	m["skip-wraps"] = append(header(0xffffffff, 0xffffffff, 11), europe.block(8, false)...)
	m["skip-wraps"] = append(m["skip-wraps"], europe.footer...)
	m["skip-to-start"] = append(header(0xfffffffc, 0xfffffffc, 0), europe.block(8, false)...)
	return m
}

// posixrulesLike is a posixrules file: America/New_York's last years and
// the United States' rule.
var posixrulesLike = tzif{
	version: '2',
	trans:   []int64{1741503600, 1762063200, 1772953200, 1793512800},
	idx:     []byte{1, 0, 1, 0},
	types:   []ttype{{-18000, 0, 0}, {-14400, 1, 4}},
	names:   "EST\x00EDT\x00",
	isstd:   []byte{1, 0},
	isut:    []byte{1, 0},
	footer:  "\nEST5EDT,M3.2.0,M11.1.0\n",
}

func TestReadZoneRefuses(t *testing.T) {
	f := fixtures()
	for _, name := range []string{"footer-one-byte", "skip-to-start", "isdst-2", "abbr-past-end", "idx-past-types", "truncated", "header-only", "bad-magic"} {
		if _, ok := readZone(bytes.NewReader(f[name]), int64(len(f[name]))); ok {
			t.Errorf("%s: accepted", name)
		}
	}
	for _, name := range []string{"europe", "v1", "v3", "abbr-at-end", "footer-without-newline", "skip-wraps", "v2-empty-v1", "no-types"} {
		if _, ok := readZone(bytes.NewReader(f[name]), int64(len(f[name]))); !ok {
			t.Errorf("%s: refused", name)
		}
	}
}
