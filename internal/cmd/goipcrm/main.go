// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcrm

import (
	"io"
	"os"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/ipcrm"
	"github.com/gonstools/gonstools/pkg/posixipc"
)

var spec = &cli.Spec{
	Name:    "goipcrm",
	Usage:   []string{"[options]", "shm|msg|sem <id>..."},
	Summary: "Remove certain IPC resources.",
	Groups: []cli.Group{
		{Options: []*cli.Option{
			{Short: 'm', Long: "shmem-id", Arg: cli.RequiredArgument, ArgName: "<id>", Help: "remove shared memory segment by id", Complete: cli.Completion{Kind: cli.ValueSysVID, Of: "shm"}},
			{Short: 'M', Long: "shmem-key", Arg: cli.RequiredArgument, ArgName: "<key>", Help: "remove shared memory segment by key", Complete: cli.Completion{Kind: cli.ValueSysVKey, Of: "shm"}},
			{Long: "posix-shmem", Arg: cli.RequiredArgument, ArgName: "<name>", Help: "remove POSIX shared memory segment by name", Complete: cli.Completion{Kind: cli.ValuePOSIXName, Of: "shm"}},
			{Short: 'q', Long: "queue-id", Arg: cli.RequiredArgument, ArgName: "<id>", Help: "remove message queue by id", Complete: cli.Completion{Kind: cli.ValueSysVID, Of: "msg"}},
			{Short: 'Q', Long: "queue-key", Arg: cli.RequiredArgument, ArgName: "<key>", Help: "remove message queue by key", Complete: cli.Completion{Kind: cli.ValueSysVKey, Of: "msg"}},
			{Long: "posix-mqueue", Arg: cli.RequiredArgument, ArgName: "<name>", Help: "remove POSIX message queue by name", Complete: cli.Completion{Kind: cli.ValuePOSIXName, Of: "mqueue"}},
			{Short: 's', Long: "semaphore-id", Arg: cli.RequiredArgument, ArgName: "<id>", Help: "remove semaphore by id", Complete: cli.Completion{Kind: cli.ValueSysVID, Of: "sem"}},
			{Short: 'S', Long: "semaphore-key", Arg: cli.RequiredArgument, ArgName: "<key>", Help: "remove semaphore by key", Complete: cli.Completion{Kind: cli.ValueSysVKey, Of: "sem"}},
			{Long: "posix-semaphore", Arg: cli.RequiredArgument, ArgName: "<name>", Help: "remove POSIX semaphore by name", Complete: cli.Completion{Kind: cli.ValuePOSIXName, Of: "sem"}},
			{Short: 'a', Long: "all", Arg: cli.OptionalArgument, ArgName: "shm|pshm|msg|pmsg|sem|psem", Help: "remove all (in the specified category)"},
			{Short: 'v', Long: "verbose", Help: "explain what is being done"},
		}},
		{Options: []*cli.Option{&cli.HelpOption, &cli.VersionOption}}, // cli.StdGroup(), static
	},
	HelpWidth: 31,
}

// Spec is the command line of goipcrm: its options, for the shell completions.
func Spec() *cli.Spec { return spec }

// Main runs the command with its arguments (without the program name)
// and returns its exit status.
func Main(args []string) int {
	return run(args, os.Stdout, os.Stderr)
}

// mqueueDir is where --all looks for POSIX message queues; tests point it
// at an mqueue mount of their own.
var mqueueDir = posixipc.MqueueDir

// run is the whole command: tests call it with buffers.
func run(args []string, stdout, stderr io.Writer) int {
	return cli.Main(spec.Name, stdout, stderr, func(stdout io.Writer) error {
		if len(args) == 0 {
			return cli.Usagef("bad usage")
		}
		r := &ipcrm.Remover{Stdout: stdout, Stderr: stderr, ShmDir: posixipc.ShmDir, MqueueDir: mqueueDir}
		if k, ok := ipcrm.LegacyKind(args[0]); ok {
			return r.Legacy(k, args[1:])
		}
		res, done, err := spec.ParseArgs(args, stdout)
		if err != nil || done {
			return err
		}
		steps, err := ipcrm.Plan(res)
		if err != nil {
			return err
		}
		return r.Do(steps)
	})
}
