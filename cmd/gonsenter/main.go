// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command gonsenter runs a program in the namespaces of another process,
// or of namespace files, as util-linux nsenter(1) does. See package nsenter
// for how it works and where it differs from util-linux.
package main

import (
	"os"

	"github.com/gonstools/gonstools/internal/cmd/gonsenter"
)

func main() { os.Exit(gonsenter.Main(os.Args[1:])) }
