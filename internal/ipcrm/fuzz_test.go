// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcrm

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/pkg/posixipc"
)

// spec is goipcrm's option table, as far as Plan reads it.
var spec = &cli.Spec{Name: "goipcrm", Groups: []cli.Group{{Options: []*cli.Option{
	{Short: 'm', Long: "shmem-id", Arg: cli.RequiredArgument},
	{Short: 'M', Long: "shmem-key", Arg: cli.RequiredArgument},
	{Long: "posix-shmem", Arg: cli.RequiredArgument},
	{Short: 'q', Long: "queue-id", Arg: cli.RequiredArgument},
	{Short: 'Q', Long: "queue-key", Arg: cli.RequiredArgument},
	{Long: "posix-mqueue", Arg: cli.RequiredArgument},
	{Short: 's', Long: "semaphore-id", Arg: cli.RequiredArgument},
	{Short: 'S', Long: "semaphore-key", Arg: cli.RequiredArgument},
	{Long: "posix-semaphore", Arg: cli.RequiredArgument},
	{Short: 'a', Long: "all", Arg: cli.OptionalArgument},
	{Short: 'v', Long: "verbose"},
}}}}

// FuzzPlan: a command line is refused with one line of text, or planned
// as util-linux runs it: one step per id, key or name option, in order,
// with the number or name the option gave, then --all last; -v counts
// for the steps after it.
func FuzzPlan(f *testing.F) {
	for _, s := range []string{"-m 1 -q 2 -s 3", "-M 0x10 -Q 012 -S -1", "-v -m 1 -a", "-a shm -m 1", "-a bogus", "-a=shm",
		"--all=pshm -v", "--posix-shmem /x --posix-mqueue y --posix-semaphore /z", "--posix-shmem //x", "-m x", "-m 2147483648",
		"-M 4294967296", "-M -2147483649", "extra", "--posix-semaphore " + strings.Repeat("a", 252)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		res, err := spec.Parse(strings.Fields(line))
		if err != nil {
			return
		}
		steps, err := Plan(res)
		if err != nil {
			if msg := err.Error(); msg == "" || strings.ContainsAny(msg, "\n") || strings.Contains(msg, "%!") && !strings.Contains(line, "%!") {
				t.Fatalf("%q: bad message %q", line, msg)
			}
			return
		}
		if len(res.Args) > 0 {
			t.Fatalf("%q: operands %q planned", line, res.Args)
		}
		i, verbose, all := 0, false, false
		for _, o := range res.Options {
			switch o.Option.Short {
			case 'v':
				verbose = true
				continue
			case 'a':
				all = true
				continue
			}
			if i >= len(steps) {
				t.Fatalf("%q: %d steps", line, len(steps))
			}
			s := steps[i]
			i++
			if s.verbose != verbose || s.word != o.Value {
				t.Fatalf("%q: step %+v for %s %q", line, s, o.Name(), o.Value)
			}
			switch s.by {
			case byID:
				if id, err := numparse.ID(o.Value); err != nil || id != s.id || strconv.Itoa(int(id)) != strconv.Itoa(int(s.id)) {
					t.Fatalf("%q: id %d from %q", line, s.id, o.Value)
				}
			case byKey:
				if key, err := numparse.Key(o.Value); err != nil || key != s.key {
					t.Fatalf("%q: key %d from %q", line, s.key, o.Value)
				}
			case byName:
				if s.name == "" {
					continue // too long: reported when its turn comes
				}
				if n, err := posixipc.CleanName(s.name, 255); err != nil || "/"+n != s.name || !strings.HasSuffix(o.Value, n) {
					t.Fatalf("%q: name %q from %q", line, s.name, o.Value)
				}
			default:
				t.Fatalf("%q: step %+v for %s", line, s, o.Name())
			}
		}
		if all {
			if i != len(steps)-1 || steps[i].by != byAll || steps[i].verbose != verbose || len(steps[i].all) == 0 {
				t.Fatalf("%q: --all planned as %+v", line, steps[i:])
			}
		} else if i != len(steps) {
			t.Fatalf("%q: %d steps for %d options", line, len(steps), i)
		}
	})
}

// FuzzLegacy: the old form takes exactly shm, msg and sem, and an id
// that LegacyID accepts is the int util-linux's strtoul gives (it
// refuses only what util-linux would wrap or took as 0 from nothing).
func FuzzLegacy(f *testing.F) {
	for _, s := range []string{"shm", "msg", "sem", "SHM", "shm ", "", "5", "-5", " 7", "7 ", "+7", "2147483647", "2147483648",
		"-2147483648", "-2147483649", "18446744073709551615", "0x10", "010"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, ok := LegacyKind(s)
		if want := map[string]Kind{"shm": shm, "msg": msg, "sem": sem}; ok != (s == "shm" || s == "msg" || s == "sem") || ok && k != want[s] {
			t.Fatalf("LegacyKind(%q) = %d, %v", s, k, ok)
		}
		id, ok := numparse.LegacyID(s)
		v, n, err := numparse.Strtoul(s, 10)
		whole := s != "" && n == len(s) && err == nil
		if ok && (!whole || int32(v) != id) {
			t.Fatalf("LegacyID(%q) = %d; util-linux's strtoul reads %d (%d of %d bytes, %v)", s, id, int32(v), n, len(s), err)
		}
		if !ok && whole && v <= math.MaxInt32 {
			t.Fatalf("LegacyID(%q) refuses %d", s, v)
		}
	})
}
