// SPDX-License-Identifier: Apache-2.0

//go:build linux

package unshare

import (
	"fmt"
	"math"
	"os"
	"strings"
	"syscall"

	"github.com/gonstools/gonstools/internal/idmap"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/internal/passwd"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/pkg/ns"
	"golang.org/x/sys/unix"
)

// Options is a parsed gounshare command line.
type Options struct {
	Flags   uintptr            // CLONE_NEW* to unshare
	Persist map[uintptr]string // CLONE_NEW* flag → file to bind-mount the namespace on

	Fork           bool
	KillChild      syscall.Signal // 0: not asked
	ForwardSignals bool

	MountProc   *string // where proc is mounted; nil: not asked
	MountBinfmt *string // where binfmt_misc is mounted; nil: not asked
	LoadInterp  string  // a binfmt_misc definition to register
	Propagation uintptr // default recursively private

	MapUser, MapGroup int64 // -1: none
	UserMaps          []idmap.Range
	GroupMaps         []idmap.Range
	Owner             *[2]uint32 // uid, gid
	Setgroups         string     // "", "allow", "deny"
	KeepCaps          bool

	Root, Wd       *string // nil: not asked (an empty value is an error later, as in util-linux)
	SetUID, SetGID *uint32

	Monotonic, Boottime *int64

	ClearEnv     bool
	WhitelistEnv []string // variable names kept (implies ClearEnv)

	Program []string // program and arguments; empty: the shell
}

// New returns the defaults.
func New() *Options {
	return &Options{
		Persist:     map[uintptr]string{},
		Propagation: unix.MS_REC | unix.MS_PRIVATE,
		MapUser:     -1,
		MapGroup:    -1,
	}
}

// Namespace records a namespace option (-i, --ipc=FILE, ...).
func (o *Options) Namespace(t *ns.Type, file string, hasFile bool) {
	o.Flags |= t.Flag
	if hasFile {
		o.Persist[t.Flag] = file
	}
}

// ParsePropagation reads --propagation's value.
func ParsePropagation(s string) (uintptr, error) {
	switch s {
	case "slave":
		return unix.MS_REC | unix.MS_SLAVE, nil
	case "private":
		return unix.MS_REC | unix.MS_PRIVATE, nil
	case "shared":
		return unix.MS_REC | unix.MS_SHARED, nil
	case "unchanged":
		return 0, nil
	}
	return 0, fmt.Errorf("unsupported propagation mode: %s", s)
}

// ParseSetgroups reads --setgroups's value.
func ParseSetgroups(s string) (string, error) {
	if s != "allow" && s != "deny" {
		return "", fmt.Errorf("unsupported --setgroups argument '%s'", s)
	}
	return s, nil
}

// ParseOwner reads --owner UID:GID.
func ParseOwner(s string) (*[2]uint32, error) {
	u, g, ok := strings.Cut(s, ":")
	uid, err1 := numparse.Uint(u, 10, math.MaxUint32)
	gid, err2 := numparse.Uint(g, 10, math.MaxUint32)
	if !ok || err1 != nil || err2 != nil {
		return nil, fmt.Errorf("failed to parse owner")
	}
	return &[2]uint32{uint32(uid), uint32(gid)}, nil
}

// ParseMaps reads a --map-users or --map-groups value: a range, or one of
// "auto" (the subordinate IDs of /etc/subuid or /etc/subgid from 0 inside),
// "subids" (the same, mapped to themselves) and "all" (every ID we have).
func ParseMaps(s string, group bool) ([]idmap.Range, error) {
	subFile, kernelFile := "/etc/subuid", "/proc/self/uid_map"
	if group {
		subFile, kernelFile = "/etc/subgid", "/proc/self/gid_map"
	}
	switch s {
	case "auto", "subids":
		r, err := idmap.SubIDRange(subFile, uint32(os.Geteuid()), s == "subids")
		return []idmap.Range{r}, err
	case "all":
		return idmap.KernelMap(kernelFile)
	}
	r, err := idmap.ParseRange(s)
	return []idmap.Range{r}, err
}

// ParseUint reads a uid or gid as util-linux's strtoul_or_err does, with
// its messages ("failed to parse uid: 'x'"), but refuses what does not
// fit 32 bits instead of truncating it.
func ParseUint(s, what string) (uint32, error) {
	n, err := numparse.UintOr(s, 10, math.MaxUint32, what)
	return uint32(n), err
}

// ParseOffset reads a time-namespace offset in seconds (strtos64_or_err).
func ParseOffset(s, what string) (int64, error) {
	return numparse.IntOr(s, 10, math.MinInt64, math.MaxInt64, "failed to parse "+what+" offset")
}

// Check finds the contradictions util-linux reports, before anything is
// made.
func (o *Options) Check() error {
	if (o.Monotonic != nil || o.Boottime != nil) && o.Flags&unix.CLONE_NEWTIME == 0 {
		return fmt.Errorf("options --monotonic and --boottime require unsharing of a time namespace (-T)")
	}
	if o.MapGroup >= 0 && len(o.GroupMaps) == 0 && o.Owner == nil && o.Setgroups == "allow" {
		return fmt.Errorf("options --setgroups=allow and --map-group are mutually exclusive")
	}
	return nil
}

// Config builds the worker's plan for these options, for this process;
// env is the environment gounshare was started with.
func (o *Options) Config(env []string) (*rawexec.Config, error) {
	return o.Plan(Caller{Env: env, EUID: uint32(os.Geteuid()), EGID: uint32(os.Getegid())})
}

// Caller is what a plan depends on besides the options: the process that
// will carry it out.
type Caller struct {
	Env        []string // its environment
	EUID, EGID uint32   // its effective IDs (the outer side of single maps)
}

// Plan builds the worker's plan for these options and caller. It reads
// nothing and changes nothing: the same options and caller always give
// the same plan.
func (o *Options) Plan(caller Caller) (*rawexec.Config, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	c := &rawexec.Config{Fork: o.forks(), KillChild: o.KillChild}
	euid, egid, env := caller.EUID, caller.EGID, caller.Env

	// Multi-range maps are written by us (root) while the child waits; a
	// single mapping is written by the worker itself, as util-linux does.
	// With --owner the worker can no longer write its own maps.
	userMaps, groupMaps := o.UserMaps, o.GroupMaps
	if o.MapUser >= 0 && (len(userMaps) > 0 || o.Owner != nil) {
		userMaps = idmap.WithSingle(userMaps, euid, uint32(o.MapUser))
	}
	if o.MapGroup >= 0 && (len(groupMaps) > 0 || o.Owner != nil) {
		groupMaps = idmap.WithSingle(groupMaps, egid, uint32(o.MapGroup))
	}
	if (len(userMaps) > 0 || len(groupMaps) > 0) && euid != 0 {
		return nil, fmt.Errorf("multi-range ID maps need root: gonstools does not run newuidmap(1) or newgidmap(1)")
	}

	userNS := o.Flags&unix.CLONE_NEWUSER != 0
	child := c.Fork || userNS
	pidInClone := false
	switch {
	case !child:
		c.Unshare = o.Flags
	case o.Owner != nil:
		// The user namespace must be made after taking the owner's
		// credentials: unshare everything, then fork again for --fork.
		// The worker is a child util-linux does not make: it dies with
		// us, and it passes the forwarded signals on.
		c.Unshare = o.Flags
		c.ForkAgain = c.Fork
		c.DieWithParent = true
		c.Relay = o.Forward()
	case c.Fork:
		c.Clone = o.Flags &^ unix.CLONE_NEWTIME
		c.Unshare = o.Flags & unix.CLONE_NEWTIME
		pidInClone = o.Flags&unix.CLONE_NEWPID != 0
	default: // a user namespace without --fork: the program is not pid 1
		c.Clone = o.Flags &^ (unix.CLONE_NEWTIME | unix.CLONE_NEWPID)
		c.Unshare = o.Flags & (unix.CLONE_NEWTIME | unix.CLONE_NEWPID)
		c.DieWithParent = true
	}
	if o.Owner != nil {
		uid, gid := o.Owner[0], o.Owner[1]
		c.Owner = &rawexec.Cred{ClearGroups: true, GID: &gid, UID: &uid}
	}
	if o.Boottime != nil {
		c.TimeOffsets += fmt.Sprintf("%d %d 0\n", unix.CLOCK_BOOTTIME, *o.Boottime)
	}
	if o.Monotonic != nil {
		c.TimeOffsets += fmt.Sprintf("%d %d 0\n", unix.CLOCK_MONOTONIC, *o.Monotonic)
	}

	hook, err := o.hook(userMaps, groupMaps, pidInClone)
	if err != nil {
		return nil, err
	}
	if hook != nil {
		c.Hook, c.Undo = hook.run, hook.undo
	}

	if o.MapUser >= 0 && len(userMaps) == 0 {
		c.Writes = append(c.Writes, rawexec.Write{Path: "/proc/self/uid_map", Data: fmt.Sprintf("%d %d 1", o.MapUser, euid)})
	}
	if o.MapGroup >= 0 && len(groupMaps) == 0 {
		c.Writes = append(c.Writes,
			rawexec.Write{Path: "/proc/self/setgroups", Data: "deny", IgnoreMissing: true},
			rawexec.Write{Path: "/proc/self/gid_map", Data: fmt.Sprintf("%d %d 1", o.MapGroup, egid)})
	}
	if o.Setgroups != "" {
		c.Writes = append(c.Writes, rawexec.Write{Path: "/proc/self/setgroups", Data: o.Setgroups, IgnoreMissing: true})
	}
	if o.Flags&unix.CLONE_NEWNS != 0 {
		c.Propagation = o.Propagation
	}
	if o.Root != nil {
		c.Root = &rawexec.Dir{Path: *o.Root}
		if o.Wd == nil {
			c.Wd = &rawexec.Dir{Path: "/"}
		}
	}
	if o.Wd != nil {
		c.Wd = &rawexec.Dir{Path: *o.Wd}
	}
	if o.MountProc != nil {
		c.MountProc = o.MountProc
		c.ProcPrivate = o.Root == nil && o.Propagation != unix.MS_REC|unix.MS_PRIVATE
	}
	o.binfmt(c)
	if o.SetGID != nil || o.SetUID != nil {
		c.Cred = &rawexec.Cred{ClearGroups: o.SetGID != nil, GID: o.SetGID, UID: o.SetUID}
	}
	c.KeepCaps = o.KeepCaps && userNS
	c.Program = o.program(env)
	return c, nil
}

// Words are unshare's messages where they differ from nsenter's (see
// supervise.Message).
func Words(e *rawexec.Error) string {
	switch {
	case e.Step == rawexec.StepRoot:
		return "cannot change root directory to '" + e.Path + "'"
	case e.Step == rawexec.StepWd:
		return "cannot chdir to '" + e.Path + "'"
	case e.Step == rawexec.StepOwner && e.Op != "setgroups":
		return e.Op + "() failed" // setgid() failed, setuid() failed
	case e.Step == rawexec.StepTimeOffsets && e.Op == "open":
		return "failed to open " + e.Path
	case e.Step == rawexec.StepTimeOffsets:
		return "failed to write to " + e.Path
	}
	return ""
}

// Transparent reports whether the program runs in a child that util-linux
// would not make (for a user namespace without --fork), which must then
// stand for gounshare (see package supervise).
func (o *Options) Transparent() bool { return !o.forks() && o.Flags&unix.CLONE_NEWUSER != 0 }

// forks reports whether --fork is in effect (or implied).
func (o *Options) forks() bool { return o.Fork || o.KillChild != 0 || o.ForwardSignals }

// Forward lists the signals passed on to the forked program
// (--forward-signals).
func (o *Options) Forward() []syscall.Signal {
	if o.ForwardSignals {
		return []syscall.Signal{syscall.SIGINT, syscall.SIGTERM}
	}
	return nil
}

// program is the program to run: the one given, or the default shell as a
// login shell, as util-linux's exec_shell does.
func (o *Options) program(env []string) rawexec.Program {
	own := env
	if o.ClearEnv || o.WhitelistEnv != nil {
		env = whitelist(env, o.WhitelistEnv)
	}
	if len(o.Program) > 0 {
		return rawexec.Program{Name: o.Program[0], Argv: o.Program, Env: env}
	}
	// util-linux reads SHELL from its own environment, even when the
	// program gets another.
	return rawexec.LoginShell(passwd.DefaultShell(own, uint32(os.Getuid()), idmap.PasswdFile), env)
}

// whitelist keeps only the named variables of env.
func whitelist(env, names []string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		for _, n := range names {
			if n == k {
				out = append(out, kv)
				break
			}
		}
	}
	return out
}

// AddMaps adds --map-users and --map-groups values ("" for none).
func (o *Options) AddMaps(users, groups string) error {
	if users != "" {
		r, err := ParseMaps(users, false)
		if err != nil {
			return err
		}
		o.UserMaps = append(o.UserMaps, r...)
	}
	if groups != "" {
		r, err := ParseMaps(groups, true)
		if err != nil {
			return err
		}
		o.GroupMaps = append(o.GroupMaps, r...)
	}
	return nil
}

// AddWhitelist adds the comma-separated variable names of --whitelist-env.
func (o *Options) AddWhitelist(list string) {
	if o.WhitelistEnv == nil {
		o.WhitelistEnv = []string{}
	}
	for _, n := range strings.Split(list, ",") {
		if n != "" {
			o.WhitelistEnv = append(o.WhitelistEnv, n)
		}
	}
}

// LookupID resolves a --map-user or --map-group value: a name or a number.
func LookupID(s string, group bool) (uint32, error) {
	if group {
		id, err := idmap.LookupGroup(s)
		if err != nil {
			return 0, fmt.Errorf("failed to parse gid: '%s'", s)
		}
		return id, nil
	}
	id, err := idmap.LookupUser(s)
	if err != nil {
		return 0, fmt.Errorf("failed to parse uid: '%s'", s)
	}
	return id, nil
}

// defaultBinfmt is where binfmt_misc lives under /proc.
const defaultBinfmt = "/proc/sys/fs/binfmt_misc"

// binfmt adds the binfmt_misc mount and the interpreter registration. An
// interpreter with the F flag ("fix binary": the kernel opens it at once)
// is registered before the new root is entered, from the old root's
// /proc, as util-linux does, so that it can live outside the new root.
func (o *Options) binfmt(c *rawexec.Config) {
	if o.MountBinfmt == nil {
		return
	}
	early := o.LoadInterp != "" && o.Root != nil && fixedInterp(o.LoadInterp)
	if early {
		c.RootMounts = append(c.RootMounts, binfmtMount(defaultBinfmt, o.LoadInterp))
	}
	m := binfmtMount(*o.MountBinfmt, "")
	if o.LoadInterp != "" && !early {
		m = binfmtMount(*o.MountBinfmt, o.LoadInterp)
	}
	c.Mounts = append(c.Mounts, m)
}

func binfmtMount(dir, interp string) rawexec.Mount {
	m := rawexec.Mount{Source: "binfmt_misc", Target: dir, Type: "binfmt_misc"}
	if interp != "" {
		m.Then = &rawexec.Write{Path: dir + "/register", Data: interp}
	}
	return m
}

// fixedInterp reports whether a binfmt_misc definition has the F flag (in
// its last field).
func fixedInterp(def string) bool {
	i := strings.LastIndexByte(def, ':')
	return i >= 0 && strings.IndexByte(def[i:], 'F') >= 0
}
