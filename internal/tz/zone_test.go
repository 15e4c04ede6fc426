// SPDX-License-Identifier: Apache-2.0

//go:build linux

package tz

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// stamps are the times every zone is compared at: the extremes of
// time_t and of a C int year, years 0 and 1, 1901 and 2038, the Epoch,
// leap seconds as the right/ zones count them, daylight-time changes in
// Berlin, New York and Lord Howe, and far futures where glibc's rule
// arithmetic overflows an int. Some come again at the end, after times
// past every zone file's last transition, because glibc's state can
// change there.
var stamps = func() []int64 {
	s := []int64{
		math.MinInt64, -67768040609827201, -67768040609827200, -1e15,
		-62167219201, -62167219200, -62135596800, -2208988800, -2147483649, -2147483648,
		-862617600, -1e9, -86401, -86400, -3601, -1, 0, 1, 3600, 86399, 86400,
		78796799, 78796800, 78796801, 94694400, 94694401, 94694402,
		915148820, 915148821, 915148822,
		1483228799, 1483228800, 1483228825, 1483228826, 1483228827, 1483228828,
		1500000000, 1743296400, 1761440400,
		1772953199, 1772953200, 1772953201, 1774745999, 1774746000, 1774746001,
		1775314799, 1775314800, 1780000000, 1791041399, 1791041400,
		1792889999, 1792890000, 1792890001, 1793512799, 1793512800, 1795464011,
		2000000000, 2147483647, 2147483648, 4102444800, 13574649600, 1e11,
		1e12, 1e14, 185665832035199, 185665832035200, 2e14, 1e15, 1e16,
		67767976233532799, 67767976233532800, 67768036191676799, 67768036191676800,
		math.MaxInt64,
		// After the last transitions, earlier times again.
		1790000000, 1774746000, 1e9, 0, -1e9,
	}
	return s
}()

// zoneDirs writes the fixture zones into three zone directories: one
// with a posixrules file, one without, one whose posixrules has a single
// type (which glibc cannot use).
func zoneDirs(t *testing.T) (withRules, noRules, oneType string) {
	t.Helper()
	root := t.TempDir()
	withRules, noRules, oneType = filepath.Join(root, "a"), filepath.Join(root, "b"), filepath.Join(root, "c")
	for name, data := range fixtures() {
		for _, dir := range []string{withRules, noRules, oneType} {
			writeFile(t, dir, name, data)
		}
	}
	writeFile(t, withRules, posixRules, posixrulesLike.bytes())
	one := posixrulesLike
	one.types, one.idx, one.isstd, one.isut = one.types[:1], []byte{0, 0, 0, 0}, nil, nil
	writeFile(t, oneType, posixRules, one.bytes())
	return withRules, noRules, oneType
}

// zoneNames are the system zones the tests use.
var zoneNames = []string{
	"UTC", "Universal", "right/UTC", "posix/UTC", "right/Europe/Berlin", "right/America/New_York",
	"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
	"Pacific/Kiritimati", "America/St_Johns", "Antarctica/Troll", "Etc/GMT+12",
	"EST5EDT", posixRules,
}

// The TZ values of the matrix: the zones, and every form glibc's tzset
// knows, and its mistakes.
var tzValues = append(slices.Clone(zoneNames),
	"", ":", "::UTC", ":UTC", ":right/UTC", "/usr/share/zoneinfo/right/Europe/Berlin",
	"Europe", "garbage", "/nonexistent", "../../etc/passwd", "/etc/passwd", "/dev/null",
	"XST5XDT", "XST3XDT", "XST3XDT,", "XST3XDT2", "XST-14XDT-15",
	"UTC+25", "UTC-25", "UTC+24", "XYZ+24:59:59", "XYZ-24:60:60", "UTC+65536", "UTC+-5",
	"UTC+ 5", "UTC+5: 30", "UTC 5", "UTC+", "UTC5:", "UTC99999999999999999999",
	"<+0530>-5:30", "<+05>-5", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "<UTC>0", "<AB>1", "<ABC",
	"AB5", "A<B>5",
	"EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3", "JST-9", "IST-5:30",
	"NZST-12NZDT,M9.5.0,M4.1.0/3", "AEST-10AEDT-11,M10.1.0,M4.1.0/3",
	"EST5EDT4,M3.2.0/-1:30,M11.1.0/169", "EST5EDT,M3.2.0/167,M11.1.0/-167",
	"EST5EDT,M3.2.0/65535:59:59,M11.1.0/-65535", "EST5EDT,J60/2,J300/3", "EST5EDT,59,300",
	"EST5EDT,0/0,365/25", "WART4WARST,J1/0,J365/25", "AAA-24BBB+24,M1.1.0,M12.5.6",
	"EST5EDT,J0,J365", "EST5EDT,J366,J1", "EST5EDT,366,1", "EST5EDT,M13.1.0,M11.1.0",
	"EST5EDT,M3.2.0,M11.6.0", "EST5EDT,M3.2.0,M11.0.0", "EST5EDT,M3.2.7,M11.1.0",
	"EST5EDT,M3.2,M11.1.0", "EST5EDT,M 3. 2. 0,M11.1.0", "EST5EDT,M3.2.0,M11.1.0x",
	"EST5EDT,M3.2.0/,M11.1.0", "EST5EDT,M3.2.0/x,M11.1.0", "EST5EDT;M3.2.0,M11.1.0",
	"EST5EDTM3.2.0M11.1.0", "EST5EDT,M3.2.0", "EST5,M3.2.0,M11.1.0", "EST5x", "EST5 EDT",
	"EST5EDT 4,M3.2.0,M11.1.0", "EST5EDT+,M3.2.0,M11.1.0", "EST5EDT-,M3.2.0,M11.1.0",
	"EST5EDT,,M3.2.0,M11.1.0", "EST5EDT,M3.2.0,,M11.1.0",
)

func TestSameAsGlibc(t *testing.T) {
	o := newOracle(t)
	for _, tz := range tzValues {
		c := Config{TZ: tz, Set: true}
		if n := o.compare(t, c, stamps); n > 0 && tz != "EST5EDT,M13.1.0,M11.1.0" {
			t.Errorf("%v: %d times undefined in glibc", c, n)
		}
	}
	o.compare(t, Config{}, stamps) // unset: /etc/localtime
}

// Zones under TZDIR, and zone files glibc reads oddly.
func TestSameAsGlibcZoneFiles(t *testing.T) {
	o := newOracle(t)
	withRules, noRules, oneType := zoneDirs(t)
	names := make([]string, 0)
	for name := range fixtures() {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, c := range []Config{
			{TZ: filepath.Join(withRules, name), Set: true}, // posixrules: the system's
			{TZ: name, Set: true, TZDIR: withRules},
			{TZ: ":" + name, Set: true, TZDIR: noRules},
			{TZ: name, Set: true, TZDIR: oneType},
		} {
			if n := o.compare(t, c, stamps); n > 0 {
				t.Errorf("%v: %d times undefined in glibc", c, n)
			}
		}
	}
	// POSIX values that need posixrules, with each kind of directory,
	// and a TZDIR that does not exist (glibc's default rule).
	for _, tz := range []string{"XST3XDT", "XST3XDT,", "XST-3XDT-5", "EST5EDT", "Europe/Berlin", "right/UTC", ""} {
		for _, dir := range []string{withRules, noRules, oneType, "/nonexistent", filepath.Join(defaultDir, "right")} {
			o.compare(t, Config{TZ: tz, Set: true, TZDIR: dir}, stamps)
		}
	}
}

// With TZ unset, glibc reads /etc/localtime: here a right/ zone bound over
// it in a mount namespace of the test's own.
func TestSameAsGlibcLocaltime(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWNS) {
		return
	}
	o := newOracle(t)
	for _, zone := range []string{"right/Europe/Berlin", "Australia/Lord_Howe"} {
		src := filepath.Join(defaultDir, zone)
		requireZone(t, src)
		// /etc/localtime is usually a symbolic link: bind over its target,
		// which only this namespace sees.
		target, err := filepath.EvalSymlinks(localtime)
		if err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mount(src, target, "", syscall.MS_BIND, ""); err != nil {
			t.Fatalf("bind %s over %s: %v", src, target, err)
		}
		o.compare(t, Config{}, stamps)
		if err := syscall.Unmount(target, 0); err != nil {
			t.Fatal(err)
		}
	}
	// And none at all: UTC.
	tmp := t.TempDir()
	if err := syscall.Mount(tmp, "/etc", "", syscall.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(localtime); err == nil {
		t.Fatal("/etc/localtime still there")
	}
	o.compare(t, Config{}, stamps)
}

// requireZone stops the test if the zone file is missing (Debian's tzdata
// has right/; some systems move it to another package): skipped, or
// failed under CI=true.
func requireZone(t testing.TB, path string) {
	t.Helper()
	_, err := os.Stat(path)
	nstest.Require(t, err == nil, path+" is missing (install the tzdata with right/ zones)")
}

// The zones the matrix needs exist: a missing one would make glibc and us
// agree on UTC and prove nothing.
func TestZonesInstalled(t *testing.T) {
	for _, name := range zoneNames {
		requireZone(t, filepath.Join(defaultDir, name))
	}
}

// glibc's answers, as gcc-built programs printed them, for the quirks the
// package documents: they hold without gcc too.
func TestQuirks(t *testing.T) {
	for _, c := range []struct {
		tz    string
		r     bool // ctime_r, not ctime
		times []int64
		want  []string
	}{
		// Hours clamped to 24, minutes and seconds to 59.
		{"UTC+25", false, []int64{0}, []string{"Wed Dec 31 00:00:00 1969"}},
		{"UTC-25", false, []int64{0}, []string{"Fri Jan  2 00:00:00 1970"}},
		{"XYZ+24:59:59", false, []int64{0}, []string{"Tue Dec 30 23:00:01 1969"}},
		{"<+0530>-5:30", false, []int64{0}, []string{"Thu Jan  1 05:30:00 1970"}},
		{"garbage", false, []int64{0}, []string{"Thu Jan  1 00:00:00 1970"}},
		// A failed rule's leftovers: "daylight time" at UTC most of the year.
		{"EST5x", false, []int64{0, 1800000000}, []string{"Wed Dec 31 19:00:00 1969", "Fri Jan 15 08:00:00 2027"}},
		// posixrules' return to standard time moves by the whole daylight
		// offset the first time (rule_dstoff is 0), not later; ctime_r
		// reads TZ once, and keeps the first answer.
		{"XST3XDT", false, []int64{1793510000, 1793510000}, []string{"Sun Nov  1 02:13:20 2026", "Sun Nov  1 03:13:20 2026"}},
		{"XST3XDT", true, []int64{1793510000, 1793510000}, []string{"Sun Nov  1 02:13:20 2026", "Sun Nov  1 02:13:20 2026"}},
		// ctime_r's 26 bytes: a five-digit year is cut; no year past a C
		// int; year 0.
		{"UTC", true, []int64{253402300800, 67768036191676800, -62167219200},
			[]string{"Sat Jan  1 00:00:00 10000", "NULL", "Sat Jan  1 00:00:00 0"}},
	} {
		z := New(Config{TZ: c.tz, Set: true})
		for i, s := range c.times {
			var b []byte
			ok := false
			if c.r {
				b, ok = z.CtimeR(nil, s)
			} else {
				b, ok = z.Ctime(nil, s)
			}
			got := string(b)
			if !ok {
				got = "NULL"
			}
			if got != c.want[i] {
				t.Errorf("TZ=%q, %d: got %q, want %q", c.tz, s, got, c.want[i])
			}
		}
	}
}

// A leap second in a right/ zone, as glibc's ctime shows it.
func TestLeapSecond(t *testing.T) {
	requireZone(t, filepath.Join(defaultDir, "right/UTC"))
	z := New(Config{TZ: "right/UTC", Set: true})
	for s, want := range map[int64]string{
		1483228825: "Sat Dec 31 23:59:59 2016",
		1483228826: "Sat Dec 31 23:59:60 2016",
		1483228827: "Sun Jan  1 00:00:00 2017",
		1800000000: "Fri Jan 15 07:59:33 2027", // 27 leap seconds
	} {
		if got, _ := z.Ctime(nil, s); string(got) != want {
			t.Errorf("%d: got %q, want %q", s, got, want)
		}
	}
}
