// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package golsns is the golsns command, which lists namespaces, as util-linux's lsns(8) does; see
// golsns(1) and package lsns.
package golsns

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/lsns"
	"github.com/gonstools/gonstools/internal/scols"
)

var (
	optJSON       = &cli.Option{Short: 'J', Long: "json", Help: "use JSON output format"}
	optList       = &cli.Option{Short: 'l', Long: "list", Help: "use list format output"}
	optNoHeadings = &cli.Option{Short: 'n', Long: "noheadings", Help: "don't print headings"}
	optOutput     = &cli.Option{Short: 'o', Long: "output", Arg: cli.RequiredArgument, ArgName: "<list>", Help: "define which output columns to use",
		Complete: cli.Completion{List: true, WordsFrom: columnNames}}
	optOutputAll  = &cli.Option{Long: "output-all", Help: "output all columns"}
	optPersistent = &cli.Option{Short: 'P', Long: "persistent", Help: "namespaces without processes"}
	optTask       = &cli.Option{Short: 'p', Long: "task", Arg: cli.RequiredArgument, ArgName: "<pid>", Help: "print process namespaces", Complete: cli.Completion{Kind: cli.ValuePID}}
	optFilter     = &cli.Option{Short: 'Q', Long: "filter", Arg: cli.RequiredArgument, ArgName: "<expr>", Help: "apply display filter"}
	optRaw        = &cli.Option{Short: 'r', Long: "raw", Help: "use the raw output format"}
	optNoTrunc    = &cli.Option{Short: 'u', Long: "notruncate", Help: "don't truncate text in columns"}
	optNoWrap     = &cli.Option{Short: 'W', Long: "nowrap", Help: "don't use multi-line representation"}
	optType       = &cli.Option{Short: 't', Long: "type", Arg: cli.RequiredArgument, ArgName: "<name>",
		Help:     "namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)",
		Complete: cli.Completion{Words: []string{"mnt", "net", "ipc", "user", "pid", "uts", "cgroup", "time"}}}
	optTree = &cli.Option{Short: 'T', Long: "tree", Arg: cli.OptionalArgument, ArgName: "<rel>", Help: "use tree format (parent, owner, or process)",
		Complete: cli.Completion{Words: []string{"parent", "owner", "process"}}}
	optListColumns = &cli.Option{Short: 'H', Long: "list-columns", Help: "list the available columns"}
)

var spec = &cli.Spec{
	Name:      "golsns",
	Usage:     []string{"[options] [<namespace ID>]"},
	Summary:   "List system namespaces.",
	HelpWidth: 24,
	Groups: []cli.Group{
		{Options: []*cli.Option{optJSON, optList, optNoHeadings, optOutput, optOutputAll, optPersistent,
			optTask, optFilter, optRaw, optNoTrunc, optNoWrap, optType, optTree}},
		{Options: []*cli.Option{optListColumns, &cli.HelpOption, &cli.VersionOption}},
	},
}

// Spec is the command line of golsns: its options, for the shell completions.
func Spec() *cli.Spec { return spec }

// columnNames are the names -o takes, for the shell completions.
func columnNames() []string {
	var out []string
	for _, c := range lsns.Columns {
		out = append(out, c.Name)
	}
	return out
}

// Main runs the command with its arguments (without the program name)
// and returns its exit status.
func Main(args []string) int {
	return run(args, os.Stdout, os.Stderr, os.Getenv)
}

// run is the whole command: tests call it with buffers.
func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	return cli.Main(spec.Name, stdout, stderr, func(stdout io.Writer) error {
		o, done, err := parseArgs(args, stdout, getenv)
		if err != nil || done {
			return err
		}
		return list(o, stdout, stderr)
	})
}

type options struct {
	cfg         lsns.Config
	scan        lsns.Options
	list        bool // -l: no default tree
	outarg      string
	hasOutarg   bool
	ntypes      int
	isNet       bool
	listColumns bool
	operand     string
	hasOperand  bool
	charset     *scols.Charset
	getenv      func(string) string
}

// cs is the locale's character set, looked up once.
func (o *options) cs() scols.Charset {
	if o.charset == nil {
		o.charset = &scols.Charset{UTF8: lsns.UTF8Locale(o.getenv)}
	}
	return *o.charset
}

// exclusive pairs, each in lsns's order; a long-only option counts as 128
// (CHAR_MAX+1), as in lsns.
var exclusive = [][]int{{'J', 'r'}, {'P', 'p'}, {'l', 'T'}}

// newExclusive marks the pairs of options newer than util-linux 2.38.1,
// reported in 2.42's words.
var newExclusive = []bool{false, true, false}

// checkExclusive is util-linux's err_exclusive_options, quirks included:
// it expects every group sorted, so the group "l T" never fires.
func checkExclusive(c int, state []int) error {
	for e := 0; e < len(exclusive) && exclusive[e][0] <= c; e++ {
		for _, op := range exclusive[e] {
			if op > c {
				break
			}
			if op != c {
				continue
			}
			if state[e] == 0 {
				state[e] = c
			} else if state[e] != c {
				if newExclusive[e] {
					return cli.Errorf("options --%s and --%s cannot be combined",
						optionByCode(state[e]).Long, optionByCode(c).Long)
				}
				var names []string
				for _, x := range exclusive[e] {
					names = append(names, "--"+optionByCode(x).Long)
				}
				return cli.Errorf("mutually exclusive arguments: %s", strings.Join(names, " "))
			}
			break
		}
	}
	return nil
}

func optionByCode(c int) *cli.Option {
	for _, g := range spec.Groups {
		for _, o := range g.Options {
			if int(o.Short) == c {
				return o
			}
		}
	}
	return optOutputAll
}

func code(o *cli.Option) int {
	if o.Short != 0 {
		return int(o.Short)
	}
	return 128
}

// parseArgs reads the command line as lsns's getopt loop does, one option
// at a time, so that a mistake is reported where lsns reports it.
func parseArgs(args []string, stdout io.Writer, getenv func(string) string) (*options, bool, error) {
	o := &options{getenv: getenv}
	res, perr := spec.Parse(args)
	state := make([]int, len(exclusive))
	for _, occ := range res.Options {
		if err := checkExclusive(code(occ.Option), state); err != nil {
			return nil, false, err
		}
		switch occ.Option {
		case &cli.HelpOption, &cli.VersionOption:
			spec.Handled(&cli.Result{Options: []cli.Occurrence{occ}}, stdout)
			return nil, true, nil
		case optJSON:
			o.cfg.JSON = true
		case optList:
			o.list = true
		case optOutput:
			o.outarg, o.hasOutarg = occ.Value, true
		case optOutputAll:
			o.cfg.Columns = lsns.AllColumns()
		case optPersistent:
			o.cfg.Persistent = true
		case optTask:
			pid, err := lsns.ParsePID(occ.Value)
			if err != nil {
				return nil, false, numberError("invalid PID argument", occ.Value, err)
			}
			o.cfg.TaskPID = pid
		case optNoHeadings:
			o.cfg.NoHeadings = true
		case optRaw:
			o.cfg.Raw, o.cfg.NoWrap = true, true
		case optNoTrunc:
			o.cfg.NoTrunc = true
		case optType:
			t := lsns.TypeByName(occ.Value)
			if t < 0 {
				return nil, false, cli.Errorf("unknown namespace type: %s", occ.Value)
			}
			o.scan.Types[t] = true
			o.ntypes++
			o.isNet = o.isNet || occ.Value == "net"
		case optNoWrap:
			o.cfg.NoWrap = true
		case optTree:
			o.cfg.Tree = lsns.TreeOwner
			if occ.HasValue {
				switch v := strings.TrimPrefix(occ.Value, "="); v {
				case "parent":
					o.cfg.Tree = lsns.TreeParent
				case "process":
					o.cfg.Tree = lsns.TreeProcess
				case "owner":
				default:
					return nil, false, cli.Errorf("unknown tree type: %s", v)
				}
			}
		case optFilter:
			f, err := scols.ParseFilter(occ.Value, o.cs())
			if err != nil {
				return nil, false, cli.Errorf("failed to parse \"%s\": %s", occ.Value, err)
			}
			o.cfg.Filter = f
		case optListColumns:
			o.listColumns = true
		}
	}
	if perr != nil {
		return nil, false, perr
	}
	if len(res.Args) > 0 {
		o.operand, o.hasOperand = res.Args[0], true
	}
	return o, false, nil
}

// numberError words a bad number as util-linux does.
func numberError(what, s string, err error) error {
	if errors.Is(err, lsns.ErrRange) {
		return cli.Errorf("%s: '%s': %s", what, s, cli.Errno(err))
	}
	return cli.Errorf("%s: '%s'", what, s)
}

// list does what lsns's main does after its getopt loop.
func list(o *options, stdout, stderr io.Writer) error {
	isTerm, width := lsns.Terminal(o.getenv)
	if o.listColumns {
		tb := lsns.ColumnsTable(o.cfg.Raw, o.cfg.JSON, o.cs(), isTerm, width)
		stdout.Write(tb.Print()) // a failure is reported by cli.Main
		return nil
	}
	cfg := &o.cfg
	if o.hasOperand {
		if cfg.TaskPID != 0 {
			return cli.Errorf("--task is mutually exclusive with <namespace>")
		}
		ns, err := lsns.ParseNamespaceArg(o.operand)
		if err != nil {
			return numberError("invalid namespace argument", o.operand, err)
		}
		cfg.Namespace = ns
		if cfg.Tree == lsns.TreeNone && !o.list {
			cfg.Tree = lsns.TreeProcess
		}
		if len(cfg.Columns) == 0 {
			cfg.Columns = []lsns.Column{lsns.ColPID, lsns.ColPPID, lsns.ColUser, lsns.ColCommand}
		}
	}
	if len(cfg.Columns) == 0 {
		cfg.Columns = []lsns.Column{lsns.ColNS, lsns.ColType, lsns.ColNProcs, lsns.ColPID, lsns.ColUser}
		if o.isNet {
			cfg.Columns = append(cfg.Columns, lsns.ColNetNSID, lsns.ColNSFS)
		}
		cfg.Columns = append(cfg.Columns, lsns.ColCommand)
		if cfg.Tree == lsns.TreeNone && !o.list {
			cfg.Tree = lsns.TreeProcess
		}
	}
	if o.hasOutarg {
		cols, err := lsns.ParseColumns(o.outarg, cfg.Columns)
		if err != nil {
			return cli.Errorf("%s", err)
		}
		cfg.Columns = cols
	}
	o.scan.Tree = cfg.Tree
	for _, c := range cfg.Columns {
		o.scan.NetNSID = o.scan.NetNSID || c == lsns.ColNetNSID
	}
	if cfg.Filter != nil {
		for _, h := range cfg.Filter.Holders() {
			o.scan.NetNSID = o.scan.NetNSID || h == "NETNSID"
		}
	}
	m, err := lsns.Scan(&o.scan)
	if err != nil {
		return cli.Errorf("cannot read /proc: %s", cli.Errno(err))
	}
	if usesContainers(cfg) {
		nameContainers(m, o.getenv, stderr)
	}
	cfg.Charset = o.cs()
	cfg.IsTerm, cfg.TermWidth = isTerm, width
	out, err := m.Print(cfg)
	var fe *lsns.FilterColumnsError
	if errors.As(err, &fe) {
		for _, name := range fe.Unknown {
			fmt.Fprintf(stderr, "%s: unknown column: %s\n", spec.Name, name)
		}
		return cli.Errorf("%s", fe.Msg)
	}
	if err != nil {
		return cli.Errorf("%s", err)
	}
	stdout.Write(out) // a failure is reported by cli.Main
	return nil
}
