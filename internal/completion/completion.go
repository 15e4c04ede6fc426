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
// IPC ids and names, container names and engines...), and, for gounshare and gonsenter, the program and
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

// shQuote quotes s for a POSIX shell.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// fishQuote quotes s for fish, whose single quotes escape only \ and '.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

// quoteJoin quotes each of words with quote and joins them with spaces.
func quoteJoin(words []string, quote func(string) string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = quote(w)
	}
	return strings.Join(q, " ")
}

// sysvipcFiles are the /proc/sysvipc tables of the System V IPC objects
// of kind c: those of c.Of, or all three when c.Of is "".
func sysvipcFiles(c cli.Completion) string {
	if c.Of == "" {
		return "/proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem"
	}
	return "/proc/sysvipc/" + c.Of
}

// sysvipcList is the command, for bash and zsh, that prints the ids of
// the objects of kind c, or their keys in hex for a ValueSysVKey, one a
// line. Each table has a header line, then the key (signed decimal) and
// the id of each object.
func sysvipcList(c cli.Completion) string {
	field := `$id`
	if c.Kind == cli.ValueSysVKey {
		field = `$(printf '0x%08x' $((key & 0xffffffff)))`
	}
	return fmt.Sprintf(`for f in %s; do { read -r; while read -r key id _; do echo %s; done; } <$f; done 2>/dev/null`, sysvipcFiles(c), field)
}

// containerNames is a POSIX shell command that prints the names of the
// running containers, one a line: the values of --container. Each shell
// runs it with sh -c, so that a glob that matches nothing behaves alike.
//
// The tools find containers through the engines' API sockets and state
// files (internal/container). A shell cannot speak HTTP on a unix socket,
// so docker's and podman's names come from their own CLIs when they are
// installed ("ps --format {{.Names}}": the same API the tools ask, running
// containers only, at most 2 s each), while containerd's are read the way
// internal/container reads them: the IDs of the task directories under
// /run/containerd whose init process is alive, namespace "moby" left out
// (docker's own containers, named by docker above). CRI-O's containers are
// not offered: crictl, its CLI, is rarely on the hosts these tools serve.
const containerNames = `{ for e in docker podman; do command -v $e >/dev/null && timeout 2 $e ps --format '{{.Names}}'; done; ` +
	`for d in /run/containerd/io.containerd.runtime.v2.task/*/* /run/containerd/io.containerd.runtime.v1.linux/*/*; do ` +
	`case $d in */moby/*) continue ;; esac; p=$(cat "$d/init.pid") && [ -n "$p" ] && [ -d "/proc/$p" ] && echo "${d##*/}"; done; } 2>/dev/null`

// header is the comment every generated file starts with.
func header(tool, shell string) string {
	return fmt.Sprintf("# %s completion for %s\n# SPDX-License-Identifier: Apache-2.0\n"+
		"# Generated from %s's option table by \"make completions\"; do not edit.\n", shell, tool, tool)
}
