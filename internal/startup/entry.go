// SPDX-License-Identifier: Apache-2.0

//go:build linux && (amd64 || arm64)

package startup

// entry is the entry point the linker flag LinkFlag selects (entry_*.s).
//
//lint:ignore U1000 called by no Go code: the linker makes it the entry point
func entry()
