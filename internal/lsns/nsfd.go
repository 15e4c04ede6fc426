// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// The ioctls of namespace files (ioctl_ns(2)). NS_GET_PARENT and
// NS_GET_USERNS return a new descriptor.

func nsOpen(path string) (int, error) {
	for {
		fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

func nsIno(fd int) (uint64, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return 0, err
	}
	return st.Ino, nil
}

// related opens the parent (NS_GET_PARENT) or owner (NS_GET_USERNS) of the
// namespace fd and returns the new descriptor and the inode, or -1 and 0
// when the kernel refuses.
func related(fd int, req uint) (int, uint64) {
	rfd, err := unix.IoctlRetInt(fd, req)
	if err != nil {
		return -1, 0
	}
	ino, err := nsIno(rfd)
	if err != nil {
		unix.Close(rfd)
		return -1, 0
	}
	return rfd, ino
}

// nsType is NS_GET_NSTYPE as an index of Types, or -1.
func nsType(fd int) int {
	flag, err := unix.IoctlRetInt(fd, unix.NS_GET_NSTYPE)
	if err != nil {
		return -1
	}
	return typeByFlag(uintptr(flag))
}

// nsOwnerUID is NS_GET_OWNER_UID: the owner of a user namespace, and 0 for
// any other (the ioctl fails there; lsns keeps the 0 it started with).
func nsOwnerUID(fd int) uint32 {
	uid, err := unix.IoctlGetUint32(fd, unix.NS_GET_OWNER_UID)
	if err != nil {
		return 0
	}
	return uid
}

// nsID is NS_GET_ID, the namespace's 64-bit ID (Linux 6.12).
func nsID(fd int) (uint64, bool) {
	var id uint64
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.NS_GET_ID, uintptr(unsafe.Pointer(&id)))
	return id, errno == 0
}

// sockNetNS opens the network namespace of socket fd of process pid
// (pidfd_getfd and SIOCGSKNS), or returns -1.
func sockNetNS(pidfd, fd int) int {
	sk, err := unix.PidfdGetfd(pidfd, fd, 0)
	if err != nil {
		return -1
	}
	defer unix.Close(sk)
	nsfd, err := unix.IoctlRetInt(sk, unix.SIOCGSKNS)
	if err != nil {
		return -1
	}
	return nsfd
}
