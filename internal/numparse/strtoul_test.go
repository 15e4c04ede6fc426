// SPDX-License-Identifier: Apache-2.0

//go:build linux

package numparse

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// oracleC reads lines "base hexstring" and prints, for each, what C's
// strtoull and strtoll return (value, bytes read, errno) and what
// util-linux's ul_strtou64 and ul_strtos64 make of the whole word (the
// same algorithm: strtoimax first to refuse negatives, then the end must
// be the end of the string).
const oracleC = `
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ul_u64(const char *s, uint64_t *num, int base) {
	char *end = NULL;
	if (*s == '\0') return EINVAL;
	errno = 0;
	int64_t tmp = strtoimax(s, &end, base);
	if (tmp < 0) errno = ERANGE;
	else { errno = 0; *num = strtoumax(s, &end, base); }
	if (errno) return errno;
	if (s == end || *end) return EINVAL;
	return 0;
}

static int ul_s64(const char *s, int64_t *num, int base) {
	char *end = NULL;
	if (*s == '\0') return EINVAL;
	errno = 0;
	*num = strtoimax(s, &end, base);
	if (errno) return errno;
	if (s == end || *end) return EINVAL;
	return 0;
}

int main(void) {
	char line[4096], buf[2048];
	int base;
	while (fgets(line, sizeof line, stdin)) {
		char *hexs = strchr(line, ' ') + 1;
		base = atoi(line);
		size_t n = 0;
		for (char *p = hexs; p[0] && p[1] && p[0] != '\n'; p += 2) {
			unsigned v; sscanf(p, "%2x", &v); buf[n++] = (char)v;
		}
		buf[n] = 0;
		char *end;
		errno = 0;
		unsigned long long u = strtoull(buf, &end, base);
		int ue = errno; long ul = end - buf;
		errno = 0;
		long long l = strtoll(buf, &end, base);
		int le = errno; long ll = end - buf;
		uint64_t uu = 0; int64_t ss = 0;
		int ure = ul_u64(buf, &uu, base), sre = ul_s64(buf, &ss, base);
		printf("%llu %ld %d %lld %ld %d %" PRIu64 " %d %" PRId64 " %d\n",
			u, ul, ue, l, ll, le, ure ? 0 : uu, ure, sre ? 0 : ss, sre);
	}
	return 0;
}
`

// numberWords is a corpus of words that probe strtoul's corners: signs,
// spaces, prefixes, bases, limits and garbage, plus random words.
func numberWords() []string {
	words := []string{"", "0", "1", "+1", "-1", "-0", "+0", " 7", "\t\n\v\f\r 7", "7 ", "7x", "x7",
		"0x", "0x1", "0X1f", "0xg", "0x 1", "-0x10", "+0x10", "010", "08", "0b1", "00", "--1", "+-1", "- 1",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
		"18446744073709551615", "18446744073709551616", "-18446744073709551615", "-18446744073709551616",
		"99999999999999999999999", "0xffffffffffffffff", "0x10000000000000000", "01777777777777777777777",
		"02000000000000000000000", "zz", "ZZ", "1z", "4294967295", "4294967296", "2147483647", "2147483648",
		"-2147483648", "-2147483649", "1e3", "1.5", "١", "\x00", "0x\x00"}
	rnd := rand.New(rand.NewSource(1))
	const alphabet = " \t+-0123456789abcdefxXzZ"
	for range 20000 {
		b := make([]byte, rnd.Intn(24))
		for i := range b {
			b[i] = alphabet[rnd.Intn(len(alphabet))]
		}
		words = append(words, string(b))
	}
	return words
}

// TestStrtoulMatchesC compares Strtoul, Strtol, Uint and Int with glibc's
// strtoull and strtoll (and util-linux's whole-word rules) word by word.
func TestStrtoulMatchesC(t *testing.T) {
	gcc := nstest.Tool(t, "gcc")
	dir := t.TempDir()
	src, bin := filepath.Join(dir, "oracle.c"), filepath.Join(dir, "oracle")
	os.WriteFile(src, []byte(oracleC), 0o644)
	if out, err := exec.Command(gcc, "-O1", "-o", bin, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	var in strings.Builder
	type q struct {
		base int
		word string
	}
	var qs []q
	for _, w := range numberWords() {
		if strings.ContainsRune(w, 0) {
			w = w[:strings.IndexByte(w, 0)] // C stops at the NUL
		}
		for _, base := range []int{0, 2, 8, 10, 16, 36} {
			qs = append(qs, q{base, w})
			fmt.Fprintf(&in, "%d %s\n", base, hex.EncodeToString([]byte(w)))
		}
	}
	cmd := exec.Command(bin)
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	errno := func(err error) int {
		if e, ok := err.(syscall.Errno); ok {
			return int(e)
		}
		if err == ErrSyntax {
			return int(syscall.EINVAL)
		}
		return 0
	}
	bad := 0
	for _, c := range qs {
		if !sc.Scan() {
			t.Fatal("the oracle stopped early")
		}
		u, un, ue := Strtoul(c.word, c.base)
		l, ln, le := Strtol(c.word, c.base)
		uu, ure := Uint(c.word, c.base, ^uint64(0))
		ss, sre := Int(c.word, c.base, -1<<63, 1<<63-1)
		got := fmt.Sprintf("%d %d %d %d %d %d %d %d %d %d", u, un, errno(ue), l, ln, errno(le), uu, errno(ure), ss, errno(sre))
		if got != sc.Text() {
			if bad++; bad < 20 {
				t.Errorf("base %d %q: got %s, C %s", c.base, c.word, got, sc.Text())
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d words differ", bad, len(qs))
	}
}

func FuzzStrtoul(f *testing.F) {
	for _, w := range numberWords()[:60] {
		f.Add(w, 0)
		f.Add(w, 10)
	}
	f.Fuzz(func(t *testing.T, s string, base int) {
		base = (base%38 + 38) % 38
		u, n, err := Strtoul(s, base)
		l, ln, lerr := Strtol(s, base)
		if n != ln || n < 0 || n > len(s) {
			t.Fatalf("%q base %d: read %d and %d bytes", s, base, n, ln)
		}
		if n == 0 && (u != 0 || l != 0) {
			t.Fatalf("%q base %d: no digits, values %d %d", s, base, u, l)
		}
		if err == nil && lerr == nil && uint64(l) != u {
			t.Fatalf("%q base %d: strtoul %d, strtol %d", s, base, u, l)
		}
		if v, err := Uint(s, base, 1<<32-1); err == nil && (v > 1<<32-1 || n != len(s)) {
			t.Fatalf("Uint(%q, %d) = %d", s, base, v)
		}
	})
}
