// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcmk

import (
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/pkg/posixipc"
)

// spec is goipcmk's option table, as far as FromArgs reads it.
var spec = &cli.Spec{Name: "goipcmk", Groups: []cli.Group{{Options: []*cli.Option{
	{Short: 'M', Long: "shmem", Arg: cli.RequiredArgument},
	{Short: 'm', Long: "posix-shmem", Arg: cli.RequiredArgument},
	{Short: 'S', Long: "semaphore", Arg: cli.RequiredArgument},
	{Short: 's', Long: "posix-semaphore"},
	{Short: 'Q', Long: "queue"},
	{Short: 'q', Long: "posix-mqueue"},
	{Short: 'p', Long: "mode", Arg: cli.RequiredArgument},
	{Short: 'n', Long: "name", Arg: cli.RequiredArgument},
}}}}

// FuzzFromArgs: a command line is refused with one line of text, or asks
// for at least one object, with the last size, count, mode and name given
// (each as numparse and CleanName read it), a mode within 0777, sizes and
// counts of at least 1, and a checked "/name" exactly for POSIX objects.
func FuzzFromArgs(f *testing.F) {
	for _, s := range []string{"-M 1K", "-M 0", "-M 1x", "-m 4096 -n /x", "-m 1 -n //x", "-S 3", "-S 0", "-S 2147483648",
		"-Q -p 600", "-Q -p 1000", "-q -n x", "-s -n " + strings.Repeat("a", 252), "-q", "-n x", "-Q -n x", "", "-M 1 -M 2 -p 7 -p 0700",
		"-S 1 -S x", "-Q extra"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		res, err := spec.Parse(strings.Fields(line))
		if err != nil {
			return
		}
		req, err := FromArgs(res)
		if err != nil {
			if msg := err.Error(); msg == "" || strings.ContainsAny(msg, "\n") || strings.Contains(msg, "%!") && !strings.Contains(line, "%!") {
				t.Fatalf("%q: bad message %q", line, msg)
			}
			return
		}
		last := map[string]string{}
		for _, o := range res.Options {
			last[o.Option.Long] = o.Value
		}
		check := func(ok bool, what string) {
			if !ok {
				t.Fatalf("%q: %s in %+v", line, what, req)
			}
		}
		check(len(res.Args) == 0, "operands")
		check(req.Shm || req.PShm || req.Msg || req.PMsg || req.Sem || req.PSem, "nothing to make")
		if v, ok := last["shmem"]; ok {
			size, err := numparse.Size(v)
			check(req.Shm && err == nil && size == req.ShmSize && size >= 1, "shm size")
		}
		if v, ok := last["posix-shmem"]; ok {
			size, err := numparse.Size(v)
			check(req.PShm && err == nil && size == req.PShmSize && size >= 1, "POSIX shm size")
		}
		if v, ok := last["semaphore"]; ok {
			n, err := numparse.ID(v)
			check(req.Sem && err == nil && int(n) == req.NSems && n >= 1, "semaphores")
		}
		mode := uint32(0o644)
		if v, ok := last["mode"]; ok {
			mode, _ = numparse.Mode(v)
		}
		check(req.Mode == mode && mode <= 0o777, "mode")
		if req.PShm || req.PMsg || req.PSem {
			max := 255
			if req.PSem {
				max = 251
			}
			n, err := posixipc.CleanName(last["name"], max)
			check(err == nil && req.Name == "/"+n, "name")
		} else {
			_, named := last["name"]
			check(!named && req.Name == "", "a name without a POSIX object")
		}
	})
}
