// Command gounshare runs a program with some namespaces unshared from the
// parent, as util-linux unshare(1) does. See man/gounshare.1.
package main

import (
	"io"
	"os"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/internal/supervise"
	"github.com/gonstools/gonstools/internal/unshare"
	"github.com/gonstools/gonstools/pkg/ns"
)

func init() { rawexec.LockMain() }

func main() {
	os.Exit(cli.Main("gounshare", os.Stdout, os.Stderr, func(stdout io.Writer) error {
		return run(os.Args[1:], stdout)
	}))
}

func nsOption(t *ns.Type, help string) *cli.Option {
	return &cli.Option{Short: t.Letter, Long: t.Long, Arg: cli.OptionalArgument, ShortNoArg: true, ArgName: "<file>", Help: help}
}

var spec = &cli.Spec{
	Name:        "gounshare",
	Usage:       []string{"[options] [<program> [<argument>...]]"},
	Summary:     "Run a program with some namespaces unshared from the parent.",
	InOrder:     true,
	HelpWidth:   27,
	CompactLong: true,
	Groups: []cli.Group{
		{Options: []*cli.Option{
			nsOption(&ns.Mount, "unshare mounts namespace"),
			nsOption(&ns.UTS, "unshare UTS namespace (hostname etc)"),
			nsOption(&ns.IPC, "unshare System V IPC namespace"),
			nsOption(&ns.Net, "unshare network namespace"),
			nsOption(&ns.PID, "unshare pid namespace"),
			nsOption(&ns.User, "unshare user namespace"),
			nsOption(&ns.Cgroup, "unshare cgroup namespace"),
			nsOption(&ns.Time, "unshare time namespace"),
		}},
		{Options: []*cli.Option{
			{Long: "mount-proc", Arg: cli.OptionalArgument, ArgName: "<dir>", Help: "mount proc filesystem first (implies --mount)"},
			{Long: "mount-binfmt", Arg: cli.OptionalArgument, ArgName: "<dir>", Help: "mount binfmt filesystem first (implies --user and --mount)"},
			{Short: 'l', Long: "load-interp", Arg: cli.RequiredArgument, ArgName: "<file>", Help: "load binfmt definition in the namespace (implies --mount-binfmt)"},
			{Long: "propagation", Arg: cli.RequiredArgument, ArgName: "slave|shared|private|unchanged", Help: "modify mount propagation in mount namespace"},
			{Short: 'R', Long: "root", Arg: cli.RequiredArgument, ArgName: "<dir>", Help: "run the command with root directory set to <dir>"},
			{Short: 'w', Long: "wd", Arg: cli.RequiredArgument, ArgName: "<dir>", Help: "change working directory to <dir>"},
		}},
		{Options: []*cli.Option{
			{Short: 'S', Long: "setuid", Arg: cli.RequiredArgument, ArgName: "<uid>", Help: "set uid in entered namespace"},
			{Short: 'G', Long: "setgid", Arg: cli.RequiredArgument, ArgName: "<gid>", Help: "set gid in entered namespace"},
			{Long: "map-user", Arg: cli.RequiredArgument, ArgName: "<uid>|<name>", Help: "map current user to uid (implies --user)"},
			{Long: "map-group", Arg: cli.RequiredArgument, ArgName: "<gid>|<name>", Help: "map current group to gid (implies --user)"},
			{Short: 'r', Long: "map-root-user", Help: "map current user to root (implies --user)"},
			{Short: 'c', Long: "map-current-user", Help: "map current user to itself (implies --user)"},
			{Long: "map-auto", Help: "map users and groups automatically (implies --user)"},
			{Long: "map-subids", Help: "map the first block of user IDs owned by euid (implies --user)"},
			{Long: "map-users", Arg: cli.RequiredArgument, ArgName: "<inneruid>:<outeruid>:<count>", Help: "map count users from outeruid to inneruid (implies --user)"},
			{Long: "map-groups", Arg: cli.RequiredArgument, ArgName: "<innergid>:<outergid>:<count>", Help: "map count groups from outergid to innergid (implies --user)"},
			{Long: "owner", Arg: cli.RequiredArgument, ArgName: "<uid>:<gid>", Help: "set the user namespace owner (implies --user)"},
		}},
		{Options: []*cli.Option{
			{Short: 'f', Long: "fork", Help: "fork before launching <program>"},
			{Long: "kill-child", Arg: cli.OptionalArgument, ArgName: "<signame>", Help: "when dying, kill the forked child (implies --fork)\n  defaults to SIGKILL"},
			{Long: "forward-signals", Help: "forward SIGTERM and SIGINT to child (implies --fork)"},
		}},
		{Options: []*cli.Option{
			{Long: "setgroups", Arg: cli.RequiredArgument, ArgName: "allow|deny", Help: "control the setgroups syscall in user namespaces"},
			{Long: "keep-caps", Help: "retain capabilities granted in user namespaces"},
		}},
		{Options: []*cli.Option{
			{Long: "monotonic", Arg: cli.RequiredArgument, ArgName: "<offset>", Help: "set clock monotonic offset (seconds) in time namespaces"},
			{Long: "boottime", Arg: cli.RequiredArgument, ArgName: "<offset>", Help: "set clock boottime offset (seconds) in time namespaces"},
			{Long: "clear-env", Help: "do not inherit environment variables from the calling process"},
			{Long: "whitelist-env", Arg: cli.RequiredArgument, ArgName: "<list>", Help: "clear environment except for specified variables"},
		}},
		cli.StdGroup(),
	},
}

func run(args []string, stdout io.Writer) error {
	res, done, perr := spec.ParseArgs(args, stdout)
	if done {
		return nil
	}
	// Options before a mistake act first, as in util-linux's getopt loop.
	o, err := unshare.FromArgs(res)
	if err != nil {
		return err
	}
	if perr != nil {
		return perr
	}
	c, err := o.Config(os.Environ())
	if err != nil {
		return err
	}
	mode := supervise.Fork
	if o.Transparent() {
		mode = supervise.Transparent
	}
	return supervise.Run(c, unshare.Words, mode, o.Forward()...)
}
