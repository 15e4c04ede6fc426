// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

// entry is the spawner's first instruction (see the package doc).
//
//lint:ignore U1000 called by no Go code: the linker makes it the entry point
func entry()
