// SPDX-License-Identifier: Apache-2.0

//go:build linux

package man

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// TestInstall runs make install and make uninstall into a staging
// directory, as a packager would: the six binaries (or, with MULTICALL=1,
// gonstools and links), man pages, completions for bash, zsh and fish, and
// the licence; and uninstall removes exactly that, never a program of
// util-linux's name that is not a link to gonstools.
func TestInstall(t *testing.T) {
	nstest.Tool(t, "make")
	tools := []string{"gounshare", "gonsenter", "goipcs", "goipcmk", "goipcrm", "golsns"}
	aliases := []string{"unshare", "nsenter", "ipcs", "ipcmk", "ipcrm", "lsns"}
	for _, multicall := range []bool{false, true} {
		dest := t.TempDir()
		make := func(target string, vars ...string) {
			t.Helper()
			cmd := exec.Command("make", append([]string{"-C", "..", target, "PREFIX=/opt/gons", "DESTDIR=" + dest}, vars...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("make %s %q: %v\n%s", target, vars, err, out)
			}
		}
		var vars []string
		if multicall {
			vars = []string{"MULTICALL=1", "ALIASES=1"}
		}
		root := filepath.Join(dest, "opt/gons")
		// A program of util-linux's name that is not ours: never removed.
		foreign := filepath.Join(root, "bin/ipcrm")
		if !multicall {
			os.MkdirAll(filepath.Dir(foreign), 0o755)
			os.WriteFile(foreign, []byte("#!/bin/sh\n"), 0o755)
		}
		make("install", vars...)
		files := []struct {
			path string
			mode os.FileMode
		}{
			{"share/doc/gonstools/LICENSE", 0o644},
			{"share/doc/gonstools/NOTICE", 0o644},
			{"share/man/man1/gonstools.1", 0o644},
			{"share/bash-completion/completions/gonstools", 0o644},
		}
		for _, tool := range tools {
			files = append(files, []struct {
				path string
				mode os.FileMode
			}{
				{"share/man/man1/" + tool + ".1", 0o644},
				{"share/bash-completion/completions/" + tool, 0o644},
				{"share/zsh/site-functions/_" + tool, 0o644},
				{"share/fish/vendor_completions.d/" + tool + ".fish", 0o644},
			}...)
			if !multicall {
				files = append(files, struct {
					path string
					mode os.FileMode
				}{"bin/" + tool, 0o755})
			}
		}
		for _, f := range files {
			st, err := os.Stat(filepath.Join(root, f.path))
			if err != nil {
				t.Errorf("not installed: %v", err)
				continue
			}
			if st.Mode().Perm() != f.mode {
				t.Errorf("%s: mode %v, want %v", f.path, st.Mode().Perm(), f.mode)
			}
		}
		if multicall {
			for _, name := range append(tools, aliases...) {
				if l, err := os.Readlink(filepath.Join(root, "bin", name)); err != nil || l != "gonstools" {
					t.Errorf("bin/%s: a link to %q (%v), want gonstools", name, l, err)
				}
			}
			if r := nstest.Run(t, nil, "", filepath.Join(root, "bin/lsns"), "-V"); r.Code != 0 || r.Stdout[:len("lsns from gonstools")] != "lsns from gonstools" {
				t.Errorf("installed lsns -V: %v", r)
			}
		}
		make("uninstall")
		filepath.Walk(dest, func(path string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() && path != foreign {
				t.Errorf("left after uninstall: %s", path)
			}
			return nil
		})
		if _, err := os.Stat(foreign); !multicall && err != nil {
			t.Errorf("uninstall removed a program that is not ours: %v", err)
		}
	}
}
