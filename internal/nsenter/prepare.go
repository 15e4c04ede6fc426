// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nsenter

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/container"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/internal/passwd"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/internal/supervise"
	"github.com/gonstools/gonstools/pkg/ns"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// Plan is a gonsenter command line made concrete: every file it names is
// open, and Config says what package rawexec will do with them.
type Plan struct {
	Config      rawexec.Config
	cgroupProcs *os.File // the target's cgroup.procs, for --join-cgroup
	files       []*os.File
}

// keep records f to be closed by Close.
func (p *Plan) keep(f *os.File) *os.File {
	p.files = append(p.files, f)
	return f
}

// Close closes the files the plan holds. A plan that ran its program in
// place never gets there: the files are close-on-exec.
func (p *Plan) Close() {
	for _, f := range p.files {
		f.Close()
	}
	p.files = nil
}

// JoinCgroup moves this process into the target's cgroup when asked (its
// children follow).
func (p *Plan) JoinCgroup() error {
	if p.cgroupProcs != nil {
		if _, err := p.cgroupProcs.WriteString(strconv.Itoa(os.Getpid())); err != nil {
			return cli.Syserr(err, "write cgroup.procs failed")
		}
	}
	return nil
}

// Prepare opens everything o names, before anything is joined and in
// util-linux's order, and builds the plan. env is gonsenter's environment.
func Prepare(o *Options, env []string) (_ *Plan, err error) {
	pl := &Plan{}
	defer func() {
		if err != nil {
			pl.Close()
		}
	}()
	h, err := pl.acquire(o, env)
	if err != nil {
		return nil, err
	}
	if err = configure(o, h, &pl.Config); err != nil {
		return nil, err
	}
	return pl, nil
}

// held is what Prepare opened for a command line: everything the
// configuration refers to, so that configure touches nothing.
type held struct {
	pidfd       *os.File                // the target's, or nil
	enabled     [len(ns.Types)]bool     // the namespaces to enter, by ns.Types index
	files       [len(ns.Types)]*os.File // a namespace's file; nil: through pidfd
	ownTime     bool                    // the time namespace is the one our children get
	root, wd    *os.File                // --root, --wd
	dot         *os.File                // our working directory, for --root without a mount namespace
	owner       *os.File                // /proc/PID, for --setuid follow and --setgid follow
	env         []string                // the program's environment
	shell       string                  // the default shell, when chosen in a container
	firstWrites []rawexec.Write         // --follow-context
}

// acquire opens every file o names, in util-linux's order.
func (pl *Plan) acquire(o *Options, env []string) (*held, error) {
	h := &held{env: env}
	var tg *target
	var err error
	pid := o.Target
	if o.Runtime != "" && o.Container == "" {
		return nil, fmt.Errorf("option --runtime needs --container")
	}
	if o.Container != "" {
		if pid, err = container.ResolvePID(o.Container, o.Runtime); err != nil {
			return nil, err
		}
	}
	if pid != 0 {
		if tg, err = openTarget(pid, o.TargetIno); err != nil {
			return nil, err
		}
		if tg.pidfd != nil {
			h.pidfd = pl.keep(tg.pidfd)
		}
	}

	if o.FollowContext && selinuxEnabled() {
		if h.firstWrites, err = followContext(tg); err != nil {
			return nil, err
		}
	}

	for i, n := range o.NS {
		h.enabled[i] = n.Enabled
	}
	if o.All {
		if tg == nil {
			return nil, fmt.Errorf("no target PID specified for --all")
		}
		for i, t := range ns.Types {
			if !h.enabled[i] {
				if h.enabled[i], err = usable(tg, t); err != nil {
					return nil, err
				}
			}
		}
	}

	// The files named on the command line first (util-linux opens them
	// while it parses), then the target's namespaces. A type left without
	// a file is joined through the target's pidfd.
	for i, n := range o.NS {
		if n.Enabled && n.HasFile {
			f, err := openNS(n)
			if err != nil {
				return nil, err
			}
			h.files[i] = pl.keep(f)
		}
	}
	for i, t := range ns.Types {
		switch {
		case !h.enabled[i] || o.NS[i].HasFile:
		case tg == nil:
			return nil, fmt.Errorf("neither filename nor target pid supplied for %s", t.File())
		case !tg.setns:
			f, err := tg.open(t.File(), 0)
			if err != nil {
				return nil, err
			}
			h.files[i] = pl.keep(f)
		}
	}

	if o.UserParent {
		if tg == nil {
			return nil, fmt.Errorf("no target PID specified")
		}
		ui := index(&ns.User)
		src := h.files[ui]
		if src == nil {
			if src, err = tg.nsFile(&ns.User); err != nil {
				return nil, err
			}
			pl.keep(src)
		}
		parent, err := unix.IoctlRetInt(int(src.Fd()), unix.NS_GET_USERNS)
		if err != nil {
			return nil, cli.Syserr(err, "failed to open parent namespace")
		}
		h.files[ui] = pl.keep(os.NewFile(uintptr(parent), "parent user namespace"))
		h.enabled[ui] = true
	}
	if o.NetSocket >= 0 {
		if tg == nil {
			return nil, fmt.Errorf("no target PID specified")
		}
		f, err := socketNetns(tg, o.NetSocket)
		if err != nil {
			return nil, err
		}
		ni := index(&ns.Net)
		h.files[ni] = pl.keep(f)
		h.enabled[ni] = true
	}

	if o.Root.Set {
		if h.root, err = pl.openDir(tg, o.Root, "root"); err != nil {
			return nil, err
		}
	}
	if o.Wd.Set {
		if h.wd, err = pl.openDir(tg, o.Wd, "cwd"); err != nil {
			return nil, err
		}
	}
	if o.Env {
		if h.env, err = environ(tg); err != nil {
			return nil, err
		}
	}
	if o.Container != "" && len(o.Program) == 0 && h.enabled[index(&ns.Mount)] && !o.NS[index(&ns.Mount)].HasFile && !o.Root.HasPath {
		// The shell starts in the container's file system.
		root, err := tg.open("root", unix.O_DIRECTORY)
		if err != nil {
			return nil, err
		}
		h.shell = containerShell(root, h.env, o.programUID(h.enabled[index(&ns.User)]))
		root.Close()
	}
	if o.FollowUID || o.FollowGID {
		if tg == nil {
			return nil, fmt.Errorf("neither filename nor target pid supplied for follow")
		}
		if h.owner, err = tg.open("", unix.O_DIRECTORY); err != nil {
			return nil, err
		}
		pl.keep(h.owner)
	}
	if o.JoinCgroup {
		if pl.cgroupProcs, err = openCgroupProcs(tg); err != nil {
			return nil, err
		}
		pl.keep(pl.cgroupProcs)
	}
	if ti := index(&ns.Time); h.enabled[ti] {
		if h.ownTime, err = ownTime(h.files[ti], tg); err != nil {
			return nil, err
		}
	}
	if h.root != nil && !h.enabled[index(&ns.Mount)] && h.wd == nil && o.Wdns == nil {
		// util-linux keeps the working directory it had after the joins;
		// without a mount namespace that is the one we have now.
		dot, err := os.Open(".")
		if err != nil {
			return nil, cli.Syserr(err, "cannot open current working directory")
		}
		h.dot = pl.keep(dot)
	}
	if tg != nil {
		if err := tg.alive(); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// configure decides, into c, what the worker does with what acquire opened. It
// touches nothing.
func configure(o *Options, h *held, c *rawexec.Config) error {
	*c = rawexec.Config{FirstWrites: h.firstWrites}
	for i, t := range ns.Types {
		if !h.enabled[i] || t == &ns.Time && h.ownTime {
			// Joining the time namespace our children get already would
			// change nothing, but needs a single-threaded process: a fork.
			continue
		}
		j := rawexec.Join{Type: t.Flag, Name: t.File()}
		if h.files[i] != nil {
			j.Fd = int(h.files[i].Fd())
		} else {
			j.Fd = int(h.pidfd.Fd())
		}
		c.Join = append(c.Join, j)
	}
	if !slices.Contains(h.enabled[:], true) {
		return fmt.Errorf("no namespace specified")
	}

	var pidNS, userNS bool
	for _, j := range c.Join {
		pidNS = pidNS || j.Type == unix.CLONE_NEWPID
		userNS = userNS || j.Type == unix.CLONE_NEWUSER
	}
	// The program must be forked after joining a PID namespace to be in it
	// (util-linux's default, -F turns it off). User and time namespaces
	// can only be joined by a single-threaded process, so rawexec runs the
	// program in a child for them anyway. Whichever child runs it stands
	// for gonsenter: it dies with us and gets every signal we get.
	c.ForkAgain = pidNS && !o.NoFork
	c.ParentJoinsPID = c.ForkAgain // one fork instead of two, when we may
	c.DieWithParent = true
	c.Relay = supervise.Catchable()

	o.credentials(c, userNS, h.owner)
	c.KeepCaps = o.KeepCaps && userNS

	if h.root != nil {
		c.Root = &rawexec.Dir{File: h.root}
	}
	switch {
	case h.wd != nil:
		c.Wd = &rawexec.Dir{File: h.wd}
	case o.Wdns != nil:
		c.Wd = &rawexec.Dir{Path: *o.Wdns}
	case h.dot != nil:
		c.Wd = &rawexec.Dir{File: h.dot}
	}
	c.Program = program(o.Program, h.env)
	if h.shell != "" {
		c.Program = rawexec.LoginShell(h.shell, h.env)
	}
	return nil
}

// programUID is the user ID the program runs as: --setuid's, else 0 in an
// entered user namespace (without --preserve-credentials), else ours.
func (o *Options) programUID(userNS bool) uint32 {
	switch {
	case o.UID != nil:
		return *o.UID
	case userNS && !o.PreserveCred:
		return 0
	}
	return uint32(os.Getuid())
}

// credentials sets the IDs the program gets. Entering a user namespace
// without --preserve-credentials makes it uid and gid 0 (or those of
// --setuid and --setgid) with no supplementary groups, which are dropped
// before the joins already (while we may still have the privilege) and
// again after.
func (o *Options) credentials(c *rawexec.Config, userNS bool, owner *os.File) {
	setUID := o.UID != nil || o.FollowUID
	setGID := o.GID != nil || o.FollowGID
	if userNS && !o.PreserveCred {
		setUID, setGID = true, true
		c.Owner = &rawexec.Cred{ClearGroups: true, GroupsMayFail: true}
	}
	if !setUID && !setGID {
		return
	}
	zero := uint32(0)
	cr := &rawexec.Cred{}
	if setGID {
		// util-linux stops when both setgroups fail. After joining, that
		// means the namespace denies setgroups(2): the groups cannot be
		// dropped there, by design, and gonsenter goes on.
		cr.ClearGroups, cr.GroupsMayFail, cr.GID = true, true, &zero
		if o.GID != nil {
			cr.GID = o.GID
		}
		if o.FollowGID {
			cr.GIDOf = owner
		}
	}
	if setUID {
		cr.UID = &zero
		if o.UID != nil {
			cr.UID = o.UID
		}
		if o.FollowUID {
			cr.UIDOf = owner
		}
	}
	c.Cred = cr
}

// usable reports whether --all enters the target's namespace of type t:
// not when the kernel lacks the type, nor the user namespace we are in
// already (setns(2) refuses it: no regaining capabilities that way).
func usable(tg *target, t *ns.Type) (bool, error) {
	var self unix.Stat_t
	if unix.Stat("/proc/self/"+t.File(), &self) != nil {
		return false, nil
	}
	if t != &ns.User {
		return true, nil
	}
	st, err := tg.nsStat(t)
	if err != nil {
		// util-linux stats /proc/PID/ns/user here.
		cause := errors.Unwrap(err)
		if cause == nil {
			cause = err
		}
		return false, cli.Syserr(cause, "stat of %s failed", tg.path(t.File()))
	}
	return st.Dev != self.Dev || st.Ino != self.Ino, nil
}

// nsStat is the identity (device and inode) of the target's namespace.
func (t *target) nsStat(typ *ns.Type) (unix.Stat_t, error) {
	var st unix.Stat_t
	f, err := t.nsFile(typ)
	if err != nil {
		return st, err
	}
	defer f.Close()
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return st, cli.Syserr(err, "stat of %s failed", f.Name())
	}
	return st, nil
}

// ownTime reports whether the time namespace to join (of file, or else of
// the target) is the one our children get already.
func ownTime(file *os.File, tg *target) (bool, error) {
	var st, self unix.Stat_t
	if unix.Stat("/proc/self/ns/time_for_children", &self) != nil {
		return false, nil
	}
	if file != nil {
		if err := unix.Fstat(int(file.Fd()), &st); err != nil {
			return false, cli.Syserr(err, "stat of %s failed", file.Name())
		}
	} else {
		var err error
		if st, err = tg.nsStat(&ns.Time); err != nil {
			return false, err
		}
	}
	return st.Dev == self.Dev && st.Ino == self.Ino, nil
}

// openNS opens a namespace file named on the command line.
func openNS(n NSOption) (*os.File, error) {
	if n.Netns != "" {
		h, err := netns.GetFromName(n.Netns) // close-on-exec
		if err != nil {
			return nil, cli.PathError("cannot open", n.File, err)
		}
		return os.NewFile(uintptr(h), n.File), nil
	}
	if idStr, ok := strings.CutPrefix(n.File, ":"); ok {
		// A namespace ID (util-linux 2.42): --net=:4026531840 names it
		// by NS_GET_ID's number, not by a file.
		id, err := numparse.Uint(idStr, 10, math.MaxUint64)
		if err != nil {
			return nil, fmt.Errorf("failed to parse nsid: %s", idStr)
		}
		f, err := ns.OpenByID(id)
		switch {
		case errors.Is(err, ns.ErrNoID):
			return nil, fmt.Errorf("cannot open namespace of id %d", id)
		case err != nil:
			return nil, cli.Syserr(err, "cannot open namespace of id %d", id)
		}
		return f, nil
	}
	fd, err := unix.Open(n.File, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, explain(cli.PathError("cannot open", n.File, err), n.Occ)
	}
	return os.NewFile(uintptr(fd), n.File), nil
}

// explain adds, to the failure to open a value written attached to a short
// option, how getopt read it: "-iu" is --ipc=u. A value with a slash, or
// written "-i=FILE", was clearly meant as a file.
func explain(err error, occ *cli.Occurrence) error {
	if occ == nil || strings.ContainsRune(occ.Value, '/') || strings.HasPrefix(occ.Value, "=") {
		return err
	}
	if e := occ.Explain(); e != "" {
		return fmt.Errorf("%w (%s)", err, e)
	}
	return err
}

// openDir opens --root or --wd: the directory named, or the target's
// (name is "root" or "cwd" under /proc/PID).
func (p *Plan) openDir(tg *target, d DirOption, name string) (*os.File, error) {
	if d.HasPath {
		fd, err := unix.Open(d.Path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return nil, explain(cli.PathError("cannot open", d.Path, err), d.Occ)
		}
		return p.keep(os.NewFile(uintptr(fd), d.Path)), nil
	}
	if tg == nil {
		return nil, fmt.Errorf("neither filename nor target pid supplied for %s", name)
	}
	f, err := tg.open(name, unix.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	return p.keep(f), nil
}

// environ reads the target's environment, for --env.
func environ(tg *target) ([]string, error) {
	if tg == nil {
		return nil, fmt.Errorf("neither filename nor target pid supplied for environ")
	}
	f, err := tg.open("environ", 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, cli.Syserr(err, "failed to get environment variables")
	}
	return parseEnviron(data)
}

// parseEnviron reads /proc/PID/environ as util-linux's env_list_from_fd
// and env_list_setenv take it: NUL-separated NAME=VALUE strings; one
// without "=" is skipped, one with an empty name fails (setenv's EINVAL),
// and of a name given twice the last value counts. The variables keep
// the order of the file.
func parseEnviron(data []byte) ([]string, error) {
	vars := bytes.Split(data, []byte{0})
	last := map[string]int{} // name → index of its last string
	for i, kv := range vars {
		name, _, ok := bytes.Cut(kv, []byte{'='})
		switch {
		case !ok:
			continue
		case len(name) == 0:
			return nil, cli.Syserr(unix.EINVAL, "failed to set environment variables")
		}
		last[string(name)] = i
	}
	env := []string{}
	for i, kv := range vars {
		if name, _, ok := bytes.Cut(kv, []byte{'='}); ok && last[string(name)] == i {
			env = append(env, string(kv))
		}
	}
	return env, nil
}

// socketNetns opens the network namespace of the socket the target has as
// file descriptor fd (--net-socket).
func socketNetns(tg *target, fd int) (*os.File, error) {
	if tg.pidfd == nil {
		_, err := unix.PidfdOpen(tg.pid, 0)
		return nil, cli.Syserr(err, "failed to pidfd_open() for %d", tg.pid)
	}
	sk, err := unix.PidfdGetfd(int(tg.pidfd.Fd()), fd, 0) // close-on-exec
	if err != nil {
		return nil, cli.Syserr(err, "cannot get file descriptor %d of process %d", fd, tg.pid)
	}
	defer unix.Close(sk)
	nsfd, err := unix.IoctlRetInt(sk, unix.SIOCGSKNS)
	if err != nil {
		return nil, cli.Syserr(err, "cannot get the network namespace of file descriptor %d of process %d", fd, tg.pid)
	}
	return os.NewFile(uintptr(nsfd), "socket network namespace"), nil
}

// cgroupRoot is where the cgroup v2 hierarchy is mounted.
const cgroupRoot = "/sys/fs/cgroup"

// openCgroupProcs opens the cgroup.procs of the target's cgroup (v2), for
// --join-cgroup.
func openCgroupProcs(tg *target) (*os.File, error) {
	var fs unix.Statfs_t
	if err := unix.Statfs(cgroupRoot, &fs); err != nil {
		return nil, cli.Syserr(err, "statfs %s failed", cgroupRoot)
	}
	if fs.Type != unix.CGROUP2_SUPER_MAGIC {
		return nil, fmt.Errorf("--join-cgroup is only supported in cgroup v2")
	}
	if tg == nil {
		return nil, fmt.Errorf("neither filename nor target pid supplied for cgroup")
	}
	f, err := tg.open("cgroup", 0)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	f.Close()
	path, ok := "", false
	if err == nil {
		path, ok = unifiedPath(string(data))
	}
	if !ok {
		return nil, errors.New("failed to get cgroup path")
	}
	procs := filepath.Join(cgroupRoot, path, "cgroup.procs")
	fd, err := unix.Open(procs, unix.O_WRONLY|unix.O_APPEND|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, cli.Syserr(err, "failed to open cgroup.procs")
	}
	return os.NewFile(uintptr(fd), procs), nil
}

// unifiedPath finds the cgroup v2 path ("0::/PATH") in /proc/PID/cgroup.
func unifiedPath(s string) (string, bool) {
	for _, line := range strings.Split(s, "\n") {
		if p, ok := strings.CutPrefix(line, "0::"); ok {
			return p, true
		}
	}
	return "", false
}

// program is what runs: the one given, or the default shell (SHELL of
// the environment the program gets, else our login shell, else /bin/sh) as
// a login shell ("-bash"), as util-linux's exec_shell does.
func program(args, env []string) rawexec.Program {
	if len(args) > 0 {
		return rawexec.Program{Name: args[0], Argv: args, Env: env}
	}
	return rawexec.LoginShell(passwd.DefaultShell(env, uint32(os.Getuid()), passwdFile), env)
}

// passwdFile is where the login shell is looked up; tests point it
// elsewhere.
var passwdFile = passwd.PasswdPath

// Words are nsenter's messages where they differ from unshare's (see
// supervise.Message).
func (p *Plan) Words(e *rawexec.Error) string {
	switch {
	case e.Step == rawexec.StepFirstWrites:
		return "failed to set exec context to '" + p.Config.FirstWrites[0].Data + "'"
	case e.Step == rawexec.StepRoot && e.Op == "fchdir":
		return "change directory by root file descriptor failed"
	case e.Step == rawexec.StepRoot:
		return "chroot failed"
	case e.Step == rawexec.StepWd && e.Op == "fchdir":
		return "change directory by working directory file descriptor failed"
	case e.Step == rawexec.StepWd:
		return "cannot change directory to " + e.Path
	}
	return ""
}

// SELinux: where its file system is, and where a thread sets the context
// of the program it executes next. Tests point them elsewhere.
var (
	selinuxFS = "/sys/fs/selinux"
	attrExec  = "/proc/thread-self/attr/exec"
)

// selinuxMagic is SELINUX_MAGIC, selinuxfs's file system type.
const selinuxMagic = 0xf97cff8c

// selinuxEnabled reports whether SELinux is on: its file system is
// mounted, as libselinux's is_selinux_enabled checks first.
var selinuxEnabled = func() bool {
	var fs unix.Statfs_t
	return unix.Statfs(selinuxFS, &fs) == nil && uint32(fs.Type) == selinuxMagic
}

// followContext reads the target's SELinux context (--follow-context) and
// returns the write that gives it to the program: util-linux's getpidcon
// and setexeccon, without libselinux.
func followContext(tg *target) ([]rawexec.Write, error) {
	if tg == nil {
		return nil, errors.New("no target PID specified for --follow-context")
	}
	fail := fmt.Errorf("failed to get %d SELinux context", tg.pid)
	f, err := tg.open("attr/current", 0)
	if err != nil {
		return nil, fail
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	ctx := strings.TrimRight(string(b), "\x00\n")
	if err != nil || ctx == "" {
		return nil, fail
	}
	return []rawexec.Write{{Path: attrExec, Data: ctx}}, nil
}
