//go:build linux && (amd64 || arm64)

package sysvipc

// The kernel's structures, for the 64-bit architectures whose uapi headers
// use the asm-generic layouts of ipc64_perm, msqid64_ds and shmid64_ds
// (amd64 and arm64). semid64_ds differs and lives in the per-architecture
// files.

// ipc64Perm is struct ipc64_perm (48 bytes).
type ipc64Perm struct {
	key  int32
	uid  uint32
	gid  uint32
	cuid uint32
	cgid uint32
	mode uint32
	seq  uint16
	_    uint16
	_    uint64
	_    uint64
}

// msqid64DS is struct msqid64_ds (120 bytes).
type msqid64DS struct {
	perm   ipc64Perm
	stime  int64
	rtime  int64
	ctime  int64
	cbytes uint64
	qnum   uint64
	qbytes uint64
	lspid  int32
	lrpid  int32
	_      uint64
	_      uint64
}

// shmid64DS is struct shmid64_ds (112 bytes).
type shmid64DS struct {
	perm   ipc64Perm
	segsz  uint64
	atime  int64
	dtime  int64
	ctime  int64
	cpid   int32
	lpid   int32
	nattch uint64
	_      uint64
	_      uint64
}

// msginfo is struct msginfo (32 bytes with padding).
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

// shminfo64 is struct shminfo64 (72 bytes).
type shminfo64 struct {
	max uint64
	min uint64
	mni uint64
	seg uint64
	all uint64
	_   [4]uint64
}

// shmInfo is struct shm_info (48 bytes).
type shmInfo struct {
	usedIDs       int32
	_             int32
	tot           uint64
	rss           uint64
	swp           uint64
	swapAttempts  uint64
	swapSuccesses uint64
}

// seminfo is struct seminfo (40 bytes).
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
	return Perm{Key: p.key, ID: id, UID: p.uid, GID: p.gid, CUID: p.cuid, CGID: p.cgid, Mode: p.mode}
}

func (ds *msqid64DS) export(id int) MsgQueue {
	return MsgQueue{
		Perm:   ds.perm.export(id),
		CBytes: ds.cbytes, QNum: ds.qnum, QBytes: ds.qbytes,
		LSPID: ds.lspid, LRPID: ds.lrpid,
		STime: ds.stime, RTime: ds.rtime, CTime: ds.ctime,
	}
}

func (ds *shmid64DS) export(id int) ShmSegment {
	return ShmSegment{
		Perm: ds.perm.export(id),
		Size: ds.segsz, CPID: ds.cpid, LPID: ds.lpid, NAttch: ds.nattch,
		ATime: ds.atime, DTime: ds.dtime, CTime: ds.ctime,
	}
}

func (ds *semid64DS) export(id int) SemArray {
	return SemArray{Perm: ds.perm.export(id), NSems: ds.nsems, OTime: ds.otime, CTime: ds.ctime}
}
