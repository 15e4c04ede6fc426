// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command goipcmk creates System V and POSIX IPC objects, as util-linux's
// ipcmk (2.42) does, with its options, output lines and messages:
//
//	goipcmk -M 1.5M -Q -S 4 -p 0600
//	goipcmk -q -m 64K -s -n /demo
//
// Where it differs from ipcmk, it is on the side of safety:
//
//   - Every argument is checked before anything is created: a bad size,
//     element count, mode or name, extra operands, or --name without a
//     POSIX object, is one line on stderr and exit status 1 with nothing
//     made. (ipcmk 2.38.1 ignores extra operands and prints "failed to
//     parse mode: Success" for a bad mode.)
//   - When several objects are asked for and the kernel refuses a later
//     one, the ones already made are removed again and no id is printed:
//     the call makes all of them or none. (ipcmk leaves the first ones.)
//   - System V keys are random, never 0 (IPC_PRIVATE), and objects are
//     created with IPC_EXCL, retrying with a new key on EEXIST, so an
//     existing object is never taken for a new one. POSIX objects are
//     created with O_EXCL: "File exists" rather than ipcmk's reopening
//     (and truncating) of an existing shared memory object.
//   - -M and -m keep their own sizes (ipcmk shares one, the last given).
//   - POSIX names may be given with or without their leading slash and
//     are printed with it.
//
// The objects are printed in util-linux's order: shared memory, POSIX
// shared memory, message queue, POSIX message queue, semaphore array,
// POSIX semaphore. internal/ipcmk checks the request and creates the objects
// (through pkg/sysvipc and pkg/posixipc); this package holds the options,
// the help text and the exit status.
package main

import (
	"os"

	"github.com/gonstools/gonstools/internal/cmd/goipcmk"
)

func main() { os.Exit(goipcmk.Main(os.Args[1:])) }
