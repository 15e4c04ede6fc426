// SPDX-License-Identifier: Apache-2.0

//go:build linux

package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"syscall"

	"github.com/gonstools/gonstools/internal/startup"
)

// Exit statuses shared by the tools, as util-linux uses them.
const (
	ExitSuccess    = 0
	ExitFailure    = 1   // our own errors, usage errors included
	ExitCannotExec = 126 // the program exists but cannot be executed
	ExitNotFound   = 127 // the program was not found
)

// UsageError is a command-line mistake: printed with a hint to run --help.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a *UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// ExitError asks Main to exit with Code, printing Msg first when it is not
// empty. It carries a program's own exit status through, for example.
type ExitError struct {
	Code int
	Msg  string
}

func (e *ExitError) Error() string { return e.Msg }

// Exit returns an *ExitError with the given status and no message.
func Exit(code int) error { return &ExitError{Code: code} }

// Errorf returns an error whose text is exactly the formatted message. Use
// it where an error must read as util-linux's does; %w keeps the cause for
// errors.Is.
func Errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// Errno renders err as C's strerror would for its errno, when it carries one:
// "Permission denied" rather than Go's "permission denied". Other errors are
// returned as their text with the first letter capitalised.
func Errno(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return strerror(errno)
	}
	return capitalize(err.Error())
}

// strerror is Go's errno text with its first letter capitalised, which is
// what glibc prints for every errno the tools meet.
func strerror(e syscall.Errno) string {
	if e == 0 {
		return "Success"
	}
	return capitalize(e.Error())
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// PathError formats "op PATH: Errno" as util-linux does, for example
// "cannot open /proc/1/ns/ipc: No such file or directory".
func PathError(op, path string, err error) error {
	return &pathError{op: op, path: path, err: err}
}

type pathError struct {
	op, path string
	err      error
}

func (e *pathError) Error() string { return e.op + " " + e.path + ": " + Errno(e.err) }
func (e *pathError) Unwrap() error { return e.err }

// Main gives the process a C program's signal dispositions (see package
// startup), runs a command's run function with standard output, and turns
// its outcome into an exit status: nil is 0; *ExitError exits with its
// code; *UsageError prints the message and the --help hint; any other error
// prints "prog: message". Then, as util-linux's close_stdout does, a
// failed write to standard output is reported as "prog: write error: ..."
// with status 1 (a reader that went away, EPIPE, is not an error), and a
// failed write to standard error gives status 1 silently. A panic is
// reported in one line (with the stack only when GOTRACEBACK is set),
// never as a raw Go trace.
func Main(prog string, stdout, stderr io.Writer, run func(stdout io.Writer) error) (code int) {
	startup.BehaveLikeC()
	prog = ProgName(prog)
	out, errw := &checked{w: stdout}, &checked{w: stderr}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(errw, "%s: internal error: %v\n", prog, r)
			if os.Getenv("GOTRACEBACK") != "" {
				errw.Write(debug.Stack())
			}
			code = ExitFailure
		}
		if out.err != nil && !errors.Is(out.err, syscall.EPIPE) && !errors.Is(out.err, syscall.EBADF) {
			fmt.Fprintf(errw, "%s: write error: %s\n", prog, Errno(out.err))
			code = ExitFailure
		}
		if errw.err != nil {
			code = ExitFailure
		}
	}()
	err := run(out)
	if out.err != nil && errors.Is(err, out.err) {
		err = nil // the write error, reported below
	}
	return Report(prog, errw, err)
}

// checked is a writer that remembers its first error.
type checked struct {
	w   io.Writer
	err error
}

func (c *checked) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// Report prints err the util-linux way and returns the exit status for it.
func Report(prog string, stderr io.Writer, err error) int {
	if err == nil {
		return ExitSuccess
	}
	prog = ProgName(prog)
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Msg != "" {
			fmt.Fprintf(stderr, "%s: %s\n", prog, ee.Msg)
		}
		return ee.Code
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n", prog, ue.Msg, prog)
		return ExitFailure
	}
	fmt.Fprintf(stderr, "%s: %s\n", prog, message(err))
	return ExitFailure
}

// message is the text of err; an error that is only an errno or a Go
// *fs.PathError is rendered in C's words.
func message(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Error() == err.Error() {
		return pe.Op + " " + pe.Path + ": " + Errno(pe.Err)
	}
	var errno syscall.Errno
	if errors.As(err, &errno) && errno.Error() == err.Error() {
		return strerror(errno)
	}
	return err.Error()
}

// Quote renders s the way util-linux quotes a bad value: 'abc'.
func Quote(s string) string { return "'" + s + "'" }

// Syserr returns an error reading "message: Errno text", with the errno in
// C's words as util-linux's err(3) prints it, that unwraps to err.
func Syserr(err error, format string, args ...any) error {
	return &sysError{msg: fmt.Sprintf(format, args...), err: err}
}

type sysError struct {
	msg string
	err error
}

func (e *sysError) Error() string { return e.msg + ": " + Errno(e.err) }
func (e *sysError) Unwrap() error { return e.err }
