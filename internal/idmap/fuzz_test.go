// SPDX-License-Identifier: Apache-2.0

//go:build linux

package idmap

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/numparse"
)

// scanU is sscanf's %u at the start of s: it returns the number, what
// follows it, and ok false when no number is there. refused reports a
// number that sscanf reads but ParseRange refuses on purpose: a negative
// one (sscanf wraps it) or one beyond 32 bits (sscanf truncates it).
func scanU(s string) (v uint32, rest string, ok, refused bool) {
	sv, n, serr := numparse.Strtol(s, 10)
	if n == 0 {
		return 0, s, false, false
	}
	uv, _, uerr := numparse.Strtoul(s, 10)
	if uerr != nil || serr == nil && sv < 0 || uv > math.MaxUint32 {
		return 0, s[n:], true, true
	}
	return uint32(uv), s[n:], true, false
}

// refRange is util-linux's get_map_range: sscanf "%u:%u:%u%n", else
// "%u,%u,%u%n", with nothing after; plus ParseRange's refusals (see
// scanU, and a count of 0).
func refRange(s string) (Range, bool) {
	for _, sep := range []byte{':', ','} {
		var v [3]uint32
		rest, good := s, true
		for i := range v {
			if i > 0 {
				if rest == "" || rest[0] != sep {
					good = false
					break
				}
				rest = rest[1:]
			}
			var ok, refused bool
			v[i], rest, ok, refused = scanU(rest)
			if !ok || refused {
				good = false
				break
			}
		}
		if good && rest == "" && v[2] > 0 {
			if sep == ':' {
				return Range{Inner: v[0], Outer: v[1], Count: v[2]}, true
			}
			return Range{Outer: v[0], Inner: v[1], Count: v[2]}, true
		}
	}
	return Range{}, false
}

// FuzzParseRange: ParseRange agrees with util-linux's sscanf reading (but
// for the refusals it documents), and what it accepts renders back to
// itself in both forms.
func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"0:100000:65536", "100000,0,65536", "1:2:3", "1,2", "1:2:3:4", "a,b,c", "-1,2,3",
		"1:2,3", "", "4294967296:0:1", " 1: 2: 3", "+1:+2:+3", "1 :2:3", "1:2:3 ", "1:2:0", "-0:0:1", "0x1:2:3", "1,2,3,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseRange(s)
		want, ok := refRange(s)
		if (err == nil) != ok || got != want {
			t.Fatalf("ParseRange(%q) = %+v, %v; util-linux reads %+v, %v", s, got, err, want, ok)
		}
		if err != nil {
			if err.Error() != "invalid mapping '"+s+"'" {
				t.Fatalf("ParseRange(%q): %v", s, err)
			}
			return
		}
		for _, again := range []string{
			fmt.Sprintf("%d:%d:%d", got.Inner, got.Outer, got.Count),
			fmt.Sprintf("%d,%d,%d", got.Outer, got.Inner, got.Count),
		} {
			if r, err := ParseRange(again); err != nil || r != got {
				t.Fatalf("ParseRange(%q) = %+v, but %q reads as %+v, %v", s, got, again, r, err)
			}
		}
	})
}

// refSubID is util-linux's read_subid_range over the lines of data, with
// the owner matched by name or by the uid written in decimal, and numbers
// beyond 32 bits refused.
func refSubID(data, name string, uid uint32) (Range, string) {
	for _, line := range strings.SplitAfter(data, "\n") {
		i := strings.IndexByte(line, ':')
		if i < 0 {
			continue
		}
		if owner := line[:i]; owner != name && owner != strconv.FormatUint(uint64(uid), 10) {
			continue
		}
		s := line[i+1:]
		j := strings.IndexByte(s, ':')
		if j < 0 {
			continue
		}
		start, err1 := numparse.Uint(s[:j], 10, math.MaxUint32)
		count, err2 := numparse.Uint(strings.TrimSuffix(s[j+1:], "\n"), 10, math.MaxUint32)
		if err1 != nil || err2 != nil {
			return Range{}, "failed to parse subid map"
		}
		return Range{Outer: uint32(start), Count: uint32(count)}, ""
	}
	return Range{}, `no line matching user "` + name + `"`
}

// FuzzSubIDRange: /etc/subuid and /etc/subgid are read as util-linux
// reads them, and a line written for the user is found again.
func FuzzSubIDRange(f *testing.F) {
	for _, s := range []string{"alice:100000:65536\nbob:200000:65536\n", "1001:300000:10\n", "bob:x:10\n",
		"garbage\nalice:1:2\n", "bob:1:2:3\n", "bob:1:2 \n", "bob: 1: 2\n", "bob:1\nbob:5:6", "bob:1:2\r\n",
		"bob:4294967296:1\n", ":1:2\n", "01001:7:8\n"} {
		f.Add(s, "bob", uint32(1001))
	}
	f.Fuzz(func(t *testing.T, data, name string, uid uint32) {
		got, err := subIDRange(strings.NewReader(data), name, uid)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		want, wmsg := refSubID(data, name, uid)
		if got != want || msg != wmsg {
			t.Fatalf("subIDRange(%q, %q, %d) = %+v, %q; util-linux reads %+v, %q", data, name, uid, got, msg, want, wmsg)
		}
		if strings.ContainsAny(name, ":\n") || name == "" {
			return
		}
		line := fmt.Sprintf("%s:%d:%d\n", name, uid, uid/2)
		if got, err := subIDRange(strings.NewReader("other:1:2\n"+line+data), name, uid); err != nil || got != (Range{Outer: uid, Count: uid / 2}) {
			t.Fatalf("the line %q reads as %+v, %v", line, got, err)
		}
	})
}

// FuzzKernelMap: the kernel's own uid_map lines ("%10u %10u %10u\n") read
// back as identity ranges, and any line that is accepted says what
// util-linux's sscanf(" %u %*u %u") says.
func FuzzKernelMap(f *testing.F) {
	for _, s := range []string{"         0          0 4294967295\n", "         0       1000          1\n      1000     100000      65536\n",
		"", "x y z\n", "1 2\n", "1 2 3 4\n", "+1 2 3\n", "-0 1 2\n", "\t5\t6\t7", "4294967296 0 1\n"} {
		f.Add(s, uint32(0), uint32(100000), uint32(65536))
	}
	f.Fuzz(func(t *testing.T, s string, inner, outer, count uint32) {
		got := kernelMap(s)
		lines := 0
		for _, line := range strings.Split(s, "\n") {
			start, rest, ok, _ := scanU(strings.TrimLeft(line, " \t\n\v\f\r"))
			_, rest, ok2, _ := scanU(rest)
			n, _, ok3, _ := scanU(rest)
			if !ok || !ok2 || !ok3 {
				continue
			}
			if lines < len(got) && got[lines] == (Range{Inner: start, Outer: start, Count: n}) {
				lines++
			}
		}
		if lines != len(got) {
			t.Fatalf("kernelMap(%q) = %+v: not what util-linux reads", s, got)
		}
		kernel := fmt.Sprintf("%s%10d %10d %10d\n", "", inner, outer, count)
		if r := kernelMap(s + "\n" + kernel); len(r) != len(got)+1 || r[len(got)] != (Range{Inner: inner, Outer: inner, Count: count}) {
			t.Fatalf("the kernel's line %q reads as %+v", kernel, r)
		}
	})
}

// mapped is what rs maps the inner ID to, if anything.
func mapped(rs []Range, inner uint32) (uint32, bool) {
	for _, r := range rs {
		if inner >= r.Inner && uint64(inner) < uint64(r.Inner)+uint64(r.Count) {
			return r.Outer + (inner - r.Inner), true
		}
	}
	return 0, false
}

// FuzzWithSingleKeeps: WithSingle maps the single pair first, and every
// other pair of the original ranges exactly as before unless it shares
// the single pair's inner or outer ID. IDs around the edges are probed.
func FuzzWithSingleKeeps(f *testing.F) {
	f.Add(uint32(0), uint32(100000), uint32(65536), uint32(70000), uint32(100005), uint32(10), uint32(1000), uint32(0))
	f.Add(uint32(1000), uint32(1000), uint32(10), uint32(0), uint32(0), uint32(0), uint32(1003), uint32(1005))
	f.Add(uint32(0), uint32(0), uint32(4294967295), uint32(0), uint32(0), uint32(0), uint32(4294967295), uint32(4294967294))
	f.Fuzz(func(t *testing.T, in1, out1, n1, in2, out2, n2, sOuter, sInner uint32) {
		rs := []Range{{in1, out1, n1}, {in2, out2, n2}}
		for _, r := range rs {
			if uint64(r.Inner)+uint64(r.Count) > 1<<32 || uint64(r.Outer)+uint64(r.Count) > 1<<32 {
				return
			}
		}
		if overlaps(in1, n1, in2, n2) || overlaps(out1, n1, out2, n2) {
			return // not a valid map to start from
		}
		got := WithSingle(rs, sOuter, sInner)
		checkNoOverlap(t, got)
		if got[0] != (Range{Inner: sInner, Outer: sOuter, Count: 1}) {
			t.Fatalf("WithSingle starts with %+v", got[0])
		}
		var probes []uint32
		for _, v := range []uint32{in1, in1 + n1, in2, in2 + n2, sInner, sOuter} {
			probes = append(probes, v-1, v, v+1)
		}
		for _, id := range probes {
			want, ok := mapped(rs, id)
			if id == sInner {
				want, ok = sOuter, true
			} else if ok && want == sOuter {
				ok = false
			}
			if o, found := mapped(got, id); found != ok || ok && o != want {
				t.Fatalf("WithSingle(%+v, %d, %d) = %+v maps %d to %d, %v; want %d, %v", rs, sOuter, sInner, got, id, o, found, want, ok)
			}
		}
	})
}
