// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Charset is the view of the C library that libsmartcols prints through:
// which byte sequences are characters, which characters are printable and
// how many terminal cells each takes. util-linux's tables depend on the
// locale in exactly these three ways, plus the tree's line art.
type Charset struct {
	// UTF8 is set for a UTF-8 locale (LC_CTYPE codeset UTF-8); otherwise
	// the C locale's rules apply: only ASCII decodes as characters.
	UTF8 bool
}

// isprintByte, iscntrlByte and isblankByte are the single-byte ctype
// functions of glibc's C and C.UTF-8 locales, which agree: no byte above
// 0x7f is printable, blank or a control character on its own.
func isprintByte(b byte) bool { return b >= 0x20 && b < 0x7f }
func iscntrlByte(b byte) bool { return b < 0x20 || b == 0x7f }
func isblankByte(b byte) bool { return b == ' ' || b == '\t' }

// decode reads the character at s[i] as mbrtowc(3) would. ok is false for
// a byte that starts no valid character.
func (c Charset) decode(s string, i int) (r rune, size int, ok bool) {
	b := s[i]
	if b < utf8.RuneSelf {
		return rune(b), 1, true
	}
	if !c.UTF8 {
		return 0, 1, false
	}
	r, size = utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size == 1 {
		return 0, 1, false
	}
	return r, size, true
}

// wcclass is iswprint(3) and wcwidth(3) of r: printable, and its width.
func (c Charset) wcclass(r rune) (printable bool, width int) {
	if !c.UTF8 || r < utf8.RuneSelf {
		if r >= 0x20 && r < 0x7f {
			return true, 1
		}
		return false, -1
	}
	i := sort.Search(len(wcTable), func(i int) bool { return rune(wcTable[i]>>2) > r }) - 1
	switch wcTable[i] & 3 {
	case 0:
		return false, -1
	case 1:
		return true, 0
	case 2:
		return true, 1
	}
	return true, 2
}

// wcwidth is wcwidth(3): -1 for a non-printable character.
func (c Charset) wcwidth(r rune) int {
	_, w := c.wcclass(r)
	return w
}

// next reads the character at s[i] as libsmartcols' encoder does: size
// bytes that are printed as they are, w cells wide, or that are each
// written as \x?? (escape). A backslash before an "x" (at an index up to
// last) is escaped, so that what the encoder writes reads back.
func (c Charset) next(s string, i, last int) (size int, escape bool, w int) {
	b := s[i]
	if (i < last && b == '\\' && s[i+1] == 'x') || iscntrlByte(b) {
		return 1, true, 0
	}
	r, size, ok := c.decode(s, i)
	if !ok {
		if isprintByte(b) {
			return 1, false, 1
		}
		return 1, true, 0
	}
	if p, cw := c.wcclass(r); p {
		return size, false, cw
	}
	return size, true, 0
}

// SafeWidth is the number of cells s takes once control and non-printable
// characters are written as \x?? (mbs_safe_width).
func (c Charset) SafeWidth(s string) int {
	return c.safeNWidth(s, len(s))
}

// SafeEncode writes control and non-printable characters of s as \x??,
// except the bytes in safe, and returns the result and its width in cells
// (mbs_safe_encode_to_buffer).
func (c Charset) SafeEncode(s, safe string) (string, int) {
	const digits = "0123456789abcdef"
	var b strings.Builder
	w := 0
	for i := 0; i < len(s); {
		if safe != "" && strings.IndexByte(safe, s[i]) >= 0 {
			b.WriteByte(s[i])
			i++
			continue
		}
		size, escape, cw := c.next(s, i, len(s)-1)
		if escape {
			for _, x := range []byte(s[i : i+size]) {
				b.WriteString(`\x`)
				b.WriteByte(digits[x>>4])
				b.WriteByte(digits[x&15])
			}
			w += 4 * size
		} else {
			b.WriteString(s[i : i+size])
			w += cw
		}
		i += size
	}
	return b.String(), w
}

// truncate cuts s to at most width cells, as mbs_truncate does with data
// that SafeEncode produced: a character that has no width is replaced by
// U+FFFD. It returns the cut string and its width.
func (c Charset) truncate(s string, width int) (string, int) {
	if !c.UTF8 {
		// The C locale: every byte of encoded data is a printable
		// character of one cell.
		if len(s) > width {
			return s[:width], width
		}
		return s, len(s)
	}
	if !utf8.ValidString(s) {
		return s, width // mbstowcs fails: nothing is cut
	}
	var b strings.Builder
	cells := 0
	for _, r := range s {
		w := c.wcwidth(r)
		if w < 0 {
			r, w = utf8.RuneError, 1
		}
		if cells+w > width {
			break
		}
		cells += w
		b.WriteRune(r)
	}
	return b.String(), cells
}
