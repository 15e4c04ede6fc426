// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package goipcrm is the goipcrm command, which removes System V and POSIX IPC objects, as util-linux's
// ipcrm (2.42) does, with its options, its old "goipcrm shm|msg|sem ID..."
// form, and its messages:
//
//	goipcrm -q 3 -M 0x1234 --posix-mqueue /jobs
//	goipcrm --all=psem -v
//	goipcrm shm 5 6
//
// Each id, key or name is removed in command-line order, then --all does
// its part (shared memory, POSIX shared memory, semaphores, POSIX
// semaphores, queues, POSIX queues). An object that cannot be removed is
// reported ("invalid id (3)", "permission denied for key (0x1234)",
// "name `/jobs' not found") and the rest of the list is still processed;
// the exit status is then 1.
//
// Where it differs from ipcrm, it is on the side of safety:
//
//   - The whole command line is read before anything is removed: an id or
//     key that does not parse, an unknown --all category, a malformed POSIX
//     name or an extra operand stops the command with nothing removed.
//     (util-linux removes the objects named before the mistake, and for an
//     extra operand even all of them.)
//   - Keys that no key_t can hold are refused instead of being truncated,
//     and an empty id in the old form is refused instead of meaning 0.
//   - POSIX names may be given with or without their leading slash (glibc's
//     mq_unlink insists on it).
//   - --all=pmsg needs an mqueue mount at /dev/mqueue; without one it says
//     so and removes no queue, as util-linux does, but it also notices a
//     plain directory there.
//   - --all skips System V objects the caller cannot read, as util-linux
//     does (it walks them with *_STAT), so an unprivileged user's --all
//     removes what it can see and owns.
//
// As in ipcrm 2.41 and later, goipcrm without arguments is a usage error
// (2.38.1 silently did nothing).
package goipcrm
