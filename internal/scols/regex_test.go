// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

import (
	"fmt"
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// goSyntax writes a parsed pattern in Go's regexp syntax, as this package
// translated patterns when it matched with Go's regexp.
func goSyntax(n *reNode) string {
	switch n.kind {
	case reEmpty:
		return "(?:)"
	case reChar:
		return goClass(n.cls)
	case reAny:
		return "."
	case reConcat:
		var b strings.Builder
		for _, s := range n.subs {
			b.WriteString("(?:" + goSyntax(s) + ")")
		}
		return b.String()
	case reAlt:
		var alts []string
		for _, s := range n.subs {
			alts = append(alts, "(?:"+goSyntax(s)+")")
		}
		return strings.Join(alts, "|")
	case reRepeat:
		op := fmt.Sprintf("{%d,%d}", n.min, n.max)
		if n.max < 0 {
			op = fmt.Sprintf("{%d,}", n.min)
		}
		return "(?:" + goSyntax(n.subs[0]) + ")" + op
	case reBOT:
		return `\A`
	case reEOT:
		return `\z`
	case reWordB:
		return `\b`
	case reNoWordB:
		return `\B`
	}
	panic("unknown node")
}

// goClassBodies are the bodies of Go character classes for the POSIX
// classes in a UTF-8 locale.
var goClassBodies = map[posixClass]string{
	classAlpha:  `\p{L}\p{Nl}`,
	classDigit:  `0-9`,
	classAlnum:  `\p{L}\p{Nl}0-9`,
	classUpper:  `\p{Lu}`,
	classLower:  `\p{Ll}`,
	classSpace:  `\t\n\v\f\r \x{1680}\x{2000}-\x{2006}\x{2008}-\x{200a}\x{2028}\x{2029}\x{205f}\x{3000}`,
	classBlank:  `\t \x{1680}\x{2000}-\x{2006}\x{2008}-\x{200a}\x{205f}\x{3000}`,
	classPunct:  `\p{P}\p{S}`,
	classPrint:  `\P{C}`,
	classGraph:  `\p{L}\p{M}\p{N}\p{P}\p{S}`,
	classCntrl:  `\p{Cc}\x{2028}\x{2029}`,
	classXdigit: `0-9A-Fa-f`,
}

func goClass(c *reClass) string {
	var b strings.Builder
	b.WriteByte('[')
	if c.neg {
		b.WriteByte('^')
	}
	for i := 0; i+1 < len(c.ranges); i += 2 {
		fmt.Fprintf(&b, `\x{%x}-\x{%x}`, c.ranges[i], c.ranges[i+1])
	}
	for _, n := range c.named {
		if c.utf8 {
			b.WriteString(goClassBodies[n])
		} else {
			b.WriteString("[:" + classNames[n] + ":]")
		}
	}
	b.WriteByte(']')
	return b.String()
}

// parseERE parses a pattern as compileERE does, to its tree.
func parseERE(pat string, utf bool) (n *reNode, msg string) {
	if !utf {
		pat = bytesToRunes(pat)
	}
	p := ereParser{pat: pat, utf8: utf}
	defer func() {
		if r := recover(); r != nil {
			n, msg = nil, string(r.(ereError))
		}
	}()
	n = p.alternation()
	if !p.eof() {
		return nil, reBadPat
	}
	return n, ""
}

// TestEREAgainstGo: on random patterns and subjects, the matcher agrees
// with Go's regexp running the same pattern in Go's syntax (with Go's
// ASCII word boundaries, and "." matching newlines), in both locales.
func TestEREAgainstGo(t *testing.T) {
	tokens := []string{"a", "b", "é", ".", "x", "_", " ", "[ab]", "[^a]", "[[:alpha:]]", "[[:space:]]", "[[:punct:]]",
		"[[:upper:]]", "[[:print:]]", "[[:graph:]]", "[[:cntrl:]]", "[^[:alnum:]_]", "[a-c]", "[é-ü]", "[[=a=]b]",
		`\w`, `\W`, `\s`, `\S`, `\b`, `\B`, `\<`, `\>`, "\\`", `\'`, "^", "$", "(", ")", "(", ")", "|", "|",
		"*", "+", "?", "{2}", "{1,3}", "{0,}", "{,2}", "{0}", `\.`, `\*`}
	runes := []string{"a", "b", "é", "ü", "x", "_", " ", "\n", "\t", "!", "A", "1", ".", "\xff", "\u2003", "\u00a0", "€", "\x7f", "Σ"}
	rng := rand.New(rand.NewSource(1))
	checked := 0
	for i := 0; i < 20000; i++ {
		var pb strings.Builder
		for n := 1 + rng.Intn(8); n > 0; n-- {
			pb.WriteString(tokens[rng.Intn(len(tokens))])
		}
		pat := pb.String()
		for _, utf := range []bool{false, true} {
			node, msg := parseERE(pat, utf)
			re, cmsg := compileERE(pat, Charset{UTF8: utf})
			if msg != "" || cmsg != "" {
				if cmsg == "" {
					t.Errorf("%q: parsed with %q but compiled", pat, msg)
				}
				continue
			}
			goRe, err := regexp.Compile("(?s)" + goSyntax(node))
			if err != nil {
				t.Fatalf("%q: Go refuses %s: %v", pat, goSyntax(node), err)
			}
			for j := 0; j < 8; j++ {
				var sb strings.Builder
				for n := rng.Intn(7); n > 0; n-- {
					sb.WriteString(runes[rng.Intn(len(runes))])
				}
				subj := sb.String()
				goSubj := subj
				if !utf {
					goSubj = bytesToRunes(subj)
				}
				if got, want := re.match(subj), goRe.MatchString(goSubj); got != want {
					t.Errorf("utf8 %v: %q =~ %q: %v, Go's regexp (%s): %v", utf, subj, pat, got, goSyntax(node), want)
				}
				checked++
			}
		}
	}
	if checked < 50000 {
		t.Errorf("only %d matches checked", checked)
	}
}

// TestERELimits: counts beyond 1000 and programs beyond maxInsts are too
// big; a long subject is matched in linear time.
func TestERELimits(t *testing.T) {
	for _, c := range []struct {
		pat string
		ok  bool
	}{
		{"a{1000}", true}, {"a{1001}", false}, {"a{0,1001}", false}, {"a{1001,}", false},
		{"(a{1000}){65}", true}, {"(a{1000}){66}", false}, {"(a{1000}){1000}", false}, {"(((a)))", true},
		{strings.Repeat("(", 5000) + "a" + strings.Repeat(")", 5000), true},
	} {
		_, msg := compileERE(c.pat, Charset{UTF8: true})
		if ok := msg == ""; ok != c.ok {
			t.Errorf("%.40q: %q", c.pat, msg)
		}
	}
	re, _ := compileERE("(a|aa)*b", Charset{UTF8: true})
	if re.match(strings.Repeat("a", 100000)) {
		t.Error("(a|aa)*b matches a's")
	}
}

// The matcher keeps no regexp package in the binary: see
// internal/multicall's start-up test.
