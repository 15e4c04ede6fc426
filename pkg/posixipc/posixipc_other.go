// SPDX-License-Identifier: Apache-2.0

//go:build !linux

package posixipc

import "errors"

// ListQueues fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func ListQueues(dir string) ([]Queue, error) {
	return nil, errors.ErrUnsupported
}

// ListShm fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func ListShm(dir string) ([]Object, error) {
	return nil, errors.ErrUnsupported
}

// ListSem fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func ListSem(dir string) ([]Object, error) {
	return nil, errors.ErrUnsupported
}

// MqOpen fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func MqOpen(name string, flags int, mode uint32, attr *MqAttr) (int, error) {
	return 0, errors.ErrUnsupported
}

// MqUnlink fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func MqUnlink(name string) error {
	return errors.ErrUnsupported
}

// MqGetattr fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func MqGetattr(fd int) (MqAttr, error) {
	return MqAttr{}, errors.ErrUnsupported
}

// CreateQueue fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func CreateQueue(name string, mode uint32) error {
	return errors.ErrUnsupported
}

// CreateShm fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func CreateShm(dir, name string, size int64, mode uint32) error {
	return errors.ErrUnsupported
}

// UnlinkShm fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func UnlinkShm(dir, name string) error {
	return errors.ErrUnsupported
}

// CreateSem fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func CreateSem(dir, name string, mode uint32, value uint32) error {
	return errors.ErrUnsupported
}

// UnlinkSem fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func UnlinkSem(dir, name string) error {
	return errors.ErrUnsupported
}

// SemValue fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func SemValue(dir, name string) (uint32, error) {
	return 0, errors.ErrUnsupported
}

// IsMqueue fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func IsMqueue(dir string) bool {
	return false
}

// NamespaceQueues fails with errors.ErrUnsupported: POSIX IPC is reached here through Linux calls and file systems.
func NamespaceQueues() ([]Queue, error) {
	return nil, errors.ErrUnsupported
}
