// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package completion writes the shell completions of the tools (bash, zsh
// and fish) from their cli.Spec: the option tables that also drive parsing
// and --help, so that the three can never disagree. "make completions"
// writes them to completions/ (scripts/completions), and the test there
// checks that the committed files are what this package writes today.
//
// The bash completions behave as util-linux's: every option, the values of
// options (namespace files, PIDs, signal names, propagation modes, columns,
// IPC ids and names...), and, for gounshare and gonsenter, the program and
// then the program's own completion (bash-completion's _command_offset).
package completion

import (
	"fmt"
	"strings"

	"github.com/gonstools/gonstools/internal/cli"
)

// options lists every option of s, in help order.
func options(s *cli.Spec) []*cli.Option {
	var out []*cli.Option
	for _, g := range s.Groups {
		out = append(out, g.Options...)
	}
	return out
}

// names is how an option is written: "-t", "--target" (those it has).
func names(o *cli.Option) []string {
	var out []string
	if o.Short != 0 {
		out = append(out, "-"+string(o.Short))
	}
	if o.Long != "" {
		out = append(out, "--"+o.Long)
	}
	return out
}

// takesValue reports whether o takes a value at all, in its long form.
func takesValue(o *cli.Option) bool { return o.Arg != cli.NoArgument }

// hasCompletion reports whether there is anything to offer for o's value.
func hasCompletion(o *cli.Option) bool {
	return o.Complete.Kind != cli.ValueNone || len(o.Choices()) > 0
}

// ident makes a shell function name part of a tool's name.
func ident(name string) string { return strings.ReplaceAll(name, "-", "_") }

// description is the first line of an option's help, for zsh and fish.
func description(o *cli.Option) string {
	d, _, _ := strings.Cut(o.Help, "\n")
	return strings.TrimSpace(d)
}

// shQuote quotes s for a POSIX shell (and fish, whose single quotes
// escape only \ and ').
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

// header is the comment every generated file starts with.
func header(tool, shell string) string {
	return fmt.Sprintf("# %s completion for %s\n# SPDX-License-Identifier: Apache-2.0\n"+
		"# Generated from %s's option table by \"make completions\"; do not edit.\n", shell, tool, tool)
}
