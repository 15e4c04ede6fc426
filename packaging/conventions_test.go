// SPDX-License-Identifier: Apache-2.0

//go:build linux

package packaging

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/nstest"
)

// TestSPDX: every Go, assembly and shell file starts with the licence's
// SPDX line (after a shell's #! line), before any build constraint.
func TestSPDX(t *testing.T) {
	out, err := exec.Command("git", "-C", "..", "ls-files", "--cached", "--others", "--exclude-standard").Output()
	nstest.Require(t, err == nil, "not a git checkout")
	const spdx = "SPDX-License-Identifier: Apache-2.0"
	n := 0
	for _, f := range strings.Fields(string(out)) {
		b, err := os.ReadFile("../" + f)
		if err != nil {
			continue // deleted in the work tree
		}
		text := string(b)
		var want string
		switch {
		case strings.HasSuffix(f, ".go"), strings.HasSuffix(f, ".s"):
			want = "// " + spdx + "\n"
		case strings.HasSuffix(f, ".sh"), f == ".ci/run":
			first, rest, _ := strings.Cut(text, "\n")
			if !strings.HasPrefix(first, "#!") {
				t.Errorf("%s: no #! line", f)
				continue
			}
			text, want = rest, "# "+spdx+"\n"
		default:
			continue
		}
		n++
		if !strings.HasPrefix(text, want) {
			t.Errorf("%s does not start with %q", f, strings.TrimSpace(want))
		}
	}
	if n < 100 {
		t.Errorf("only %d source files checked", n)
	}
}

// TestVersionScript: scripts/version.sh gives git describe's version
// (Release before the first tag), which the Makefile stamps into -V.
func TestVersionScript(t *testing.T) {
	v, err := exec.Command("../scripts/version.sh").Output()
	if err != nil {
		t.Fatal(err)
	}
	version := strings.TrimSpace(string(v))
	if !regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$`).MatchString(version) {
		t.Errorf("version.sh printed %q", version)
	}
	pkg, err := exec.Command("../scripts/version.sh", "--package").Output()
	if err != nil || strings.Count(string(pkg), "-") > strings.Count(version, "-") {
		t.Errorf("version.sh --package printed %q (%v) for %q", pkg, err, version)
	}
	if _, err := exec.Command("git", "-C", "..", "describe", "--tags", "--match", "v[0-9]*").Output(); err != nil &&
		!strings.HasPrefix(version, cli.Release+"-dev+g") && version != cli.Release {
		t.Errorf("before the first tag, version.sh printed %q, want %s-dev+gHASH", version, cli.Release)
	}
	// CHANGELOG.md's newest release is Release.
	b, err := os.ReadFile("../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?m)^## \[([^\]]+)\]`).FindStringSubmatch(string(b)); m == nil || m[1] != cli.Release {
		t.Errorf("CHANGELOG.md's first release is %q, want %s", m, cli.Release)
	}
}

// TestStampedVersion: the binaries that make build made print the
// stamped version.
func TestStampedVersion(t *testing.T) {
	v, err := exec.Command("../scripts/version.sh").Output()
	if err != nil {
		t.Fatal(err)
	}
	r := nstest.Run(t, nil, "", nstest.Binary(t, "golsns"), "-V")
	if os.Getenv("NSTEST_BIN_DIR") == "" {
		t.Skip("the binaries were not built by make")
	}
	if want := "golsns from gonstools " + strings.TrimSpace(string(v)) + "\n"; r.Stdout != want {
		t.Errorf("golsns -V: %q, want %q (run make build?)", r.Stdout, want)
	}
}

// TestDepsScript: without root, deps.sh installs nothing and names what is
// missing with its Debian package; with everything there it says nothing.
func TestDepsScript(t *testing.T) {
	bash := nstest.Tool(t, "bash")
	// A PATH with the shell's basics only: tmux and the rest are missing.
	dir := t.TempDir()
	for _, c := range []string{"bash", "id", "dirname", "grep", "cat"} {
		p, err := exec.LookPath(c)
		if err != nil {
			t.Fatal(err)
		}
		os.Symlink(p, dir+"/"+c)
	}
	// An id that says "not root".
	os.Remove(dir + "/id")
	os.WriteFile(dir+"/id", []byte("#!"+bash+"\necho 1000\n"), 0o755)
	cmd := exec.Command(bash, "../scripts/deps.sh", "demo")
	cmd.Env = []string{"PATH=" + dir}
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "tmux") || !strings.Contains(string(out), "(Debian package: tmux)") {
		t.Errorf("deps.sh demo without tmux, not root: %v\n%s", err, out)
	}
	if os.Getenv("CI") == "true" {
		// CI installed everything: nothing to say.
		cmd := exec.Command("../scripts/deps.sh", "ci")
		if out, err := cmd.CombinedOutput(); err != nil || len(out) != 0 {
			t.Errorf("deps.sh ci after .ci/run: %v\n%s", err, out)
		}
	}
}
