// SPDX-License-Identifier: Apache-2.0

//go:build linux

package cli

import "strings"

// ValueKind says what an option's value (or a command's operands) can be,
// for the shell completions that internal/completion generates from every
// tool's Spec. Each kind is completed the same way in bash, zsh and fish;
// a new kind is a new constant here and one case per shell there.
type ValueKind uint8

const (
	ValueNone      ValueKind = iota // free text: nothing to offer but Words
	ValueFile                       // a file name
	ValueDir                        // a directory
	ValuePID                        // a process ID
	ValueSignal                     // a signal name
	ValueUID                        // a user ID (numbers from the passwd file)
	ValueGID                        // a group ID (numbers from the group file)
	ValueUser                       // a user name
	ValueGroup                      // a group name
	ValueNetns                      // a name of /run/netns (ip netns)
	ValueEnv                        // an environment variable's name
	ValueSysVID                     // an id of a System V object of kind Of (shm, msg, sem)
	ValueSysVKey                    // a key of a System V object of kind Of
	ValuePOSIXName                  // a name of a POSIX object of kind Of (shm, mqueue, sem)
	ValueContainer                  // the name of a running container (docker, podman, containerd)
	ValueCommand                    // operands: a program and its arguments, completed as that program's
	ValueTool                       // operands: a tool of the multi-call binary and its arguments
)

// Completion says how a shell completes an option's value, or a command's
// operands (Spec.Operands).
type Completion struct {
	Kind  ValueKind
	Of    string   // the object kind for the IPC kinds: "shm", "msg", "sem", "mqueue"
	List  bool     // a comma-separated list: each element is completed
	Words []string // fixed choices, besides the literal ones of ArgName
	// WordsFrom gives choices computed from a table (golsns's columns);
	// it is called only when the completions are generated.
	WordsFrom func() []string
}

// Choices are the fixed words an option's value can be: those of
// Complete.Words and WordsFrom, and the literal alternatives of ArgName
// ("slave|shared|private|unchanged", the "follow" of "<uid>|follow";
// placeholders in <> are not words).
func (o *Option) Choices() []string {
	var out []string
	if o.Arg != NoArgument && o.ArgName != "" && !strings.ContainsAny(o.ArgName, " .") {
		for _, w := range strings.Split(o.ArgName, "|") {
			if w != "" && !strings.ContainsAny(w, "<>[]=:") {
				out = append(out, w)
			}
		}
	}
	return append(out, o.Complete.Choices()...)
}

// Choices are c's fixed words: Words, then those of WordsFrom.
func (c Completion) Choices() []string {
	out := append([]string(nil), c.Words...)
	if c.WordsFrom != nil {
		out = append(out, c.WordsFrom()...)
	}
	return out
}
