// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package gonsenter is the gonsenter command, which runs a program in the namespaces of another process,
// or of namespace files, as util-linux nsenter(1) does. See package nsenter
// for how it works and where it differs from util-linux.
package gonsenter

import (
	"io"
	"os"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/nsenter"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/internal/startup"
	"github.com/gonstools/gonstools/internal/supervise"
)

// Main runs the command with its arguments (without the program name)
// and returns its exit status.
func Main(args []string) int {
	// The namespace steps run on the main thread, which execve(2) keeps
	// (see rawexec.LockMain).
	rawexec.LockMain()
	return cli.Main("gonsenter", os.Stdout, os.Stderr, func(stdout io.Writer) error {
		return run(args, stdout)
	})
}

func run(args []string, stdout io.Writer) error {
	res, done, perr := nsenter.Spec().ParseArgs(args, stdout)
	if done {
		return nil
	}
	// Options before a mistake act first, as in util-linux's getopt loop:
	// "-t abc -x" complains about the PID.
	o, err := nsenter.FromArgs(res)
	if err != nil {
		return err
	}
	if perr != nil {
		return perr
	}
	// The program gets our environment as the kernel gave it, as with
	// util-linux (startup.Environ: without a copy into a lookup map).
	plan, err := nsenter.Prepare(o, startup.Environ())
	if err != nil {
		return err
	}
	defer plan.Close()
	if err := plan.JoinCgroup(); err != nil {
		return err
	}
	return supervise.Run(&plan.Config, plan.Words, supervise.Transparent)
}
