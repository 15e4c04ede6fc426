//go:build linux

// Command gounshare runs a program with some namespaces unshared from the
// parent, as util-linux unshare(1) does. See man/gounshare.1.
package main

import (
	"io"
	"os"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/internal/supervise"
	"github.com/gonstools/gonstools/internal/unshare"
)

func init() { rawexec.LockMain() }

func main() {
	os.Exit(cli.Main("gounshare", os.Stdout, os.Stderr, func(stdout io.Writer) error {
		return run(os.Args[1:], stdout)
	}))
}

func run(args []string, stdout io.Writer) error {
	res, done, perr := unshare.Spec().ParseArgs(args, stdout)
	if done {
		return nil
	}
	// Options before a mistake act first, as in util-linux's getopt loop.
	o, err := unshare.FromArgs(res)
	if err != nil {
		return err
	}
	if perr != nil {
		return perr
	}
	c, err := o.Config(os.Environ())
	if err != nil {
		return err
	}
	mode := supervise.Fork
	if o.Transparent() {
		mode = supervise.Transparent
	}
	return supervise.Run(c, unshare.Words, mode, o.Forward()...)
}
