// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package conformance tests the conventions every tool shares with the
// util-linux program it replaces, tool by tool against that program: how
// output errors end a run, and how the tools behave under signals. It has
// no code of its own.
package conformance
