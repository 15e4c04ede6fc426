// SPDX-License-Identifier: Apache-2.0

//go:build linux

package tz

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// oracleSource is the C side of the differential tests: for each Unix
// time on its command line, in order (glibc keeps state between calls),
// ctime's work done by its parts: localtime() and asctime() ("ctime"), or
// localtime_r() and asctime_r() into a 26-byte buffer, as util-linux's
// ipcs calls ctime_r ("ctime_r"). A line holds the string (what the
// buffer holds for ctime_r, "NULL" if it was not written) and the fields.
const oracleSource = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
	int reentrant = strcmp(argv[1], "ctime_r") == 0;
	for (int i = 2; i < argc; i++) {
		time_t t = strtoll(argv[i], NULL, 10);
		struct tm tmbuf, *tm;
		char buf[26] = "NULL", *s;  /* "NULL": ctime_r did not write */
		if (reentrant) {
			tm = localtime_r(&t, &tmbuf);
			asctime_r(tm, buf);
			s = buf;
		} else {
			tm = localtime(&t);
			s = asctime(tm);
		}
		if (tm == NULL) {
			puts("NULL");
			continue;
		}
		char out[128];
		snprintf(out, sizeof out, "%s", s ? s : "NULL");
		out[strcspn(out, "\n")] = 0;
		printf("%s|%lld %d %d %d %d %d %d %d %d %ld\n", out,
			(long long)tm->tm_year + 1900, tm->tm_mon, tm->tm_mday,
			tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_wday, tm->tm_yday,
			tm->tm_isdst, tm->tm_gmtoff);
	}
	return 0;
}
`

// The two ways of calling glibc that the oracle knows.
type mode string

const (
	ctime  mode = "ctime"   // localtime and asctime
	ctimeR mode = "ctime_r" // localtime_r and asctime_r, as ipcs
)

// oracle is the compiled C program.
type oracle string

// newOracle compiles the C program with gcc: the test stops (skipped, or
// failed under CI=true) without gcc.
func newOracle(t testing.TB) oracle {
	t.Helper()
	gcc := nstest.Tool(t, "gcc")
	dir := t.TempDir()
	src := filepath.Join(dir, "localtime.c")
	if err := os.WriteFile(src, []byte(oracleSource), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "localtime")
	if out, err := exec.Command(gcc, "-O2", "-o", bin, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	return oracle(bin)
}

// environ is c as an environment, and nothing else.
func (c Config) environ() []string {
	var env []string
	if c.Set {
		env = append(env, "TZ="+c.TZ)
	}
	if c.TZDIR != "" {
		env = append(env, "TZDIR="+c.TZDIR)
	}
	return env
}

func (c Config) String() string {
	s := "TZ unset"
	if c.Set {
		s = "TZ=" + strconv.Quote(c.TZ)
	}
	if c.TZDIR != "" {
		s += " TZDIR=" + c.TZDIR
	}
	return s
}

// glibc is what the C program prints, one line per time.
func (o oracle) glibc(c Config, m mode, times []int64) ([]string, error) {
	args := []string{string(m)}
	for _, s := range times {
		args = append(args, strconv.FormatInt(s, 10))
	}
	cmd := exec.Command(string(o), args...)
	cmd.Env = c.environ()
	out, err := cmd.Output()
	return strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"), err
}

// ours is the same lines from a Zone, in the same order, and which of
// them glibc leaves undefined (its answer depends on memory outside its
// data: only odd rules and fuzzed files get there).
func ours(z *Zone, m mode, times []int64) (lines []string, undefined []bool) {
	lines, undefined = make([]string, len(times)), make([]bool, len(times))
	for i, s := range times {
		localtime := z.Localtime
		if m == ctimeR {
			localtime = z.LocaltimeR
		}
		tm, ok := localtime(s)
		undefined[i] = z.undefined
		if !ok {
			lines[i] = "NULL"
			continue
		}
		ct, ok := tm.AppendAsctime(nil)
		if m == ctimeR && len(ct) >= ctimeBuf {
			ct = ct[:ctimeBuf-1]
		}
		if !ok {
			ct = []byte("NULL")
		}
		lines[i] = fmt.Sprintf("%s|%d %d %d %d %d %d %d %d %d %d", ct, tm.Year, tm.Mon, tm.MDay,
			tm.Hour, tm.Min, tm.Sec, tm.WDay, tm.YDay, tm.IsDST, tm.GMTOff)
	}
	return lines, undefined
}

// compare checks that a Zone for c gives what glibc gives, time by time,
// called both ways, and returns how many times glibc left undefined (not
// compared).
func (o oracle) compare(t testing.TB, c Config, times []int64) (undefined int) {
	t.Helper()
	for _, m := range []mode{ctime, ctimeR} {
		undefined += o.compareMode(t, c, m, times)
	}
	return undefined
}

func (o oracle) compareMode(t testing.TB, c Config, m mode, times []int64) (undefined int) {
	t.Helper()
	got, undef := ours(New(c), m, times)
	want, err := o.glibc(c, m, times)
	if err != nil {
		// glibc may crash where it reads outside its data.
		if slices.Contains(undef, true) {
			return 1
		}
		t.Fatalf("%v: C program: %v", c, err)
	}
	if len(want) != len(got) {
		t.Fatalf("%v: C program printed %d lines for %d times", c, len(want), len(times))
	}
	bad := 0
	for i := range times {
		if undef[i] {
			undefined++
			continue
		}
		if got[i] != want[i] {
			if bad++; bad <= 5 {
				t.Errorf("%v, %s, t=%d:\n got  %s\n want %s", c, m, times[i], got[i], want[i])
			}
		}
	}
	if bad > 5 {
		t.Errorf("%v, %s: %d more differences", c, m, bad-5)
	}
	return undefined
}
