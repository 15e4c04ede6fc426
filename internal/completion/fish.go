// SPDX-License-Identifier: Apache-2.0

//go:build linux

package completion

import (
	"fmt"
	"strings"

	"github.com/gonstools/gonstools/internal/cli"
)

// fishValue is the fish command substitution that lists the values of
// kind c, or "" when fish's own file completion does it.
func fishValue(c cli.Completion, choices []string) string {
	var parts []string
	if len(choices) > 0 {
		parts = append(parts, "printf '%s\\n' "+quoteJoin(choices, fishQuote))
	}
	switch c.Kind {
	case cli.ValuePID:
		parts = append(parts, "__fish_complete_pids")
	case cli.ValueSignal:
		parts = append(parts, "string replace -r '^' SIG -- (string upper -- (kill -l | string split ' '))")
	case cli.ValueUID:
		parts = append(parts, "string split -f3 : < /etc/passwd")
	case cli.ValueGID:
		parts = append(parts, "string split -f3 : < /etc/group")
	case cli.ValueUser:
		parts = append(parts, "__fish_complete_users")
	case cli.ValueGroup:
		parts = append(parts, "__fish_complete_groups")
	case cli.ValueNetns:
		parts = append(parts, "path basename /run/netns/*")
	case cli.ValueEnv:
		parts = append(parts, "set -xn")
	case cli.ValueSysVID, cli.ValueSysVKey:
		field := `echo $f[2]`
		if c.Kind == cli.ValueSysVKey {
			field = `printf '0x%08x\n' (math "bitand($f[1], 4294967295)")`
		}
		parts = append(parts, fmt.Sprintf(`for l in (tail -q -n +2 %s 2>/dev/null); set -l f (string split -n ' ' -- $l); %s; end`, sysvipcFiles(c), field))
	case cli.ValueContainer:
		parts = append(parts, "sh -c "+fishQuote(containerNames))
	case cli.ValuePOSIXName:
		switch c.Of {
		case "mqueue":
			parts = append(parts, "string replace -r '^' / -- (path basename /dev/mqueue/*)")
		case "sem":
			parts = append(parts, "string replace -r '^sem\\.' / -- (path basename /dev/shm/sem.*)")
		default:
			parts = append(parts, "string replace -r '^' / -- (path basename /dev/shm/* | string match -v 'sem.*')")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, "; ") + ")"
}

// Fish is the fish completion of the tool s describes.
func Fish(s *cli.Spec) string {
	var b strings.Builder
	fn := "__" + ident(s.Name)
	b.WriteString(header(s.Name, "fish"))
	cond := ""
	if s.Operands.Kind == cli.ValueCommand || s.Operands.Kind == cli.ValueTool {
		// The operands start at the first word that is not an option
		// or an option's value; from there on the program's (or the
		// tool's) own completion takes over.
		var req []string
		for _, o := range options(s) {
			if o.Arg == cli.RequiredArgument {
				req = append(req, names(o)...)
			}
		}
		fmt.Fprintf(&b, `
# %[1]s_operand prints the index of the first operand on the command
# line, if there is one before the word being completed.
function %[1]s_operand
	set -l words (commandline -opc)
	set -l i 2
	while test $i -le (count $words)
		switch $words[$i]
			case --
				set i (math $i + 1)
				break
			case %[2]s
				set i (math $i + 1)
			case '-*'
			case '*'
				break
		end
		set i (math $i + 1)
	end
	test $i -le (count $words); and echo $i
end

`, fn, strings.Join(req, " "))
		cond = fmt.Sprintf(" -n 'not %s_operand'", fn)
		if s.Operands.Kind == cli.ValueCommand {
			fmt.Fprintf(&b, "complete -c %s -n 'not %s_operand' -f -a '(__fish_complete_command)'\n", s.Name, fn)
		} else {
			fmt.Fprintf(&b, "complete -c %s -n 'not %s_operand' -f -a %s\n", s.Name, fn, fishQuote(strings.Join(s.Operands.Choices(), " ")))
		}
		fmt.Fprintf(&b, "complete -c %s -n %s_operand -x -a '(set -l w (commandline -opc); complete -C (string join -- \" \" $w[(%s_operand)..-1] (commandline -ct)))'\n",
			s.Name, fn, fn)
	} else {
		fmt.Fprintf(&b, "complete -c %s -f\n", s.Name)
	}
	for _, o := range options(s) {
		line := "complete -c " + s.Name + cond
		if o.Short != 0 {
			line += " -s " + string(o.Short)
		}
		if o.Long != "" {
			line += " -l " + o.Long
		}
		if o.Arg == cli.RequiredArgument {
			v := fishValue(o.Complete, o.Choices())
			switch {
			case o.Complete.Kind == cli.ValueFile:
				line += " -r -F"
			case o.Complete.Kind == cli.ValueDir:
				line += " -r -a '(__fish_complete_directories (commandline -ct))'"
			case v != "":
				line += " -x -a " + fishQuote(v)
			default:
				line += " -x"
			}
		}
		line += " -d " + fishQuote(description(o))
		b.WriteString(line + "\n")
	}
	return b.String()
}
