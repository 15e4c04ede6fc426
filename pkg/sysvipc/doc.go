// SPDX-License-Identifier: Apache-2.0

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
// # Which structures and calls
//
// The wrappers always pass the kernel's "64" structures (msqid64_ds,
// shmid64_ds, semid64_ds, shminfo64). Their layouts differ between
// architectures: 32-bit machines split each time into a low and a high
// word (msg_stime, msg_stime_high) and have 16-bit modes on 386 and arm;
// powerpc64 and s390x have their own ipc64_perm, powerpc64 its own
// shmid64_ds, x86-64 its own semid64_ds. kernel_linux.go holds what the
// architectures share, kernel_{perm,sem,shm}_linux.go the asm-generic
// layouts with the list of architectures using them, and
// kernel_linux_<arch>.go the rest. TestLayout compares every one of them,
// for every architecture, with the C headers compiled by that
// architecture's cross compiler.
//
// The system calls differ too:
//
//	amd64, arm64, riscv64, loong64  msgctl... with no flag (IPC_64 gives EINVAL)
//	arm, mips64le                   msgctl... are the old entry points: cmd|IPC_64
//	386, ppc64le, s390x             msgctl... with no flag since Linux 5.1;
//	                                before, only ipc(2), with cmd|IPC_64
//
// On 386, ppc64le and s390x the first ENOSYS from a split call switches the
// process to ipc(2) for good, so the tools also run on older kernels such
// as those of long-term distributions. semop is semtimedop with no timeout
// where the architecture has no semop (386, ppc64le, s390x).
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
