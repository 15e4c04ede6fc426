// SPDX-License-Identifier: Apache-2.0

//go:build linux

package completion

import (
	"fmt"
	"strings"

	"github.com/gonstools/gonstools/internal/cli"
)

// zshValue is the zsh code that offers the values of kind c.
func zshValue(c cli.Completion, choices []string) string {
	var parts []string
	if len(choices) > 0 {
		parts = append(parts, "compadd -- "+quoteJoin(choices, shQuote))
	}
	switch c.Kind {
	case cli.ValueFile:
		parts = append(parts, "_files")
	case cli.ValueDir:
		parts = append(parts, "_files -/")
	case cli.ValuePID:
		parts = append(parts, "_pids")
	case cli.ValueSignal:
		parts = append(parts, "_signals -s")
	case cli.ValueUID:
		parts = append(parts, `compadd -- ${(f)"$(awk -F: '{print $3}' /etc/passwd 2>/dev/null)"}`)
	case cli.ValueGID:
		parts = append(parts, `compadd -- ${(f)"$(awk -F: '{print $3}' /etc/group 2>/dev/null)"}`)
	case cli.ValueUser:
		parts = append(parts, "_users")
	case cli.ValueGroup:
		parts = append(parts, "_groups")
	case cli.ValueNetns:
		parts = append(parts, "compadd -- /run/netns/*(N:t)")
	case cli.ValueEnv:
		parts = append(parts, "_parameters -g '*export*'")
	case cli.ValueSysVID, cli.ValueSysVKey:
		parts = append(parts, fmt.Sprintf(`compadd -- ${(f)"$(%s)"}`, sysvipcList(c)))
	case cli.ValueContainer:
		parts = append(parts, fmt.Sprintf(`compadd -- ${(f)"$(sh -c %s)"}`, shQuote(containerNames)))
	case cli.ValuePOSIXName:
		switch c.Of {
		case "mqueue":
			parts = append(parts, `compadd -P / -- /dev/mqueue/*(N:t)`)
		case "sem":
			parts = append(parts, `compadd -P / -- ${${:-/dev/shm/sem.*(N:t)}#sem.}`)
		default:
			parts = append(parts, `compadd -P / -- /dev/shm/^sem.*(N:t)`)
		}
	}
	return strings.Join(parts, "; ")
}

// zshDescription escapes an option's help for an _arguments spec, which is
// written in single quotes ("container's" closes none).
func zshDescription(o *cli.Option) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, ":", `\:`, "'", `'\''`).Replace(description(o))
}

// Zsh is the zsh completion (a #compdef function for fpath) of the tool
// s describes.
func Zsh(s *cli.Spec) string {
	var b strings.Builder
	fn := "_" + ident(s.Name)
	fmt.Fprintf(&b, "#compdef %s\n", s.Name)
	b.WriteString(header(s.Name, "zsh"))
	fmt.Fprintf(&b, "\n# %s_value OPTION offers the values of OPTION.\n%s_value() {\n\tcase $1 in\n", fn, fn)
	for _, o := range options(s) {
		if takesValue(o) && hasCompletion(o) {
			fmt.Fprintf(&b, "\t%s) ", o.Long)
			if o.Complete.List {
				b.WriteString("compset -P '*,'; ")
			}
			fmt.Fprintf(&b, "%s ;;\n", zshValue(o.Complete, o.Choices()))
		}
	}
	b.WriteString("\tesac\n}\n\n")

	var specs []string
	for _, o := range options(s) {
		desc := "[" + zshDescription(o) + "]"
		arg := ":value:"
		if hasCompletion(o) {
			arg = fmt.Sprintf(":%s:%s_value %s", strings.Trim(o.ArgName, "<>"), fn, o.Long)
			if strings.ContainsAny(o.ArgName, "|") || o.ArgName == "" {
				arg = fmt.Sprintf(":value:%s_value %s", fn, o.Long)
			}
		}
		if o.Short != 0 {
			switch {
			case o.Arg == cli.NoArgument || o.ShortNoArg:
				specs = append(specs, fmt.Sprintf("'-%c%s'", o.Short, desc))
			case o.Arg == cli.RequiredArgument:
				specs = append(specs, fmt.Sprintf("'-%c+%s%s'", o.Short, desc, arg))
			default:
				specs = append(specs, fmt.Sprintf("'-%c-%s:%s'", o.Short, desc, arg))
			}
		}
		if o.Long != "" {
			switch o.Arg {
			case cli.NoArgument:
				specs = append(specs, fmt.Sprintf("'--%s%s'", o.Long, desc))
			case cli.RequiredArgument:
				specs = append(specs, fmt.Sprintf("'--%s=%s%s'", o.Long, desc, arg))
			default:
				specs = append(specs, fmt.Sprintf("'--%s=-%s:%s'", o.Long, desc, arg))
			}
		}
	}
	flags := "-s -S"
	if s.InOrder {
		flags += " -A '-*'"
	}
	switch s.Operands.Kind {
	case cli.ValueCommand:
		specs = append(specs, "'(-)1:program:_command_names -e'", "'*::arguments:_normal'")
	case cli.ValueTool:
		specs = append(specs, fmt.Sprintf("'1:tool:(%s)'", strings.Join(s.Operands.Choices(), " ")), "'*::arguments:_normal'")
	}
	fmt.Fprintf(&b, "_arguments %s : \\\n\t%s\n", flags, strings.Join(specs, " \\\n\t"))
	return b.String()
}
