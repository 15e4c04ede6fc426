//go:build linux

package sysvipc

// semid64DS is the generic struct semid64_ds of 64-bit architectures
// (88 bytes).
type semid64DS struct {
	perm  ipc64Perm
	otime int64
	ctime int64
	nsems uint64
	_     uint64
	_     uint64
}
