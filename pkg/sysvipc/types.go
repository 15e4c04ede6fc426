// SPDX-License-Identifier: Apache-2.0

package sysvipc

// Perm is what every kind of object shares: struct ipc64_perm plus the id.
// Owners are as seen from the caller's user namespace.
type Perm struct {
	Key  int32  // the key it was created with; 0 (IPC_PRIVATE) for none
	ID   int    // the identifier msgctl/shmctl/semctl take
	UID  uint32 // owner
	GID  uint32
	CUID uint32 // creator
	CGID uint32
	Mode uint32 // permission bits; for segments also SHM_DEST and SHM_LOCKED
}

// MsgQueue is a message queue (struct msqid64_ds).
type MsgQueue struct {
	Perm
	CBytes uint64 // bytes of the messages on the queue
	QNum   uint64 // messages on the queue
	QBytes uint64 // most bytes the queue may hold; 0 when read from /proc, which lacks it
	LSPID  int32  // last msgsnd
	LRPID  int32  // last msgrcv
	STime  int64  // last msgsnd, Unix seconds; 0 when never
	RTime  int64  // last msgrcv
	CTime  int64  // creation or last IPC_SET
}

// ShmSegment is a shared memory segment (struct shmid64_ds, and what
// /proc/sysvipc/shm adds).
type ShmSegment struct {
	Perm
	Size   uint64 // bytes
	CPID   int32  // creator
	LPID   int32  // last shmat/shmdt
	NAttch uint64 // current attaches
	ATime  int64  // last shmat, Unix seconds; 0 when never
	DTime  int64  // last shmdt
	CTime  int64  // creation or last IPC_SET

	// RSS and Swap are the bytes resident and swapped out. Only
	// /proc/sysvipc/shm has them: MemKnown says whether they were read.
	RSS      uint64
	Swap     uint64
	MemKnown bool
}

// SemArray is a semaphore set (struct semid64_ds).
type SemArray struct {
	Perm
	NSems uint64 // semaphores in the set
	OTime int64  // last semop, Unix seconds; 0 when never
	CTime int64  // creation or last change

	// Sems holds each semaphore's state when the caller asked SemValues
	// for it; listings and SemByID leave it nil.
	Sems []Sem
}

// Sem is the state of one semaphore of a set.
type Sem struct {
	Value  int // GETVAL
	NCount int // processes waiting for the value to increase (GETNCNT)
	ZCount int // processes waiting for it to become zero (GETZCNT)
	PID    int // last process to operate on it (GETPID)
}

// SemBuf is one operation for SemOp (struct sembuf).
type SemBuf struct {
	Num uint16 // semaphore index in the set
	Op  int16  // >0 add, <0 wait and subtract, 0 wait for zero
	Flg int16  // IPC_NOWAIT, SEM_UNDO
}

// MsgLimits are the message queue limits of the IPC namespace.
type MsgLimits struct {
	MNI int32  // msgmni: most queues
	MNB int32  // msgmnb: default most bytes a new queue may hold
	Max uint64 // msgmax: largest message
}

// ShmLimits are the shared memory limits of the IPC namespace.
type ShmLimits struct {
	MNI uint64 // shmmni: most segments
	Max uint64 // shmmax: largest segment, bytes
	All uint64 // shmall: most shared memory in all, pages
	Min uint64 // shmmin: smallest segment, bytes (always 1 on Linux)
}

// SemLimits are the semaphore limits of the IPC namespace.
type SemLimits struct {
	MNI int32  // semmni: most sets
	MSL int32  // semmsl: most semaphores in a set
	MNS int32  // semmns: most semaphores in all
	OPM int32  // semopm: most operations per semop call
	VMX uint32 // semvmx: largest value (SEMVMX)
}

// MsgInfo is struct msginfo as IPC_INFO and MSG_INFO fill it. For MSG_INFO,
// Pool is the number of queues, Map the number of messages and TQL the
// bytes of all messages; the other fields are the limits either way.
type MsgInfo struct {
	Pool int32
	Map  int32
	Max  int32
	MNB  int32
	MNI  int32
	SSZ  int32
	TQL  int32
	Seg  uint16
}

// ShmInfo is struct shminfo64, the shared memory limits as IPC_INFO reports
// them.
type ShmInfo struct {
	Max uint64 // bytes
	Min uint64
	MNI uint64
	Seg uint64
	All uint64 // pages
}

// ShmUsage is struct shm_info, the summary SHM_INFO reports.
type ShmUsage struct {
	UsedIDs       int32  // segments
	Tot           uint64 // pages allocated
	RSS           uint64 // pages resident
	Swp           uint64 // pages swapped
	SwapAttempts  uint64 // always 0 since Linux 2.4
	SwapSuccesses uint64 // always 0 since Linux 2.4
}

// SemInfo is struct seminfo as IPC_INFO and SEM_INFO fill it. For SEM_INFO,
// Usz is the number of sets and Aem the number of semaphores in them.
type SemInfo struct {
	Map int32
	MNI int32
	MNS int32
	MNU int32
	MSL int32
	OPM int32
	UME int32
	Usz int32
	VMX int32
	Aem int32
}
