// SPDX-License-Identifier: Apache-2.0

//go:build linux

package cli

import (
	"fmt"
	"io"
	"strings"
)

// Help and version options: every tool lists them last, as util-linux does.
// Parsing stops at them, so "-h -x" prints help like getopt's loop does.
// They are values, so that another package's static option table can hold
// their addresses (&cli.HelpOption) without code run at start-up, which a
// call (StdGroup) or a pointer variable's value would need.
var (
	HelpOption    = Option{Short: 'h', Long: "help", Help: "display this help", final: true}
	VersionOption = Option{Short: 'V', Long: "version", Help: "display version", final: true}
)

// StdGroup is the help block of -h and -V. A static table writes it out:
// {Options: []*cli.Option{&cli.HelpOption, &cli.VersionOption}}.
func StdGroup() Group {
	return Group{Options: []*Option{&HelpOption, &VersionOption}}
}

// Handled answers -h and -V: when one was given it prints the help text or
// the version line to w and reports true.
func (s *Spec) Handled(res *Result, w io.Writer) bool {
	for _, o := range res.Options {
		switch o.Option {
		case &HelpOption:
			s.WriteHelp(w)
			return true
		case &VersionOption:
			io.WriteString(w, s.VersionLine())
			return true
		}
	}
	return false
}

// ParseArgs parses args, answering -h and -V on stdout. It reports done when
// the caller has nothing more to do. As with Parse, a mistake comes with
// the options before it.
func (s *Spec) ParseArgs(args []string, stdout io.Writer) (res *Result, done bool, err error) {
	res, err = s.Parse(args)
	return res, s.Handled(res, stdout), err
}

// WriteHelp prints the help text in util-linux's layout.
func (s *Spec) WriteHelp(w io.Writer) {
	var b strings.Builder
	b.WriteString("\nUsage:\n")
	for _, u := range s.Usage {
		fmt.Fprintf(&b, " %s %s\n", ProgName(s.Name), u)
	}
	if s.Summary != "" {
		fmt.Fprintf(&b, "\n%s\n", s.Summary)
	}
	col := s.HelpWidth
	if col == 0 {
		for _, g := range s.Groups {
			for _, o := range g.Options {
				col = max(col, len(s.optionSynopsis(o))+2)
			}
		}
		col++ // the leading space
	}
	for i, g := range s.Groups {
		switch {
		case g.Title != "":
			fmt.Fprintf(&b, "\n%s\n", g.Title)
		case i == 0:
			b.WriteString("\nOptions:\n")
		default:
			b.WriteString("\n")
		}
		for _, o := range g.Options {
			left := " " + s.optionSynopsis(o)
			lines := strings.Split(o.Help, "\n")
			switch {
			case len(left)+1 > col && o.Inline:
				fmt.Fprintf(&b, "%s  %s\n", left, lines[0])
			case len(left)+1 > col:
				fmt.Fprintf(&b, "%s\n%s%s\n", left, strings.Repeat(" ", col), lines[0])
			default:
				fmt.Fprintf(&b, "%-*s%s\n", col, left, lines[0])
			}
			for _, l := range lines[1:] {
				fmt.Fprintf(&b, "%s%s\n", strings.Repeat(" ", col), l)
			}
		}
	}
	if s.Footer != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimRight(s.Footer, "\n"))
	}
	fmt.Fprintf(&b, "\nFor more details see %s(1).\n", s.Name)
	io.WriteString(w, b.String())
}

// optionSynopsis is the left column of an option's help line:
// "-m, --mount[=<file>]", "    --keep-caps" ("--keep-caps" with
// CompactLong), "-t, --target <pid>".
func (s *Spec) optionSynopsis(o *Option) string {
	var b strings.Builder
	switch {
	case o.Short != 0 && o.Long != "":
		fmt.Fprintf(&b, "-%c, --%s", o.Short, o.Long)
	case o.Short != 0:
		fmt.Fprintf(&b, "-%c", o.Short)
	case s.CompactLong:
		fmt.Fprintf(&b, "--%s", o.Long)
	default:
		fmt.Fprintf(&b, "    --%s", o.Long)
	}
	switch o.Arg {
	case RequiredArgument:
		fmt.Fprintf(&b, " %s", o.ArgName)
	case OptionalArgument:
		if o.Long != "" {
			fmt.Fprintf(&b, "[=%s]", o.ArgName)
		} else {
			fmt.Fprintf(&b, "[%s]", o.ArgName)
		}
	}
	return b.String()
}

// LongOptions lists every long option of the spec, "--name", in help order.
// The man-page test uses it to check that each one is documented.
func (s *Spec) LongOptions() []string {
	var out []string
	for _, g := range s.Groups {
		for _, o := range g.Options {
			if o.Long != "" {
				out = append(out, "--"+o.Long)
			}
		}
	}
	return out
}
