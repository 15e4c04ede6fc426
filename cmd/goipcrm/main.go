package main

import (
	"io"
	"os"
	"syscall"

	"github.com/gonstools/gonstools/pkg/cli"
	"github.com/gonstools/gonstools/pkg/numparse"
	"github.com/gonstools/gonstools/pkg/posixipc"
)

var spec = &cli.Spec{
	Name:    "goipcrm",
	Usage:   []string{"[options]", "shm|msg|sem <id>..."},
	Summary: "Remove certain IPC resources.",
	Groups: []cli.Group{
		{Options: []*cli.Option{
			{Short: 'm', Long: "shmem-id", Arg: cli.RequiredArgument, ArgName: "<id>", Help: "remove shared memory segment by id"},
			{Short: 'M', Long: "shmem-key", Arg: cli.RequiredArgument, ArgName: "<key>", Help: "remove shared memory segment by key"},
			{Long: "posix-shmem", Arg: cli.RequiredArgument, ArgName: "<name>", Help: "remove POSIX shared memory segment by name"},
			{Short: 'q', Long: "queue-id", Arg: cli.RequiredArgument, ArgName: "<id>", Help: "remove message queue by id"},
			{Short: 'Q', Long: "queue-key", Arg: cli.RequiredArgument, ArgName: "<key>", Help: "remove message queue by key"},
			{Long: "posix-mqueue", Arg: cli.RequiredArgument, ArgName: "<name>", Help: "remove POSIX message queue by name"},
			{Short: 's', Long: "semaphore-id", Arg: cli.RequiredArgument, ArgName: "<id>", Help: "remove semaphore by id"},
			{Short: 'S', Long: "semaphore-key", Arg: cli.RequiredArgument, ArgName: "<key>", Help: "remove semaphore by key"},
			{Long: "posix-semaphore", Arg: cli.RequiredArgument, ArgName: "<name>", Help: "remove POSIX semaphore by name"},
			{Short: 'a', Long: "all", Arg: cli.OptionalArgument, ArgName: "shm|pshm|msg|pmsg|sem|psem", Help: "remove all (in the specified category)"},
			{Short: 'v', Long: "verbose", Help: "explain what is being done"},
		}},
		cli.StdGroup(),
	},
	HelpWidth: 31,
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// mqueueDir is where --all looks for POSIX message queues; tests point it
// at an mqueue mount of their own.
var mqueueDir = posixipc.MqueueDir

// run is the whole command: tests call it with buffers.
func run(args []string, stdout, stderr io.Writer) int {
	return cli.Main(spec.Name, stderr, func() error {
		if len(args) == 0 {
			return cli.Usagef("bad usage")
		}
		r := &remover{stdout: stdout, stderr: stderr, shmDir: posixipc.ShmDir, mqueueDir: mqueueDir}
		if k, ok := legacyKind(args[0]); ok {
			return r.legacy(k, args[1:])
		}
		res, done, err := spec.ParseArgs(args, stdout)
		if err != nil || done {
			return err
		}
		steps, err := plan(res)
		if err != nil {
			return err
		}
		return r.do(steps)
	})
}

// legacyKind reads the first word of the old form "ipcrm shm|msg|sem ID...".
func legacyKind(word string) (kind, bool) {
	switch word {
	case "shm":
		return shm, true
	case "msg":
		return msg, true
	case "sem":
		return sem, true
	}
	return 0, false
}

// kind is a type of IPC object.
type kind int

const (
	shm kind = iota
	msg
	sem
	pshm
	pmsg
	psem
)

// step is one removal the command line asks for, checked.
type step struct {
	verbose bool   // -v seen before this step
	kind    kind   // what to remove
	by      byWhat // how it is named
	id      int32  // byID
	key     int32  // byKey
	word    string // the id, key or name as written
	name    string // byName, cleaned
	all     []kind // byAll: the kinds to empty, in util-linux's order
}

type byWhat int

const (
	byID byWhat = iota
	byKey
	byName
	byAll
)

// allOrder is util-linux's order for --all.
var allOrder = []kind{shm, pshm, sem, psem, msg, pmsg}

// plan checks the whole command line and returns the removals in the order
// util-linux does them: ids, keys and names as given, then --all. Nothing
// has been removed when it fails.
func plan(res *cli.Result) ([]step, error) {
	if len(res.Args) > 0 {
		return nil, cli.Usagef("unknown argument: %s", res.Args[0])
	}
	var steps []step
	var all *step
	verbose := false
	for _, o := range res.Options {
		s := step{verbose: verbose, word: o.Value}
		switch o.Option.Short {
		case 'v':
			verbose = true
			continue
		case 'm', 'q', 's':
			id, err := numparse.ID(o.Value)
			if err != nil {
				return nil, parseError(o.Value, err)
			}
			s.kind, s.by, s.id = kindOfLetter(o.Option.Short), byID, id
		case 'M', 'Q', 'S':
			key, err := numparse.Key(o.Value)
			if err != nil {
				return nil, parseError(o.Value, err)
			}
			s.kind, s.by, s.key = kindOfLetter(o.Option.Short), byKey, key
		case 'a':
			kinds, err := allKinds(o)
			if err != nil {
				return nil, err
			}
			all = &step{by: byAll, all: kinds}
			continue
		default: // the long-only POSIX options
			s.kind, s.by = posixKind(o.Option.Long), byName
			max := 255
			if s.kind == psem {
				max = 251
			}
			name, err := posixipc.CleanName(o.Value, max)
			switch {
			case err == syscall.ENAMETOOLONG:
				s.name = "" // reported as too long when its turn comes
			case err != nil:
				return nil, cli.Errorf("invalid name: %s", cli.Quote(o.Value))
			default:
				s.name = "/" + name
			}
		}
		steps = append(steps, s)
	}
	if all != nil {
		all.verbose = verbose
		steps = append(steps, *all)
	}
	return steps, nil
}

func posixKind(long string) kind {
	switch long {
	case "posix-shmem":
		return pshm
	case "posix-mqueue":
		return pmsg
	}
	return psem
}

func kindOfLetter(c byte) kind {
	switch c {
	case 'm', 'M':
		return shm
	case 'q', 'Q':
		return msg
	}
	return sem
}

// allKinds reads --all's optional category.
func allKinds(o cli.Occurrence) ([]kind, error) {
	if !o.HasValue {
		return allOrder, nil
	}
	for i, name := range []string{"shm", "msg", "sem", "pshm", "pmsg", "psem"} {
		if o.Value == name {
			return []kind{kind(i)}, nil
		}
	}
	return nil, cli.Errorf("unknown argument: %s", o.Value)
}

// parseError is util-linux's "failed to parse argument: 'x'", with the
// errno text when the number was out of range.
func parseError(word string, err error) error {
	if err == numparse.ErrSyntax {
		return cli.Errorf("failed to parse argument: %s", cli.Quote(word))
	}
	return cli.Errorf("failed to parse argument: %s: %s", cli.Quote(word), cli.Errno(err))
}
