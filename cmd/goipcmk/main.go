package main

import (
	"io"
	"os"
	"syscall"

	"github.com/gonstools/gonstools/pkg/cli"
	"github.com/gonstools/gonstools/pkg/numparse"
	"github.com/gonstools/gonstools/pkg/posixipc"
	"github.com/gonstools/gonstools/pkg/sysvipc"
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
		cli.StdGroup(),
	},
	Footer: "Arguments:\n" +
		" <size> arguments may be followed by the suffixes for\n" +
		"   GiB, TiB, PiB, EiB, ZiB, and YiB (the \"iB\" is optional)\n" +
		"\n" +
		" -n, --name <name> option is required for POSIX IPC",
	HelpWidth: 26,
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command: tests call it with buffers.
func run(args []string, stdout, stderr io.Writer) int {
	return cli.Main(spec.Name, stderr, func() error {
		res, done, err := spec.ParseArgs(args, stdout)
		if err != nil || done {
			return err
		}
		req, err := parseRequest(res)
		if err != nil {
			return err
		}
		out, err := req.create()
		if err != nil {
			return err
		}
		_, err = io.WriteString(stdout, out)
		return err
	})
}

// parseRequest turns the options into a request, checking every value
// before anything is created.
func parseRequest(res *cli.Result) (*request, error) {
	if len(res.Args) > 0 {
		return nil, cli.Usagef("unknown argument: %s", res.Args[0])
	}
	req := &request{mode: 0o644}
	var nsemsWord string
	for _, o := range res.Options {
		switch {
		case o.Is("shmem"), o.Is("posix-shmem"):
			size, err := numparse.Size(o.Value)
			if err != nil {
				return nil, cli.Errorf("failed to parse size: %s: %s", cli.Quote(o.Value), cli.Errno(err))
			}
			if size == 0 {
				return nil, cli.Errorf("size must be at least 1 byte: %s", cli.Quote(o.Value))
			}
			if o.Is("shmem") {
				req.shm, req.shmSize = true, size
			} else {
				req.pshm, req.pshmSize = true, size
			}
		case o.Is("semaphore"):
			n, err := numparse.ID(o.Value)
			switch {
			case err == syscall.ERANGE:
				return nil, cli.Errorf("failed to parse elements: %s: %s", cli.Quote(o.Value), cli.Errno(err))
			case err != nil:
				return nil, cli.Errorf("failed to parse elements: %s", cli.Quote(o.Value))
			}
			req.sem, req.nsems, nsemsWord = true, int(n), o.Value
		case o.Is("posix-semaphore"):
			req.psem = true
		case o.Is("queue"):
			req.msg = true
		case o.Is("posix-mqueue"):
			req.pmsg = true
		case o.Is("mode"):
			m, err := numparse.Mode(o.Value)
			if err != nil {
				return nil, cli.Errorf("failed to parse mode: %s", cli.Quote(o.Value))
			}
			req.mode = m
		case o.Is("name"):
			req.name, req.hasName = o.Value, true
		}
	}
	posix := req.pshm || req.pmsg || req.psem
	switch {
	case !posix && !req.shm && !req.msg && !req.sem:
		return nil, cli.Usagef("bad usage")
	case posix && !req.hasName:
		return nil, cli.Usagef("name is required for POSIX IPC")
	case !posix && req.hasName:
		return nil, cli.Usagef("--name is for POSIX objects: add -m, -q or -s")
	}
	if posix {
		max := 255
		if req.psem {
			max = 251 // glibc keeps a semaphore as /dev/shm/sem.NAME
		}
		name, err := posixipc.CleanName(req.name, max)
		switch {
		case err == syscall.ENAMETOOLONG:
			return nil, cli.Errorf("name too long (at most %d bytes): %s", max, cli.Quote(req.name))
		case err != nil:
			return nil, cli.Errorf("invalid name: %s: a POSIX IPC name is one word without '/', after an optional leading '/'", cli.Quote(req.name))
		}
		req.name = "/" + name
	}
	if req.sem {
		if err := checkNsems(req.nsems, nsemsWord); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// checkNsems refuses counts the kernel would refuse (below 1, above the
// namespace's SEMMSL) with a message that says why.
func checkNsems(n int, word string) error {
	if lim, err := sysvipc.ReadSemLimits(); err == nil {
		if n < 1 || n > int(lim.MSL) {
			return cli.Errorf("number of elements must be between 1 and %d: %s", lim.MSL, cli.Quote(word))
		}
		return nil
	}
	if n < 1 {
		return cli.Errorf("number of elements must be at least 1: %s", cli.Quote(word))
	}
	return nil
}
