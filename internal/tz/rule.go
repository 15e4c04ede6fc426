// SPDX-License-Identifier: Apache-2.0

//go:build linux

package tz

import (
	"math"
	"math/bits"
)

// The kinds of a rule's date, in glibc's order (a zeroed rule is dayOfYear).
const (
	dayOfYear   = iota // n: 0-365, counting February 29
	julianDay          // Jn: 1-365, never counting February 29
	weekOfMonth        // Mm.w.d: day d of week w of month m
)

// rule is one half of a POSIX TZ value: the standard or the daylight
// time, its offset and when it starts. Fields a failed parse leaves
// behind stay, as glibc keeps them and uses them.
type rule struct {
	kind    uint8
	m, n, d uint16
	secs    int32 // time of day of the change, local
	offset  int32 // seconds east of UTC

	change      int64 // the change's time in computedFor
	computedFor int32
	// undefined: change came from memory outside glibc's month table.
	undefined bool
}

// rules is glibc's tz_rules: [0] standard time, [1] daylight time.
type rules [2]rule

// parsed is what parsing a POSIX TZ value gives.
type parsed struct {
	r rules
	// file is set when the value named two zones and no rule: glibc then
	// takes the rule from the posixrules file, adjusted to the offsets.
	file *zoneFile
	// triedDefault: the value asked for posixrules, which could not be
	// used; raw is what glibc read from it (nil: nothing).
	triedDefault bool
	raw          *zoneFile
}

// defaultRules gives glibc's __tzfile_default: the posixrules file with
// its transitions moved to the given offsets (nil when it cannot be used),
// and what was read of it.
type defaultRules func(stdoff, dstoff int32) (adjusted, raw *zoneFile)

// parseRule is glibc's __tzset_parse_tz. s ends at its first NUL, as a C
// string does.
func parseRule(s string, def defaultRules) parsed {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			s = s[:i]
			break
		}
	}
	var p parsed
	sc := scanner{s: s}
	if !sc.name() || !sc.offset(&p.r, 0) {
		return p
	}
	if sc.peek() == 0 {
		// No daylight time: both halves are standard time.
		p.r[1].offset = p.r[0].offset
		return p
	}
	if sc.name() {
		sc.offset(&p.r, 1)
		if rest := s[sc.i:]; rest == "" || rest == "," {
			p.triedDefault = true
			p.file, p.raw = def(p.r[0].offset, p.r[1].offset)
			if p.file != nil {
				p.triedDefault = false
				return p
			}
		}
	}
	// The rules are read even when the daylight name is missing.
	if sc.rule(&p.r[0], 0) {
		sc.rule(&p.r[1], 1)
	}
	return p
}

// scanner walks a POSIX TZ value the way glibc's parser does.
type scanner struct {
	s string
	i int
}

// peek is the next byte, or 0 at the end (the C string's NUL).
func (sc *scanner) peek() byte {
	if sc.i < len(sc.s) {
		return sc.s[sc.i]
	}
	return 0
}

func (sc *scanner) at(i int) byte {
	if i < len(sc.s) {
		return sc.s[i]
	}
	return 0
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isSpace is isspace in the C locale, which is what scanf skips.
func isSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// name reads a zone name: three or more letters, or <...> holding three
// or more letters, digits, '+' or '-'.
func (sc *scanner) name() bool {
	i := sc.i
	for isAlpha(sc.at(i)) {
		i++
	}
	if i-sc.i >= 3 {
		sc.i = i
		return true
	}
	i = sc.i
	if sc.at(i) != '<' {
		return false
	}
	i++
	start := i
	for c := sc.at(i); isAlpha(c) || isDigit(c) || c == '+' || c == '-'; c = sc.at(i) {
		i++
	}
	if sc.at(i) != '>' || i-start < 3 {
		return false
	}
	sc.i = i + 1
	return true
}

// offset reads the UTC offset of rules[which]: [+-]hh[:mm[:ss]], west
// positive, each part clamped (hours to 24, the others to 59). A missing
// daylight offset is one hour more than the standard one.
func (sc *scanner) offset(r *rules, which int) bool {
	c := sc.peek()
	if which == 0 && (c == 0 || c != '+' && c != '-' && !isDigit(c)) {
		return false
	}
	sign := int32(-1)
	if c == '-' || c == '+' {
		if c == '-' {
			sign = 1
		}
		sc.i++
	}
	v := [3]uint16{}
	n, consumed := scanHMS(sc.s[sc.i:], &v)
	if n > 0 {
		hh, mm, ss := v[0], v[1], v[2]
		hh, mm, ss = min(hh, 24), min(mm, 59), min(ss, 59)
		r[which].offset = sign * (int32(ss) + int32(mm)*60 + int32(hh)*3600)
	} else if which == 0 {
		r[0].offset = 0
		return false
	} else {
		r[1].offset = r[0].offset + 3600
	}
	sc.i += consumed
	return true
}

// rule reads ",date[/time]" into r. What it set before failing stays.
func (sc *scanner) rule(r *rule, which int) bool {
	if sc.peek() == ',' {
		sc.i++
	}
	switch c := sc.peek(); {
	case c == 'J' || isDigit(c):
		if c == 'J' {
			r.kind = julianDay
			sc.i++
			if !isDigit(sc.peek()) {
				return false
			}
		} else {
			r.kind = dayOfYear
		}
		d, n := strtoul(sc.s[sc.i:])
		if d > 365 || r.kind == julianDay && d == 0 {
			return false
		}
		r.d = uint16(d)
		sc.i += n
	case c == 'M':
		r.kind = weekOfMonth
		// sscanf "M%hu.%hu.%hu%n": each field is stored as it is read.
		i := sc.i + 1
		for k, f := range []*uint16{&r.m, &r.n, &r.d} {
			if k > 0 {
				if sc.at(i) != '.' {
					return false
				}
				i++
			}
			v, n, ok := scanHU(sc.s[i:])
			if !ok {
				return false
			}
			*f = v
			i += n
		}
		if r.m < 1 || r.m > 12 || r.n < 1 || r.n > 5 || r.d > 6 {
			return false
		}
		sc.i = i
	case c == 0:
		// No date: the United States' rule since 2007, M3.2.0 and M11.1.0.
		r.kind = weekOfMonth
		if which == 0 {
			r.m, r.n, r.d = 3, 2, 0
		} else {
			r.m, r.n, r.d = 11, 1, 0
		}
	default:
		return false
	}
	switch sc.peek() {
	case 0, ',':
		r.secs = 2 * 3600
	case '/':
		sc.i++
		if sc.peek() == 0 {
			return false
		}
		neg := sc.peek() == '-'
		if neg {
			sc.i++
		}
		v := [3]uint16{2, 0, 0}
		_, consumed := scanHMS(sc.s[sc.i:], &v)
		sc.i += consumed
		secs := int32(v[0])*3600 + int32(v[1])*60 + int32(v[2])
		if neg {
			secs = -secs
		}
		r.secs = secs
	default:
		return false
	}
	r.computedFor = -1
	return true
}

// scanHMS is sscanf(s, "%hu%n:%hu%n:%hu%n", &v[0], &c, &v[1], &c, &v[2], &c):
// the number of fields converted, and the bytes up to the last one.
// Fields not converted keep their values.
func scanHMS(s string, v *[3]uint16) (n, consumed int) {
	i := 0
	for k := range 3 {
		if k > 0 {
			if i >= len(s) || s[i] != ':' {
				break
			}
			i++
		}
		x, m, ok := scanHU(s[i:])
		if !ok {
			break
		}
		v[k] = x
		i += m
		n, consumed = k+1, i
	}
	return n, consumed
}

// scanHU is scanf's %hu: white space, an optional sign, decimal digits,
// converted by strtoul (so "-5" is ULONG_MAX-4 and an overflow ULONG_MAX)
// and cut to 16 bits.
func scanHU(s string) (v uint16, n int, ok bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	x, m := strtoul(s[i:])
	if m == 0 {
		return 0, 0, false
	}
	if neg && x != math.MaxUint64 {
		x = -x
	}
	return uint16(x), i + m, true
}

// strtoul reads decimal digits: their value (saturated at ULONG_MAX) and
// how many there were.
func strtoul(s string) (uint64, int) {
	var x uint64
	over := false
	i := 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		hi, lo := bits.Mul64(x, 10)
		lo, carry := bits.Add64(lo, uint64(s[i]-'0'), 0)
		if hi != 0 || carry != 0 {
			over = true
		}
		x = lo
	}
	if over {
		x = math.MaxUint64
	}
	return x, i
}

// compute is glibc's __tz_compute: whether t, in UTC year year, is in
// daylight time, and the offset. The changes of a year are remembered in
// the rules, as glibc remembers them. defined is false where glibc's
// answer depends on memory outside its tables.
func (r *rules) compute(t int64, year int32) (offset int32, isdst, defined bool) {
	d0 := r[0].computeChange(year)
	d1 := r[1].computeChange(year)
	defined = d0 && d1
	if r[0].change > r[1].change {
		// Southern hemisphere: daylight time spans the new year.
		isdst = t < r[1].change || t >= r[0].change
	} else {
		isdst = t >= r[0].change && t < r[1].change
	}
	if isdst {
		return r[1].offset, true, defined
	}
	return r[0].offset, false, defined
}

// computeChange is glibc's compute_change: when, in year, the rule takes
// effect. As in glibc, a year before 1971 counts from 1970-01-01, and the
// day count is computed in a C int. It reports false where glibc reads
// outside its month table (a month a failed parse left behind).
func (r *rule) computeChange(year int32) (defined bool) {
	if year != -1 && r.computedFor == year {
		return !r.undefined
	}
	defined = true
	var t int64
	if year > 1970 {
		// The number of days from 1970 to year, as a (wrapping) int.
		days := (year-1970)*365 + ((year-1)/4 - 1970/4) - ((year-1)/100 - 1970/100) + ((year-1)/400 - 1970/400)
		t = int64(days) * secsPerDay
	}
	leap := isLeap(int64(year))
	switch r.kind {
	case julianDay:
		t += (int64(r.d) - 1) * secsPerDay
		if r.d >= 60 && leap {
			t += secsPerDay
		}
	case dayOfYear:
		t += int64(r.d) * secsPerDay
	case weekOfMonth:
		before, length, ok := monthSpan(leap, int(r.m))
		defined = ok
		t += before * secsPerDay
		// Zeller's congruence: the weekday of the month's first day.
		m1 := (int32(r.m)+9)%12 + 1
		yy0 := year
		if r.m <= 2 {
			yy0 = year - 1
		}
		yy1, yy2 := yy0/100, yy0%100
		dow := ((26*m1-2)/10 + 1 + yy2 + yy2/4 + yy1/4 - 2*yy1) % 7
		if dow < 0 {
			dow += 7
		}
		d := int32(r.d) - dow
		if d < 0 {
			d += 7
		}
		for i := uint16(1); i < r.n; i++ {
			if int64(d)+7 >= length {
				break
			}
			d += 7
		}
		t += int64(d) * secsPerDay
	}
	r.change = t - int64(r.offset) + int64(r.secs)
	r.computedFor, r.undefined = year, !defined
	return defined
}

// monthSpan is the days before month m (1-12) and its length. glibc looks
// these up next to each other in its table, also for a month outside
// 1-12 that a failed parse left behind: then it reads the neighbouring
// row, as here, or outside the table (ok false, and zeros here).
func monthSpan(leap bool, m int) (before, length int64, ok bool) {
	i := m
	if leap {
		i += 13
	}
	if i-1 < 0 || i >= 26 {
		return 0, 0, false
	}
	at := func(i int) int64 { return monYDay[i/13][i%13] }
	return at(i - 1), at(i) - at(i-1), true
}
