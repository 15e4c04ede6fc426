// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command gounshare runs a program with some namespaces unshared from the
// parent, as util-linux unshare(1) does. See man/gounshare.1.
package main

import (
	"os"

	"github.com/gonstools/gonstools/internal/cmd/gounshare"
)

func main() { os.Exit(gounshare.Main(os.Args[1:])) }
