// SPDX-License-Identifier: Apache-2.0

//go:build !linux

package ns

import (
	"errors"
	"os"
)

// Namespaces are Linux's: elsewhere every operation fails with
// errors.ErrUnsupported.

func unsupported(op string) error { return &Error{Op: op, Err: errors.ErrUnsupported} }

// New makes a handle of f, an open namespace file.
func New(f *os.File) (*Handle, error) { return nil, unsupported("NS_GET_NSTYPE") }

// OpenPath opens the namespace file at path.
func OpenPath(path string) (*Handle, error) { return nil, unsupported("open") }

// Open opens the namespace of type t of process pid.
func Open(pid int, t *Type) (*Handle, error) { return nil, unsupported("open") }

// OpenPidfd opens the namespace of type t of the process a pidfd names.
func OpenPidfd(pidfd int, t *Type) (*Handle, error) { return nil, unsupported("open") }

// Current opens the namespace of type t of the calling thread.
func Current(t *Type) (*Handle, error) { return nil, unsupported("open") }

// NetnsDir is where ip-netns(8) keeps named network namespaces.
const NetnsDir = "/run/netns"

// OpenNetns opens the network namespace that "ip netns add name" made.
func OpenNetns(name string) (*Handle, error) { return nil, unsupported("open") }

// OpenID opens the namespace with the given ID.
func OpenID(id uint64) (*Handle, error) { return nil, unsupported("open") }

// ID returns the namespace ID of the namespace file f.
func ID(f *os.File) (uint64, error) { return 0, errors.ErrUnsupported }

// OpenByID opens the namespace with the given ID.
func OpenByID(id uint64) (*os.File, error) { return nil, errors.ErrUnsupported }

// Type is the handle's namespace type.
func (h *Handle) Type() *Type { return h.typ }

// File is the open namespace file.
func (h *Handle) File() *os.File { return h.f }

// Fd is the descriptor of the namespace file.
func (h *Handle) Fd() uintptr { return h.f.Fd() }

// Inode is the namespace's inode number.
func (h *Handle) Inode() (uint64, error) { return 0, unsupported("fstat") }

// ID is the namespace's ID.
func (h *Handle) ID() (uint64, error) { return 0, unsupported("NS_GET_ID") }

// Parent opens the parent of a PID or user namespace.
func (h *Handle) Parent() (*Handle, error) { return nil, unsupported("NS_GET_PARENT") }

// Owner opens the user namespace that owns this namespace.
func (h *Handle) Owner() (*Handle, error) { return nil, unsupported("NS_GET_USERNS") }

// Equal reports whether two handles name the same namespace.
func (h *Handle) Equal(o *Handle) bool { return false }

// String is the namespace as /proc shows it.
func (h *Handle) String() string { return h.typ.Name + ":[?]" }

// Close closes the namespace file.
func (h *Handle) Close() error { return h.f.Close() }
