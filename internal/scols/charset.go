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

// SafeWidth is the number of cells s takes once control and non-printable
// characters are written as \x?? (mbs_safe_width).
func (c Charset) SafeWidth(s string) int {
	w := 0
	for i := 0; i < len(s); {
		b := s[i]
		if (b == '\\' && i+1 < len(s) && s[i+1] == 'x') || iscntrlByte(b) {
			w += 4
			i++
			continue
		}
		r, size, ok := c.decode(s, i)
		switch p, cw := c.wcclass(r); {
		case !ok:
			if isprintByte(b) {
				w++
			} else {
				w += 4
			}
		case !p:
			w += size * 4
		default:
			w += cw
		}
		i += size
	}
	return w
}

// SafeEncode writes control and non-printable characters of s as \x??,
// except the bytes in safe, and returns the result and its width in cells
// (mbs_safe_encode_to_buffer).
func (c Charset) SafeEncode(s, safe string) (string, int) {
	var b strings.Builder
	w := 0
	hex := func(x byte) {
		const digits = "0123456789abcdef"
		b.WriteString(`\x`)
		b.WriteByte(digits[x>>4])
		b.WriteByte(digits[x&15])
		w += 4
	}
	for i := 0; i < len(s); {
		x := s[i]
		if safe != "" && strings.IndexByte(safe, x) >= 0 {
			b.WriteByte(x)
			i++
			continue
		}
		if (x == '\\' && i+1 < len(s) && s[i+1] == 'x') || iscntrlByte(x) {
			hex(x)
			i++
			continue
		}
		r, size, ok := c.decode(s, i)
		switch p, cw := c.wcclass(r); {
		case !ok:
			if isprintByte(x) {
				b.WriteByte(x)
				w++
			} else {
				hex(x)
			}
		case !p:
			for j := 0; j < size; j++ {
				hex(s[i+j])
			}
		default:
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
