// SPDX-License-Identifier: Apache-2.0

//go:build linux

package completion

import (
	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/multicall"
)

// File is one generated completion file, with its path under completions/.
type File struct {
	Path string // "bash/gounshare", "zsh/_gounshare", "fish/gounshare.fish"
	Text string
}

// Specs are the command lines that get completions: every tool's, then the
// multi-call binary's.
func Specs() []*cli.Spec {
	var out []*cli.Spec
	for _, t := range multicall.Tools {
		out = append(out, t.Spec())
	}
	return append(out, multicall.Spec())
}

// Files are all the completion files, for every shell and command.
func Files() []File {
	var out []File
	for _, s := range Specs() {
		out = append(out,
			File{"bash/" + s.Name, Bash(s)},
			File{"zsh/_" + s.Name, Zsh(s)},
			File{"fish/" + s.Name + ".fish", Fish(s)})
	}
	return out
}
