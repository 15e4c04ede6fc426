// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package completions holds the tools' shell completions and the tests that
// keep them honest. It has no code of its own.
//
// bash/TOOL (for bash-completion's completions directory), zsh/_TOOL (for
// fpath, site-functions) and fish/TOOL.fish (vendor_completions.d) are
// written by "make completions" from each tool's option table
// (internal/completion): the table that also drives parsing and --help.
// The files are committed, and the tests check that they are what the
// generator writes today, then drive bash's completion functions (with
// bash-completion), fish's "complete -C" and zsh's parser and compinit.
package completions
