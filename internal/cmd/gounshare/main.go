// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package gounshare is the gounshare command, which runs a program with some namespaces unshared from the
// parent, as util-linux unshare(1) does. See man/gounshare.1.
package gounshare

import (
	"io"
	"os"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/internal/startup"
	"github.com/gonstools/gonstools/internal/supervise"
	"github.com/gonstools/gonstools/internal/unshare"
)

// Main runs the command with its arguments (without the program name)
// and returns its exit status.
func Main(args []string) int {
	// The namespace steps run on the main thread, which execve(2) keeps
	// (see rawexec.LockMain).
	rawexec.LockMain()
	return cli.Main("gounshare", os.Stdout, os.Stderr, func(stdout io.Writer) error {
		return run(args, stdout)
	})
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
	// The program gets our environment as the kernel gave it, as with
	// util-linux (startup.Environ: without a copy into a lookup map).
	c, err := o.Config(startup.Environ())
	if err != nil {
		return err
	}
	mode := supervise.Fork
	if o.Transparent() {
		mode = supervise.Transparent
	}
	return supervise.Run(c, unshare.Words, mode, o.Forward()...)
}
