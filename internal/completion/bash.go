// SPDX-License-Identifier: Apache-2.0

//go:build linux

package completion

import (
	"fmt"
	"strings"

	"github.com/gonstools/gonstools/internal/cli"
)

// bashValue is the bash code that fills COMPREPLY with the values of kind
// c for the word $cur (for a List, $cur is the part after the last comma).
func bashValue(c cli.Completion, choices []string) string {
	var b strings.Builder
	words := `""`
	if len(choices) > 0 {
		words = shQuote(strings.Join(choices, " "))
	}
	switch c.Kind {
	case cli.ValueFile:
		b.WriteString("_filedir")
	case cli.ValueDir:
		b.WriteString("_filedir -d")
	case cli.ValuePID:
		fmt.Fprintf(&b, `COMPREPLY=($(compgen -W "%s $(builtin cd /proc 2>/dev/null && echo [0-9]*)" -- "$cur"))`, words[1:len(words)-1])
	case cli.ValueSignal:
		b.WriteString(`COMPREPLY=($(compgen -A signal -- "$cur"))`)
	case cli.ValueUID:
		fmt.Fprintf(&b, `COMPREPLY=($(compgen -W "%s $(awk -F: '{print $3}' /etc/passwd 2>/dev/null)" -- "$cur"))`, words[1:len(words)-1])
	case cli.ValueGID:
		fmt.Fprintf(&b, `COMPREPLY=($(compgen -W "%s $(awk -F: '{print $3}' /etc/group 2>/dev/null)" -- "$cur"))`, words[1:len(words)-1])
	case cli.ValueUser:
		b.WriteString(`COMPREPLY=($(compgen -u -- "$cur"))`)
	case cli.ValueGroup:
		b.WriteString(`COMPREPLY=($(compgen -g -- "$cur"))`)
	case cli.ValueNetns:
		b.WriteString(`COMPREPLY=($(compgen -W "$(ls /run/netns 2>/dev/null)" -- "$cur"))`)
	case cli.ValueEnv:
		b.WriteString(`COMPREPLY=($(compgen -e -- "$cur"))`)
	case cli.ValueSysVID, cli.ValueSysVKey:
		fmt.Fprintf(&b, `COMPREPLY=($(compgen -W "$(%s)" -- "$cur"))`, sysvipcList(c))
	case cli.ValueContainer:
		fmt.Fprintf(&b, `COMPREPLY=($(compgen -W "$(sh -c %s)" -- "$cur"))`, shQuote(containerNames))
	case cli.ValuePOSIXName:
		switch c.Of {
		case "mqueue":
			b.WriteString(`COMPREPLY=($(compgen -W "$(builtin cd /dev/mqueue 2>/dev/null && for f in *; do [[ -e $f ]] && echo "/$f"; done)" -- "$cur"))`)
		case "sem":
			b.WriteString(`COMPREPLY=($(compgen -W "$(builtin cd /dev/shm 2>/dev/null && for f in sem.*; do [[ -e $f ]] && echo "/${f#sem.}"; done)" -- "$cur"))`)
		default:
			b.WriteString(`COMPREPLY=($(compgen -W "$(builtin cd /dev/shm 2>/dev/null && for f in *; do [[ -e $f && $f != sem.* ]] && echo "/$f"; done)" -- "$cur"))`)
		}
	default:
		fmt.Fprintf(&b, `COMPREPLY=($(compgen -W %s -- "$cur"))`, words)
		return b.String()
	}
	if len(choices) > 0 && c.Kind != cli.ValuePID && c.Kind != cli.ValueUID && c.Kind != cli.ValueGID {
		fmt.Fprintf(&b, "\n\t\tCOMPREPLY+=($(compgen -W %s -- \"$cur\"))", words)
	}
	return b.String()
}

// Bash is the bash completion of the tool s describes, for
// bash-completion (its _init_completion, _filedir and _command_offset).
func Bash(s *cli.Spec) string {
	var b strings.Builder
	fn := "_" + ident(s.Name) + "_module"
	b.WriteString(header(s.Name, "bash"))
	fmt.Fprintf(&b, "\n%s()\n{\n", fn)
	b.WriteString("\tlocal cur prev words cword\n\t_init_completion -n = || return\n\n")

	// The options that take a value, as getopt reads them: a long option
	// with a required value takes the next word when it has no "=value";
	// a letter with a required value takes the rest of its word, or the
	// next word when it ends the word; a letter with an optional value
	// takes the rest of its word.
	var reqLong, reqShort, optShort []string
	var all []string
	for _, o := range options(s) {
		if o.Short != 0 {
			switch {
			case o.Arg == cli.RequiredArgument:
				reqShort = append(reqShort, string(o.Short))
			case o.Arg == cli.OptionalArgument && !o.ShortNoArg:
				optShort = append(optShort, string(o.Short))
			}
		}
		if o.Long != "" && o.Arg == cli.RequiredArgument {
			reqLong = append(reqLong, "--"+o.Long)
		}
		all = append(all, names(o)...)
		if o.Long != "" && o.Arg == cli.OptionalArgument {
			all = append(all, "--"+o.Long+"=")
		}
	}
	fmt.Fprintf(&b, "\tlocal reqlong=%s reqshort=%s optshort=%s\n",
		shQuote(" "+strings.Join(reqLong, " ")+" "), shQuote(strings.Join(reqShort, "")), shQuote(strings.Join(optShort, "")))

	// Walk the words before the cursor as getopt would: find the option
	// whose value is being typed (want), or where the operands start.
	b.WriteString(`	local i j c w want= operand=0
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		if [[ $w == -- ]]; then
			operand=$((i + 1))
			break
		elif [[ $w == --?* ]]; then
			if [[ $w != *=* && $reqlong == *" $w "* ]]; then
				((i + 1 == cword)) && want=$w
				((i++))
			fi
		elif [[ $w == -?* ]]; then
			for ((j = 1; j < ${#w}; j++)); do
				c=${w:j:1}
				if [[ $reqshort == *"$c"* ]]; then
					if ((j + 1 == ${#w})); then
						((i + 1 == cword)) && want=-$c
						((i++))
					fi
					break
				fi
				[[ $optshort == *"$c"* ]] && break
			done
`)
	if s.InOrder || s.Operands.Kind != cli.ValueNone {
		b.WriteString("\t\telse\n\t\t\toperand=$i\n\t\t\tbreak\n")
	}
	b.WriteString("\t\tfi\n\tdone\n")
	if s.Operands.Kind != cli.ValueNone {
		// The word at the cursor is the first operand when it is
		// neither an option nor an option's value.
		b.WriteString("\t((operand == 0 && i == cword)) && [[ -z $want && $cur != -* ]] && operand=$cword\n")
	}
	b.WriteString("\n")

	switch s.Operands.Kind {
	case cli.ValueCommand:
		b.WriteString(`	# After the program, the program's own completion.
	if ((operand > 0 && operand < cword)); then
		_command_offset $operand
		return
	elif ((operand == cword)); then
		COMPREPLY=($(compgen -c -- "$cur"))
		return
	fi

`)
	case cli.ValueTool:
		fmt.Fprintf(&b, `	# After the tool's name, the tool's own completion.
	if ((operand > 0 && operand < cword)); then
		_command_offset $operand
		return
	elif ((operand == cword)); then
		COMPREPLY=($(compgen -W %s -- "$cur"))
		return
	fi

`, shQuote(strings.Join(s.Operands.Choices(), " ")))
	}

	// --name=value: the value after "=".
	b.WriteString(`	if [[ -z $want && $cur == --*=* ]]; then
		want=${cur%%=*}
		cur=${cur#*=}
	fi

`)
	b.WriteString("\tcase $want in\n")
	for _, o := range options(s) {
		if !takesValue(o) || !hasCompletion(o) {
			continue
		}
		var pats []string
		if o.Short != 0 && !o.ShortNoArg {
			pats = append(pats, "-"+string(o.Short))
		}
		if o.Long != "" {
			pats = append(pats, "--"+o.Long)
		}
		fmt.Fprintf(&b, "\t%s)\n", strings.Join(pats, " | "))
		if o.Complete.List {
			b.WriteString("\t\tlocal prefix=\"${cur%\"${cur##*,}\"}\"\n\t\tcur=${cur##*,}\n")
		}
		fmt.Fprintf(&b, "\t\t%s\n", bashValue(o.Complete, o.Choices()))
		if o.Complete.List {
			b.WriteString("\t\tCOMPREPLY=(\"${COMPREPLY[@]/#/$prefix}\")\n\t\tcompopt -o nospace\n")
		}
		b.WriteString("\t\treturn\n\t\t;;\n")
	}
	b.WriteString("\t?*)\n\t\treturn\n\t\t;;\n\tesac\n\n")

	fmt.Fprintf(&b, `	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W %s -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
	fi
}
complete -F %s %s
`, shQuote(strings.Join(all, " ")), fn, s.Name)
	return b.String()
}
