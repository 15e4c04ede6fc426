// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcmk

import (
	"io"
	"os"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/ipcmk"
)

var spec = &cli.Spec{
	Name:    "goipcmk",
	Usage:   []string{"[options]"},
	Summary: "Create various IPC resources.",
	Groups: []cli.Group{
		{Options: []*cli.Option{
			{Short: 'M', Long: "shmem", Arg: cli.RequiredArgument, ArgName: "<size>", Help: "create shared memory segment of size <size>"},
			{Short: 'm', Long: "posix-shmem", Arg: cli.RequiredArgument, ArgName: "<size>", Help: "create POSIX shared memory segment of size <size>"},
			{Short: 'S', Long: "semaphore", Arg: cli.RequiredArgument, ArgName: "<number>", Help: "create semaphore array with <number> elements"},
			{Short: 's', Long: "posix-semaphore", Help: "create POSIX semaphore"},
			{Short: 'Q', Long: "queue", Help: "create message queue"},
			{Short: 'q', Long: "posix-mqueue", Help: "create POSIX message queue"},
			{Short: 'p', Long: "mode", Arg: cli.RequiredArgument, ArgName: "<mode>", Help: "permission for the resource (default is 0644)"},
			{Short: 'n', Long: "name", Arg: cli.RequiredArgument, ArgName: "<name>", Help: "name of the POSIX resource"},
		}},
		{Options: []*cli.Option{&cli.HelpOption, &cli.VersionOption}}, // cli.StdGroup(), static
	},
	Footer: "Arguments:\n" +
		" <size> arguments may be followed by the suffixes for\n" +
		"   GiB, TiB, PiB, EiB, ZiB, and YiB (the \"iB\" is optional)\n" +
		"\n" +
		" -n, --name <name> option is required for POSIX IPC",
	HelpWidth: 26,
}

// Spec is the command line of goipcmk: its options, for the shell completions.
func Spec() *cli.Spec { return spec }

// Main runs the command with its arguments (without the program name)
// and returns its exit status.
func Main(args []string) int {
	return run(args, os.Stdout, os.Stderr)
}

// run is the whole command: tests call it with buffers.
func run(args []string, stdout, stderr io.Writer) int {
	return cli.Main(spec.Name, stdout, stderr, func(stdout io.Writer) error {
		res, done, err := spec.ParseArgs(args, stdout)
		if err != nil || done {
			return err
		}
		req, err := ipcmk.FromArgs(res)
		if err != nil {
			return err
		}
		out, err := req.Create()
		if err != nil {
			return err
		}
		_, err = io.WriteString(stdout, out)
		return err
	})
}
