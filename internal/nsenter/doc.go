// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package nsenter turns gonsenter's options into a plan for package
// rawexec, following util-linux nsenter: which namespaces are entered and
// from which files, in which order, with which credentials, root and
// working directories, environment and cgroup, and whether the program is
// forked.
//
// [Table] defines every option with what it does; [FromArgs] reads a
// parsed command line with it, without touching the system; [Prepare]
// opens every file it names before anything is joined (acquire) and then
// decides the plan from what it opened (configure, which touches
// nothing); the command runs the plan with package supervise.
//
// # How the target is held
//
// A target process (--target PID) is held by a pidfd when the kernel has
// them. Its namespaces are then entered with setns(pidfd, CLONE_NEW*), one
// type at a time: the pidfd names one process for good, so a PID reused by
// another process is never entered, and no /proc/PID/ns file is opened at
// all. Joining one type per call, rather than all of them in one atomic
// call as later util-linux does, keeps util-linux 2.38's two passes
// exactly: every namespace but the user namespace is tried first, failures
// allowed; then the user namespace; then again those that failed. So root
// enters a rootless container's namespaces before its user namespace (and
// keeps its privileges for them), while the container's owner enters the
// user namespace first and so gains the right to enter the others. It also
// keeps the message naming the namespace that failed ("reassociate to
// namespace 'ns/ipc' failed"). A namespace given as a file (--ipc=FILE,
// --netns NAME, --net-socket FD, --user-parent) is entered through that
// file in the same passes and the same order (user, cgroup, ipc, uts,
// net, pid, mnt, time): files and the pidfd mix freely. Without pidfd
// support for setns (Linux before 5.8, or a thread ID as the target) the
// files /proc/PID/ns/* are opened, as util-linux 2.38 does.
//
// Everything else read from /proc/PID (the root and working directories,
// the environment, the cgroup, the owner for --setuid follow) is opened
// before anything is joined, and the pidfd is checked afterwards to name a
// live process, which proves the PID was not reused in between. A target
// that exits while gonsenter joins makes the next setns fail with "No such
// process", and gonsenter stops there.
//
// # Processes
//
// Without a PID, user or time namespace the program replaces gonsenter and
// keeps its PID, as util-linux does. A PID namespace takes effect for
// children only, so the program is forked after the join (unless
// --no-fork): gonsenter, when it may, joins the PID namespace on the
// thread that clones the program's process and leaves it right after, so
// that there is one fork, as in util-linux (the owner of a rootless
// container, who gains that right only inside its user namespace, gets a
// second fork instead). A multi-threaded Go process can never join a user
// or time namespace, so for those the program always runs in a
// single-threaded child, even with --no-fork. While it waits, gonsenter
// passes SIGINT, SIGTERM, SIGHUP and SIGQUIT on to the program, exits with
// its status, or dies of the signal that killed it (without a core dump).
//
// # Differences from util-linux nsenter
//
// gonsenter has the options of util-linux 2.42 except SELinux's
// -Z/--follow-context, and behaves as util-linux 2.38.1 does, except:
//
//   - Program and processes: with a user or time namespace the program
//     runs in a child, so it does not keep gonsenter's PID; --no-fork only
//     applies to a PID namespace. gonsenter forwards the signals above
//     (util-linux nsenter forwards none: a SIGTERM to it leaves the program
//     running alone); a terminal's SIGINT then reaches the program twice,
//     from the terminal and from gonsenter. When only the forked program
//     stops (kill -STOP), util-linux stops too and continues it when
//     continued; gonsenter keeps waiting (a terminal's ^Z stops both, as
//     usual).
//   - A time namespace that is already ours (and our children's) is not
//     joined: that changes nothing, and saves a fork. So --all, which
//     lists it, needs no child for a target in our time namespace, and an
//     unprivileged user is not refused it.
//   - The owner of a rootless container can enter it without
//     --preserve-credentials: when the supplementary groups can be dropped
//     neither before joining (no privilege) nor after (the namespace denies
//     setgroups(2)), gonsenter goes on with them, as the kernel wants there;
//     util-linux stops with "setgroups failed" (its issue #3553).
//   - No namespace at all is an error, "no namespace specified", as in
//     2.42; 2.38.1 ran the program (with -r alone, for example).
//   - --target: -5, 0 and numbers beyond a PID's range are refused with
//     "failed to parse pid: '-5'" (2.38.1 wraps them around, 0 meaning no
//     target); PID:INODE names the process by its pidfd's inode, as in
//     2.42 ("pidfd inode N not found for pid P"); giving it twice is an
//     error, "option --target may be given only once", as in 2.42.
//   - --setuid and --setgid refuse negative and too large numbers
//     ("failed to parse uid: '-1'") where 2.38.1 wraps them; "follow" (as in
//     2.42) takes the target's IDs as seen inside the entered user
//     namespace.
//   - A value written -i=FILE is FILE, as in 2.42 (2.38.1 opens "=FILE");
//     so is -r=DIR (2.42 opens "=DIR"), -w=DIR and -W=DIR.
//   - A value attached to a short option that cannot be opened is
//     explained: "cannot open u: No such file or directory (-iu was read as
//     --ipc=u: -i takes its value attached; write the options separately)".
//   - -W/--wdns needs its value, as in 2.38 and in 2.42's help; 2.42's
//     option string makes it optional, so that there "-W DIR" runs DIR. A
//     failure reads "cannot change directory to DIR: ..." (util-linux:
//     "cannot open current working directory: ...").
//   - --root and --wd must name directories: "cannot open FILE: Not a
//     directory" before anything is joined, where util-linux fails after
//     joining. Given twice, the last one counts (in util-linux a bare -r or
//     -w wins over -rDIR wherever it stands).
//   - --root without --wd or --wdns keeps the working directory, as
//     util-linux does; but after entering a mount namespace it is the new
//     root, where util-linux keeps the mount namespace's root, which
//     differs only for a target in a chroot (and is then outside it).
//   - --join-cgroup takes the target's cgroup v2 path from the "0::" line
//     of /proc/PID/cgroup; util-linux takes the first line, which on a
//     hybrid cgroup v1 and v2 system is a v1 hierarchy.
//   - --netns NAME is gonsenter's: the network namespace ip-netns(8) calls
//     NAME, /run/netns/NAME.
//   - --container NAME|ID and --runtime ENGINE are gonsenter's: the target
//     is a container's init process, found by package container (docker,
//     podman, CRI-O, containerd). Without a namespace option every
//     namespace is entered, as with --all; without a program, the default
//     shell is looked up in the container's root (SHELL if the container
//     has it, else its /etc/passwd's, else /bin/sh), through openat2's
//     RESOLVE_IN_ROOT.
//   - Namespace IDs (--net=:NSID, 2.42) are refused: "cannot open namespace
//     of id NSID: Operation not supported". Linux 6.18 opens an nsfs file
//     handle only with the namespace's inode number as well, so an ID
//     alone cannot be opened the way util-linux does.
//   - A target that has exited but is not yet reaped (a zombie) is reported
//     as "reassociate to namespace 'ns/ipc' failed: No such process"
//     (util-linux: "cannot open /proc/PID/ns/ipc: No such file or
//     directory").
//   - --net-socket's failures read "cannot get file descriptor FD of
//     process P: ..." and "cannot get the network namespace of file
//     descriptor FD of process P: ..."; --setuid follow without a target,
//     "neither filename nor target pid supplied for follow".
//   - The whole command line is read before any file is opened, so a
//     usage error is reported before a file that cannot be opened.
//   - A $SHELL without a slash is searched in PATH (util-linux's execl
//     takes it relative to the working directory).
package nsenter
