// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"context"
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gonstools/gonstools/internal/cli"
)

// Every error of the package reads as one line that a tool prints after
// its own name ("gonsenter: no such container: web"), with system errors
// in C's words. The types carry the parts, so that a tool can word things
// its own way, and unwrap to the cause for errors.Is.

// ConnectError is an engine's API socket that cannot be reached. Err is
// the errno of connect(2): ENOENT when the engine is not running (no
// socket), ECONNREFUSED when it died and left its socket, EACCES when the
// caller may not use it.
type ConnectError struct {
	Runtime Runtime
	Socket  string
	Err     error
}

func (e *ConnectError) Error() string {
	return "cannot connect to " + string(e.Runtime) + " at " + e.Socket + ": " + cli.Errno(e.Err)
}

func (e *ConnectError) Unwrap() error { return e.Err }

// TimeoutError is an engine that did not answer before the deadline
// (Err is context.DeadlineExceeded), or a request whose context was
// cancelled (context.Canceled).
type TimeoutError struct {
	Runtime Runtime
	Socket  string
	Timeout time.Duration // the deadline the request had, when known
	Err     error
}

func (e *TimeoutError) Error() string {
	if errors.Is(e.Err, context.Canceled) {
		return "request to " + string(e.Runtime) + " at " + e.Socket + " cancelled"
	}
	if e.Timeout > 0 {
		return string(e.Runtime) + " at " + e.Socket + " did not answer within " + e.Timeout.String()
	}
	return string(e.Runtime) + " at " + e.Socket + " did not answer in time"
}

func (e *TimeoutError) Unwrap() error { return e.Err }

// APIError is an engine's answer other than success or "no such
// container": the HTTP status and the engine's own message.
type APIError struct {
	Runtime Runtime
	Socket  string
	Request string // "GET /containers/web/json"
	Status  int
	Reason  string // the status line's reason phrase
	Message string // the engine's message: its JSON "message", or the body's text
}

func (e *APIError) Error() string {
	s := string(e.Runtime) + " at " + e.Socket + ": " + e.Request + ": " + strconv.Itoa(e.Status)
	if e.Reason != "" {
		s += " " + e.Reason
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// AnswerError is an answer that could not be read: not HTTP, or not the
// JSON document the request returns.
type AnswerError struct {
	Runtime Runtime
	Socket  string
	Request string
	Err     error
}

func (e *AnswerError) Error() string {
	return string(e.Runtime) + " at " + e.Socket + ": " + e.Request + ": unreadable answer: " + e.Err.Error()
}

func (e *AnswerError) Unwrap() error { return e.Err }

// HostError is an engine address this package cannot use, such as a
// DOCKER_HOST of tcp:// or ssh://: only unix sockets are spoken.
type HostError struct {
	Runtime Runtime
	Host    string
}

func (e *HostError) Error() string {
	if e.Host == "" {
		return "no " + string(e.Runtime) + " socket configured"
	}
	return "unsupported " + string(e.Runtime) + " host " + strconv.Quote(e.Host) + ": only unix:// sockets are supported"
}

// StateError is an engine's state file or directory that cannot be read,
// or whose content makes no sense.
type StateError struct {
	Runtime Runtime
	Path    string
	Err     error
}

func (e *StateError) Error() string {
	var errno syscall.Errno
	if errors.As(e.Err, &errno) {
		return "cannot read " + string(e.Runtime) + " state " + e.Path + ": " + cli.Errno(errno)
	}
	return "bad " + string(e.Runtime) + " state " + e.Path + ": " + e.Err.Error()
}

func (e *StateError) Unwrap() error { return e.Err }

// NotFoundError is a reference that no engine knows. Asked lists the
// engines that answered or were tried; Errs holds the failures of those
// that could not be asked, any of which might have known it.
type NotFoundError struct {
	Ref   string
	Asked []Runtime
	Errs  []error
}

func (e *NotFoundError) Error() string {
	s := "no such container: " + e.Ref
	if len(e.Asked) == 0 && len(e.Errs) == 0 {
		return s + " (no container engine found)"
	}
	for _, err := range e.Errs {
		s += "; " + err.Error()
	}
	return s
}

func (e *NotFoundError) Unwrap() []error { return e.Errs }

// Is makes errors.Is(err, fs.ErrNotExist) true.
func (e *NotFoundError) Is(target error) bool { return target == fs.ErrNotExist }

// NotRunningError is a container that exists but has no running process.
type NotRunningError struct {
	Container Container
}

func (e *NotRunningError) Error() string {
	return "container " + e.Container.describe(false) + " is not running"
}

// AmbiguousError is a reference that names several containers: the same
// name in different engines, or an ID prefix shared by several IDs.
type AmbiguousError struct {
	Ref        string
	Candidates []Container
}

func (e *AmbiguousError) Error() string {
	var b strings.Builder
	b.WriteString("ambiguous container " + e.Ref + ": ")
	for i, c := range e.Candidates {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.String())
	}
	return b.String()
}
