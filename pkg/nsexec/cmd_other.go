// SPDX-License-Identifier: Apache-2.0

//go:build !linux

package nsexec

import (
	"errors"

	"github.com/gonstools/gonstools/pkg/ns"
)

// Namespaces are Linux's: elsewhere Start, Exec and Do fail with
// errors.ErrUnsupported.

// Start starts the program.
func (c *Cmd) Start() error { return errors.ErrUnsupported }

// Wait waits for the program to end.
func (c *Cmd) Wait() error { return errors.ErrUnsupported }

// Exec replaces this process by the program.
func (c *Cmd) Exec() error { return errors.ErrUnsupported }

// LockMain wires the main goroutine to the main thread.
func LockMain() {}

// Do runs fn in the namespaces of the handles.
func Do(fn func() error, join ...*ns.Handle) error { return errors.ErrUnsupported }
