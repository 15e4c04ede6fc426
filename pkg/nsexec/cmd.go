// SPDX-License-Identifier: Apache-2.0

package nsexec

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"

	"github.com/gonstools/gonstools/pkg/ns"
)

// Cmd is a program to run in namespaces. Set its fields, then call Start
// and Wait, or Run, Output or CombinedOutput. A Cmd cannot be reused.
type Cmd struct {
	// Path is the program: a path, or a name looked up in the PATH of Env
	// (else "/bin:/usr/bin") once the namespaces are entered.
	Path string
	// Args holds the command-line arguments, Args[0] included; empty
	// means {Path}.
	Args []string
	// Env is the program's environment; nil means this process's.
	Env []string
	// Dir is the working directory, in the program's namespaces; "" keeps
	// this process's (or "/" after Root).
	Dir string

	// Stdin, Stdout and Stderr are the program's standard files: an
	// *os.File is passed on as it is; another reader or writer is copied
	// through a pipe; nil is the null device.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// ExtraFiles become the program's descriptors 3, 4, ...
	ExtraFiles []*os.File

	// Target, when not 0, is a process whose namespaces the program
	// joins: those of the types in TargetTypes, or when TargetTypes is nil,
	// every type but the user namespace if it is the caller's own (which
	// setns(2) refuses).
	Target      int
	TargetTypes []*ns.Type
	// Join lists namespaces to join; one given here replaces Target's of
	// its type.
	Join []*ns.Handle
	// Unshare lists the types of namespace the program gets new ones of.
	// A new mount namespace is made recursively private, so that mounts
	// made in it reach no one else.
	Unshare []*ns.Type
	// UIDMap and GIDMap map IDs of a new user namespace, written by this
	// process (which needs the privilege for anything but its own IDs).
	UIDMap, GIDMap []IDMap
	// MountProc, when set, is where a proc file system is mounted for the
	// program: a new mount namespace must be in Unshare, and with a new
	// PID namespace it shows that namespace.
	MountProc string
	// Root, when set, is the program's root directory (chroot), entered
	// after the namespaces.
	Root string
	// Credential, when set, gives the program these user and group IDs,
	// seen from the namespaces it entered, and no supplementary groups.
	// After entering a user namespace the program otherwise keeps its
	// IDs, which show as the overflow ID (65534) when they are not mapped.
	Credential *Credential
	// Pdeathsig, when not 0, is sent to the program when the thread that
	// started it exits (PR_SET_PDEATHSIG; see os/exec's SysProcAttr for
	// what that means in Go).
	Pdeathsig syscall.Signal

	// Process is the running program, once started.
	Process *os.Process
	// ProcessState is how it ended, once Wait returned.
	ProcessState *os.ProcessState

	ctx     context.Context
	started bool
	pidfd   int
	closeIn []io.Closer // ours, closed after Start (the child has them)
	closeAt []io.Closer // ours, closed after Wait
	copies  sync.WaitGroup
	copyErr error
	copyMu  sync.Mutex
	done    chan struct{}
}

// IDMap maps Count IDs from Outer (in this process's user namespace) to
// Inner (in the new one).
type IDMap struct {
	Inner, Outer, Count uint32
}

// Credential is a user and a group ID.
type Credential struct {
	UID, GID uint32
}

// ExitError is a program that did not exit with status 0: it exited with
// another, or a signal killed it.
type ExitError struct {
	*os.ProcessState
	// Stderr holds the program's standard error when Output collected it.
	Stderr []byte
}

func (e *ExitError) Error() string { return e.ProcessState.String() }

// Error is a failed step of starting the program, after which nothing of
// it is left: the operation ("setns", "mount", "chroot", "exec", ...), the
// file or namespace involved, and the errno, so that errors.Is(err,
// unix.EPERM) and errors.As(err, &nsexecErr) work.
type Error struct {
	Op   string   // "setns", "unshare", "mount", "chroot", "chdir", "setuid", "exec", ...
	Path string   // the file, directory or program involved, when there is one
	Type *ns.Type // the namespace, for setns
	Err  syscall.Errno
}

func (e *Error) Error() string {
	s := e.Op
	switch {
	case e.Type != nil:
		s += " " + e.Type.Name + " namespace"
	case e.Path != "":
		s += " " + e.Path
	}
	return s + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Command returns a Cmd to run name with the given arguments.
func Command(name string, arg ...string) *Cmd {
	return &Cmd{Path: name, Args: append([]string{name}, arg...), pidfd: -1}
}

// CommandContext is Command with a context: the program is killed
// (SIGKILL) when ctx is done before it ends.
func CommandContext(ctx context.Context, name string, arg ...string) *Cmd {
	if ctx == nil {
		panic("nsexec: nil Context")
	}
	c := Command(name, arg...)
	c.ctx = ctx
	return c
}

// String is the program and its arguments, for messages.
func (c *Cmd) String() string { return strings.Join(c.args(), " ") }

func (c *Cmd) args() []string {
	if len(c.Args) == 0 {
		return []string{c.Path}
	}
	return c.Args
}

// Run starts the program and waits for it.
func (c *Cmd) Run() error {
	if err := c.Start(); err != nil {
		return err
	}
	return c.Wait()
}

// Output runs the program and returns its standard output. When it fails
// and Stderr is nil, its standard error is in the *ExitError.
func (c *Cmd) Output() ([]byte, error) {
	if c.Stdout != nil {
		return nil, errors.New("nsexec: Stdout already set")
	}
	var out, errb bytes.Buffer
	c.Stdout = &out
	capture := c.Stderr == nil
	if capture {
		c.Stderr = &errb
	}
	err := c.Run()
	var ee *ExitError
	if capture && errors.As(err, &ee) {
		ee.Stderr = errb.Bytes()
	}
	return out.Bytes(), err
}

// CombinedOutput runs the program and returns its standard output and
// standard error together.
func (c *Cmd) CombinedOutput() ([]byte, error) {
	if c.Stdout != nil || c.Stderr != nil {
		return nil, errors.New("nsexec: Stdout or Stderr already set")
	}
	var b syncBuffer
	c.Stdout, c.Stderr = &b, &b
	err := c.Run()
	return b.Bytes(), err
}

// syncBuffer is a buffer two copying goroutines may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Bytes()
}
