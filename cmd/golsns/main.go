// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command golsns lists namespaces, as util-linux's lsns(8) does; see
// golsns(1) and package lsns.
package main

import (
	"os"

	"github.com/gonstools/gonstools/internal/cmd/golsns"
)

func main() { os.Exit(golsns.Main(os.Args[1:])) }
