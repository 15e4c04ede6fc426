// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// installCopies measures installed copies of the Go programs: it copies
// the tools of cfg.bin into dir/bin (and points cfg.bin there) and
// rewrites each reference program of cfg.refs, the way install(1) and
// package managers write a binary, with write(2).
//
// A binary fresh from the Go linker, which writes its output through a
// memory mapping, stays in the page cache in single pages until the cache
// drops it; a file written with write(2), or read from disk as util-linux's
// programs are, is cached in large folios, and each page fault at start-up
// then maps more of it. The two start at measurably different speeds (6–8%
// for a 2 MB tool here, and more the larger the binary), which would show
// in every ratio against util-linux or between programs of different
// sizes: copies put ours, the reference programs and util-linux's in the
// same state, the one a user's installed binaries are in.
func installCopies(cfg *config, dir string) error {
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		return err
	}
	tools, err := os.ReadDir(cfg.bin)
	if err != nil {
		return err
	}
	for _, e := range tools {
		if e.Type().IsRegular() {
			if err := copyFile(filepath.Join(bin, e.Name()), filepath.Join(cfg.bin, e.Name())); err != nil {
				return err
			}
		}
	}
	refs, err := os.ReadDir(cfg.refs)
	if err != nil {
		return err
	}
	for _, e := range refs {
		p := filepath.Join(cfg.refs, e.Name())
		if !e.Type().IsRegular() {
			continue
		}
		if err := copyFile(p+".copy", p); err != nil {
			return err
		}
		if err := os.Rename(p+".copy", p); err != nil {
			return err
		}
	}
	cfg.bin = bin
	return nil
}

// copyFile writes a new executable file dst with src's contents.
func copyFile(dst, src string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.WriteFile(dst, b, 0o755); err != nil {
		return fmt.Errorf("copying %s: %v", src, err)
	}
	return nil
}
