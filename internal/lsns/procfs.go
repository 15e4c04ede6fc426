// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The walk of /proc makes some twenty system calls per process. They are
// made raw (syscall.RawSyscall6): a call on procfs never waits for long,
// and a raw call skips the Go scheduler's bookkeeping around it, which at
// 10,000 processes cost more than the calls (its threads handing the
// processor back and forth showed as 20,000 futex and nanosleep calls).
// Paths are NUL-terminated byte slices, built without allocating.

func cstr(s string) []byte { return append([]byte(s), 0) }

func rawOpenat(dir int, path []byte, flags int) (int, syscall.Errno) {
	for {
		fd, _, e := syscall.RawSyscall6(unix.SYS_OPENAT, uintptr(dir), uintptr(unsafe.Pointer(&path[0])),
			uintptr(flags|unix.O_CLOEXEC), 0, 0, 0)
		if e != unix.EINTR {
			return int(fd), e
		}
	}
}

func rawClose(fd int) { syscall.RawSyscall(unix.SYS_CLOSE, uintptr(fd), 0, 0) }

func rawFstatat(dir int, path []byte, st *unix.Stat_t, flags int) syscall.Errno {
	_, _, e := syscall.RawSyscall6(sysFstatat, uintptr(dir), uintptr(unsafe.Pointer(&path[0])),
		uintptr(unsafe.Pointer(st)), uintptr(flags), 0, 0)
	return e
}

func rawReadlinkat(dir int, path []byte, buf []byte) (int, syscall.Errno) {
	n, _, e := syscall.RawSyscall6(unix.SYS_READLINKAT, uintptr(dir), uintptr(unsafe.Pointer(&path[0])),
		uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, 0)
	return int(n), e
}

func rawRead(fd int, buf []byte) (int, syscall.Errno) {
	for {
		n, _, e := syscall.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
		if e != unix.EINTR && e != unix.EAGAIN {
			return int(n), e
		}
	}
}

func rawGetdents(fd int, buf []byte) (int, syscall.Errno) {
	n, _, e := syscall.RawSyscall(unix.SYS_GETDENTS64, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	return int(n), e
}

// readAllAt reads the file name under dir, at most len(buf) bytes.
func readAllAt(dir int, name []byte, buf []byte) (int, syscall.Errno) {
	fd, e := rawOpenat(dir, name, unix.O_RDONLY)
	if e != 0 {
		return 0, e
	}
	defer rawClose(fd)
	n := 0
	for n < len(buf) {
		m, e := rawRead(fd, buf[n:])
		if e != 0 {
			if n > 0 {
				return n, 0
			}
			return 0, e
		}
		if m == 0 {
			break
		}
		n += m
	}
	return n, 0
}

// forDirents calls fn with the name of every entry of the open directory
// fd (NUL-terminated, valid during the call only), in directory order.
func forDirents(fd int, buf []byte, fn func(name []byte)) syscall.Errno {
	for {
		n, e := rawGetdents(fd, buf)
		if e == unix.EINTR {
			continue
		}
		if e != 0 || n <= 0 {
			return e
		}
		for off := 0; off < n; {
			// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name
			reclen := int(*(*uint16)(unsafe.Pointer(&buf[off+16])))
			if reclen == 0 || off+reclen > n {
				return 0
			}
			name := buf[off+19 : off+reclen]
			for i, c := range name {
				if c == 0 {
					name = name[:i+1]
					break
				}
			}
			fn(name)
			off += reclen
		}
	}
}

// digits reports whether a NUL-terminated name is a number.
func digits(name []byte) bool {
	if len(name) < 2 {
		return false
	}
	for _, c := range name[:len(name)-1] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
