// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import (
	"math"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/tz"
)

// Sizes as util-linux 2.38.1's ipcs --human printed them (see also the
// differential tests of internal/cmd/goipcs).
func TestHumanSize(t *testing.T) {
	for _, c := range []struct {
		in   uint64
		want string
	}{
		{0, "0B"}, {1, "1B"}, {1023, "1023B"}, {1024, "1K"}, {1025, "1K"},
		{1075, "1K"}, {1076, "1.1K"}, {1996, "1.9K"}, {1997, "2K"}, {2047, "2K"},
		{5000, "4.9K"}, {104857, "102.4K"}, {1048063, "1023.5K"}, {1048064, "1023.5K"},
		{1048575, "1024K"}, {1 << 20, "1M"}, {1572864, "1.5M"}, {5000000, "4.8M"},
		{8192, "8K"}, {16384, "16K"}, {1 << 40, "1T"}, {1<<60 - 1, "1024P"},
		{1 << 60, "1E"}, {18446744073692774399, "16E"}, {^uint64(0), "16E"},
		{18446744073709547520, "16E"}, {3 << 59, "1.5E"},
	} {
		if got := string(humanSize(nil, c.in)); got != c.want {
			t.Errorf("humanSize(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPrintf(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{string(left(nil, "ab", 5)), "ab   "},
		{string(left(nil, "abcdef", 3)), "abcdef"},
		{string(leftCut(nil, "averyverylongname", 10)), "averyveryl"},
		{string(leftCut(nil, "root", 10)), "root      "},
		{string(right(nil, "ab", 5)), "   ab"},
		{string(leftInt(nil, -5, 4)), "-5  "},
		{string(leftUint(nil, 4294967295, 10)), "4294967295"},
		{string(leftOct(nil, 0o644, 10)), "644       "},
		{string(rightInt(nil, 42, 5)), "   42"},
		{string(rightInt(nil, 4194304, 5)), "4194304"},
		{string(altOct(nil, 0)), "0"},
		{string(altOct(nil, 0o1644)), "01644"},
		{string(key(nil, 0)), "0x00000000"},
		{string(key(nil, -1)), "0xffffffff"},
		{string(key(nil, 0x1234)), "0x00001234"},
		{string(pad(nil, 70)), strings.Repeat(" ", 70)},
		{string(size(nil, UnitDefault, "used space", 5, " bytes\n", 0)), "used space = 5 bytes\n"},
		{string(size(nil, UnitBytes, "used space", 5, "\n", 0)), "used space (bytes) = 5\n"},
		{string(size(nil, unitKB, "max seg size", 4096, "\n", 0)), "max seg size (kbytes) = 4\n"},
		{string(size(nil, UnitHuman, "cbytes=", 2048, "\t", 0)), "cbytes=2K\t"},
		{string(size(nil, UnitDefault, "", 7, "", -12)), "7           "},
		{string(size(nil, UnitHuman, "", 7, "|", 6)), "    7B|"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestTimes(t *testing.T) {
	e := &Env{Zone: tz.New(tz.Config{TZ: "CET-1CEST,M3.5.0,M10.5.0/3", Set: true})}
	utc := &Env{}                                 // no Zone: UTC
	const winter, summer = 1795464011, 1780000000 // 2026-11-23, 2026-05-28
	for _, c := range []struct{ got, want string }{
		{string(e.shortTime(nil, winter)), "Nov 23 21:00:11     "},
		{string(e.shortTime(nil, 0)), "Not set             "},
		{string(e.longTime(nil, summer)), "Thu May 28 22:26:40 2026  "},
		{string(e.longTime(nil, 0)), "Not set                   "},
		{string(e.date(nil, 0)), "Thu Jan  1 01:00:00 1970  "},
		{string(utc.date(nil, 0)), "Thu Jan  1 00:00:00 1970  "},
		// A five-digit year does not fit ctime_r's buffer, which keeps
		// the first 25 bytes; ipcs prints 24 of them.
		{string(utc.longTime(nil, 253402300800)), "Sat Jan  1 00:00:00 1000  "},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Where ctime_r gives nothing (a year beyond a C int), ipcs prints its
// static buffer as it is: empty at first, then the previous date.
func TestTimesKeepBuffer(t *testing.T) {
	e := &Env{}
	for _, c := range []struct{ got, want string }{
		{string(e.longTime(nil, math.MaxInt64)), "                          "},
		{string(e.shortTime(nil, math.MaxInt64)), "                    "},
		{string(e.longTime(nil, 1)), "Thu Jan  1 00:00:01 1970  "},
		{string(e.longTime(nil, math.MaxInt64)), "Thu Jan  1 00:00:01 1970  "},
		{string(e.shortTime(nil, math.MinInt64)), "Jan  1 00:00:01     "},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
