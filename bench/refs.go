// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// buildRefs builds the reference programs of bench/ref into cfg.refs, the
// way the Makefile builds the tools (static, -trimpath, -s -w) but without
// the tools' entry hook: minimal Go programs, each doing a tool's bare
// work and nothing else (no option parsing, no messages, no care for
// corner cases), so that the table shows how much of a tool's time is the
// Go runtime's and how much its own. Each says in its doc comment what it
// does.
func buildRefs(cfg *config) error {
	root, err := moduleRoot(cfg.goTool)
	if err != nil {
		return err
	}
	cmd := exec.Command(cfg.goTool, "build", "-trimpath", "-ldflags=-s -w", "-o", cfg.refs+"/", "./bench/ref/...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, out)
	}
	if p := spawnerPath(cfg); p != "" {
		cmd := exec.Command(cfg.goTool, "build", "-trimpath", "-ldflags=-s -w -E=main.entry", "-o", p, "./bench/spawner")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%v\n%s", err, out)
		}
	}
	return nil
}

// moduleRoot is the directory of the module's go.mod.
func moduleRoot(goTool string) (string, error) {
	out, err := exec.Command(goTool, "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("cannot find the module (go env GOMOD: %q, %v): run the bench from the source tree", gomod, err)
	}
	return filepath.Dir(gomod), nil
}
