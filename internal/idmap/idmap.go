// SPDX-License-Identifier: Apache-2.0

//go:build linux

package idmap

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/numparse"
)

// Range maps Count IDs starting at Outer (in the parent namespace) to
// IDs starting at Inner (in the new one).
type Range struct {
	Inner, Outer, Count uint32
}

// ParseRange reads "inner:outer:count" or the older "outer,inner,count".
// Each number is read as sscanf's %u reads it (leading white space and "+"
// allowed), but a negative number, one beyond 32 bits or a count of 0 is
// refused rather than wrapped around or handed to the kernel.
func ParseRange(s string) (Range, error) {
	if r, ok := parse3(s, ":"); ok {
		return Range{Inner: r[0], Outer: r[1], Count: r[2]}, nil
	}
	if r, ok := parse3(s, ","); ok {
		return Range{Outer: r[0], Inner: r[1], Count: r[2]}, nil
	}
	return Range{}, fmt.Errorf("invalid mapping '%s'", s)
}

func parse3(s, sep string) ([3]uint32, bool) {
	var out [3]uint32
	parts := strings.Split(s, sep)
	if len(parts) != 3 {
		return out, false
	}
	for i, p := range parts {
		n, err := numparse.Uint(p, 10, math.MaxUint32)
		if err != nil {
			return out, false
		}
		out[i] = uint32(n)
	}
	return out, out[2] > 0
}

// SubIDRange finds the first range of the user (by name or uid) in a
// subordinate ID file such as /etc/subuid. With identity, the range maps
// to itself; otherwise it starts at 0 inside.
func SubIDRange(file string, uid uint32, identity bool) (Range, error) {
	name, err := UserName(uid)
	if err != nil {
		//lint:ignore ST1005 util-linux's message, to the letter
		return Range{}, fmt.Errorf("you (user %d) don't exist.", uid)
	}
	f, err := os.Open(file)
	if err != nil {
		return Range{}, cli.Syserr(err, "could not open '%s'", file)
	}
	defer f.Close()
	r, err := subIDRange(f, name, uid)
	if err != nil {
		return Range{}, fmt.Errorf("%s in %s", err, file)
	}
	if identity {
		r.Inner = r.Outer
	}
	return r, nil
}

// subIDRange parses "user:start:count" lines as util-linux's
// read_subid_range does: the first line of the user (by name, or by uid
// written as a decimal number) that has a second colon gives the range;
// start is what lies between the second colon and a third one, count all
// the rest of the line, each read as strtoul_or_err reads a number
// (leading white space allowed, nothing after the digits). Numbers beyond
// 32 bits are refused rather than truncated.
func subIDRange(r io.Reader, name string, uid uint32) (Range, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Range{}, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		owner, rest, ok := strings.Cut(line, ":")
		if !ok || (owner != name && owner != strconv.FormatUint(uint64(uid), 10)) {
			continue
		}
		startStr, countStr, ok := strings.Cut(rest, ":")
		if !ok {
			continue
		}
		start, err1 := numparse.Uint(startStr, 10, math.MaxUint32)
		count, err2 := numparse.Uint(countStr, 10, math.MaxUint32)
		if err1 != nil || err2 != nil {
			return Range{}, fmt.Errorf("failed to parse subid map")
		}
		return Range{Outer: uint32(start), Count: uint32(count)}, nil
	}
	return Range{}, fmt.Errorf("no line matching user \"%s\"", name)
}

// KernelMap reads /proc/self/uid_map or gid_map and returns a pass-through
// mapping of every ID it holds (--map-users=all).
func KernelMap(file string) ([]Range, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, cli.Syserr(err, "could not open '%s'", file)
	}
	return kernelMap(string(b)), nil
}

// kernelMap reads the lines "inner outer count" of a uid_map or gid_map
// and maps each inner range to itself; lines of another form (three
// numbers, the outer one too) are skipped.
func kernelMap(s string) []Range {
	var out []Range
	for _, line := range strings.Split(s, "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		start, err1 := numparse.Uint(f[0], 10, math.MaxUint32)
		_, err2 := numparse.Uint(f[1], 10, math.MaxUint32)
		count, err3 := numparse.Uint(f[2], 10, math.MaxUint32)
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		out = append(out, Range{Inner: uint32(start), Outer: uint32(start), Count: uint32(count)})
	}
	return out
}

// WithSingle returns ranges with the single mapping outer→inner added
// first, and cut out of every range that would overlap it (the inner ID
// and the outer ID each lose their old partner).
func WithSingle(ranges []Range, outer, inner uint32) []Range {
	out := []Range{{Inner: inner, Outer: outer, Count: 1}}
	for _, r := range ranges {
		for _, piece := range cut(r, inner, outer) {
			if piece.Count > 0 {
				out = append(out, piece)
			}
		}
	}
	return out
}

// cut removes from r the entry whose inner ID is inner and the one whose
// outer ID is outer.
func cut(r Range, inner, outer uint32) []Range {
	pieces := []Range{r}
	for _, off := range []struct {
		at    uint32
		inner bool
	}{{inner, true}, {outer, false}} {
		var next []Range
		for _, p := range pieces {
			base := p.Outer
			if off.inner {
				base = p.Inner
			}
			if off.at < base || uint64(off.at) >= uint64(base)+uint64(p.Count) {
				next = append(next, p)
				continue
			}
			k := off.at - base
			next = append(next,
				Range{Inner: p.Inner, Outer: p.Outer, Count: k},
				Range{Inner: p.Inner + k + 1, Outer: p.Outer + k + 1, Count: p.Count - k - 1})
		}
		pieces = next
	}
	return pieces
}

// Format renders ranges as /proc/PID/uid_map takes them. The kernel reads
// at most one page.
func Format(ranges []Range, path string) (string, error) {
	var b strings.Builder
	for _, r := range ranges {
		if r.Count == 0 {
			continue
		}
		fmt.Fprintf(&b, "%d %d %d\n", r.Inner, r.Outer, r.Count)
	}
	if b.Len() > 4096 {
		return "", fmt.Errorf("%s too large for kernel 4k limit", path)
	}
	return b.String(), nil
}
