package ipcs

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gonstools/gonstools/pkg/nstest"
)

// Sizes as util-linux 2.38.1's ipcs --human printed them (see also the
// differential tests of cmd/goipcs).
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
	loc := location("CET-1CEST,M3.5.0,M10.5.0/3", true)
	const winter, summer = 1795464011, 1780000000 // 2026-11-23, 2026-05-28
	for _, c := range []struct{ got, want string }{
		{string(ctime(nil, winter, loc)), "Mon Nov 23 21:00:11 2026"},
		{string(ctime(nil, summer, loc)), "Thu May 28 22:26:40 2026"},
		{string(ctime(nil, 0, time.UTC)), "Thu Jan  1 00:00:00 1970"},
		{string(ctime(nil, 253402300800, time.UTC)), "Sat Jan  1 00:00:00 10000"},
		{string(shortTime(nil, winter, loc)), "Nov 23 21:00:11     "},
		{string(shortTime(nil, 0, loc)), "Not set             "},
		{string(longTime(nil, summer, loc)), "Thu May 28 22:26:40 2026  "},
		{string(longTime(nil, 0, loc)), "Not set                   "},
		{string(date(nil, 0, time.UTC)), "Thu Jan  1 00:00:00 1970  "},
		// A five-digit year is cut like any other date.
		{string(longTime(nil, 253402300800, time.UTC)), "Sat Jan  1 00:00:00 1000  "},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// location follows TZ as glibc does: compare with date(1), which formats
// with glibc's localtime.
func TestLocationMatchesGlibc(t *testing.T) {
	date := nstest.Tool(t, "date")
	stamps := []int64{0, 1780000000, 1795464011, 2000000000}
	for _, tz := range []string{
		"UTC", "", "Europe/Paris", ":Asia/Tokyo", "America/New_York",
		"/usr/share/zoneinfo/Australia/Lord_Howe", "JST-9",
		"CET-1CEST,M3.5.0,M10.5.0/3", "<+0330>-3:30", "EST5EDT", "UTC0", "no/such/zone",
	} {
		loc := location(tz, true)
		for _, s := range stamps {
			cmd := exec.Command(date, "-d", "@"+strconv.FormatInt(s, 10), "+%a %b %e %H:%M:%S %Y")
			cmd.Env = []string{"TZ=" + tz, "LC_ALL=C"}
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("TZ=%s date: %v", tz, err)
			}
			if got, want := string(ctime(nil, s, loc)), strings.TrimSpace(string(out)); got != want {
				t.Errorf("TZ=%q, %d: ctime = %q, glibc says %q", tz, s, got, want)
			}
		}
	}
}

// Arbitrary TZ text never breaks Location: a bad rule is UTC.
func FuzzLocation(f *testing.F) {
	for _, s := range []string{"JST-9", "CET-1CEST,M3.5.0,M10.5.0/3", "<+0330>-3:30", "", ":", "\n", "A1B,J1,J365/25"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tz string) {
		if strings.HasPrefix(strings.TrimPrefix(tz, ":"), "/") {
			return // a file name: not this test's business
		}
		loc := location(tz, true)
		if got := ctime(nil, 1795464011, loc); len(got) != 24 {
			t.Fatalf("TZ=%q: ctime %q", tz, got)
		}
	})
}
