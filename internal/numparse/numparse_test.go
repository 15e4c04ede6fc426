// SPDX-License-Identifier: Apache-2.0

//go:build linux

package numparse

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

func TestMain(m *testing.M) { nstest.Main(m) }

// sizeCases holds what Size returns and, in ul, what util-linux 2.38.1's
// strtosize returns when that differs (its fractions are wrong: util-linux
// issue 2213). The oracle test checks both against the real ipcmk.
var sizeCases = []struct {
	in   string
	want uint64
	err  error
	ul   uint64
}{
	{"1", 1, nil, 0},
	{"4096", 4096, nil, 0},
	{"0", 0, nil, 0},
	{"0x10", 16, nil, 0},
	{"010", 8, nil, 0},
	{" 5", 5, nil, 0},
	{"+5", 5, nil, 0},
	{"1K", 1024, nil, 0},
	{"1k", 1024, nil, 0},
	{"1KiB", 1024, nil, 0},
	{"1Kib", 1024, nil, 0},
	{"1KB", 1000, nil, 0},
	{"1kB", 1000, nil, 0},
	{"1kb", 1000, nil, 0},
	{"2M", 2 << 20, nil, 0},
	{"3G", 3 << 30, nil, 0},
	{"1T", 1 << 40, nil, 0},
	{"1P", 1 << 50, nil, 0},
	{"1E", 1 << 60, nil, 0},
	{"15E", 15 << 60, nil, 0},
	{"1MB", 1000000, nil, 0},
	{"1.5M", 1572864, nil, 0},
	{"1.5K", 1536, nil, 0},
	{"1.50K", 1536, nil, 0},
	{"1.05K", 1075, nil, 0},
	{"1.0K", 1024, nil, 0},
	{"1.5KiB", 1536, nil, 0},
	{"1.5KB", 1500, nil, 0},
	{"1.5kb", 1500, nil, 0},
	{"0x1.8K", 1843, nil, 2048},
	{"1.25K", 1280, nil, 1279},
	{"1.75M", 1835008, nil, 2149580},
	{"3.6G", 3865470566, nil, 4294967296},
	{"0.3K", 307, nil, 341},
	{"0.5Y", 0, syscall.ERANGE, 0},
	{"0.000000000000001Z", 1180591, nil, 1152},
	{"1..5K", 1536, nil, 0},
	{"1.0.5M", 1101004, nil, 0},
	{"1.010K", 1034, nil, 1126},
	{"18446744073709551615", 18446744073709551615, nil, 0},

	{"", 0, syscall.EINVAL, 0},
	{"abc", 0, syscall.EINVAL, 0},
	{"-1", 0, syscall.EINVAL, 0},
	{" -1", 0, syscall.EINVAL, 0},
	{"1.5", 0, syscall.EINVAL, 0},
	{"1.0", 0, syscall.EINVAL, 0},
	{"1.00", 0, syscall.EINVAL, 0},
	{"0.5", 0, syscall.EINVAL, 0},
	{"08", 0, syscall.EINVAL, 0},
	{"1K ", 0, syscall.EINVAL, 0},
	{"1.5.5K", 0, syscall.EINVAL, 0},
	{"1e3", 0, syscall.EINVAL, 0},
	{"1.5B", 0, syscall.EINVAL, 0},
	{"1b", 0, syscall.EINVAL, 0},
	{"1B", 0, syscall.EINVAL, 0},
	{"0x", 0, syscall.EINVAL, 0},
	{"0xK", 0, syscall.EINVAL, 0},
	{"5X", 0, syscall.EINVAL, 0},
	{"5iB", 0, syscall.EINVAL, 0},
	{"5XiB", 0, syscall.EINVAL, 0},
	{"+ 5", 0, syscall.EINVAL, 0},
	{"1.0x5K", 0, syscall.EINVAL, 0},
	{"18446744073709551616", 0, syscall.ERANGE, 0},
	{"1.9999999999999999999999K", 0, syscall.ERANGE, 0},
	{"16E", 0, syscall.ERANGE, 0},
	{"20EiB", 0, syscall.ERANGE, 0},
	{"5Y", 0, syscall.ERANGE, 0},
	{"5Z", 0, syscall.ERANGE, 0},
}

func TestSize(t *testing.T) {
	for _, c := range sizeCases {
		got, err := Size(c.in)
		if err != c.err || (err == nil && got != c.want) {
			t.Errorf("Size(%q) = %d, %v; want %d, %v", c.in, got, err, c.want, c.err)
		}
	}
}

// TestSizeMatchesUtilLinux gives every valid case of the table to
// util-linux's ipcmk -M in a fresh IPC namespace and reads the size the
// kernel recorded, and checks that ipcmk refuses every invalid case with
// the same errno text.
func TestSizeMatchesUtilLinux(t *testing.T) {
	ipcmk := nstest.Tool(t, "ipcmk")
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC) {
		return
	}
	for _, c := range sizeCases {
		if c.err == nil && (c.want == 0 || c.want > 1<<34) || c.in == "0.5Y" {
			continue // the kernel refuses these sizes whatever the parser says
		}
		out, err := exec.Command(ipcmk, "-M", c.in).CombinedOutput()
		if c.err != nil {
			want := "ipcmk: failed to parse size: '" + c.in + "': " + errText(c.err) + "\n"
			if err == nil || string(out) != want {
				t.Errorf("ipcmk -M %q: %q, want %q", c.in, out, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("ipcmk -M %q: %v: %s", c.in, err, out)
			continue
		}
		want := c.want
		if c.ul != 0 {
			want = c.ul
		}
		id := strings.TrimPrefix(strings.TrimSpace(string(out)), "Shared memory id: ")
		if got := shmSize(t, id); got != want {
			t.Errorf("ipcmk -M %q made %d bytes; expected util-linux to make %d", c.in, got, want)
		}
	}
}

func errText(err error) string {
	s := err.Error()
	return strings.ToUpper(s[:1]) + s[1:]
}

// shmSize reads the size of segment id from /proc/sysvipc/shm and removes
// the segment.
func shmSize(t *testing.T, id string) uint64 {
	t.Helper()
	data, err := os.ReadFile("/proc/sysvipc/shm")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) > 3 && f[1] == id {
			n, _ := strconv.Atoi(id)
			sysvipc.ShmRemove(n)
			size, err := strconv.ParseUint(f[3], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return size
		}
	}
	t.Fatalf("segment %s not in /proc/sysvipc/shm", id)
	return 0
}

func TestID(t *testing.T) {
	cases := []struct {
		in   string
		want int32
		err  error
	}{
		{"0", 0, nil},
		{"42", 42, nil},
		{"010", 10, nil},
		{" 7", 7, nil},
		{"+7", 7, nil},
		{"-1", -1, nil},
		{"2147483647", 2147483647, nil},
		{"-2147483648", -2147483648, nil},
		{"", 0, ErrSyntax},
		{"abc", 0, ErrSyntax},
		{"0x0", 0, ErrSyntax},
		{"1 ", 0, ErrSyntax},
		{"-", 0, ErrSyntax},
		{"2147483648", 0, syscall.ERANGE},
		{"-2147483649", 0, syscall.ERANGE},
		{"99999999999", 0, syscall.ERANGE},
		{"99999999999999999999999", 0, syscall.ERANGE},
		{"99999999999999999999999x", 0, syscall.ERANGE},
	}
	for _, c := range cases {
		got, err := ID(c.in)
		if err != c.err || got != c.want {
			t.Errorf("ID(%q) = %d, %v; want %d, %v", c.in, got, err, c.want, c.err)
		}
		lid, ok := LegacyID(c.in)
		if ok != (c.err == nil) || lid != c.want {
			t.Errorf("LegacyID(%q) = %d, %v", c.in, lid, ok)
		}
	}
}

func TestKey(t *testing.T) {
	cases := []struct {
		in   string
		want int32
		err  error
	}{
		{"0", 0, nil},
		{"0x1234", 0x1234, nil},
		{"0X1234", 0x1234, nil},
		{"010", 8, nil},
		{"4660", 4660, nil},
		{"-5", -5, nil},
		{"0xffffffff", -1, nil},
		{"4294967295", -1, nil},
		{"-2147483648", -2147483648, nil},
		{"0x80000000", -2147483648, nil},
		{"", 0, ErrSyntax},
		{"zz", 0, ErrSyntax},
		{"0x", 0, ErrSyntax},
		{"12abc", 0, ErrSyntax},
		{"08", 0, ErrSyntax},
		{"0x1ffffffff", 0, syscall.ERANGE},
		{"-2147483649", 0, syscall.ERANGE},
		{"0xffffffffffffffffff", 0, syscall.ERANGE},
	}
	for _, c := range cases {
		got, err := Key(c.in)
		if err != c.err || got != c.want {
			t.Errorf("Key(%q) = %d, %v; want %d, %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestMode(t *testing.T) {
	cases := []struct {
		in   string
		want uint32
		err  error
	}{
		{"644", 0o644, nil},
		{"0644", 0o644, nil},
		{"0", 0, nil},
		{"777", 0o777, nil},
		{"0600", 0o600, nil},
		{" 640", 0o640, nil},
		{"999", 0, ErrSyntax},
		{"abc", 0, ErrSyntax},
		{"", 0, ErrSyntax},
		{"64a", 0, ErrSyntax},
		{"-1", 0, ErrSyntax},
		{"1000", 0, syscall.ERANGE},
		{"4755", 0, syscall.ERANGE},
		{"7777777777777777777777777", 0, syscall.ERANGE},
	}
	for _, c := range cases {
		got, err := Mode(c.in)
		if err != c.err || got != c.want {
			t.Errorf("Mode(%q) = %o, %v; want %o, %v", c.in, got, err, c.want, c.err)
		}
	}
}

// The fuzz targets check that no input panics and that each result agrees
// with an independent reading of the plain forms.

func FuzzSize(f *testing.F) {
	for _, c := range sizeCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Size(s)
		if err != nil && err != syscall.EINVAL && err != syscall.ERANGE {
			t.Fatalf("Size(%q): unexpected error %v", s, err)
		}
		if n, perr := strconv.ParseUint(s, 10, 64); perr == nil && (s[0] != '0' || len(s) == 1) {
			if err != nil || v != n {
				t.Fatalf("Size(%q) = %d, %v; a plain decimal is %d", s, v, err, n)
			}
		}
		if err == nil && strings.HasPrefix(strings.TrimLeft(s, " \t\n\v\f\r"), "-") {
			t.Fatalf("Size(%q) accepted a negative size", s)
		}
	})
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"0", "0x1234", "-5", "010", "0xffffffff", "zz", "", "0x1ffffffff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := Key(s)
		if err != nil && err != ErrSyntax && err != syscall.ERANGE {
			t.Fatalf("Key(%q): unexpected error %v", s, err)
		}
		digits := strings.TrimLeft(strings.ToLower(s), "+-")
		goPrefix := strings.HasPrefix(digits, "0b") || strings.HasPrefix(digits, "0o") || strings.Contains(s, "_")
		if n, perr := strconv.ParseInt(s, 0, 64); perr == nil && !goPrefix {
			inRange := n >= -1<<31 && n <= 1<<32-1
			if inRange != (err == nil) || (err == nil && k != int32(uint32(n))) {
				t.Fatalf("Key(%q) = %d, %v; strconv reads %d", s, k, err, n)
			}
		}
	})
}

func FuzzID(f *testing.F) {
	for _, s := range []string{"0", "42", "-1", "2147483648", "abc", "", "0x0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ID(s)
		if err != nil && err != ErrSyntax && err != syscall.ERANGE {
			t.Fatalf("ID(%q): unexpected error %v", s, err)
		}
		if n, perr := strconv.ParseInt(s, 10, 32); perr == nil && !strings.Contains(s, "_") {
			if err != nil || id != int32(n) {
				t.Fatalf("ID(%q) = %d, %v; strconv reads %d", s, id, err, n)
			}
		} else if err == nil && strings.TrimLeft(s, " \t\n\v\f\r+") == strings.TrimLeft(s, " \t\n\v\f\r+-") {
			if n, perr := strconv.ParseInt(strings.TrimLeft(s, " \t\n\v\f\r+"), 10, 64); perr != nil || int32(n) != id {
				t.Fatalf("ID(%q) = %d accepted what strconv refuses", s, id)
			}
		}
	})
}

func FuzzMode(f *testing.F) {
	for _, s := range []string{"644", "0777", "999", "1000", "", "abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Mode(s)
		if err == nil && m > 0o777 {
			t.Fatalf("Mode(%q) = %o, above 0777", s, m)
		}
		if err != nil && !errors.Is(err, ErrSyntax) && err != syscall.ERANGE {
			t.Fatalf("Mode(%q): unexpected error %v", s, err)
		}
		if n, perr := strconv.ParseUint(s, 8, 64); perr == nil && !strings.Contains(s, "_") && n <= 0o777 {
			if err != nil || m != uint32(n) {
				t.Fatalf("Mode(%q) = %o, %v; strconv reads %o", s, m, err, n)
			}
		}
	})
}
