// SPDX-License-Identifier: Apache-2.0

//go:build linux

package cli

import "sync"

// invoked is the name the process was called by when the multi-call binary
// runs a tool under another name than the tool's own ("unshare" for a link
// named unshare); "" otherwise.
var invoked string

// SetProgName makes the messages, usage lines and -V line of every tool in
// the process name it name instead of the tool's own name. The multi-call
// binary calls it with the name it was invoked by (a link "unshare" says
// "unshare: ..."), as busybox does and as util-linux does with
// program_invocation_short_name. "For more details see gounshare(1)" keeps
// naming the tool's own page.
func SetProgName(name string) { invoked = name }

// ProgName is the name messages give the tool whose own name is tool: the
// name set by [SetProgName], if any, else tool.
func ProgName(tool string) string {
	if invoked != "" {
		return invoked
	}
	return tool
}

// Lazy is a value made on first use by New. A tool's tables are Lazy, so
// that a process that runs another tool (the multi-call binary) never pays
// for building them at start-up.
type Lazy[T any] struct {
	New  func() T
	once sync.Once
	v    T
}

// Get returns the value, making it on the first call.
func (l *Lazy[T]) Get() T {
	l.once.Do(func() { l.v = l.New() })
	return l.v
}
