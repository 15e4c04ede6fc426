// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package multicall is the gonstools command: all six tools in one binary,
// busybox style. The binary runs the tool it is called by, through a link
// named after the tool ("gounshare", or util-linux's "unshare"), or the one
// named by its first argument ("gonstools unshare -iu bash").
//
// Under util-linux's name a tool's messages, usage lines and -V say that
// name ("unshare: failed to execute foo"), as busybox and util-linux do
// with the name they were invoked by; "For more details see gounshare(1)"
// keeps pointing at the tool's own page, which documents what it does.
//
// Nothing is initialised for a tool that does not run: the tools' bodies
// (internal/cmd/TOOL) do their set-up in Main, and this package's table is
// static data, so each tool starts as fast as its own binary.
package multicall

import (
	"io"
	"os"
	"strings"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/cmd/goipcmk"
	"github.com/gonstools/gonstools/internal/cmd/goipcrm"
	"github.com/gonstools/gonstools/internal/cmd/goipcs"
	"github.com/gonstools/gonstools/internal/cmd/golsns"
	"github.com/gonstools/gonstools/internal/cmd/gonsenter"
	"github.com/gonstools/gonstools/internal/cmd/gounshare"
	"github.com/gonstools/gonstools/internal/nsenter"
	"github.com/gonstools/gonstools/internal/unshare"
)

// Tool is one tool of the project.
type Tool struct {
	Name  string             // its own name: "gounshare"
	Alias string             // util-linux's name for it: "unshare"
	Main  func([]string) int // its body: arguments without the program name in, exit status out
	Spec  func() *cli.Spec   // its command line (options, for the shell completions)
}

// Tools are the six tools, in the order the help names them.
var Tools = [...]Tool{
	{"gounshare", "unshare", gounshare.Main, unshare.Spec},
	{"gonsenter", "nsenter", gonsenter.Main, nsenter.Spec},
	{"goipcs", "ipcs", goipcs.Main, goipcs.Spec},
	{"goipcmk", "ipcmk", goipcmk.Main, goipcmk.Spec},
	{"goipcrm", "ipcrm", goipcrm.Main, goipcrm.Spec},
	{"golsns", "lsns", golsns.Main, golsns.Spec},
}

// Lookup finds the tool called name, by its own name or util-linux's.
func Lookup(name string) (*Tool, bool) {
	for i := range Tools {
		if t := &Tools[i]; name == t.Name || name == t.Alias {
			return t, true
		}
	}
	return nil, false
}

// Name is the multi-call binary's own name.
const Name = "gonstools"

var optList = &cli.Option{Short: 'l', Long: "list", Help: "list the tools' names, one per line"}

// Spec is gonstools' own command line: its options, then the tool.
func Spec() *cli.Spec {
	return &cli.Spec{
		Name:     Name,
		Usage:    []string{"[options]", "<tool> [<argument>...]"},
		Summary:  summary,
		InOrder:  true,
		Operands: cli.Completion{Kind: cli.ValueTool, WordsFrom: names},
		Groups:   []cli.Group{{Options: []*cli.Option{optList}}, cli.StdGroup()},
		Footer: "A link to gonstools named after a tool runs that tool:\n" +
			" ln -s gonstools unshare; ./unshare -iu bash",
	}
}

// summary names every tool (a test checks it against Tools).
const summary = "Run one of the gonstools tools: gounshare, gonsenter, goipcs, goipcmk,\n" +
	"goipcrm or golsns, also by util-linux's names: unshare, nsenter, ipcs, ipcmk,\n" +
	"ipcrm or lsns."

// names are the tools' names and util-linux's, for the shell completions.
func names() []string {
	var out []string
	for _, t := range Tools {
		out = append(out, t.Name)
	}
	for _, t := range Tools {
		out = append(out, t.Alias)
	}
	return out
}

// Main runs the multi-call binary with its whole command line (argv[0]
// included) and returns the exit status.
func Main(argv []string) int {
	name := "gonstools"
	if len(argv) > 0 {
		name = argv[0][strings.LastIndexByte(argv[0], '/')+1:]
	}
	if t, ok := Lookup(name); ok {
		return run(t, name, argv[1:])
	}
	// "gonstools TOOL ARGS...": the tool at once, as own would find it
	// (options end at the first operand), without building and parsing
	// gonstools's own command line first.
	if len(argv) > 1 {
		if t, ok := Lookup(argv[1]); ok {
			return run(t, argv[1], argv[2:])
		}
	}
	var args []string
	if len(argv) > 1 {
		args = argv[1:]
	}
	return own(args, os.Stdout, os.Stderr)
}

// run runs tool t, called by name.
func run(t *Tool, name string, args []string) int {
	if name != t.Name {
		cli.SetProgName(name)
	}
	return t.Main(args)
}

// own handles gonstools' own command line: its options, or the tool named
// by the first operand.
func own(args []string, stdout, stderr io.Writer) int {
	spec := Spec()
	res, perr := spec.Parse(args)
	if perr == nil && len(res.Options) == 0 && len(res.Args) > 0 {
		if t, ok := Lookup(res.Args[0]); ok {
			return run(t, res.Args[0], res.Args[1:])
		}
	}
	return cli.Main(Name, stdout, stderr, func(stdout io.Writer) error {
		if spec.Handled(res, stdout) {
			return nil
		}
		if perr != nil {
			return perr
		}
		for _, o := range res.Options {
			if o.Option == optList {
				var b strings.Builder
				for _, n := range names() {
					b.WriteString(n + "\n")
				}
				_, err := io.WriteString(stdout, b.String())
				return err
			}
		}
		if len(res.Args) == 0 {
			return cli.Usagef("no tool given")
		}
		return cli.Usagef("unknown tool: %s", cli.Quote(res.Args[0]))
	})
}
