// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// benchCase is a group of rows of the table: commands measured together.
type benchCase struct {
	name string // with one %s for the scale when objects or procs is set
	cmds []command
	// ratios to print, the first command's against others; see ratio.
	ratios []ratio
	runs   int // rounds per repetition; 0: -runs
	// objects and procs scale the case: the number of IPC objects of a
	// kind (noun names them) or of processes. A case above the flags'
	// limits is made again at the limit by remake (see scaledCase).
	objects, procs int
	noun           string
	remake         func(n int) benchCase
	// setup prepares state before the case and returns the values of the
	// argv words "{NAME}"; cleanup undoes it.
	setup   func(cfg *config) (map[string]string, error)
	cleanup func()
	// before runs, untimed, before every run of every command.
	before func() error
	// skip, when it returns a note, leaves the case out with that note.
	skip func(cfg *config) string
	// measure, when set, measures instead of measureCommands (in a
	// namespace of its own, say).
	measure func(c *benchCase, cfg *config, cmds [][][]string, runs int) ([][]stats, error)
}

// command is one row's program: argv[0] is one of our tools (found in
// -bin), "ref/NAME" (a reference program), or a program on $PATH. With
// several argvs they run one after the other and count as one.
type command struct {
	label string
	argvs [][]string
	// call, when set, is timed with the programs, after them (an
	// engine's API round trip, say).
	call func() error
}

// cmd is a command of one program, labelled by its argv.
func cmd(argv ...string) command {
	label := strings.NewReplacer("{", "", "}", "").Replace(strings.Join(argv, " "))
	return command{label: label, argvs: [][]string{argv}}
}

// ref is a reference program's command.
func ref(name string, args ...string) command {
	c := cmd(append([]string{"ref/" + name}, args...)...)
	c.label = "Go: " + c.label
	return c
}

// ratio is a row: the case's first command against command against (an
// index in cmds), in time or in peak RSS, with a target or none (0).
type ratio struct {
	against int
	rss     bool
	target  float64
}

// stats is what a repetition gives for a command.
type stats struct {
	median time.Duration // of its wall times
	rss    int64         // the largest peak RSS of its runs, in KiB
}

// scaledCase is mk(n), which scales with n objects (or processes, when
// it sets procs), remade by mk at a smaller scale when the flags ask.
func scaledCase(n int, mk func(n int) benchCase) benchCase {
	c := mk(n)
	if c.procs > 0 {
		c.procs = n
	} else {
		c.objects = n
	}
	c.remake = mk
	return c
}

// scaled is c for the flags: at most their numbers of objects and
// processes, at most their runs.
func (c benchCase) scaled(cfg *config) benchCase {
	switch {
	case c.objects > 0:
		if c.objects > cfg.maxObjects {
			c = scaledCase(cfg.maxObjects, c.remake)
		}
		c.name = fmt.Sprintf(c.name, count(c.objects, c.noun))
	case c.procs > 0:
		if c.procs > cfg.maxProcs {
			c = scaledCase(cfg.maxProcs, c.remake)
		}
		c.name = fmt.Sprintf(c.name, count(c.procs, "process"))
	}
	if c.runs == 0 || c.runs > cfg.runs {
		c.runs = cfg.runs
	}
	return c
}

// eachKind is the noun of cases with objects of every System V kind.
const eachKind = "of each kind"

// count is "1 queue", "32,000 queues", "1,000 of each kind".
func count(n int, noun string) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	switch {
	case n == 1 || noun == eachKind:
		return s + " " + noun
	case strings.HasSuffix(noun, "s"):
		return s + " " + noun + "es"
	}
	return s + " " + noun + "s"
}

func (c *benchCase) skipped(cfg *config) string {
	if c.skip != nil {
		return c.skip(cfg)
	}
	return ""
}

// run sets the case up, measures it and cleans up: one []stats per
// repetition, one stats per command.
func (c *benchCase) run(cfg *config) ([][]stats, error) {
	vars := map[string]string{}
	if c.setup != nil {
		v, err := c.setup(cfg)
		if c.cleanup != nil {
			defer c.cleanup()
		}
		if err != nil {
			return nil, fmt.Errorf("setup: %v", err)
		}
		vars = v
	}
	cmds := make([][][]string, len(c.cmds))
	for i, cm := range c.cmds {
		for _, argv := range cm.argvs {
			argv, err := resolve(cfg, argv, vars)
			if err != nil {
				return nil, err
			}
			cmds[i] = append(cmds[i], argv)
		}
	}
	if c.measure != nil {
		return c.measure(c, cfg, cmds, c.runs)
	}
	return measureCommands(spawnerPath(cfg), cmds, c.cmds, c.runs, cfg.reps, c.before)
}

// resolve makes argv runnable: the program's path, the variables' values.
func resolve(cfg *config, argv []string, vars map[string]string) ([]string, error) {
	out := make([]string, len(argv))
	for i, w := range argv {
		if strings.HasPrefix(w, "{") && strings.HasSuffix(w, "}") {
			v, ok := vars[w[1:len(w)-1]]
			if !ok {
				return nil, fmt.Errorf("no value for %s", w)
			}
			w = v
		}
		out[i] = w
	}
	switch p := out[0]; {
	case strings.HasPrefix(p, "ref/"):
		out[0] = filepath.Join(cfg.refs, strings.TrimPrefix(p, "ref/"))
	case strings.HasPrefix(p, "go"):
		out[0] = filepath.Join(cfg.bin, p)
	default:
		path, err := exec.LookPath(p)
		if err != nil {
			return nil, err
		}
		out[0] = path
	}
	return out, nil
}

// measureCommands runs the commands reps times runs rounds, each round in
// another order (rotated), after one untimed run of each that must
// succeed (it also warms the page cache). Programs are started by the
// spawner at spawnerPath ("": by this process).
func measureCommands(spawnerPath string, cmds [][][]string, desc []command, runs, reps int, before func() error) ([][]stats, error) {
	// Every program of every command, in order, for the spawner.
	var progs [][]string
	first := make([]int, len(cmds))
	for i, argvs := range cmds {
		first[i] = len(progs)
		progs = append(progs, argvs...)
	}
	sp, err := startSpawner(spawnerPath, progs)
	if err != nil {
		return nil, err
	}
	defer sp.close()
	// This goroutine keeps its thread and the collector waits until the
	// case is over, for the programs that run from here.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))

	// once runs command i: its programs one after the other, then its
	// call; the time is theirs together, the peak RSS the largest.
	once := func(i int) (time.Duration, int64, error) {
		if before != nil {
			if err := before(); err != nil {
				return 0, 0, err
			}
		}
		var total time.Duration
		var rss int64
		for j := range cmds[i] {
			d, r, err := sp.run(first[i] + j)
			if err != nil {
				return 0, 0, err
			}
			total, rss = total+d, max(rss, r)
		}
		if call := desc[i].call; call != nil {
			start := time.Now()
			if err := call(); err != nil {
				return 0, 0, err
			}
			total += time.Since(start)
		}
		return total, rss, nil
	}
	for i := range cmds {
		if _, _, err := once(i); err != nil {
			return nil, err
		}
	}
	out := make([][]stats, reps)
	for r := range reps {
		times := make([][]time.Duration, len(cmds))
		out[r] = make([]stats, len(cmds))
		for round := range runs {
			for j := range cmds {
				i := (round + j) % len(cmds)
				d, rss, err := once(i)
				if err != nil {
					return nil, err
				}
				times[i] = append(times[i], d)
				out[r][i].rss = max(out[r][i].rss, rss)
			}
		}
		for i := range cmds {
			out[r][i].median = median(times[i])
		}
	}
	return out, nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
