// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package numparse reads the numbers that util-linux's IPC tools take on
// their command lines, accepting exactly what util-linux accepts, so that a
// script written for ipcmk or ipcrm gets the same objects from goipcmk and
// goipcrm.
//
// util-linux parses with C's strtoul family, and its quirks are part of the
// interface:
//
//   - [Size] is util-linux's strtosize: a number in C's base 0 (so "0x10" is
//     16 and "010" is 8), then an optional fraction and a binary suffix
//     (K, KiB = 1024; KB = 1000; ... up to Y), so "1.5M" is 1572864. Size
//     accepts and refuses exactly the words util-linux does, but computes
//     fractions exactly: util-linux adds them digit by digit with integer
//     divisions (its issue 2213), so there "1.75M" is 2149580 bytes and
//     "3.6G" is 4 GiB; here they are 1835008 and 3865470566.
//   - [ID] is strtos32_or_err: decimal only, a sign allowed, int32 range.
//   - [Key] is ipcrm's strtokey: base 0, a sign allowed. util-linux then
//     truncates to key_t; Key instead refuses values that no key_t can hold,
//     so "0x1ffffffff" is an error rather than key 0xffffffff.
//   - [LegacyID] is the old "ipcrm shm ID" form's strtoul in base 10.
//   - [Mode] is an octal permission. util-linux 2.38.1 took any strtoul
//     result and reported bad ones as "failed to parse mode: Success"; Mode
//     refuses non-octal text and anything above 0777.
//
// Errors are syscall.Errno values (EINVAL or ERANGE) where util-linux's
// message carries errno text ("failed to parse size: 'x': Invalid
// argument"), and [ErrSyntax] where it does not ("failed to parse argument:
// 'x'"), so callers can print the same lines with cli.Errno.
//
// Nothing here allocates beyond the error values, and no package-level state
// is built at start-up.
package numparse
