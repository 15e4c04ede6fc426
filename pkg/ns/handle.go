// SPDX-License-Identifier: Apache-2.0

package ns

import (
	"errors"
	"os"
)

// Handle is an open namespace: a namespace file (/proc/PID/ns/NAME, a bind
// mount of one, or a descriptor a kernel call returned). It keeps the
// namespace alive while it is open. Handles are close-on-exec.
type Handle struct {
	f   *os.File
	typ *Type
}

// Error is a failure to open or query a namespace. It unwraps to the
// errno, so errors.Is(err, unix.EPERM) works.
type Error struct {
	Op   string // "open", "NS_GET_PARENT", ...
	Path string // the file involved, when there is one
	Type *Type  // the namespace type, when known
	Err  error
}

func (e *Error) Error() string {
	s := e.Op
	if e.Path != "" {
		s += " " + e.Path
	} else if e.Type != nil {
		s += " " + e.Type.Name + " namespace"
	}
	return s + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// ErrNoID reports that no namespace with the ID was found.
var ErrNoID = errors.New("no namespace with that ID")
