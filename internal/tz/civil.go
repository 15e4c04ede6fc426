// SPDX-License-Identifier: Apache-2.0

//go:build linux

package tz

import (
	"math"
	"strconv"
)

// Tm is C's struct tm as glibc's localtime fills it.
type Tm struct {
	Year   int64 // tm_year + 1900
	Mon    int   // 0-11
	MDay   int   // 1-31
	Hour   int   // 0-23
	Min    int   // 0-59
	Sec    int   // 0-59, 60 (or more) during a leap second
	WDay   int   // 0-6, Sunday = 0
	YDay   int   // 0-365
	IsDST  int   // tm_isdst
	GMTOff int64 // tm_gmtoff: seconds east of UTC, leap seconds not counted
}

const secsPerDay = 86400

// cumulative days before each month, and the year's length, for common
// and leap years (glibc's __mon_yday).
var monYDay = [2][13]int64{
	{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
	{0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366},
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func leapIndex(y int64) int {
	if isLeap(y) {
		return 1
	}
	return 0
}

// floorDiv is a/b rounded down.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// leapsThrough counts the leap days from year 1 to the end of year y.
func leapsThrough(y int64) int64 {
	return floorDiv(y, 4) - floorDiv(y, 100) + floorDiv(y, 400)
}

// offtime is glibc's __offtime: t shifted by offset seconds, broken down.
// It fails, as glibc does with EOVERFLOW, when tm_year would not fit an
// int. Only the date fields are set.
func offtime(t, offset int64) (Tm, bool) {
	var tm Tm
	days := t / secsPerDay
	rem := t%secsPerDay + offset
	// glibc steps rem into [0, 86400) a day at a time; this is the same.
	days += floorDiv(rem, secsPerDay)
	rem -= floorDiv(rem, secsPerDay) * secsPerDay
	tm.Hour = int(rem / 3600)
	rem %= 3600
	tm.Min = int(rem / 60)
	tm.Sec = int(rem % 60)
	tm.WDay = int((4 + days) % 7) // 1970-01-01 was a Thursday
	if tm.WDay < 0 {
		tm.WDay += 7
	}
	y := int64(1970)
	for days < 0 || days >= 365+int64(leapIndex(y)) {
		// Guess the year from 365-day years, then correct the days.
		yg := y + days/365
		if days%365 < 0 {
			yg--
		}
		days -= (yg-y)*365 + leapsThrough(yg-1) - leapsThrough(y-1)
		y = yg
	}
	if y-1900 > math.MaxInt32 || y-1900 < math.MinInt32 {
		return tm, false
	}
	tm.Year = y
	tm.YDay = int(days)
	ip := &monYDay[leapIndex(y)]
	m := 11
	for days < ip[m] {
		m--
	}
	tm.Mon = m
	tm.MDay = int(days-ip[m]) + 1
	return tm, true
}

// AppendAsctime appends glibc's asctime(tm) without its newline:
// "Thu Jan  1 00:00:00 1970". It reports false where asctime returns NULL
// (a year past INT_MAX).
func (tm Tm) AppendAsctime(b []byte) ([]byte, bool) {
	const days = "SunMonTueWedThuFriSat"
	const months = "JanFebMarAprMayJunJulAugSepOctNovDec"
	if tm.Year > math.MaxInt32 {
		return b, false
	}
	if tm.WDay < 0 || tm.WDay >= 7 {
		b = append(b, "???"...)
	} else {
		b = append(b, days[3*tm.WDay:3*tm.WDay+3]...)
	}
	b = append(b, ' ')
	if tm.Mon < 0 || tm.Mon >= 12 {
		b = append(b, "???"...)
	} else {
		b = append(b, months[3*tm.Mon:3*tm.Mon+3]...)
	}
	b = width3(b, tm.MDay)
	b = append(b, ' ')
	b = two(b, tm.Hour)
	b = append(b, ':')
	b = two(b, tm.Min)
	b = append(b, ':')
	b = two(b, tm.Sec)
	b = append(b, ' ')
	return strconv.AppendInt(b, tm.Year, 10), true
}

// width3 is printf's %3d.
func width3(b []byte, v int) []byte {
	var tmp [24]byte
	s := strconv.AppendInt(tmp[:0], int64(v), 10)
	for i := len(s); i < 3; i++ {
		b = append(b, ' ')
	}
	return append(b, s...)
}

// two is printf's %.2d: at least two digits, after any sign.
func two(b []byte, v int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	if v < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(v), 10)
}
