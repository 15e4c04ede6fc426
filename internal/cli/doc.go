// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package cli holds the command-line conventions every tool of this project
// shares, so that they behave like the util-linux programs they replace.
//
// # Parsing
//
// [Parse] follows glibc's getopt_long to the letter, because util-linux
// users type every form it accepts:
//
//   - grouped letters: -iu is -i -u;
//   - a required value attached or separate: -t1234, -t 1234, --target=1234,
//     --target 1234; and a group may end in one: -it 1234;
//   - an optional value only when attached: -w/etc, --wd=/etc. A separate
//     word is never taken as the value (-w /etc is -w, then the program /etc);
//   - unique prefixes of long options (--fo is --fork) with glibc's
//     ambiguity message;
//   - "--" ends the options;
//   - with [Spec.InOrder] (util-linux's "+" optstrings: unshare, nsenter)
//     parsing stops at the first non-option, so "gounshare ls -l" gives -l to
//     ls; otherwise non-options are permuted to the end, as GNU getopt does,
//     unless POSIXLY_CORRECT is set.
//
// getopt's rules can surprise: for nsenter every namespace letter takes an
// optional value, so -iu means --ipc=u. Parse keeps that meaning, and every
// [Occurrence] remembers how it was written ([Occurrence.Explain]) so that a
// later error can say what happened.
//
// The project does not parse with urfave/cli: it cannot express attached or
// optional values, and merely linking it costs about 0.4 ms of start-up per
// run (measured: 2.05 ms against 2.49 ms for an in-place "unshare -i true"),
// which is a fifth of util-linux's whole run. See the README.
//
// # Messages and exit status
//
// Errors print as "prog: message" on stderr and exit 1 ([ExitFailure]);
// usage errors add "Try 'prog --help' for more information." ([UsageError]).
// [Errno] renders a syscall error the way C's strerror does ("Permission
// denied", not Go's "permission denied"). [Main] turns a command's run
// function into an exit status and keeps Go panics away from users.
package cli
