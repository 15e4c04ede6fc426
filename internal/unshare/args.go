// SPDX-License-Identifier: Apache-2.0

//go:build linux

package unshare

import (
	"os"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/nsopt"
	"github.com/gonstools/gonstools/pkg/ns"
)

// Spec is gounshare's command line: Table's options and their help, in
// util-linux unshare's layout.
func Spec() *cli.Spec {
	return &cli.Spec{
		Name:        "gounshare",
		Usage:       []string{"[options] [<program> [<argument>...]]"},
		Summary:     "Run a program with some namespaces unshared from the parent.",
		InOrder:     true,
		Operands:    cli.Completion{Kind: cli.ValueCommand},
		HelpWidth:   27,
		CompactLong: true,
		Groups:      Table().Groups(cli.StdGroup()),
	}
}

// FromArgs applies a parsed gounshare command line, option by option in
// order, as util-linux does. On an error, the options before it have been
// applied (o is not nil).
func FromArgs(res *cli.Result) (*Options, error) {
	o := New()
	if err := Table().Apply(o, res); err != nil {
		return o, err
	}
	o.Program = res.Args
	return o, nil
}

type handler = cli.Handler[Options]

// nsOption is a namespace option: -i creates the namespace; --ipc=FILE
// also makes it persistent on FILE.
func nsOption(t *ns.Type, help string) handler {
	return handler{
		Option: &cli.Option{Short: nsopt.Letter(t), Long: nsopt.Long(t), Arg: cli.OptionalArgument, ShortNoArg: true, ArgName: "<file>", Help: help, Complete: cli.Completion{Kind: cli.ValueFile}},
		Apply: func(o *Options, occ *cli.Occurrence) error {
			o.Namespace(t, occ.Value, occ.HasValue)
			return nil
		},
	}
}

// user is an option that implies --user.
func user(opt *cli.Option, apply func(o *Options, v string) error) handler {
	return handler{Option: opt, Apply: func(o *Options, occ *cli.Occurrence) error {
		o.Namespace(&ns.User, "", false)
		return apply(o, occ.Value)
	}}
}

// set is an option that only sets something.
func set(opt *cli.Option, apply func(o *Options, v string)) handler {
	return handler{Option: opt, Apply: func(o *Options, occ *cli.Occurrence) error {
		apply(o, occ.Value)
		return nil
	}}
}

// Table is every gounshare option with what it does, in the order of
// util-linux unshare's help.
func Table() cli.Table[Options] { return table.Get() }

// table is made on first use: a process that runs another tool never
// builds it.
var table = cli.Lazy[cli.Table[Options]]{New: func() cli.Table[Options] {
	return cli.Table[Options]{
		{Handlers: []handler{
			nsOption(&ns.Mount, "unshare mounts namespace"),
			nsOption(&ns.UTS, "unshare UTS namespace (hostname etc)"),
			nsOption(&ns.IPC, "unshare System V IPC namespace"),
			nsOption(&ns.Net, "unshare network namespace"),
			nsOption(&ns.PID, "unshare pid namespace"),
			nsOption(&ns.User, "unshare user namespace"),
			nsOption(&ns.Cgroup, "unshare cgroup namespace"),
			nsOption(&ns.Time, "unshare time namespace"),
		}},
		{Handlers: []handler{
			{Option: &cli.Option{Long: "mount-proc", Arg: cli.OptionalArgument, ArgName: "<dir>", Help: "mount proc filesystem first (implies --mount)", Complete: cli.Completion{Kind: cli.ValueDir}},
				Apply: func(o *Options, occ *cli.Occurrence) error {
					o.Namespace(&ns.Mount, "", false)
					o.MountProc = ptr("/proc")
					if occ.HasValue {
						o.MountProc = ptr(occ.Value)
					}
					return nil
				}},
			{Option: &cli.Option{Long: "mount-binfmt", Arg: cli.OptionalArgument, ArgName: "<dir>", Help: "mount binfmt filesystem first (implies --user and --mount)", Complete: cli.Completion{Kind: cli.ValueDir}},
				Apply: func(o *Options, occ *cli.Occurrence) error {
					o.Namespace(&ns.Mount, "", false)
					o.Namespace(&ns.User, "", false)
					o.MountBinfmt = ptr(occ.Value)
					if !occ.HasValue {
						o.defaultBinfmt()
					}
					return nil
				}},
			{Option: &cli.Option{Short: 'l', Long: "load-interp", Arg: cli.RequiredArgument, ArgName: "<file>", Help: "load binfmt definition in the namespace (implies --mount-binfmt)", Complete: cli.Completion{Kind: cli.ValueFile}},
				Apply: func(o *Options, occ *cli.Occurrence) error {
					o.Namespace(&ns.Mount, "", false)
					o.Namespace(&ns.User, "", false)
					if o.MountBinfmt == nil {
						o.defaultBinfmt()
					}
					o.LoadInterp = occ.Value
					return nil
				}},
			{Option: &cli.Option{Long: "propagation", Arg: cli.RequiredArgument, ArgName: "slave|shared|private|unchanged", Help: "modify mount propagation in mount namespace"},
				Apply: func(o *Options, occ *cli.Occurrence) (err error) {
					o.Propagation, err = ParsePropagation(occ.Value)
					return err
				}},
			set(&cli.Option{Short: 'R', Long: "root", Arg: cli.RequiredArgument, ArgName: "<dir>", Help: "run the command with root directory set to <dir>", Complete: cli.Completion{Kind: cli.ValueDir}},
				func(o *Options, v string) { o.Root = &v }),
			set(&cli.Option{Short: 'w', Long: "wd", Arg: cli.RequiredArgument, ArgName: "<dir>", Help: "change working directory to <dir>", Complete: cli.Completion{Kind: cli.ValueDir}},
				func(o *Options, v string) { o.Wd = &v }),
		}},
		{Handlers: []handler{
			{Option: &cli.Option{Short: 'S', Long: "setuid", Arg: cli.RequiredArgument, ArgName: "<uid>", Help: "set uid in entered namespace", Complete: cli.Completion{Kind: cli.ValueUID}},
				Apply: func(o *Options, occ *cli.Occurrence) error {
					id, err := ParseUint(occ.Value, "failed to parse uid")
					o.SetUID = &id
					return err
				}},
			{Option: &cli.Option{Short: 'G', Long: "setgid", Arg: cli.RequiredArgument, ArgName: "<gid>", Help: "set gid in entered namespace", Complete: cli.Completion{Kind: cli.ValueGID}},
				Apply: func(o *Options, occ *cli.Occurrence) error {
					id, err := ParseUint(occ.Value, "failed to parse gid")
					o.SetGID = &id
					return err
				}},
			user(&cli.Option{Long: "map-user", Arg: cli.RequiredArgument, ArgName: "<uid>|<name>", Help: "map current user to uid (implies --user)", Complete: cli.Completion{Kind: cli.ValueUser}},
				func(o *Options, v string) (err error) { o.MapUser, err = lookup(v, false); return err }),
			user(&cli.Option{Long: "map-group", Arg: cli.RequiredArgument, ArgName: "<gid>|<name>", Help: "map current group to gid (implies --user)", Complete: cli.Completion{Kind: cli.ValueGroup}},
				func(o *Options, v string) (err error) { o.MapGroup, err = lookup(v, true); return err }),
			user(&cli.Option{Short: 'r', Long: "map-root-user", Help: "map current user to root (implies --user)"},
				func(o *Options, _ string) error { o.MapUser, o.MapGroup = 0, 0; return nil }),
			user(&cli.Option{Short: 'c', Long: "map-current-user", Help: "map current user to itself (implies --user)"},
				func(o *Options, _ string) error {
					o.MapUser, o.MapGroup = int64(os.Geteuid()), int64(os.Getegid())
					return nil
				}),
			user(&cli.Option{Long: "map-auto", Help: "map users and groups automatically (implies --user)"},
				func(o *Options, _ string) error { return o.AddMaps("auto", "auto") }),
			user(&cli.Option{Long: "map-subids", Help: "map the first block of user IDs owned by euid (implies --user)"},
				func(o *Options, _ string) error { return o.AddMaps("subids", "subids") }),
			user(&cli.Option{Long: "map-users", Arg: cli.RequiredArgument, ArgName: "<inneruid>:<outeruid>:<count>", Help: "map count users from outeruid to inneruid (implies --user)"},
				func(o *Options, v string) error { return o.AddMaps(v, "") }),
			user(&cli.Option{Long: "map-groups", Arg: cli.RequiredArgument, ArgName: "<innergid>:<outergid>:<count>", Help: "map count groups from outergid to innergid (implies --user)"},
				func(o *Options, v string) error { return o.AddMaps("", v) }),
			user(&cli.Option{Long: "owner", Arg: cli.RequiredArgument, ArgName: "<uid>:<gid>", Help: "set the user namespace owner (implies --user)"},
				func(o *Options, v string) (err error) { o.Owner, err = ParseOwner(v); return err }),
		}},
		{Handlers: []handler{
			set(&cli.Option{Short: 'f', Long: "fork", Help: "fork before launching <program>"},
				func(o *Options, _ string) { o.Fork = true }),
			{Option: &cli.Option{Long: "kill-child", Arg: cli.OptionalArgument, ArgName: "<signame>", Help: "when dying, kill the forked child (implies --fork)\n  defaults to SIGKILL", Complete: cli.Completion{Kind: cli.ValueSignal}},
				Apply: func(o *Options, occ *cli.Occurrence) (err error) {
					o.Fork, o.KillChild = true, 9
					if occ.HasValue {
						o.KillChild, err = ParseSignal(occ.Value)
					}
					return err
				}},
			set(&cli.Option{Long: "forward-signals", Help: "forward SIGTERM and SIGINT to child (implies --fork)"},
				func(o *Options, _ string) { o.Fork, o.ForwardSignals = true, true }),
		}},
		{Handlers: []handler{
			{Option: &cli.Option{Long: "setgroups", Arg: cli.RequiredArgument, ArgName: "allow|deny", Help: "control the setgroups syscall in user namespaces"},
				Apply: func(o *Options, occ *cli.Occurrence) (err error) {
					o.Setgroups, err = ParseSetgroups(occ.Value)
					return err
				}},
			set(&cli.Option{Long: "keep-caps", Help: "retain capabilities granted in user namespaces"},
				func(o *Options, _ string) { o.KeepCaps = true }),
		}},
		{Handlers: []handler{
			{Option: &cli.Option{Long: "monotonic", Arg: cli.RequiredArgument, ArgName: "<offset>", Help: "set clock monotonic offset (seconds) in time namespaces"},
				Apply: func(o *Options, occ *cli.Occurrence) error {
					n, err := ParseOffset(occ.Value, "monotonic")
					o.Monotonic = &n
					return err
				}},
			{Option: &cli.Option{Long: "boottime", Arg: cli.RequiredArgument, ArgName: "<offset>", Help: "set clock boottime offset (seconds) in time namespaces"},
				Apply: func(o *Options, occ *cli.Occurrence) error {
					n, err := ParseOffset(occ.Value, "boottime")
					o.Boottime = &n
					return err
				}},
			set(&cli.Option{Long: "clear-env", Help: "do not inherit environment variables from the calling process"},
				func(o *Options, _ string) { o.ClearEnv = true }),
			set(&cli.Option{Long: "whitelist-env", Arg: cli.RequiredArgument, ArgName: "<list>", Help: "clear environment except for specified variables", Complete: cli.Completion{Kind: cli.ValueEnv, List: true}},
				func(o *Options, v string) { o.AddWhitelist(v) }),
		}},
	}
}}

func ptr(s string) *string { return &s }

// lookup resolves --map-user and --map-group values.
func lookup(v string, group bool) (int64, error) {
	id, err := LookupID(v, group)
	return int64(id), err
}

// defaultBinfmt mounts binfmt_misc at its place in /proc, which needs a
// /proc of the new namespaces.
func (o *Options) defaultBinfmt() {
	if o.MountProc == nil {
		o.MountProc = ptr("/proc")
	}
	o.MountBinfmt = ptr(defaultBinfmt)
}
