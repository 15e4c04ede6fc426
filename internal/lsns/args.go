// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"fmt"
	"syscall"
)

// ErrRange is a number out of range; util-linux adds strerror(ERANGE) to
// its message then ("Numerical result out of range").
var ErrRange error = syscall.ERANGE

// strtoimax is C's strtoimax(s, &end, 10) on the C locale: blanks, an
// optional sign, digits. It returns the value (clamped), the length read
// (0 when no digits) and whether it overflowed.
func strtoimax(s string, unsigned bool) (v uint64, neg bool, n int, overflow bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if v > (^uint64(0)-d)/10 {
			overflow = true
		} else {
			v = v*10 + d
		}
		i++
	}
	if i == start {
		return 0, false, 0, false
	}
	if !unsigned {
		limit := uint64(1<<63 - 1)
		if neg {
			limit++
		}
		if v > limit {
			overflow = true
		}
	}
	return v, neg, i, overflow
}

// ParseNumber reads a number as util-linux's ul_strtos64 (signed) or
// ul_strtou64 (unsigned) does: the whole string, blanks first allowed;
// for an unsigned number a negative one is out of range. The error is
// ErrRange or a plain refusal.
func parseNumber(s string, unsigned bool) (uint64, bool, error) {
	invalid := fmt.Errorf("invalid")
	if s == "" {
		return 0, false, invalid
	}
	v, neg, n, overflow := strtoimax(s, false)
	if unsigned {
		if neg && n > 0 && (v != 0 || overflow) {
			return 0, false, ErrRange
		}
		v, neg, n, overflow = strtoimax(s, true)
		if overflow {
			return 0, false, ErrRange
		}
		if neg {
			v = -v // strtoumax negates; only "-0" gets here
		}
	} else if overflow {
		return 0, false, ErrRange
	}
	if n == 0 || n != len(s) {
		return 0, false, invalid
	}
	return v, neg, nil
}

// ParsePID reads --task's value as lsns 2.38.1's strtos32_or_err does: a
// signed 32-bit number (0 means no process, a negative one matches none).
func ParsePID(s string) (int, error) {
	v, neg, err := parseNumber(s, false)
	if err != nil {
		return 0, err
	}
	n := int64(v)
	if neg {
		n = -int64(v)
	}
	if n < -1<<31 || n > 1<<31-1 {
		return 0, ErrRange
	}
	return int(n), nil
}

// ParseNamespaceArg reads the namespace argument as strtou64_or_err does:
// an inode number, 0 meaning none.
func ParseNamespaceArg(s string) (uint64, error) {
	v, _, err := parseNumber(s, true)
	return v, err
}
