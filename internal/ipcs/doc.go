// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package ipcs renders what goipcs prints: util-linux 2.38.1's ipcs
// tables, byte for byte, and a JSON document of the same data.
//
// # Design
//
// Renderers are pure functions: data from pkg/sysvipc, an [Env] (a [Names]
// resolver for owners, the time zone, the page size) and options in, bytes
// out, appended to a caller's buffer so that a 10,000-row listing costs a
// handful of allocations. [Render] decides which sections an ipcs command
// line prints and takes its data from a [Source]: [Kernel] for the
// caller's IPC namespace, or fixed data in tests. [Write] prints the same
// to a writer, and streams a JSON listing: it is written in chunks as it
// is made, so that 32,000 objects of each kind never sit in memory as one
// document. The section renderers
// ([MsgTable], [ShmLimits], [SemDetail], ...) can be used alone.
//
// Owners are resolved by [FileNames], which reads /etc/passwd and
// /etc/group once each, lazily, and remembers every entry it passes:
// util-linux calls getpwuid for every row, which re-reads the file each
// time. Dates come from a [Zone]: [LocalZone] reads TZ and TZDIR as glibc
// does and converts as glibc's ctime_r, which util-linux calls, so that
// they match in every zone glibc accepts, leap seconds included.
//
// # Formats
//
// The tables are util-linux's, including what looks like mistakes:
// headers end in spaces; -p rows of message queues are not aligned with
// their header ("%-8d %-10.10s  %5d     %5d"); -p prints nothing at all for
// semaphores; owner names are cut to 10 bytes in the owner columns but not
// in -c; an owner without a passwd entry is shown by number; -t dates are
// ctime()+4 cut to 16 characters ("Nov 23 20:00:11 ", or "Not set") except
// for semaphores, which show the whole ctime(); the -i views print the
// change time even when it is 0. --human sizes are util-linux's
// size_to_human_string: powers of 1024, one rounded decimal that is dropped
// when zero, one-letter suffixes (1023B, 1K, 1.9K, 4.8M, 16E). -b and
// --human change the sizes of the tables, of -u's used space, and of -l,
// where the default unit is kbytes for segment sizes and bytes otherwise.
//
// Two deliberate differences, both where util-linux 2.38.1 prints
// something untrue:
//
//   - it takes any negative -i id to mean "the first object" (and crashes
//     for semaphores); here a negative id names no object, as the kernel
//     never gives one, and the answer is "id -1 not found";
//   - its -q -i view asks IPC_STAT for the queue's qbytes, which a user
//     without read permission on the queue is refused, and then prints
//     qbytes=0; here it is the queue's real limit, which MSG_STAT_ANY gives
//     without that permission.
//
// # POSIX objects (--posix)
//
// util-linux's ipcs shows only System V objects. With Options.Posix each
// listing (default, -t, -p, -c; not -l, -u or -i) adds, after the System V
// section of each kind asked for, a section for the POSIX objects of that
// kind, in one layout whatever the format:
//
//	------ POSIX Message Queues --------
//	owner      perms      used-bytes   messages     name
//	root       640        0            0            /outer
//
//	------ POSIX Shared Memory --------
//	owner      perms      bytes        name
//	root       600        1996         /segment
//
//	------ POSIX Semaphores --------
//	owner      perms      value        name
//	root       644        3            /lock
//
// Owners are cut and numbered as in the System V tables; --human turns
// used-bytes and bytes into a "size" column as there. The name comes last,
// whole, so that long names do not break the columns. A queue whose file
// cannot be read (no read permission) shows "-" for its size and count; so
// does a semaphore whose value cannot be read.
//
// Message queues belong to the IPC namespace but can only be listed through
// a mount of the mqueue filesystem made from that namespace; an inherited
// /dev/mqueue shows the namespace that mounted it. [Kernel.PosixQueues]
// therefore lists them through posixipc.NamespaceQueues, which makes a
// mount nobody else sees and needs
// CAP_SYS_ADMIN; without it, it reads /dev/mqueue. Shared memory objects
// and semaphores are files of /dev/shm, which belongs to the mount
// namespace. A kind that cannot be listed keeps its header, the rest is
// printed, and [Render] returns a [PosixListError] for it (goipcs prints
// "goipcs: cannot list POSIX message queues: Operation not permitted" and
// exits 1).
//
// # JSON
//
// With Options.JSON the same selection prints one JSON object instead of
// tables, indented by two spaces and ending in a newline. Its members
// depend on the resources and the format asked for, in this order:
//
//	message_queues        array   default, -t, -p, -c, -i
//	message_queue_limits  object  -l (null when unreadable)
//	message_queue_status  object  -u (null when the kernel has no queues)
//	shared_memory         array   as message_queues
//	shared_memory_limits  object
//	shared_memory_status  object
//	semaphores            array
//	semaphore_limits      object
//	semaphore_status      object
//
// and with --posix, after the array of the same kind:
//
//	posix_message_queues  array   name, mode, uid, user, gid, group,
//	                              used_bytes, messages, max_messages,
//	                              max_message_bytes, notify_pid (null when
//	                              unreadable), change_time
//	posix_shared_memory   array   name, mode, uid, user, gid, group, bytes,
//	                              change_time
//	posix_semaphores      array   name, mode, uid, user, gid, group, value
//	                              (null when unreadable), change_time
//
// -t, -p and -c do not narrow the objects: every element carries every
// field. Numbers are JSON numbers; sizes are bytes whatever -b or --human
// say; times are seconds since the Epoch, 0 when not set (as the tables'
// "Not set"). Every element has:
//
//	key                   number  the key as an unsigned 32-bit value (0: IPC_PRIVATE)
//	id                    number
//	mode                  number  the whole mode: permission bits, and for
//	                              segments SHM_DEST (0o1000) and SHM_LOCKED (0o2000)
//	uid, gid, cuid, cgid  number  owner and creator
//	user, group           string  their names, or null when the id has no entry
//	cuser, cgroup         string
//
// and by kind:
//
//	message_queues: used_bytes, messages, max_bytes, last_send_pid,
//	  last_recv_pid, send_time, recv_time, change_time
//	shared_memory: bytes, attached, dest (bool), locked (bool), creator_pid,
//	  last_pid, attach_time, detach_time, change_time, and in listings
//	  resident_bytes and swapped_bytes (from /proc/sysvipc/shm, when it
//	  has them)
//	semaphores: nsems, op_time, change_time, and with -i "semaphores": an
//	  array of {num, value, ncount, zcount, pid}
//
// The limits and status objects:
//
//	message_queue_limits: max_queues, max_message_bytes, default_max_queue_bytes
//	shared_memory_limits: max_segments, max_segment_bytes, max_total_pages,
//	  page_size, min_segment_bytes
//	semaphore_limits: max_arrays, max_semaphores_per_array, max_semaphores,
//	  max_ops_per_call, max_value
//	message_queue_status: queues, messages, bytes
//	shared_memory_status: segments, pages, resident_pages, swapped_pages, page_size
//	semaphore_status: arrays, semaphores
//
// With -i the resource's array holds the one object, or is empty (and
// "id N not found" goes to standard error, status 0) when there is none.
package ipcs
