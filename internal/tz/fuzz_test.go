// SPDX-License-Identifier: Apache-2.0

//go:build linux

package tz

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fuzzOracle is the C program when gcc is there (always under CI=true,
// where a missing gcc fails the test), else "": the fuzz targets then
// check only that nothing panics.
func fuzzOracle(f *testing.F) oracle {
	if _, err := exec.LookPath("gcc"); err != nil && os.Getenv("CI") != "true" {
		return ""
	}
	return newOracle(f)
}

// rulesDir is a zone directory holding only a posixrules file.
func rulesDir(f *testing.F) string {
	dir := f.TempDir()
	writeFile(f, dir, posixRules, posixrulesLike.bytes())
	return dir
}

// check runs a Zone for c over the stamps, and compares with glibc when
// there is an oracle.
func (o oracle) check(t *testing.T, c Config) {
	if o == "" {
		ours(New(c), ctime, stamps)
		ours(New(c), ctimeR, stamps)
		return
	}
	o.compare(t, c, stamps)
}

// FuzzRule feeds TZ values to the POSIX rule parser (through tzset, as
// glibc does: a value that names no file under TZDIR is a rule). Every
// seed, and with -fuzz every input, must print what glibc prints.
func FuzzRule(f *testing.F) {
	for _, s := range tzValues {
		f.Add(s)
	}
	for _, s := range []string{
		"A1B,J1,J365/25", "<+0330>-3:30<+0430>,J79/24,J263/24", "EST5EDT,M3.2.0/2:30:30,M11.1.0/1:59:59",
		"AAA\t5", "AAA+\v5", "AAA5BBB,M3.2.0/+2,M11.1.0/--2", "AAA5BBB,M12.5.6/167,M1.1.0/-167",
		"AAA-23:59:59BBB+23:59:59,0,365", "AAA5BBB,M2.5.0,M2.5.6", "AAA0BBB0,M1.1.0,M1.1.0",
		"AAA5BBB6,J59,J60", "AAA5BBB6,59,60", "AAA5BBB6,J365/-26,J1/26",
	} {
		f.Add(s)
	}
	dir := rulesDir(f)
	o := fuzzOracle(f)
	f.Fuzz(func(t *testing.T, tz string) {
		name := strings.TrimPrefix(tz, ":")
		if strings.ContainsRune(tz, 0) || strings.HasPrefix(name, "/") || strings.Contains(tz, "..") {
			return // not an environment value, or a file outside TZDIR
		}
		o.check(t, Config{TZ: tz, Set: true, TZDIR: dir})
	})
}

// FuzzTZif feeds zone files to the TZif reader: the fixtures and some of
// the system's zones as seeds. Every seed, and with -fuzz every input,
// must print what glibc prints.
func FuzzTZif(f *testing.F) {
	fx := fixtures()
	names := make([]string, 0, len(fx))
	for name := range fx {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		f.Add(fx[name])
	}
	for _, zone := range []string{"right/UTC", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata"} {
		if data, err := os.ReadFile(filepath.Join(defaultDir, zone)); err == nil {
			f.Add(data)
		}
	}
	dir := rulesDir(f)
	o := fuzzOracle(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := writeFile(t, t.TempDir(), "zone", data)
		o.check(t, Config{TZ: path, Set: true, TZDIR: dir})
	})
}
