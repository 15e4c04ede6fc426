// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nsenter

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/container"
	"github.com/gonstools/gonstools/internal/nsopt"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/pkg/ns"
)

// Options is a parsed gonsenter command line. FromArgs fills it without
// touching the system; Prepare opens what it names.
type Options struct {
	Target    int    // --target PID; 0: none
	TargetIno uint64 // the pidfd inode of --target PID:INO; 0: none
	All       bool   // --all

	// Container is --container's name or ID: the target is that
	// container's init process, found by Prepare. Runtime is --runtime's
	// engine, the only one asked then.
	Container string
	Runtime   container.Runtime

	// NS holds the namespace options, indexed like ns.Types.
	NS [len(ns.Types)]NSOption

	NetSocket  int  // --net-socket FD; -1: none
	UserParent bool // --user-parent

	UID, GID             *uint32 // --setuid, --setgid with a number
	FollowUID, FollowGID bool    // --setuid follow, --setgid follow
	PreserveCred         bool    // --preserve-credentials
	KeepCaps             bool    // --keep-caps

	Root, Wd DirOption // --root, --wd
	Wdns     *string   // --wdns DIR; nil: none

	FollowContext bool // --follow-context

	Env        bool // --env
	JoinCgroup bool // --join-cgroup
	NoFork     bool // --no-fork

	Program []string // program and arguments; empty: the shell
}

// NSOption is one namespace option (-i, --ipc=FILE, --netns NAME...).
type NSOption struct {
	Enabled bool
	HasFile bool   // File names the namespace; otherwise it is the target's
	File    string // a namespace file such as /proc/PID/ns/ipc
	Netns   string // for --netns NAME: NAME (File is /run/netns/NAME)
	// Occ is the option that gave File, so that a failure to open it can
	// say how the command line was read (-iu is --ipc=u).
	Occ *cli.Occurrence
}

// DirOption is --root or --wd: the target's directory, or the one named.
type DirOption struct {
	Set     bool
	HasPath bool
	Path    string
	Occ     *cli.Occurrence
}

// New returns the defaults.
func New() *Options { return &Options{NetSocket: -1} }

// index is t's position in ns.Types.
func index(t *ns.Type) int {
	for i, x := range ns.Types {
		if x == t {
			return i
		}
	}
	panic("nsenter: unknown namespace type " + t.Name)
}

// Spec is gonsenter's command line: Table's options and their help, in
// util-linux nsenter's layout.
func Spec() *cli.Spec {
	return &cli.Spec{
		Name:      "gonsenter",
		Usage:     []string{"[options] [<program> [<argument>...]]"},
		Summary:   "Run a program with namespaces of other processes.",
		InOrder:   true,
		Operands:  cli.Completion{Kind: cli.ValueCommand},
		HelpWidth: 31,
		Groups:    Table().Groups(cli.StdGroup()),
	}
}

// FromArgs applies a parsed gonsenter command line, option by option in
// order, as util-linux does: a later file for the same namespace replaces
// an earlier one, and a plain -i keeps a file given before. On an error,
// the options before it have been applied (o is not nil).
func FromArgs(res *cli.Result) (*Options, error) {
	o := New()
	if err := Table().Apply(o, res); err != nil {
		return o, err
	}
	o.Program = res.Args
	if o.Container != "" && !o.selectsNamespace() {
		o.All = true
	}
	return o, nil
}

// selectsNamespace reports whether the command line says which namespaces
// to enter: without that, a container's are all entered.
func (o *Options) selectsNamespace() bool {
	for _, n := range o.NS {
		if n.Enabled {
			return true
		}
	}
	return o.All || o.UserParent || o.NetSocket >= 0
}

type handler = cli.Handler[Options]

// nsOption is a namespace option: its value is optional, on the short
// form too (-i/path), as in nsenter's getopt string.
func nsOption(t *ns.Type, help string) handler {
	return handler{
		Option: &cli.Option{Short: nsopt.Letter(t), Long: nsopt.Long(t), Arg: cli.OptionalArgument, ArgName: "<file>|=:<nsid>", Help: help, Inline: true, Complete: cli.Completion{Kind: cli.ValueFile}},
		Apply: func(o *Options, occ *cli.Occurrence) error {
			n := &o.NS[index(t)]
			n.Enabled = true
			if occ.HasValue {
				n.HasFile, n.File, n.Netns, n.Occ = true, value(occ), "", occ
			}
			return nil
		},
	}
}

// flag is an option that only sets something.
func flag(opt *cli.Option, apply func(o *Options)) handler {
	return handler{Option: opt, Apply: func(o *Options, _ *cli.Occurrence) error {
		apply(o)
		return nil
	}}
}

// id is --setuid or --setgid: a number, or "follow".
func id(opt *cli.Option, what string, apply func(o *Options, id *uint32, follow bool)) handler {
	return handler{Option: opt, Apply: func(o *Options, occ *cli.Occurrence) error {
		v := value(occ)
		if v == "follow" {
			apply(o, nil, true)
			return nil
		}
		n, err := numparse.UintOr(v, 10, math.MaxUint32, "failed to parse "+what)
		id := uint32(n)
		apply(o, &id, false)
		return err
	}}
}

// Table is every gonsenter option with what it does, in the order of
// util-linux nsenter's help.
func Table() cli.Table[Options] { return table.Get() }

// table is made on first use: a process that runs another tool never
// builds it.
var table = cli.Lazy[cli.Table[Options]]{New: func() cli.Table[Options] {
	return cli.Table[Options]{{Handlers: []handler{
		flag(&cli.Option{Short: 'a', Long: "all", Help: "enter all namespaces"}, func(o *Options) { o.All = true }),
		{Option: &cli.Option{Short: 't', Long: "target", Arg: cli.RequiredArgument, ArgName: "<PID>", Help: "target process to get namespaces from\n(PID:INODE names it by its pidfd's inode)", Complete: cli.Completion{Kind: cli.ValuePID}},
			Apply: func(o *Options, occ *cli.Occurrence) (err error) {
				if o.Target != 0 {
					return fmt.Errorf("option --target may be given only once")
				}
				if o.Container != "" {
					return exclusive("container", "target")
				}
				o.Target, o.TargetIno, err = ParsePID(value(occ))
				return err
			}},
		{Option: &cli.Option{Long: "container", Arg: cli.RequiredArgument, ArgName: "<name>|<ID>", Help: "target a container's init process (by name, ID or\nID prefix; docker, podman, CRI-O, containerd);\nwithout namespace options, enter all of them", Exact: true, Complete: cli.Completion{Kind: cli.ValueContainer}},
			Apply: func(o *Options, occ *cli.Occurrence) error {
				if o.Target != 0 {
					return exclusive("target", "container")
				}
				o.Container = value(occ)
				return nil
			}},
		{Option: &cli.Option{Long: "runtime", Arg: cli.RequiredArgument, ArgName: "<engine>", Help: "ask only this engine for --container\n(docker, podman, containerd, cri-o)", Exact: true, Complete: cli.Completion{WordsFrom: container.RuntimeNames}},
			Apply: func(o *Options, occ *cli.Occurrence) (err error) {
				o.Runtime, err = container.ParseRuntime(value(occ))
				return err
			}},
		nsOption(&ns.Mount, "enter mount namespace"),
		nsOption(&ns.UTS, "enter UTS namespace (hostname etc)"),
		nsOption(&ns.IPC, "enter System V IPC namespace"),
		nsOption(&ns.Net, "enter network namespace"),
		{Option: &cli.Option{Long: "netns", Arg: cli.RequiredArgument, ArgName: "<name>", Help: "enter network namespace named by ip-netns(8)", Exact: true, Complete: cli.Completion{Kind: cli.ValueNetns}},
			Apply: func(o *Options, occ *cli.Occurrence) error {
				v := value(occ)
				if err := checkNetnsName(v); err != nil {
					return err
				}
				o.NS[index(&ns.Net)] = NSOption{Enabled: true, HasFile: true, File: netnsDir + "/" + v, Netns: v, Occ: occ}
				return nil
			}},
		{Option: &cli.Option{Short: 'N', Long: "net-socket", Arg: cli.RequiredArgument, ArgName: "<fd>", Help: "enter socket's network namespace (needs --target)"},
			Apply: func(o *Options, occ *cli.Occurrence) error {
				fd, err := numparse.IntOr(value(occ), 10, 0, math.MaxInt32, "failed to parse file descriptor")
				o.NetSocket = int(fd)
				return err
			}},
		nsOption(&ns.PID, "enter pid namespace"),
		nsOption(&ns.Cgroup, "enter cgroup namespace"),
		nsOption(&ns.User, "enter user namespace"),
		flag(&cli.Option{Long: "user-parent", Help: "enter parent user namespace"}, func(o *Options) { o.UserParent = true }),
		nsOption(&ns.Time, "enter time namespace"),
		id(&cli.Option{Short: 'S', Long: "setuid", Arg: cli.RequiredArgument, ArgName: "<uid>|follow", Help: "set uid in entered namespace", Complete: cli.Completion{Kind: cli.ValueUID}},
			"uid", func(o *Options, id *uint32, follow bool) { o.UID, o.FollowUID = id, follow }),
		id(&cli.Option{Short: 'G', Long: "setgid", Arg: cli.RequiredArgument, ArgName: "<gid>|follow", Help: "set gid in entered namespace", Complete: cli.Completion{Kind: cli.ValueGID}},
			"gid", func(o *Options, id *uint32, follow bool) { o.GID, o.FollowGID = id, follow }),
		flag(&cli.Option{Long: "preserve-credentials", Help: "do not touch uids or gids"}, func(o *Options) { o.PreserveCred = true }),
		flag(&cli.Option{Long: "keep-caps", Help: "retain capabilities granted in user namespaces"}, func(o *Options) { o.KeepCaps = true }),
		{Option: &cli.Option{Short: 'r', Long: "root", Arg: cli.OptionalArgument, ArgName: "<dir>", Help: "set the root directory", Complete: cli.Completion{Kind: cli.ValueDir}},
			Apply: func(o *Options, occ *cli.Occurrence) error {
				o.Root = DirOption{Set: true, HasPath: occ.HasValue, Path: value(occ), Occ: occ}
				return nil
			}},
		{Option: &cli.Option{Short: 'w', Long: "wd", Arg: cli.OptionalArgument, ArgName: "<dir>", Help: "set the working directory", Complete: cli.Completion{Kind: cli.ValueDir}},
			Apply: func(o *Options, occ *cli.Occurrence) error {
				if o.Wdns != nil {
					return errExclusive
				}
				o.Wd = DirOption{Set: true, HasPath: occ.HasValue, Path: value(occ), Occ: occ}
				return nil
			}},
		{Option: &cli.Option{Short: 'W', Long: "wdns", Arg: cli.RequiredArgument, ArgName: "<dir>", Help: "set the working directory in namespace", Complete: cli.Completion{Kind: cli.ValueDir}},
			Apply: func(o *Options, occ *cli.Occurrence) error {
				if o.Wd.Set {
					return errExclusive
				}
				v := value(occ)
				o.Wdns = &v
				return nil
			}},
		flag(&cli.Option{Short: 'e', Long: "env", Help: "inherit environment variables from target process"}, func(o *Options) { o.Env = true }),
		flag(&cli.Option{Short: 'F', Long: "no-fork", Help: "do not fork before exec'ing <program>"}, func(o *Options) { o.NoFork = true }),
		flag(&cli.Option{Short: 'c', Long: "join-cgroup", Help: "join the cgroup of the target process"}, func(o *Options) { o.JoinCgroup = true }),
		flag(&cli.Option{Short: 'Z', Long: "follow-context", Help: "set SELinux context according to --target PID"}, func(o *Options) { o.FollowContext = true }),
	}}}
}}

// errExclusive is util-linux's message for --wd with --wdns.
var errExclusive = errors.New("mutually exclusive arguments: --wdns --wd")

// exclusive is util-linux 2.42's message for two options that cannot be
// combined, in the order they were given.
func exclusive(first, second string) error {
	return fmt.Errorf("options --%s and --%s cannot be combined", first, second)
}

// value is an option's value without one leading "=", so that -i=FILE
// means --ipc=FILE, as util-linux 2.39 and later read it.
func value(occ *cli.Occurrence) string {
	return strings.TrimPrefix(occ.Value, "=")
}

// ParsePID reads --target's value: PID, or PID:INODE where INODE is the
// inode of a pidfd for the process (util-linux 2.42), which pins down one
// process even if its PID is reused. The PID is read as strtoimax(3) reads
// it, the inode as ul_strtou64 does.
func ParsePID(s string) (pid int, ino uint64, err error) {
	num, inoStr, hasIno := strings.Cut(s, ":")
	p, err := numparse.Int(num, 10, 1, math.MaxInt32)
	if err != nil {
		return 0, 0, errParsePID(s)
	}
	if hasIno {
		if ino, err = numparse.Uint(inoStr, 10, math.MaxUint64); err != nil || ino == 0 {
			return 0, 0, errParsePID(s)
		}
	}
	return int(p), ino, nil
}

// errParsePID is util-linux's message for a --target value it cannot read.
func errParsePID(s string) error { return fmt.Errorf("failed to parse pid: '%s'", s) }

// netnsDir is where ip-netns(8) keeps named network namespaces.
const netnsDir = "/run/netns"

// checkNetnsName refuses names that would leave /run/netns, as ip-netns
// does.
func checkNetnsName(name string) error {
	if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
		return fmt.Errorf("invalid netns name '%s'", name)
	}
	return nil
}
