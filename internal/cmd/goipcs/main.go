// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcs

import (
	"errors"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/container"
	"github.com/gonstools/gonstools/internal/ipcs"
	"github.com/gonstools/gonstools/internal/numparse"
)

// spec is used for parsing only: ipcs's help text has two column widths,
// which goipcs keeps, so it is written out in help below.
var spec = &cli.Spec{
	Name: "goipcs",
	Groups: []cli.Group{
		{Options: []*cli.Option{
			{Short: 'i', Long: "id", Arg: cli.RequiredArgument, ArgName: "<id>", Complete: cli.Completion{Kind: cli.ValueSysVID}},
			{Short: 'q', Long: "queues"},
			{Short: 'm', Long: "shmems"},
			{Short: 's', Long: "semaphores"},
			{Short: 'a', Long: "all"},
			{Short: 't', Long: "time"},
			{Short: 'p', Long: "pid"},
			{Short: 'c', Long: "creator"},
			{Short: 'l', Long: "limits"},
			{Short: 'u', Long: "summary"},
			{Long: "human"},
			{Short: 'b', Long: "bytes"},
			{Long: "json", Exact: true},
			{Long: "posix", Exact: true},
			{Long: "target", Arg: cli.RequiredArgument, ArgName: "<PID>", Exact: true, Complete: cli.Completion{Kind: cli.ValuePID}},
			{Long: "container", Arg: cli.RequiredArgument, ArgName: "<name>|<ID>", Exact: true, Complete: cli.Completion{Kind: cli.ValueContainer}},
			{Long: "runtime", Arg: cli.RequiredArgument, ArgName: "<engine>", Exact: true, Complete: cli.Completion{WordsFrom: container.RuntimeNames}},
		}},
		{Options: []*cli.Option{&cli.HelpOption, &cli.VersionOption}}, // cli.StdGroup(), static
	},
}

const help = `
Usage:
 goipcs [resource-option...] [output-option]
 goipcs -m|-q|-s -i <id>

Show information on IPC facilities.

Options:
 -i, --id <id>  print details on resource identified by <id>
 -h, --help     display this help
 -V, --version  display version

Resource options:
 -m, --shmems      shared memory segments
 -q, --queues      message queues
 -s, --semaphores  semaphores
 -a, --all         all (default)
     --posix       also POSIX queues, shared memory, semaphores

Output options:
 -t, --time        show attach, detach and change times
 -p, --pid         show PIDs of creator and last operator
 -c, --creator     show creator and owner
 -l, --limits      show resource limits
 -u, --summary     show status summary
     --human       show sizes in human-readable format
 -b, --bytes       show sizes in bytes
     --json        print one JSON document instead of tables

Namespace options:
     --target <PID>        list the IPC namespace of this process
     --container <name>|<ID>
                           list the IPC namespace of this container
     --runtime <engine>    ask only this engine for --container
                           (docker, podman, containerd, cri-o)

For more details see goipcs(1).
`

// Spec is the command line of goipcs: its options, for the shell completions.
func Spec() *cli.Spec { return spec }

// Main runs the command with its arguments (without the program name)
// and returns its exit status.
func Main(args []string) int {
	return run(args, os.Stdout, os.Stderr)
}

// run is the whole command: tests call it with buffers.
func run(args []string, stdout, stderr io.Writer) int {
	return cli.Main(spec.Name, stdout, stderr, func(stdout io.Writer) error {
		o, done, err := parseArgs(args, stdout)
		if err != nil || done {
			return err
		}
		return show(o, stdout, stderr)
	})
}

// parseArgs reads the command line the way ipcs's getopt loop does: one
// option at a time, so that a bad --id value is reported before a bad
// option that comes after it, and -h or -V acts at once.
func parseArgs(args []string, stdout io.Writer) (o options, done bool, err error) {
	res, perr := spec.Parse(args)
	for _, occ := range res.Options {
		switch {
		case occ.Option == &cli.HelpOption:
			_, err := io.WriteString(stdout, strings.ReplaceAll(help, "\n goipcs ", "\n "+cli.ProgName("goipcs")+" "))
			return o, true, err
		case occ.Option == &cli.VersionOption:
			spec.Handled(res, stdout)
			return o, true, nil
		case occ.Is("id"):
			id, err := numparse.ID(occ.Value)
			if err != nil {
				if errors.Is(err, syscall.ERANGE) {
					return o, false, cli.Errorf("failed to parse id argument: %s: %s", cli.Quote(occ.Value), cli.Errno(err))
				}
				return o, false, cli.Errorf("failed to parse id argument: %s", cli.Quote(occ.Value))
			}
			o.ID, o.ByID = int(id), true
		case occ.Is("all"):
			o.Msg, o.Shm, o.Sem = true, true, true
		case occ.Is("queues"):
			o.Msg = true
		case occ.Is("shmems"):
			o.Shm = true
		case occ.Is("semaphores"):
			o.Sem = true
		case occ.Is("time"):
			o.Format = ipcs.FormatTime
		case occ.Is("pid"):
			o.Format = ipcs.FormatPID
		case occ.Is("creator"):
			o.Format = ipcs.FormatCreator
		case occ.Is("limits"):
			o.Format = ipcs.FormatLimits
		case occ.Is("summary"):
			o.Format = ipcs.FormatStatus
		case occ.Is("human"):
			o.Unit = ipcs.UnitHuman
		case occ.Is("bytes"):
			o.Unit = ipcs.UnitBytes
		case occ.Is("json"):
			o.JSON = true
		case occ.Is("posix"):
			o.Posix = true
		default:
			if err := o.parseNamespace(occ); err != nil {
				return o, false, err
			}
		}
	}
	if perr == nil && o.runtime != "" && o.container == "" {
		return o, false, cli.Errorf("option --runtime needs --container")
	}
	// Operands are ignored, as util-linux ignores them.
	return o, false, perr
}

// show renders and prints. An id that names nothing is a warning, with
// status 0, after whatever was printed.
func show(o options, stdout, stderr io.Writer) error {
	// The zone reads its file only when a date is printed.
	env := &ipcs.Env{Names: &ipcs.FileNames{}, Zone: ipcs.LocalZone(), PageSize: uint64(os.Getpagesize())}
	var err error
	if jerr := o.inNamespace(func() {
		err = ipcs.Write(stdout, o.Options, ipcs.Kernel{}, env) // a write error is reported by cli.Main
	}); jerr != nil {
		return jerr
	}

	var nf *ipcs.NotFoundError
	var sv *ipcs.SemValuesError
	var pl *ipcs.PosixListError
	switch {
	case errors.As(err, &nf):
		io.WriteString(stderr, spec.Name+": "+nf.Error()+"\n")
		return nil
	case errors.As(err, &sv):
		return cli.Errorf("%s: %s", sv.Error(), cli.Errno(sv.Err))
	case errors.As(err, &pl):
		// One line per kind that could not be listed, after the output.
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		for _, e := range errs {
			if errors.As(e, &pl) {
				io.WriteString(stderr, spec.Name+": "+pl.Error()+": "+cli.Errno(pl.Err)+"\n")
			}
		}
		return cli.Exit(cli.ExitFailure)
	}
	return err
}
