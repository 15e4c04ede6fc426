// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command gonstools is the six tools in one binary, run by the name it is
// called by (a link named gounshare, or unshare, ...) or as "gonstools TOOL
// ARGS..."; see package multicall and gonstools(1).
package main

import (
	"os"

	"github.com/gonstools/gonstools/internal/multicall"
)

func main() { os.Exit(multicall.Main(os.Args)) }
