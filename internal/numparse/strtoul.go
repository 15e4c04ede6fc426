// SPDX-License-Identifier: Apache-2.0

//go:build linux

package numparse

import (
	"errors"
	"math"
	"syscall"

	"github.com/gonstools/gonstools/internal/cli"
)

// Strtoul is C's strtoull(3) (glibc's strtoul on 64-bit systems) in the C
// locale: it skips leading white space, takes an optional sign, then the
// longest run of digits of base (2 to 36, or 0: 16 after "0x", 8 after "0",
// else 10; base 16 also allows a "0x" prefix). It returns the value as C
// does (negated modulo 2**64 after a minus sign; the maximum on overflow,
// with ERANGE) and the number of bytes read, which is 0 when there was no
// digit. An invalid base gives EINVAL.
func Strtoul(s string, base int) (val uint64, n int, err error) {
	if base != 0 && (base < 2 || base > 36) {
		return 0, 0, syscall.EINVAL
	}
	mag, neg, rest, err := strtoul(s, base)
	n = len(s) - len(rest)
	if n == 0 {
		return 0, 0, nil
	}
	if err != nil {
		return math.MaxUint64, n, err
	}
	if neg {
		mag = -mag
	}
	return mag, n, nil
}

// Strtol is C's strtoll(3) (glibc's strtol on 64-bit systems): as Strtoul,
// but the value is signed, and out of range it is the nearest limit, with
// ERANGE.
func Strtol(s string, base int) (val int64, n int, err error) {
	if base != 0 && (base < 2 || base > 36) {
		return 0, 0, syscall.EINVAL
	}
	mag, neg, rest, err := strtoul(s, base)
	n = len(s) - len(rest)
	switch {
	case n == 0:
		return 0, 0, nil
	case neg && (err != nil || mag > 1<<63):
		return math.MinInt64, n, syscall.ERANGE
	case neg:
		return int64(-mag), n, nil
	case err != nil || mag > math.MaxInt64:
		return math.MaxInt64, n, syscall.ERANGE
	}
	return int64(mag), n, nil
}

// ErrSyntax reports text that is not a number of the expected form, where
// util-linux prints no errno text after its message.
var ErrSyntax = errors.New("invalid syntax")

// Uint reads a whole word as util-linux's ul_strtou64 (and so its
// strtoul_or_err, strtou32_or_err, ...) does, with a maximum: C's strtoull
// in base, leading white space and "+" allowed, nothing after the digits.
// A negative number is ERANGE (util-linux checks with strtoimax first, so
// "-0" is 0), as is one above max; anything else that is not a number is
// ErrSyntax.
func Uint(s string, base int, max uint64) (uint64, error) {
	if s == "" {
		return 0, ErrSyntax
	}
	if v, n, _ := Strtol(s, base); n > 0 && v < 0 {
		return 0, syscall.ERANGE
	}
	v, n, err := Strtoul(s, base)
	switch {
	case n == 0 || n != len(s) && err == nil:
		return 0, ErrSyntax
	case err != nil:
		return 0, err
	case v > max:
		return 0, syscall.ERANGE
	}
	return v, nil
}

// Int reads a whole word as util-linux's ul_strtos64 (strtos64_or_err,
// strtos32_or_err, ...) does, within [min, max]: C's strtoll in base,
// leading white space and a sign allowed, nothing after the digits. Out of
// range is ERANGE; anything else that is not a number is ErrSyntax.
func Int(s string, base int, min, max int64) (int64, error) {
	if s == "" {
		return 0, ErrSyntax
	}
	v, n, err := Strtol(s, base)
	switch {
	case n == 0 || n != len(s) && err == nil:
		return 0, ErrSyntax
	case err != nil:
		return 0, err
	case v < min || v > max:
		return 0, syscall.ERANGE
	}
	return v, nil
}

// Error is a number that could not be read, with util-linux's words:
// "failed to parse uid: 'x'", and for a number out of range ": Numerical
// result out of range" after it.
type Error struct {
	What  string // "failed to parse uid"
	Input string
	Err   error // ErrSyntax or syscall.ERANGE
}

func (e *Error) Error() string {
	if errors.Is(e.Err, syscall.ERANGE) {
		return e.What + ": '" + e.Input + "': " + cli.Errno(e.Err)
	}
	return e.What + ": '" + e.Input + "'"
}

func (e *Error) Unwrap() error { return e.Err }

// UintOr is Uint with util-linux's message on failure (str2unum_or_err):
// what names the value, as in "failed to parse uid".
func UintOr(s string, base int, max uint64, what string) (uint64, error) {
	v, err := Uint(s, base, max)
	if err != nil {
		return 0, &Error{What: what, Input: s, Err: err}
	}
	return v, nil
}

// IntOr is Int with util-linux's message on failure (str2num_or_err).
func IntOr(s string, base int, min, max int64, what string) (int64, error) {
	v, err := Int(s, base, min, max)
	if err != nil {
		return 0, &Error{What: what, Input: s, Err: err}
	}
	return v, nil
}
