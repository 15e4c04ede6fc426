//go:build linux

package sysvipc

// semid64DS is x86-64's struct semid64_ds (104 bytes): unlike the generic
// layout, each time is followed by an unused word.
type semid64DS struct {
	perm  ipc64Perm
	otime int64
	_     uint64
	ctime int64
	_     uint64
	nsems uint64
	_     uint64
	_     uint64
}
