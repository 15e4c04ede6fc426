// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package ipcrm removes what goipcrm is asked to: System V objects by id or
// key, POSIX objects by name, and everything of some kinds (--all), in
// util-linux ipcrm's order and with its messages.
//
// [Plan] checks the whole command line before anything is removed (util-linux
// removes objects and only then trips over a bad word). A [Remover] then
// carries out the steps: a missing or forbidden object is one warning on
// stderr and the rest of the list is still processed; [Remover.Do] and
// [Remover.Legacy] (the old "ipcrm shm|msg|sem ID..." form) report failure
// when any removal failed.
package ipcrm
