// SPDX-License-Identifier: Apache-2.0

package sysvipc

// Flags and commands, with the kernel's names and values
// (include/uapi/linux/{ipc,msg,sem,shm}.h).
const (
	IPC_PRIVATE = 0 // key asking for a new object that no key names

	IPC_CREAT  = 0o1000 // create the object if the key names none
	IPC_EXCL   = 0o2000 // with IPC_CREAT: fail with EEXIST if it exists
	IPC_NOWAIT = 0o4000 // fail with EAGAIN/ENOMSG instead of blocking

	IPC_RMID = 0 // remove the object
	IPC_SET  = 1 // set owner, mode (and a queue's qbytes)
	IPC_STAT = 2 // read the object's structure (needs read permission)
	IPC_INFO = 3 // read the limits

	MSG_STAT     = 11
	MSG_INFO     = 12
	MSG_STAT_ANY = 13 // MSG_STAT without the read-permission check (4.17+)

	MSG_NOERROR = 0o10000 // truncate a message longer than the buffer
	MSG_EXCEPT  = 0o20000 // receive the first message of another type
	MSG_COPY    = 0o40000 // copy the message at an index, leave it queued

	SHM_LOCK     = 11
	SHM_UNLOCK   = 12
	SHM_STAT     = 13
	SHM_INFO     = 14
	SHM_STAT_ANY = 15 // SHM_STAT without the read-permission check (4.17+)

	SHM_RDONLY = 0o10000 // shmat: attach read-only
	SHM_RND    = 0o20000 // shmat: round the address down to SHMLBA
	SHM_REMAP  = 0o40000 // shmat: replace an existing mapping

	SHM_HUGETLB   = 0o4000  // shmget: use huge pages
	SHM_NORESERVE = 0o10000 // shmget: do not reserve swap

	// Mode bits the kernel keeps in a segment's mode beside the
	// permissions.
	SHM_DEST   = 0o1000 // removed, destroyed at the last detach
	SHM_LOCKED = 0o2000 // locked in memory (SHM_LOCK)

	GETPID  = 11
	GETVAL  = 12
	GETALL  = 13
	GETNCNT = 14
	GETZCNT = 15
	SETVAL  = 16
	SETALL  = 17

	SEM_STAT     = 18
	SEM_INFO     = 19
	SEM_STAT_ANY = 20 // SEM_STAT without the read-permission check (4.17+)

	SEM_UNDO = 0x1000 // semop: undo the operation when the process exits
)

// SEMVMX is the largest value a semaphore can hold. util-linux prints this
// constant as the "semaphore max value" limit.
const SEMVMX = 32767
