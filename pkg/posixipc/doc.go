// SPDX-License-Identifier: Apache-2.0

// Package posixipc creates, lists and removes POSIX IPC objects (message
// queues, shared memory and named semaphores) in pure Go, with no libc,
// such that C programs using glibc's mq_open, shm_open and sem_open see the
// same objects.
//
// # Where the objects live
//
// Message queues are kernel objects of the caller's IPC namespace, reached
// by name with the mq_open, mq_unlink and mq_getsetattr system calls
// ([MqOpen], [MqUnlink], [MqGetattr]). They can only be listed through a
// mount of the mqueue filesystem ([ListQueues]), which shows the queues of
// the IPC namespace that mounted it: after unshare(CLONE_NEWIPC) an
// inherited /dev/mqueue still shows the parent's queues, so list a fresh
// mount made inside the new namespace ([IsMqueue] tells a mount from a
// plain directory).
//
// Shared memory and semaphores are plain files on a tmpfs, which glibc
// fixes at /dev/shm ([ShmDir]): shm_open("/x") is /dev/shm/x and
// sem_open("/x") is /dev/shm/sem.x holding a sem_t. They belong to the
// mount namespace, not the IPC namespace. Every function here takes the
// directory as an argument, so tests can use a private tmpfs.
//
// # Names
//
// A name is "/x" or "x": one leading slash is optional, the rest must be a
// single non-empty path component other than "." and "..", of at most
// NAME_MAX bytes (NAME_MAX-4 for semaphores, for the "sem." prefix).
// [CleanName] applies these rules; every function calls it, and reports a
// bad name as EINVAL or ENAMETOOLONG.
//
// # Safety
//
// Creation is always exclusive (O_EXCL): no function here opens or
// truncates an object that already exists, unlike util-linux's ipcmk,
// which reopens and truncates an existing shared memory object of the same
// name. Files are opened O_NOFOLLOW and O_CLOEXEC. A semaphore is written
// to a temporary file and linked into place, as glibc's sem_open does, so
// no process ever sees a half-initialised sem_t; a shared memory object
// whose ftruncate fails is removed again.
//
// Errors are bare unix.Errno values, as golang.org/x/sys/unix returns
// them; callers add the object's name.
package posixipc
