// SPDX-License-Identifier: Apache-2.0

//go:build linux && !(amd64 || arm64)

package startup

import "syscall"

// catchFaults has no handler of its own on this architecture: BehaveLikeC
// catches the fault signals through os/signal.
func catchFaults([]syscall.Signal) bool { return false }
