// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import "strconv"

// The printf conversions util-linux's ipcs uses, as appends, so that a row
// costs no allocation.

// spaces is used for padding; widths never exceed it.
const spaces = "                                "

// pad appends n spaces (n <= 0: none).
func pad(b []byte, n int) []byte {
	for n > len(spaces) {
		b = append(b, spaces...)
		n -= len(spaces)
	}
	if n > 0 {
		b = append(b, spaces[:n]...)
	}
	return b
}

// left is %-ws.
func left(b []byte, s string, w int) []byte {
	b = append(b, s...)
	return pad(b, w-len(s))
}

// leftCut is %-w.ws: at most w bytes, padded to w.
func leftCut(b []byte, s string, w int) []byte {
	if len(s) > w {
		s = s[:w]
	}
	return left(b, s, w)
}

// right is %ws.
func right(b []byte, s string, w int) []byte {
	b = pad(b, w-len(s))
	return append(b, s...)
}

// leftInt is %-wd.
func leftInt(b []byte, v int64, w int) []byte {
	n := len(b)
	b = strconv.AppendInt(b, v, 10)
	return pad(b, w-(len(b)-n))
}

// leftUint is %-wu.
func leftUint(b []byte, v uint64, w int) []byte {
	n := len(b)
	b = strconv.AppendUint(b, v, 10)
	return pad(b, w-(len(b)-n))
}

// leftOct is %-wo.
func leftOct(b []byte, v uint64, w int) []byte {
	n := len(b)
	b = strconv.AppendUint(b, v, 8)
	return pad(b, w-(len(b)-n))
}

// rightInt is %wd.
func rightInt(b []byte, v int64, w int) []byte {
	var tmp [24]byte
	s := strconv.AppendInt(tmp[:0], v, 10)
	b = pad(b, w-len(s))
	return append(b, s...)
}

// altOct is %#o: octal with a leading 0, and "0" for zero.
func altOct(b []byte, v uint32) []byte {
	if v == 0 {
		return append(b, '0')
	}
	b = append(b, '0')
	return strconv.AppendUint(b, uint64(v), 8)
}

// key is "0x%08x".
func key(b []byte, k int32) []byte {
	const hex = "0123456789abcdef"
	v := uint32(k)
	b = append(b, '0', 'x')
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, hex[(v>>uint(shift))&0xf])
	}
	return b
}

// notSet is what ipcs prints for a time that is 0.
const notSet = "Not set"

// timeCut is ipcs's "%-w.ns" of ctime()+skip (or "Not set" for 0):
// the date cut to n bytes, padded to w.
func (e *Env) timeCut(b []byte, sec int64, skip, n, w int) []byte {
	if sec == 0 {
		return leftCut(b, notSet, w)
	}
	return e.dateCut(b, sec, skip, n, w)
}

// dateCut is "%-w.ns" of ctime()+skip. Past the end of the date (which
// ipcs would read beyond) it is empty.
func (e *Env) dateCut(b []byte, sec int64, skip, n, w int) []byte {
	s := e.ctime(sec)
	s = s[min(skip, len(s)):]
	if len(s) > n {
		s = s[:n]
	}
	b = append(b, s...)
	return pad(b, w-len(s))
}

// shortTime is "%-20.16s" of ctime()+4: "Nov 23 20:00:11 " padded to 20.
func (e *Env) shortTime(b []byte, sec int64) []byte {
	return e.timeCut(b, sec, 4, 16, 20)
}

// longTime is "%-26.24s" of ctime(): the whole date padded to 26, or
// "Not set" for 0.
func (e *Env) longTime(b []byte, sec int64) []byte {
	return e.timeCut(b, sec, 0, 24, 26)
}

// date is longTime that shows 0 as a date too (the Epoch).
func (e *Env) date(b []byte, sec int64) []byte {
	return e.dateCut(b, sec, 0, 24, 26)
}

// humanSize is util-linux's size_to_human_string with one-letter
// suffixes: "0B", "1023B", "1K", "1.9K", "1023.5K", "16E". Powers of 1024;
// one decimal, rounded half up, dropped when it is zero.
func humanSize(b []byte, bytes uint64) []byte {
	const letters = "BKMGTPE"
	exp := 0
	for shift := 10; shift <= 60; shift += 10 {
		if bytes < 1<<uint(shift) {
			break
		}
		exp = shift
	}
	if exp == 0 {
		b = strconv.AppendUint(b, bytes, 10)
		return append(b, 'B')
	}
	dec := bytes >> uint(exp)
	frac := bytes & (1<<uint(exp) - 1)
	if frac != 0 {
		// Three digits after the point, then round to one.
		if frac >= ^uint64(0)/1000 {
			frac = frac / 1024 * 1000 / (1 << uint(exp-10))
		} else {
			frac = frac * 1000 / (1 << uint(exp))
		}
		frac = (frac + 50) / 100 * 10
		if frac == 100 {
			dec++
			frac = 0
		}
	}
	b = strconv.AppendUint(b, dec, 10)
	if frac != 0 {
		b = append(b, '.', byte('0'+frac/10))
	}
	return append(b, letters[exp/10])
}
