// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import "unsafe"

// The kernel's structures (include/uapi/linux/{msg,sem,shm}.h and
// arch/*/include/uapi/asm/{ipcbuf,msgbuf,sembuf,shmbuf}.h), in the
// "64" versions every call here asks for. The layouts that all supported
// architectures share are here; ipc64Perm, semid64DS and shmid64DS
// differ between architectures and live in kernel_{perm,sem,shm}_linux.go
// and kernel_linux_<arch>.go. C's long is Go's int and unsigned long is
// uint on every Linux port of Go, so the word-sized fields are written
// that way and the same declaration serves 32- and 64-bit machines.

// ktime is a time field of the 64 structures: one long on 64-bit
// machines; on 32-bit ones two unsigned longs, the low half first and the
// high half after it (msg_stime, msg_stime_high), which keeps the times
// correct after 2038.
type ktime [8 / unsafe.Sizeof(uint(0))]uint

// unix returns the time in Unix seconds.
func (t ktime) unix() int64 {
	if len(t) == 1 {
		return int64(t[0])
	}
	return int64(uint64(t[0]) | uint64(t[len(t)-1])<<32)
}

// msqid64DS is struct msqid64_ds: the asm-generic layout, which is also
// what x86, powerpc, s390 and mips declare for their 64-bit ABIs
// (120 bytes on 64-bit machines, 88 on 32-bit ones).
type msqid64DS struct {
	perm   ipc64Perm
	stime  ktime
	rtime  ktime
	ctime  ktime
	cbytes uint
	qnum   uint
	qbytes uint
	lspid  int32
	lrpid  int32
	_      [2]uint
}

// msginfo is struct msginfo (32 bytes everywhere).
type msginfo struct {
	pool int32
	mapp int32
	max  int32
	mnb  int32
	mni  int32
	ssz  int32
	tql  int32
	seg  uint16
	_    uint16
}

// shminfo64 is struct shminfo64 (72 bytes on 64-bit machines, 36 on
// 32-bit ones).
type shminfo64 struct {
	max uint
	min uint
	mni uint
	seg uint
	all uint
	_   [4]uint
}

// shmInfo is struct shm_info (48 bytes on 64-bit machines, 24 on 32-bit
// ones).
type shmInfo struct {
	usedIDs       int32
	tot           uint
	rss           uint
	swp           uint
	swapAttempts  uint
	swapSuccesses uint
}

// seminfo is struct seminfo (40 bytes everywhere).
type seminfo struct {
	semmap int32
	mni    int32
	mns    int32
	mnu    int32
	msl    int32
	opm    int32
	ume    int32
	usz    int32
	vmx    int32
	aem    int32
}

func (p *ipc64Perm) export(id int) Perm {
	return Perm{Key: p.key, ID: id, UID: p.uid, GID: p.gid, CUID: p.cuid, CGID: p.cgid, Mode: uint32(p.mode)}
}

// setOwner fills what IPC_SET reads from ipc64_perm.
func (p *ipc64Perm) setOwner(uid, gid, mode uint32) {
	p.uid, p.gid, p.mode = uid, gid, kernelMode(mode)
}

func (ds *msqid64DS) export(id int) MsgQueue {
	return MsgQueue{
		Perm:   ds.perm.export(id),
		CBytes: uint64(ds.cbytes), QNum: uint64(ds.qnum), QBytes: uint64(ds.qbytes),
		LSPID: ds.lspid, LRPID: ds.lrpid,
		STime: ds.stime.unix(), RTime: ds.rtime.unix(), CTime: ds.ctime.unix(),
	}
}

func (ds *shmid64DS) export(id int) ShmSegment {
	return ShmSegment{
		Perm: ds.perm.export(id),
		Size: uint64(ds.segsz), CPID: ds.cpid, LPID: ds.lpid, NAttch: uint64(ds.nattch),
		ATime: ds.atime.unix(), DTime: ds.dtime.unix(), CTime: ds.ctime.unix(),
	}
}

func (ds *semid64DS) export(id int) SemArray {
	return SemArray{Perm: ds.perm.export(id), NSems: uint64(ds.nsems), OTime: ds.otime.unix(), CTime: ds.ctime.unix()}
}
