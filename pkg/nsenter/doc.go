// Package nsenter turns gonsenter's options into a plan for package
// nsexec, following util-linux nsenter: which namespaces are entered and
// from which files, in which order, with which credentials, root and
// working directories, environment and cgroup, and whether the program is
// forked.
//
// [FromArgs] reads a parsed command line without touching the system;
// [Prepare] opens every file it names before anything is joined and builds
// a [Plan]; [Plan.Run] runs it.
//
// # How the target is held
//
// A target process (--target PID) is held by a pidfd when the kernel has
// them. Its namespaces are then entered with setns(pidfd, CLONE_NEW*), one
// type at a time: the pidfd names one process for good, so a PID reused by
// another process is never entered, and no /proc/PID/ns file is opened at
// all. Joining one type per call (rather than all in one atomic call, as
// util-linux 2.40 and later do) keeps util-linux 2.38's two passes exactly:
// every namespace but the user namespace is tried first, failures
// allowed; then the user namespace, then again those that failed. So
// root enters a rootless container's namespaces before its user
// namespace, and its owner enters the user namespace first and gains the
// right to enter the others. It also keeps the per-namespace message
// "reassociate to namespace 'ns/ipc' failed". A namespace given as a file
// (--ipc=FILE, --netns NAME, --net-socket, --user-parent) is entered
// through that file in the same passes, in the same order (user, cgroup,
// ipc, uts, net, pid, mnt, time). Without pidfds (Linux before 5.8, or a
// thread ID as the target) the files /proc/PID/ns/* are opened, as
// util-linux 2.38 does. Files still read from /proc/PID (root, cwd,
// environ, cgroup, the owner for follow) are opened before anything is
// joined, and the pidfd is then checked to name a live process, which
// proves the PID was not reused in between. A target that exits while we
// join makes setns fail with "No such process".
//
// # Processes
//
// Without a PID, user or time namespace the program replaces gonsenter
// (same PID), as util-linux does. A PID namespace takes effect for
// children only, so the program is forked after the join (unless
// --no-fork). A multi-threaded Go process can never join a user or time
// namespace, so then package nsexec joins from a single-threaded child
// that execs the program, and gonsenter waits for it: it exits with the
// program's status, dies of the program's signal, and passes SIGINT,
// SIGTERM, SIGHUP and SIGQUIT on to it.
package nsenter
