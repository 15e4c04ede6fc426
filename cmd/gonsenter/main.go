// Command gonsenter runs a program in the namespaces of another process,
// or of namespace files, as util-linux nsenter(1) does. See package nsenter
// for how it works and where it differs from util-linux.
package main

import (
	"io"
	"os"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/nsenter"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/internal/supervise"
	"github.com/gonstools/gonstools/pkg/ns"
)

func init() { rawexec.LockMain() }

func main() {
	os.Exit(cli.Main("gonsenter", os.Stdout, os.Stderr, func(stdout io.Writer) error {
		return run(os.Args[1:], stdout)
	}))
}

// nsOption is a namespace option: its value is optional, on the short
// form too (-i/path), as in nsenter's getopt string.
func nsOption(t *ns.Type, help string) *cli.Option {
	return &cli.Option{Short: t.Letter, Long: t.Long, Arg: cli.OptionalArgument, ArgName: "<file>|=:<nsid>", Help: help, Inline: true}
}

var spec = &cli.Spec{
	Name:      "gonsenter",
	Usage:     []string{"[options] [<program> [<argument>...]]"},
	Summary:   "Run a program with namespaces of other processes.",
	InOrder:   true,
	HelpWidth: 31,
	Groups: []cli.Group{
		{Options: []*cli.Option{
			{Short: 'a', Long: "all", Help: "enter all namespaces"},
			{Short: 't', Long: "target", Arg: cli.RequiredArgument, ArgName: "<PID>", Help: "target process to get namespaces from\n(PID:INODE names it by its pidfd's inode)"},
			nsOption(&ns.Mount, "enter mount namespace"),
			nsOption(&ns.UTS, "enter UTS namespace (hostname etc)"),
			nsOption(&ns.IPC, "enter System V IPC namespace"),
			nsOption(&ns.Net, "enter network namespace"),
			{Long: "netns", Arg: cli.RequiredArgument, ArgName: "<name>", Help: "enter network namespace named by ip-netns(8)", Exact: true},
			{Short: 'N', Long: "net-socket", Arg: cli.RequiredArgument, ArgName: "<fd>", Help: "enter socket's network namespace (needs --target)"},
			nsOption(&ns.PID, "enter pid namespace"),
			nsOption(&ns.Cgroup, "enter cgroup namespace"),
			nsOption(&ns.User, "enter user namespace"),
			{Long: "user-parent", Help: "enter parent user namespace"},
			nsOption(&ns.Time, "enter time namespace"),
			{Short: 'S', Long: "setuid", Arg: cli.RequiredArgument, ArgName: "<uid>|follow", Help: "set uid in entered namespace"},
			{Short: 'G', Long: "setgid", Arg: cli.RequiredArgument, ArgName: "<gid>|follow", Help: "set gid in entered namespace"},
			{Long: "preserve-credentials", Help: "do not touch uids or gids"},
			{Long: "keep-caps", Help: "retain capabilities granted in user namespaces"},
			{Short: 'r', Long: "root", Arg: cli.OptionalArgument, ArgName: "<dir>", Help: "set the root directory"},
			{Short: 'w', Long: "wd", Arg: cli.OptionalArgument, ArgName: "<dir>", Help: "set the working directory"},
			{Short: 'W', Long: "wdns", Arg: cli.RequiredArgument, ArgName: "<dir>", Help: "set the working directory in namespace"},
			{Short: 'e', Long: "env", Help: "inherit environment variables from target process"},
			{Short: 'F', Long: "no-fork", Help: "do not fork before exec'ing <program>"},
			{Short: 'c', Long: "join-cgroup", Help: "join the cgroup of the target process"},
			{Short: 'Z', Long: "follow-context", Help: "set SELinux context according to --target PID"},
		}},
		cli.StdGroup(),
	},
}

func run(args []string, stdout io.Writer) error {
	res, done, perr := spec.ParseArgs(args, stdout)
	if done {
		return nil
	}
	// Options before a mistake act first, as in util-linux's getopt loop:
	// "-t abc -x" complains about the PID.
	o, err := nsenter.FromArgs(res)
	if err != nil {
		return err
	}
	if perr != nil {
		return perr
	}
	plan, err := nsenter.Prepare(o, os.Environ())
	if err != nil {
		return err
	}
	defer plan.Close()
	if err := plan.JoinCgroup(); err != nil {
		return err
	}
	return supervise.Run(&plan.Config, plan.Words, supervise.Transparent)
}
