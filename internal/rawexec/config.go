// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// Config says what the worker does before it runs the program. The steps
// run in the order of the fields.
type Config struct {
	// FirstWrites are written before any other step, while the worker is
	// still in our namespaces: /proc/thread-self/attr/exec, the SELinux
	// context the program is executed in (nsenter --follow-context).
	FirstWrites []Write

	// Owner, when set, becomes the worker's credentials first, so that a
	// user namespace it then creates belongs to that user (unshare --owner).
	Owner *Cred

	// Clone holds CLONE_NEW* flags the worker is created with, as a child.
	// CLONE_NEWTIME cannot be given to clone(2): unshare it instead.
	Clone uintptr
	// Unshare holds CLONE_NEW* flags the worker unshares.
	Unshare uintptr
	// Join lists namespaces to enter. They are entered in two passes, as
	// util-linux's nsenter does: first every one but the user namespace
	// (failures allowed), then the user namespace and again those that
	// failed. So both a more and a less privileged user namespace can be
	// entered.
	Join []Join
	// TimeOffsets, when not empty, is written to /proc/self/timens_offsets
	// after unsharing a time namespace ("1 SECONDS 0\n7 SECONDS 0\n").
	TimeOffsets string

	// Hook runs in the parent, in the original namespaces, while the worker
	// waits with its new namespaces made; pid is the worker's. It writes
	// maps that need privileges in the parent namespace and bind-mounts
	// namespace files. Undo reverses it when a later step fails.
	Hook func(pid int) error
	Undo func()

	// ForkAgain makes the worker fork after the namespace steps. The
	// program runs in that child, so it is inside a PID namespace the worker
	// could only make or join for its children; the worker waits and ends
	// as the program does.
	ForkAgain bool
	// ParentJoinsPID lets Run, when ForkAgain is for a PID namespace of
	// Join, join that namespace itself on the thread that clones the
	// worker, just before the clone, and leave it right after: the worker
	// is born in the namespace and is the program, without a second fork.
	// Run keeps to ForkAgain when this process may not join and leave the
	// namespace (it lacks CAP_SYS_ADMIN, as the owner of a rootless
	// container does until the worker has joined its user namespace).
	ParentJoinsPID bool
	// afterClone runs in the parent right after the worker is cloned.
	afterClone func()

	// KillChild is sent to the program when the process that started it
	// dies (PR_SET_PDEATHSIG): this process, or with ForkAgain the worker.
	KillChild syscall.Signal
	// WorkerDeath is sent to the program when the worker that forked it
	// again (ForkAgain) dies, unless KillChild is set: so that a program
	// never outlives a worker that was killed.
	WorkerDeath syscall.Signal
	// DieWithParent kills the child this process starts (the worker, or
	// the program itself without ForkAgain) when this process dies, so that
	// a child the user did not ask for never outlives it.
	DieWithParent bool
	// Relay lists the signals the worker passes on to the program while it
	// waits for it after ForkAgain. Whatever it relays, the worker stops
	// when the program stops and continues it when continued itself.
	Relay []syscall.Signal

	// Writes are done by the worker inside its new namespaces:
	// /proc/self/uid_map, setgroups, gid_map.
	Writes []Write

	// Propagation, when not 0, is applied to "/" (MS_REC|MS_PRIVATE, ...).
	Propagation uintptr

	// RootMounts are made before Root and Wd change; Mounts after
	// MountProc. (unshare mounts binfmt_misc there.)
	RootMounts, Mounts []Mount

	// Root and Wd change the root and then the working directory.
	Root, Wd *Dir

	// MountProc, when not nil, is where a proc filesystem is mounted
	// (nosuid, noexec, nodev). With ProcPrivate, that directory is made private
	// first (EINVAL, "not a mount point", is fine).
	MountProc   *string
	ProcPrivate bool

	// Cred is applied last, after the mounts.
	Cred *Cred

	// KeepCaps makes the worker's permitted capabilities ambient, so the
	// program keeps them (unshare/nsenter --keep-caps).
	KeepCaps bool

	// Fork runs the program in a child even when the steps do not need one
	// (unshare --fork).
	Fork bool

	// Ignore is the set of signals (bit N-1 for signal N) the program starts
	// with ignored; every other signal starts with its default action. It
	// must hold every signal this process ignores now (IgnoredNow): in
	// place, a signal ignored now stays ignored through execve(2), and
	// only the signals of Ignore are set.
	Ignore uint64
	// Files, when not nil, are the program's descriptors: Files[i] (an
	// open descriptor of ours) becomes descriptor i; descriptors of ours
	// are close-on-exec. Nil keeps the descriptors as they are.
	Files []int
	// CloseOthers closes every descriptor above Files that the program
	// would inherit (close_range(2), Linux 5.9), also those this process
	// inherited without close-on-exec.
	CloseOthers bool
	// CloseFds are closed just before the program is executed: standard
	// descriptors that were closed when this process started.
	CloseFds []int

	// Program is what finally runs.
	Program Program
}

// Join is a namespace to enter: an open namespace file (or pidfd) and the
// CLONE_NEW* flags to pass to setns(2).
type Join struct {
	Fd   int
	Type uintptr
	Name string // for messages: "ns/ipc"
}

// Dir is a directory to change to: by path, or through a directory opened
// earlier (nsenter uses those of the target process).
type Dir struct {
	Path string
	File *os.File
}

// Mount is a file system the worker mounts (nosuid, noexec, nodev), then
// optionally writes to: Then, when set, is written right after mounting
// (a binfmt_misc "register" file).
type Mount struct {
	Source, Target, Type string
	Then                 *Write
}

// Write is a file the worker writes: Data to Path.
type Write struct {
	Path string
	Data string
	// IgnoreMissing skips the write when Path does not exist (setgroups on
	// old kernels).
	IgnoreMissing bool
}

// Cred is a set of credentials to take. Nil fields are left alone.
type Cred struct {
	// ClearGroups drops the supplementary groups (setgroups(0, NULL)).
	ClearGroups bool
	// GroupsMayFail ignores EPERM from setgroups (a user namespace with
	// setgroups denied).
	GroupsMayFail bool
	GID           *uint32
	UID           *uint32
	// GIDOf and UIDOf, when set, take the place of GID and UID: the
	// worker uses the group and owner of that file as fstat(2) reports
	// them at that point, that is translated into the user namespace it
	// has entered (nsenter --setgid=follow on /proc/PID).
	GIDOf, UIDOf *os.File
}

// Program is the program to run and its environment.
type Program struct {
	// Name is how the user gave it: a path, or a name searched in the PATH
	// of Env (glibc's default "/bin:/usr/bin" when there is none).
	Name string
	// Argv is the whole argument vector, Argv[0] included.
	Argv []string
	Env  []string
}

// programDeath is the signal the program asks for when the worker that
// forked it again dies, or 0.
func (c *Config) programDeath() syscall.Signal {
	if c.KillChild != 0 {
		return c.KillChild
	}
	return c.WorkerDeath
}

// deathSignal is the signal the child this process starts asks for when
// this process dies, or 0.
func (c *Config) deathSignal() syscall.Signal {
	switch {
	case c.DieWithParent:
		return syscall.SIGKILL
	case !c.ForkAgain:
		return c.KillChild
	}
	return 0
}

// LoginShell is shell run as a login shell ("-bash"), as util-linux's
// exec_shell runs the default shell.
func LoginShell(shell string, env []string) Program {
	return Program{Name: shell, Argv: []string{"-" + filepath.Base(shell)}, Env: env}
}

// needsChild reports whether the steps cannot run in this multi-threaded
// process: user namespaces, joining a time namespace, a new PID namespace
// the program must be inside, or an explicit fork.
func (c *Config) needsChild() bool {
	if c.Fork || c.Clone != 0 || c.ForkAgain || c.KillChild != 0 {
		return true
	}
	if c.Unshare&syscall.CLONE_NEWUSER != 0 || c.Owner != nil {
		return true
	}
	for _, j := range c.Join {
		if j.Type&(syscall.CLONE_NEWUSER|cloneNewTime) != 0 {
			return true
		}
	}
	return false
}

// joinsTime reports whether the worker joins a time namespace.
func (c *Config) joinsTime() bool {
	for _, j := range c.Join {
		if j.Type&cloneNewTime != 0 {
			return true
		}
	}
	return false
}

// cloneNewTime is CLONE_NEWTIME, missing from package syscall.
const cloneNewTime = unix.CLONE_NEWTIME

// sysSetns is setns(2)'s number, missing from package syscall.
const sysSetns = unix.SYS_SETNS

// sysPidfdOpen is pidfd_open(2)'s number, missing from package syscall.
const sysPidfdOpen = unix.SYS_PIDFD_OPEN
