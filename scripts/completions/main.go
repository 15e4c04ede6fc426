// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command completions writes the shell completions of every tool, and of
// the multi-call binary, from their option tables: DIR/bash/TOOL,
// DIR/zsh/_TOOL and DIR/fish/TOOL.fish. "make completions" runs it with
// DIR = completions.
//
//	go run ./scripts/completions [DIR]
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gonstools/gonstools/internal/completion"
)

func main() {
	dir := "completions"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	for _, f := range completion.Files() {
		path := filepath.Join(dir, f.Path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "completions:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(path, []byte(f.Text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "completions:", err)
			os.Exit(1)
		}
	}
}
