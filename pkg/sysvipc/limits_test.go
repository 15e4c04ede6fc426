// SPDX-License-Identifier: Apache-2.0

//go:build linux && (amd64 || arm64)

package sysvipc

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/numparse"
)

// scanInts is fscanf(f, "%d\t%d\t%d\t%d") as util-linux reads
// /proc/sys/kernel/sem: each %d skips white space and reads strtol's
// number; ok is false unless all four are there and fit an int.
func scanInts(s string) (v [4]int32, ok bool) {
	for i := range v {
		n, used, err := numparse.Strtol(s, 10)
		if used == 0 || err != nil || n < math.MinInt32 || n > math.MaxInt32 {
			return v, false
		}
		v[i], s = int32(n), s[used:]
	}
	return v, true
}

// FuzzSemLimits: the kernel's rendering of the four values reads back,
// and whatever is accepted is what util-linux's fscanf reads.
func FuzzSemLimits(f *testing.F) {
	for _, s := range []string{"32000\t1024000000\t500\t32000\n", "250 32000 32 128", "1 2 3", "1 2 3 x", "+1 -2 3 4 5",
		"2147483648 1 1 1", "", "1x 2 3 4", "1-2 3 4"} {
		f.Add(s, int32(250), int32(32000), int32(32), int32(128))
	}
	f.Fuzz(func(t *testing.T, s string, msl, mns, opm, mni int32) {
		if l, ok := parseSemLimits(s); ok {
			v, ok := scanInts(s)
			if !ok || l != (SemLimits{MSL: v[0], MNS: v[1], OPM: v[2], MNI: v[3], VMX: SEMVMX}) {
				t.Fatalf("parseSemLimits(%q) = %+v; util-linux reads %v, %v", s, l, v, ok)
			}
		}
		kernel := fmt.Sprintf("%d\t%d\t%d\t%d\n", msl, mns, opm, mni)
		if l, ok := parseSemLimits(kernel); !ok || l != (SemLimits{MSL: msl, MNS: mns, OPM: opm, MNI: mni, VMX: SEMVMX}) {
			t.Fatalf("parseSemLimits(%q) = %+v, %v", kernel, l, ok)
		}
	})
}

// FuzzMsgShmLimits: the kernel's renderings (%d, %lu) of the message
// and shared memory limits read back, and what is accepted renders to
// what it was read from (less leading zeros and "+").
func FuzzMsgShmLimits(f *testing.F) {
	f.Add("32000", "16384", "8192", int32(32000), uint64(18446744073692774399))
	f.Add("-1", "+5", "007", int32(-1), uint64(0))
	f.Add("", "x", "18446744073709551616", int32(0), uint64(1))
	f.Fuzz(func(t *testing.T, a, b, c string, i int32, u uint64) {
		canon := func(s string) string {
			s = strings.TrimPrefix(s, "+")
			neg := strings.HasPrefix(s, "-")
			s = strings.TrimLeft(strings.TrimPrefix(s, "-"), "0")
			if s == "" {
				return "0"
			}
			if neg {
				return "-" + s
			}
			return s
		}
		if l, err := parseMsgLimits([3]string{a, b, c}); err == nil {
			got := [3]string{strconv.Itoa(int(l.MNI)), strconv.Itoa(int(l.MNB)), strconv.FormatUint(l.Max, 10)}
			if got != [3]string{canon(a), canon(b), canon(c)} {
				t.Fatalf("parseMsgLimits(%q, %q, %q) = %+v", a, b, c, l)
			}
		}
		if l, err := parseShmLimits([3]string{a, b, c}); err == nil {
			got := [3]string{strconv.FormatUint(l.MNI, 10), strconv.FormatUint(l.Max, 10), strconv.FormatUint(l.All, 10)}
			if got != [3]string{canon(a), canon(b), canon(c)} || l.Min != 1 {
				t.Fatalf("parseShmLimits(%q, %q, %q) = %+v", a, b, c, l)
			}
		}
		is, us := strconv.Itoa(int(i)), strconv.FormatUint(u, 10)
		if l, err := parseMsgLimits([3]string{is, is, us}); err != nil || l != (MsgLimits{MNI: i, MNB: i, Max: u}) {
			t.Fatalf("parseMsgLimits(%s, %s, %s) = %+v, %v", is, is, us, l, err)
		}
		if l, err := parseShmLimits([3]string{us, us, us}); err != nil || l != (ShmLimits{MNI: u, Max: u, All: u, Min: 1}) {
			t.Fatalf("parseShmLimits(%s) = %+v, %v", us, l, err)
		}
	})
}
