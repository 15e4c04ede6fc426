// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// compiledRegexp matches as glibc's regexec does for a pattern compiled
// with REG_EXTENDED|REG_NOSUB: anywhere in the string.
type compiledRegexp struct {
	re   *regexp.Regexp
	utf8 bool
}

func (r *compiledRegexp) match(s string) bool {
	if !r.utf8 {
		s = bytesToRunes(s)
	}
	return r.re.MatchString(s)
}

// bytesToRunes turns every byte into one character, as the C locale sees
// a string: bytes above 0x7f become U+0080..U+00FF.
func bytesToRunes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// glibc's regerror(3) texts.
const (
	reBadPat   = "Invalid regular expression"
	reECollate = "Invalid collation character"
	reECtype   = "Invalid character class name"
	reEEscape  = "Trailing backslash"
	reESubreg  = "Invalid back reference"
	reEBrack   = "Unmatched [, [^, [:, [., or [="
	reEParen   = "Unmatched ( or \\("
	reEBrace   = "Unmatched \\{"
	reBadBr    = "Invalid content of \\{\\}"
	reERange   = "Invalid range end"
	reBadRpt   = "Invalid preceding regular expression"
	reESize    = "Regular expression too big"
)

// compileERE compiles a POSIX extended regular expression with glibc's
// syntax (RE_SYNTAX_POSIX_EXTENDED and the GNU operators \w \W \s \S \b
// \B \< \> \` \'), by translating it to Go's syntax. msg is glibc's
// message for a pattern it refuses. Back references, which Go cannot
// match, are refused as invalid; \< and \> match any word boundary.
func compileERE(pat string, cs Charset) (*compiledRegexp, string) {
	if !cs.UTF8 {
		pat = bytesToRunes(pat)
	}
	t := ereTranslator{pat: pat, cs: cs}
	out, msg := t.translate()
	if msg != "" {
		return nil, msg
	}
	re, err := regexp.Compile("(?s)" + out)
	if err != nil {
		return nil, reESize
	}
	return &compiledRegexp{re: re, utf8: cs.UTF8}, ""
}

type ereTranslator struct {
	pat    string
	pos    int
	cs     Charset
	groups int
	depth  int
}

func (t *ereTranslator) eof() bool { return t.pos >= len(t.pat) }

func (t *ereTranslator) peekRune() (rune, int) {
	return utf8.DecodeRuneInString(t.pat[t.pos:])
}

func (t *ereTranslator) translate() (out string, msg string) {
	defer func() {
		if r := recover(); r != nil {
			m, ok := r.(ereError)
			if !ok {
				panic(r)
			}
			out, msg = "", string(m)
		}
	}()
	out = t.alternation()
	if !t.eof() {
		// only an unmatched ")" can stop the top level, and it is literal
		panic(ereError(reBadPat))
	}
	return out, ""
}

type ereError string

func (t *ereTranslator) alternation() string {
	var branches []string
	for {
		branches = append(branches, t.branch())
		if t.eof() || t.pat[t.pos] != '|' {
			break
		}
		t.pos++
	}
	return strings.Join(branches, "|")
}

func (t *ereTranslator) branch() string {
	var b strings.Builder
	start := true // a repetition here has nothing to repeat
	for !t.eof() {
		c := t.pat[t.pos]
		if c == '|' {
			break
		}
		if c == ')' && t.depth > 0 {
			break
		}
		var atom string
		switch c {
		case '*', '+', '?', '{':
			if start {
				panic(ereError(reBadRpt))
			}
		}
		switch c {
		case '(':
			t.pos++
			t.depth++
			t.groups++
			inner := t.alternation()
			if t.eof() || t.pat[t.pos] != ')' {
				panic(ereError(reEParen))
			}
			t.pos++
			t.depth--
			atom = "(?:" + inner + ")"
		case '[':
			t.pos++
			atom = t.bracket()
		case '.':
			t.pos++
			atom = "."
		case '^':
			t.pos++
			b.WriteString(`^`)
			start = true
			continue
		case '$':
			t.pos++
			b.WriteString(`$`)
			start = true
			continue
		case '\\':
			t.pos++
			if t.eof() {
				panic(ereError(reEEscape))
			}
			atom = t.escape()
		default:
			r, n := t.peekRune()
			t.pos += n
			atom = regexp.QuoteMeta(string(r))
		}
		atom = t.repetitions(atom)
		b.WriteString(atom)
		start = false
	}
	return b.String()
}

// repetitions applies the repetition operators that follow an atom; each
// further one repeats the repetition before it.
func (t *ereTranslator) repetitions(atom string) string {
	for n := 0; !t.eof(); n++ {
		if n == 1000 {
			// Go nests no deeper; each level would also copy the atom
			panic(ereError(reESize))
		}
		var op string
		switch t.pat[t.pos] {
		case '*', '+', '?':
			op = t.pat[t.pos : t.pos+1]
			t.pos++
		case '{':
			t.pos++
			op = t.interval()
		default:
			return atom
		}
		atom = "(?:" + atom + ")" + op
	}
	return atom
}

func (t *ereTranslator) number() (int, bool) {
	n, digits := 0, 0
	for !t.eof() && isDigit(t.pat[t.pos]) {
		if n <= 0x7fff {
			n = n*10 + int(t.pat[t.pos]-'0')
		}
		t.pos++
		digits++
	}
	return n, digits > 0
}

func (t *ereTranslator) interval() string {
	if !strings.Contains(t.pat[t.pos:], "}") {
		panic(ereError(reEBrace))
	}
	lo, hasLo := t.number()
	hi, hasHi, comma := lo, hasLo, false
	if !t.eof() && t.pat[t.pos] == ',' {
		comma = true
		t.pos++
		hi, hasHi = t.number()
	}
	if t.eof() {
		panic(ereError(reEBrace))
	}
	if t.pat[t.pos] != '}' {
		panic(ereError(reBadBr))
	}
	t.pos++
	if !hasLo {
		if !comma {
			panic(ereError(reBadBr))
		}
		lo = 0
	}
	if comma && !hasHi {
		if lo > 0x7fff {
			panic(ereError(reESize))
		}
		return fmt.Sprintf("{%d,}", lo)
	}
	if lo > hi {
		panic(ereError(reBadBr))
	}
	if hi > 0x7fff {
		panic(ereError(reESize))
	}
	if !comma {
		return fmt.Sprintf("{%d}", lo)
	}
	return fmt.Sprintf("{%d,%d}", lo, hi)
}

func (t *ereTranslator) escape() string {
	r, n := t.peekRune()
	t.pos += n
	switch r {
	case 'w':
		return "[" + t.class("alnum") + "_]"
	case 'W':
		return "[^" + t.class("alnum") + "_]"
	case 's':
		return "[" + t.class("space") + "]"
	case 'S':
		return "[^" + t.class("space") + "]"
	case 'b', '<', '>':
		return `\b`
	case 'B':
		return `\B`
	case '`':
		return `\A`
	case '\'':
		return `\z`
	}
	if r >= '1' && r <= '9' {
		panic(ereError(reESubreg))
	}
	return regexp.QuoteMeta(string(r))
}

// class is the body of a Go character class for a POSIX class name under
// the locale: ASCII in the C locale, Unicode categories in a UTF-8 one.
func (t *ereTranslator) class(name string) string {
	if !t.cs.UTF8 {
		switch name {
		case "alpha", "digit", "alnum", "upper", "lower", "space", "blank",
			"punct", "print", "graph", "cntrl", "xdigit":
			return "[:" + name + ":]"
		}
		return ""
	}
	switch name {
	case "alpha":
		return `\p{L}\p{Nl}`
	case "digit":
		return `0-9`
	case "alnum":
		return `\p{L}\p{Nl}0-9`
	case "upper":
		return `\p{Lu}`
	case "lower":
		return `\p{Ll}`
	case "space":
		return `\t\n\v\f\r \x{1680}\x{2000}-\x{2006}\x{2008}-\x{200a}\x{2028}\x{2029}\x{205f}\x{3000}`
	case "blank":
		return `\t \x{1680}\x{2000}-\x{2006}\x{2008}-\x{200a}\x{205f}\x{3000}`
	case "punct":
		return `\p{P}\p{S}`
	case "print":
		return `\P{C}`
	case "graph":
		return `\p{L}\p{M}\p{N}\p{P}\p{S}`
	case "cntrl":
		return `\p{Cc}\x{2028}\x{2029}`
	case "xdigit":
		return `0-9A-Fa-f`
	}
	return ""
}

// bracket translates a bracket expression; the "[" is read already.
func (t *ereTranslator) bracket() string {
	var b strings.Builder
	b.WriteByte('[')
	if !t.eof() && t.pat[t.pos] == '^' {
		b.WriteByte('^')
		t.pos++
	}
	if t.eof() {
		panic(ereError(reBadPat))
	}
	first := true
	for {
		if t.eof() {
			panic(ereError(reEBrack))
		}
		c := t.pat[t.pos]
		if c == ']' && !first {
			t.pos++
			break
		}
		first = false
		lo, isClass := t.bracketElement()
		if isClass {
			if t.pos+1 < len(t.pat) && t.pat[t.pos] == '-' && t.pat[t.pos+1] != ']' {
				panic(ereError(reERange))
			}
			b.WriteString(lo)
			continue
		}
		// a range?
		if t.pos+1 < len(t.pat) && t.pat[t.pos] == '-' && t.pat[t.pos+1] != ']' {
			t.pos++
			hi, hiClass := t.bracketElement()
			if hiClass {
				panic(ereError(reERange))
			}
			l, _ := utf8.DecodeRuneInString(lo)
			h, _ := utf8.DecodeRuneInString(hi)
			if h < l {
				panic(ereError(reERange))
			}
			fmt.Fprintf(&b, `\x{%x}-\x{%x}`, l, h)
			if t.pos+1 < len(t.pat) && t.pat[t.pos] == '-' && t.pat[t.pos+1] != ']' {
				panic(ereError(reERange))
			}
			continue
		}
		r, _ := utf8.DecodeRuneInString(lo)
		fmt.Fprintf(&b, `\x{%x}`, r)
	}
	b.WriteByte(']')
	return b.String()
}

// bracketElement reads one element of a bracket expression: a character,
// a collating element [.c.], an equivalence class [=c=] (both of one
// character), or a character class [:name:], which it returns translated.
func (t *ereTranslator) bracketElement() (string, bool) {
	if t.pat[t.pos] == '[' && t.pos+1 < len(t.pat) {
		switch kind := t.pat[t.pos+1]; kind {
		case '.', '=', ':':
			end := strings.Index(t.pat[t.pos+2:], string(kind)+"]")
			if end < 0 {
				panic(ereError(reEBrack))
			}
			body := t.pat[t.pos+2 : t.pos+2+end]
			t.pos += 2 + end + 2
			if kind == ':' {
				cl := t.class(body)
				if cl == "" {
					panic(ereError(reECtype))
				}
				return cl, true
			}
			if utf8.RuneCountInString(body) != 1 {
				panic(ereError(reECollate))
			}
			return body, false
		}
	}
	r, n := t.peekRune()
	t.pos += n
	return string(r), false
}
