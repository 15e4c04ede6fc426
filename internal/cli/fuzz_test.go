// SPDX-License-Identifier: Apache-2.0

//go:build linux

package cli

import (
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// abbrev is the shortest prefix of o's long name that names o alone.
func abbrev(s *Spec, o *Option) string {
	if o.Exact {
		return o.Long
	}
	for n := 1; n < len(o.Long); n++ {
		p, unique := o.Long[:n], true
		for _, g := range s.Groups {
			for _, x := range g.Options {
				if x != o && (x.Long == p || !x.Exact && strings.HasPrefix(x.Long, p)) {
					unique = false
				}
			}
		}
		if unique {
			return p
		}
	}
	return o.Long
}

// longForm writes a parse again with long options only ("--name=value",
// or the shortest unique abbreviation of each name), then "--" and the
// operands.
func longForm(s *Spec, r *Result, short bool) []string {
	var args []string
	for _, o := range r.Options {
		name := o.Option.Long
		if short {
			name = abbrev(s, o.Option)
		}
		if o.HasValue {
			args = append(args, "--"+name+"="+o.Value)
		} else {
			args = append(args, "--"+name)
		}
	}
	return append(append(args, "--"), r.Args...)
}

// FuzzParseLongSpellings: whatever a command line parses to, written
// again with long names, or with their shortest abbreviations, parses to
// the same options, values and operands.
func FuzzParseLongSpellings(f *testing.F) {
	for _, c := range forms {
		f.Add(c.args, true, true)
		f.Add(c.args, false, false)
	}
	f.Fuzz(func(t *testing.T, line string, short, inOrder bool) {
		s := testSpec(inOrder)
		r, err := s.Parse(strings.Fields(line))
		if err != nil {
			return
		}
		again := longForm(s, r, short)
		r2, err := s.Parse(again)
		if err != nil || canonicalLong(r2) != canonicalLong(r) {
			t.Fatalf("Parse(%q) = %s, but %q gives %v, %v", line, canonicalLong(r), again, r2, err)
		}
	})
}

// canonicalLong is a parse with each option named by its long name.
func canonicalLong(r *Result) string {
	var b strings.Builder
	for _, o := range r.Options {
		b.WriteString(" --" + o.Option.Long)
		if o.HasValue {
			b.WriteString("='" + o.Value + "'")
		}
	}
	b.WriteString(" --")
	for _, a := range r.Args {
		b.WriteString(" '" + a + "'")
	}
	return b.String()
}

// FuzzParseMatchesGetopt: Parse reads any command line as util-linux's
// getopt(1), which is glibc's getopt_long, does: the same options and
// operands, or the same first complaint. Lines with characters getopt(1)
// quotes differently, and those that reach -h or -V (where we stop on
// purpose), are left out.
func FuzzParseMatchesGetopt(f *testing.F) {
	for _, c := range forms {
		f.Add(c.args, true)
	}
	for _, c := range []string{"a -i b", "a -t 1 b -- -c", "-f a --fork b -iu", "a -- -x"} {
		f.Add(c, false)
	}
	getopt := nstest.Tool(f, "getopt")
	f.Fuzz(func(t *testing.T, line string, inOrder bool) {
		for _, c := range []byte(line) {
			if c < ' ' && c != '\t' && c != '\n' || c >= 0x7f || strings.IndexByte(`'\!"$`+"`", c) >= 0 {
				return
			}
		}
		args := strings.Fields(line)
		s := testSpec(inOrder)
		r, err := s.Parse(args)
		if err == nil && len(r.Options) > 0 && r.Options[len(r.Options)-1].final {
			return
		}
		short, long := getoptStrings(s)
		want := getoptCanonical(getopt, short, long, args)
		if got := parseCanonical(s, args); got != want {
			t.Fatalf("inOrder=%v Parse(%q) = %q, getopt(1) says %q", inOrder, line, got, want)
		}
	})
}
