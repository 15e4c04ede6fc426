// SPDX-License-Identifier: Apache-2.0

//go:build linux

package numparse

import (
	"math"
	"math/bits"
	"syscall"
)

// strtoul parses the longest prefix of s that C's strtoul(s, &end, base)
// would: leading white space, an optional sign, then digits (base 0 picks
// 16 after "0x", 8 after "0", else 10; base 16 skips a "0x"). It returns the
// magnitude, whether a minus sign was seen, what is left, and ERANGE when
// the magnitude overflows 64 bits (then val is the maximum, as C's is). When
// no digit was read, rest is s itself.
func strtoul(s string, base int) (val uint64, neg bool, rest string, err error) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	hex := i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') &&
		i+2 < len(s) && digitValue(s[i+2]) < 16
	if base == 16 && hex {
		i += 2
	}
	if base == 0 {
		switch {
		case hex:
			base = 16
			i += 2
		case i < len(s) && s[i] == '0':
			base = 8
		default:
			base = 10
		}
	}
	start := i
	for ; i < len(s); i++ {
		d := digitValue(s[i])
		if d >= base {
			break
		}
		if err == nil {
			if val > (math.MaxUint64-uint64(d))/uint64(base) {
				err = syscall.ERANGE
				val = math.MaxUint64
				continue
			}
			val = val*uint64(base) + uint64(d)
		}
	}
	if i == start {
		return 0, false, s, nil
	}
	return val, neg, s[i:], err
}

func isSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// digitValue is the value of c as a digit in bases up to 36, or 99.
func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

// Size parses a size the way util-linux's strtosize does (see the package
// comment). Errors are syscall.EINVAL or syscall.ERANGE.
func Size(s string) (uint64, error) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if s == "" || (i < len(s) && s[i] == '-') {
		return 0, syscall.EINVAL
	}
	x, _, p, err := strtoul(s, 0)
	if len(p) == len(s) {
		return 0, syscall.EINVAL
	}
	if err != nil {
		return 0, err
	}
	if p == "" {
		return x, nil
	}

	var frac uint64
	fracZeros := 0
	base := uint64(1024)
	for {
		switch {
		case len(p) == 3 && p[1] == 'i' && (p[2] == 'B' || p[2] == 'b'):
			base = 1024
		case len(p) == 2 && (p[1] == 'B' || p[1] == 'b'):
			base = 1000
		case len(p) > 1:
			// Anything longer must be a fraction: ".5M".
			if frac != 0 || p[0] != '.' {
				return 0, syscall.EINVAL
			}
			q := p[1:]
			for q != "" && q[0] == '0' {
				fracZeros++
				q = q[1:]
			}
			if q != "" && q[0] >= '0' && q[0] <= '9' {
				var ferr error
				frac, _, q, ferr = strtoul(q, 0)
				if ferr != nil {
					return 0, ferr
				}
			}
			if q == "" {
				// A fraction without a suffix ("1.5"), or nothing
				// after it ("1.0"): util-linux refuses both.
				return 0, syscall.EINVAL
			}
			p = q
			continue
		}
		break
	}

	pwr := suffixPower(p[0])
	if pwr == 0 {
		return 0, syscall.EINVAL
	}
	if !scale(&x, base, pwr) {
		return 0, syscall.ERANGE
	}
	if frac == 0 {
		return x, nil
	}
	// util-linux refuses a fraction whose digits (its own count) pass
	// 19; keep that limit so that the same words are accepted.
	fracDiv := uint64(10)
	for fracDiv < frac {
		if fracDiv > math.MaxUint64/10 {
			return 0, syscall.ERANGE
		}
		fracDiv *= 10
	}
	for range fracZeros {
		if fracDiv > math.MaxUint64/10 {
			return 0, syscall.ERANGE
		}
		fracDiv *= 10
	}
	// The value of the fraction, exactly: frac * base**pwr / 10**digits,
	// rounded down. (util-linux adds digit by digit with integer
	// divisions and gets 1.75M wrong by 300 KiB: util-linux issue 2213.)
	add, ok := fractionValue(frac, fracZeros, base, pwr)
	if !ok || x+add < x {
		return 0, syscall.ERANGE
	}
	return x + add, nil
}

// fractionValue is 0.{zeros}{frac} times base**pwr, rounded down, in
// 192-bit arithmetic (base**pwr reaches 2**80 for Y); ok is false when the
// result does not fit 64 bits.
func fractionValue(frac uint64, zeros int, base uint64, pwr int) (uint64, bool) {
	digits := zeros
	for f := frac; f > 0; f /= 10 {
		digits++
	}
	n := [3]uint64{frac}
	for range pwr {
		var carry uint64
		for i := range n {
			hi, lo := bits.Mul64(n[i], base)
			var c uint64
			n[i], c = bits.Add64(lo, carry, 0)
			carry = hi + c
		}
	}
	for range digits {
		var rem uint64
		for i := len(n) - 1; i >= 0; i-- {
			n[i], rem = bits.Div64(rem, n[i], 10)
		}
	}
	return n[0], n[1] == 0 && n[2] == 0
}

// suffixPower is the power of a size suffix letter (K is 1, ..., Y is 8),
// or 0 when c is none.
func suffixPower(c byte) int {
	const upper, lower = "KMGTPEZY", "kmgtpezy"
	for i := range len(upper) {
		if c == upper[i] || c == lower[i] {
			return i + 1
		}
	}
	return 0
}

// scale multiplies *x by base**pwr; it reports false on overflow, leaving
// *x at the last value that fit (util-linux's do_scale_by_power).
func scale(x *uint64, base uint64, pwr int) bool {
	for range pwr {
		if math.MaxUint64/base < *x {
			return false
		}
		*x *= base
	}
	return true
}

// ID parses a System V id the way util-linux's strtos32_or_err does:
// decimal, optional sign, int32 range. Errors are ErrSyntax or
// syscall.ERANGE.
func ID(s string) (int32, error) {
	v, neg, rest, err := strtoul(s, 10)
	if len(rest) == len(s) || (err == nil && rest != "") {
		return 0, ErrSyntax
	}
	if err != nil {
		return 0, err
	}
	return int32Of(v, neg, math.MaxInt32)
}

// LegacyID parses an id of the old "ipcrm shm ID..." form: C's strtoul in
// base 10, the whole word. util-linux stores the result in an int; LegacyID
// refuses what an int cannot hold. ok is false for anything it refuses,
// the empty word included (which util-linux took as id 0).
func LegacyID(s string) (id int32, ok bool) {
	id, err := ID(s)
	return id, err == nil
}

// Key parses a System V key the way ipcrm's strtokey does (C's strtoul in
// base 0, so hex and octal work, and a sign is allowed), but refuses values
// outside what a 32-bit key_t holds, signed or unsigned. Errors are
// ErrSyntax or syscall.ERANGE.
func Key(s string) (int32, error) {
	v, neg, rest, err := strtoul(s, 0)
	if s == "" || len(rest) == len(s) || (err == nil && rest != "") {
		return 0, ErrSyntax
	}
	if err != nil {
		return 0, err
	}
	return int32Of(v, neg, math.MaxUint32)
}

// int32Of is the magnitude v with its sign as 32 bits: down to -2^31, up
// to limit (math.MaxInt32, or math.MaxUint32 for a value that wraps into
// the negative as key_t does). Beyond that, ERANGE.
func int32Of(v uint64, neg bool, limit uint64) (int32, error) {
	switch {
	case neg && v > 1<<31, !neg && v > limit:
		return 0, syscall.ERANGE
	case neg:
		return int32(-int64(v)), nil
	}
	return int32(uint32(v)), nil
}

// Mode parses an octal permission of at most 0777 (C's strtoul in base 8,
// the whole word). Errors are ErrSyntax or syscall.ERANGE.
func Mode(s string) (uint32, error) {
	v, neg, rest, err := strtoul(s, 8)
	if len(rest) == len(s) || (err == nil && rest != "") || neg {
		return 0, ErrSyntax
	}
	if err != nil || v > 0o777 {
		return 0, syscall.ERANGE
	}
	return uint32(v), nil
}
