// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// multiCallTools are the tools of the multi-call binary.
var multiCallTools = []string{"gounshare", "gonsenter", "goipcs", "goipcmk", "goipcrm", "golsns"}

// The multi-call binary against each separate binary: start-up (--help,
// which does no work), as "gonstools TOOL"; the "util-linux" column is the
// separate binary here. The issue asks for 2%.
func init() {
	for _, t := range multiCallTools {
		cases = append(cases, benchCase{
			name:        "multi-call: gonstools " + t + " --help",
			ours:        []string{"gonstools", t, "--help"},
			theirs:      []string{t, "--help"},
			theirsInBin: true,
			target:      1.02,
			runs:        1000,
		})
	}
}

// printSizes reports the multi-call binary's size against the separate
// binaries'.
func printSizes(bin string) {
	size := func(name string) int64 {
		fi, err := os.Stat(filepath.Join(bin, name))
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	var sum int64
	for _, t := range multiCallTools {
		sum += size(t)
	}
	fmt.Printf("\nsizes: gonstools %.1f MB; the six separate binaries %.1f MB\n", float64(size("gonstools"))/1e6, float64(sum)/1e6)
}
