// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcrm

import (
	"syscall"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/pkg/posixipc"
)

// LegacyKind reads the first word of the old form "ipcrm shm|msg|sem ID...".
func LegacyKind(word string) (Kind, bool) {
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

// Kind is a type of IPC object.
type Kind int

const (
	shm Kind = iota
	msg
	sem
	pshm
	pmsg
	psem
)

// Step is one removal the command line asks for, checked.
type Step struct {
	verbose bool   // -v seen before this step
	kind    Kind   // what to remove
	by      byWhat // how it is named
	id      int32  // byID
	key     int32  // byKey
	word    string // the id, key or name as written
	name    string // byName, cleaned
	all     []Kind // byAll: the kinds to empty, in util-linux's order
}

type byWhat int

const (
	byID byWhat = iota
	byKey
	byName
	byAll
)

// allOrder is util-linux's order for --all.
var allOrder = []Kind{shm, pshm, sem, psem, msg, pmsg}

// Plan checks the whole command line and returns the removals in the order
// util-linux does them: ids, keys and names as given, then --all. Nothing
// has been removed when it fails.
func Plan(res *cli.Result) ([]Step, error) {
	if len(res.Args) > 0 {
		return nil, cli.Usagef("unknown argument: %s", res.Args[0])
	}
	var steps []Step
	var all *Step
	verbose := false
	for _, o := range res.Options {
		s := Step{verbose: verbose, word: o.Value}
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
			all = &Step{by: byAll, all: kinds}
			continue
		default: // the long-only POSIX options
			s.kind, s.by = posixKind(o.Option.Long), byName
			max := posixipc.NameMax
			if s.kind == psem {
				max = posixipc.SemNameMax
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

func posixKind(long string) Kind {
	switch long {
	case "posix-shmem":
		return pshm
	case "posix-mqueue":
		return pmsg
	}
	return psem
}

func kindOfLetter(c byte) Kind {
	switch c {
	case 'm', 'M':
		return shm
	case 'q', 'Q':
		return msg
	}
	return sem
}

// allKinds reads --all's optional category.
func allKinds(o cli.Occurrence) ([]Kind, error) {
	if !o.HasValue {
		return allOrder, nil
	}
	for i, name := range []string{"shm", "msg", "sem", "pshm", "pmsg", "psem"} {
		if o.Value == name {
			return []Kind{Kind(i)}, nil
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
