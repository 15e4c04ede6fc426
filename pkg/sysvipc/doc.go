// Package sysvipc is the System V IPC layer of gonstools: thin wrappers for
// the msg*, sem* and shm* system calls, the kernel's structures for them,
// and readers that list every object of the caller's IPC namespace.
//
// golang.org/x/sys/unix only wraps shm*; this package covers all three
// kinds with the same conventions: functions are named after the call they
// make (MsgGet is msgget(2)), flags are the kernel's (IPC_CREAT|IPC_EXCL|0600),
// and errors are bare [syscall.Errno] values (the same type as unix.Errno),
// so that errors.Is(err, syscall.ENOENT) works and callers add their own
// context. Calls that can block (msgsnd, msgrcv, semop) retry EINTR.
//
// # Which structures
//
// The wrappers pass the 64-bit kernel structures (msqid64_ds, shmid64_ds,
// semid64_ds) without the IPC_64 flag: on amd64 and arm64 the kernel always
// uses them, and cmd|IPC_64 is rejected with EINVAL. The layouts live in
// kernel_linux.go and the per-architecture files; only semid64_ds differs
// between amd64 (104 bytes) and arm64 (88 bytes).
//
// # Listing
//
// [ListMsg], [ListShm] and [ListSem] return every object of the namespace,
// in index order, which is also the order of /proc/sysvipc/*. They ask the
// *_INFO command for the highest index in use and walk the indexes with
// MSG_STAT_ANY, SHM_STAT_ANY and SEM_STAT_ANY (Linux 4.17+). Those need no
// read permission on the objects, exactly like /proc, and are several times
// faster than formatting and parsing /proc/sysvipc/* (at 10,000 queues:
// about 16 ms against 41 ms). From 2048 indexes on, a second thread walks
// the upper half, once it has checked that it is in the caller's IPC
// namespace (see Namespaces below). When the walk finds fewer objects than the
// kernel says are in use — an old kernel refusing *_STAT_ANY with EINVAL,
// an LSM refusing it with EPERM, or objects removed during the walk — the
// listing is read from /proc/sysvipc instead ([ReadMsgProc] and friends
// parse any io.Reader in that format).
//
// /proc/sysvipc/shm is the only source of a segment's resident and swapped
// sizes; [ListShmProc] and [ReadShmProc] fill [ShmSegment.RSS] and
// [ShmSegment.Swap] and set [ShmSegment.MemKnown].
//
// Lookups by id ([MsgByID], [ShmByID], [SemByID]) stat the one index the id
// maps to, so they cost a single call; an id that names no object gives
// EINVAL, as the kernel's own IPC_STAT does. [SemValues] reads every
// semaphore's value, waiters and last pid.
//
// # Limits and usage
//
// [ReadMsgLimits], [ReadShmLimits] and [ReadSemLimits] read the limits the
// way util-linux does: /proc/sys/kernel/{msgmni,msgmnb,msgmax},
// {shmmni,shmmax,shmall} and sem, which are per IPC namespace, falling back
// to IPC_INFO when those files are missing. [MsgCtlInfo], [ShmCtlInfo],
// [ShmCtlUsage] and [SemCtlInfo] return the raw IPC_INFO, MSG_INFO, SHM_INFO
// and SEM_INFO structures, which hold the usage summaries.
//
// # Namespaces
//
// Every call acts on the IPC namespace of the calling thread, and so do the
// listings: a caller on a locked thread that joined another IPC namespace
// lists that namespace, even when part of the walk runs on a helper thread
// (the helper compares /proc/thread-self/ns/ipc with the caller's and
// leaves the work to the caller when they differ). Tests and tools that must
// not touch the host's objects run in a fresh IPC namespace (see
// internal/nstest); nothing here changes namespaces itself.
package sysvipc
