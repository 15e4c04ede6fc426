// SPDX-License-Identifier: Apache-2.0

//go:build linux

package cli

import (
	"fmt"
	"os"
	"strings"
)

// ArgMode says whether an option takes a value.
type ArgMode uint8

const (
	// NoArgument options are plain switches.
	NoArgument ArgMode = iota
	// RequiredArgument options take a value, attached or in the next word.
	RequiredArgument
	// OptionalArgument options take a value only when it is attached
	// (-w/etc, --wd=/etc).
	OptionalArgument
)

// Option describes one command-line option.
type Option struct {
	Short   byte    // letter, or 0 when the option has only a long name
	Long    string  // long name without dashes, or "" when it has none
	Arg     ArgMode // whether it takes a value
	ArgName string  // how help shows the value, e.g. "<file>"
	Help    string  // help text; "\n" starts a continuation line

	// ShortNoArg makes the letter a plain switch while the long form keeps
	// its optional value: unshare's -i versus --ipc=FILE.
	ShortNoArg bool

	// Inline keeps the help text on the synopsis's line, after two spaces,
	// when the synopsis passes the help column (nsenter's --cgroup line);
	// otherwise the text goes to the next line.
	Inline bool

	// Complete says how shells complete the value (see Choices).
	Complete Completion

	// Exact options match their whole name only, never an abbreviation.
	// Options gonstools adds to util-linux's are exact, so that util-linux's
	// abbreviations keep their meaning (goipcs --p is still --pid).
	Exact bool

	final bool // parsing stops after this option (-h, -V)
}

// Group is a titled block of options in the help text. A Group with an empty
// Title continues the previous block after a blank line.
type Group struct {
	Title   string
	Options []*Option
}

// Spec describes a program's command line.
type Spec struct {
	Name    string   // program name used in messages: "gounshare"
	Usage   []string // usage lines after the program name
	Summary string   // one paragraph under the usage lines
	Groups  []Group  // options, in help order
	Footer  string   // text printed after the options, before "For more details"
	InOrder bool     // stop at the first non-option ('+' in getopt's optstring)

	// Operands says how shells complete the operands (a program for
	// gounshare and gonsenter).
	Operands Completion

	// HelpWidth is the column where help texts start; 0 means "as narrow as
	// the longest option allows".
	HelpWidth int

	// CompactLong writes long-only options at the left margin in the help
	// text, as unshare's help does, instead of under the long names.
	CompactLong bool
}

// Occurrence is one option as found on the command line.
type Occurrence struct {
	*Option
	Value    string // the value, when HasValue
	HasValue bool
	Word     string // the whole argv word the option came from: "-iu", "--ipc=u"
	Long     bool   // written as --name
	Attached bool   // the value was attached to the option in the same word
}

// Is reports whether o is the option with the given long name.
func (o Occurrence) Is(long string) bool { return o.Option.Long == long }

// Name is how messages name the option: "--ipc" or "-i".
func (o Occurrence) Name() string {
	if o.Long || o.Short == 0 {
		return "--" + o.Option.Long
	}
	return "-" + string(o.Short)
}

// Explain says how getopt read the option when that may surprise, for
// example "-iu was read as --ipc=u: -i takes its value attached". It returns
// "" when the option was written in an unsurprising way.
func (o Occurrence) Explain() string {
	if !o.HasValue || !o.Attached || o.Long || o.Arg != OptionalArgument || o.Option.Long == "" {
		return ""
	}
	return fmt.Sprintf("%s was read as --%s=%s: -%c takes its value attached; write the options separately",
		o.Word, o.Option.Long, o.Value, o.Short)
}

// Result is a parsed command line.
type Result struct {
	Options []Occurrence // in command-line order
	Args    []string     // operands: the program and its arguments
}

// Parse parses args (without the program name) as getopt_long would with
// the options of spec. On a mistake it returns the error together with the
// options found before it, which util-linux's getopt loop would already
// have acted on: a tool applies those first, so that its own complaint
// about an earlier option's value comes before getopt's.
func (s *Spec) Parse(args []string) (*Result, error) {
	res := &Result{}
	// POSIXLY_CORRECT matters only once an operand comes: the first look
	// at the environment copies it into a map (package syscall), which a
	// command line of options alone does without.
	inOrder, envRead := s.InOrder, s.InOrder
	var operands []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		switch {
		case arg == "--":
			operands = append(operands, args[i+1:]...)
			res.Args = operands
			return res, nil
		case strings.HasPrefix(arg, "--"):
			occ, used, err := s.parseLong(arg, args[i+1:])
			if err != nil {
				return res, err
			}
			i += used
			res.Options = append(res.Options, occ)
			if occ.final {
				return res, nil
			}
		case len(arg) > 1 && arg[0] == '-':
			occs, used, err := s.parseShort(arg, args[i+1:])
			res.Options = append(res.Options, occs...)
			if err != nil {
				return res, err
			}
			i += used
			if occs[len(occs)-1].final {
				return res, nil
			}
		default:
			if !envRead {
				inOrder, envRead = os.Getenv("POSIXLY_CORRECT") != "", true
			}
			if inOrder {
				operands = append(operands, args[i:]...)
				res.Args = operands
				return res, nil
			}
			operands = append(operands, arg)
		}
	}
	res.Args = operands
	return res, nil
}

func (s *Spec) parseLong(arg string, rest []string) (Occurrence, int, error) {
	name, value, hasValue := strings.Cut(arg[2:], "=")
	opt, err := s.lookupLong(name, arg)
	if err != nil {
		return Occurrence{}, 0, err
	}
	occ := Occurrence{Option: opt, Word: arg, Long: true}
	switch opt.Arg {
	case NoArgument:
		if hasValue {
			return occ, 0, Usagef("option '--%s' doesn't allow an argument", opt.Long)
		}
	case OptionalArgument:
		occ.Value, occ.HasValue, occ.Attached = value, hasValue, hasValue
	case RequiredArgument:
		if hasValue {
			occ.Value, occ.HasValue, occ.Attached = value, true, true
			break
		}
		if len(rest) == 0 {
			return occ, 0, Usagef("option '--%s' requires an argument", opt.Long)
		}
		occ.Value, occ.HasValue = rest[0], true
		return occ, 1, nil
	}
	return occ, 0, nil
}

// lookupLong finds a long option by its exact name or a unique prefix.
func (s *Spec) lookupLong(name, arg string) (*Option, error) {
	var matches []*Option
	for _, g := range s.Groups {
		for _, o := range g.Options {
			if o.Long == name {
				return o, nil
			}
			if o.Long != "" && !o.Exact && strings.HasPrefix(o.Long, name) {
				matches = append(matches, o)
			}
		}
	}
	switch len(matches) {
	case 0:
		return nil, Usagef("unrecognized option '%s'", arg)
	case 1:
		return matches[0], nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "option '%s' is ambiguous; possibilities:", arg)
	for _, m := range matches {
		fmt.Fprintf(&b, " '--%s'", m.Long)
	}
	return nil, Usagef("%s", b.String())
}

func (s *Spec) parseShort(arg string, rest []string) ([]Occurrence, int, error) {
	var occs []Occurrence
	for j := 1; j < len(arg); j++ {
		c := arg[j]
		opt := s.lookupShort(c)
		if opt == nil {
			return occs, 0, Usagef("invalid option -- '%c'", c)
		}
		occ := Occurrence{Option: opt, Word: arg}
		tail := arg[j+1:]
		mode := opt.Arg
		if opt.ShortNoArg {
			mode = NoArgument
		}
		switch mode {
		case NoArgument:
			occs = append(occs, occ)
			if opt.final {
				return occs, 0, nil
			}
			continue
		case OptionalArgument:
			if tail != "" {
				occ.Value, occ.HasValue, occ.Attached = tail, true, true
			}
			return append(occs, occ), 0, nil
		case RequiredArgument:
			if tail != "" {
				occ.Value, occ.HasValue, occ.Attached = tail, true, true
				return append(occs, occ), 0, nil
			}
			if len(rest) == 0 {
				return occs, 0, Usagef("option requires an argument -- '%c'", c)
			}
			occ.Value, occ.HasValue = rest[0], true
			return append(occs, occ), 1, nil
		}
	}
	return occs, 0, nil
}

func (s *Spec) lookupShort(c byte) *Option {
	if c == ':' || c == '-' {
		return nil
	}
	for _, g := range s.Groups {
		for _, o := range g.Options {
			if o.Short == c {
				return o
			}
		}
	}
	return nil
}

// Handler is an option together with what it does to a command's parsed
// options (a T): an option and its meaning are defined in one place, and
// occurrences are matched to handlers by the option's identity.
type Handler[T any] struct {
	*Option
	Apply func(o *T, occ *Occurrence) error
}

// HandlerGroup is a titled block of handlers in the help text, as Group.
type HandlerGroup[T any] struct {
	Title    string
	Handlers []Handler[T]
}

// Table is a command's options with their handlers, in help order.
type Table[T any] []HandlerGroup[T]

// Groups is t's help blocks, followed by extra ones (StdGroup).
func (t Table[T]) Groups(extra ...Group) []Group {
	out := make([]Group, 0, len(t)+len(extra))
	for _, g := range t {
		opts := make([]*Option, len(g.Handlers))
		for i, h := range g.Handlers {
			opts[i] = h.Option
		}
		out = append(out, Group{Title: g.Title, Options: opts})
	}
	return append(out, extra...)
}

// Apply carries out the options of res in command-line order, each with its
// handler, and stops at the first error. Options without a handler in t
// (-h and -V) are skipped.
func (t Table[T]) Apply(o *T, res *Result) error {
	for i := range res.Options {
		occ := &res.Options[i]
		for _, g := range t {
			for _, h := range g.Handlers {
				if h.Option == occ.Option {
					if err := h.Apply(o, occ); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
