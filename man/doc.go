// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package man holds the tools' manual pages and the test that keeps them
// honest. It has no code of its own.
//
// Each page is written in man/TOOL.1.md, in go-md2man's markdown (a
// "% TOOL 1 ..." title block, "# SECTION" headings, options as definition
// lists: a "**-x**, **--long**" line, then ":   text"). "make man" turns it
// into man/TOOL.1 with the go-md2man pinned as a tool in go.mod; both files
// are committed, so "man -l man/gounshare.1" works without building.
//
// The test checks, for every tool and for gonstools:
//
//   - the committed TOOL.1 is byte for byte what go-md2man makes of
//     TOOL.1.md (so it is never stale: run "make man" after an edit);
//   - groff formats it without a single warning (-ww);
//   - the title block and AVAILABILITY name the release (cli.Release),
//     and the sections are there, in order: NAME, SYNOPSIS, DESCRIPTION,
//     OPTIONS, EXIT STATUS, ENVIRONMENT, NOTES, EXAMPLES, SEE ALSO,
//     AVAILABILITY;
//   - the OPTIONS section documents exactly the options that the built
//     binary's --help lists, with the same short and long names (and so
//     every long option appears in the page).
//
// Option texts follow the newest util-linux pages in our own words, and say
// what our tools actually do where that differs (NOTES). When a tool gains
// or loses an option, this test fails until its page says so.
//
// Markdown pitfalls of go-md2man: nested emphasis such as
// "*/proc/*PID*/ns*" renders literal asterisks (write "*/proc/PID/ns*"),
// and a line that starts with "# " inside a fenced block is a root prompt,
// not a heading (the test knows; go-md2man does too).
package man
