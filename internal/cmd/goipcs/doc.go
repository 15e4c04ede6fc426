// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package goipcs is the goipcs command, which shows the System V IPC objects of the caller's IPC
// namespace, as util-linux's ipcs does: the same options, parsed the way
// its getopt_long loop parses them, the same messages and exit statuses,
// and byte for byte the same tables as util-linux 2.38.1. It adds --json
// (one JSON document of the same selection), --posix (POSIX message
// queues, shared memory and semaphores after the System V sections), and
// --target and --container, which list another IPC namespace exactly as
// "gonsenter -t PID -i goipcs" would, from a thread that joins it and is
// thrown away (so the rendering reads the kernel on its own goroutine, or
// on threads it checked to be in the same IPC namespace, as
// pkg/sysvipc's parallel walk does: other goroutines run in goipcs's own).
//
// This package holds only the command line: option parsing, the help text
// (ipcs's, whose two column widths cli.Spec's layout cannot express, so it
// is written out), and the mapping of outcomes to messages and statuses.
// The formats, the JSON schema and the --posix layout are documented in
// internal/ipcs; the data comes from pkg/sysvipc and pkg/posixipc.
//
// Points where the command line is subtle, each covered by a test against
// /usr/bin/ipcs:
//
//   - options act in getopt's order: "-i abc -x" reports the id, "-x -i abc"
//     the option, and -h or -V act as soon as they are met;
//   - the last of -t, -p, -c, -l, -u wins, and so does the last of -b and
//     --human; operands are ignored;
//   - -i needs exactly one of -q, -m, -s ("when using an ID, a single
//     resource must be specified", status 1); an id that names nothing is
//     a warning with status 0;
//   - ids are read as util-linux's strtos32_or_err reads them (leading
//     blanks and a sign allowed, decimal only, int32 range);
//   - abbreviations of util-linux's long options keep their meaning although
//     goipcs has more options (--p is --pid, not ambiguous with --posix);
//   - a full disk on standard output is "write error: ..." with status 1, a
//     closed one is not an error, as with util-linux's close_stdout.
//
// Exit status: 0 on success (including an id that names no object), 1 on a
// usage error, a bad id, a semaphore set whose values cannot be read, a
// write error, or a POSIX kind that could not be listed (after printing
// everything else).
//
// Messages are always English; util-linux translates its own when a
// translation of the locale is installed.
package goipcs
