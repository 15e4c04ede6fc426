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
// directory, as a packager would.
func TestInstall(t *testing.T) {
	nstest.Tool(t, "make")
	dest := t.TempDir()
	make := func(target string) {
		t.Helper()
		cmd := exec.Command("make", "-C", "..", target, "PREFIX=/opt/gons", "DESTDIR="+dest)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("make %s: %v\n%s", target, err, out)
		}
	}
	make("install")
	for _, tool := range tools {
		for _, f := range []struct {
			path string
			mode os.FileMode
		}{
			{filepath.Join(dest, "opt/gons/bin", tool), 0o755},
			{filepath.Join(dest, "opt/gons/share/man/man1", tool+".1"), 0o644},
		} {
			st, err := os.Stat(f.path)
			if err != nil {
				t.Errorf("not installed: %v", err)
				continue
			}
			if st.Mode().Perm() != f.mode {
				t.Errorf("%s: mode %v, want %v", f.path, st.Mode().Perm(), f.mode)
			}
		}
	}
	make("uninstall")
	filepath.Walk(dest, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			t.Errorf("left after uninstall: %s", path)
		}
		return nil
	})
}
