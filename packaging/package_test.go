// SPDX-License-Identifier: Apache-2.0

//go:build linux

package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

func TestMain(m *testing.M) { nstest.Main(m) }

var tools = []string{"gounshare", "gonsenter", "goipcs", "goipcmk", "goipcrm", "golsns"}

func run(t *testing.T, dir string, env []string, argv ...string) string {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%q: %v\n%s", argv, err, out)
	}
	return string(out)
}

// TestDebPackage builds the packages, checks the .deb with lintian,
// installs it with dpkg into a throwaway root, runs every tool from there
// (and the demo's two-shell walkthrough with them), and removes it again,
// leaving nothing behind. The .rpm and .apk are read back.
func TestDebPackage(t *testing.T) {
	nstest.RequireRoot(t)
	dpkg := nstest.Tool(t, "dpkg")
	lintian := nstest.Tool(t, "lintian")
	nstest.Tool(t, "make")
	dist := t.TempDir()
	// A copy of the checkout, so that dist/ of the working tree is left
	// alone: the files git knows, as they are now.
	src := filepath.Join(dist, "src")
	run(t, "..", nil, "sh", "-c", `mkdir -p "$1" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$1"`, "sh", src)
	run(t, src, nil, "make", "package", "PKG_ARCHES=amd64", "PKG_VERSION=0.1.0+test", "VERSION=0.1.0-test")
	debs, _ := filepath.Glob(filepath.Join(src, "dist/gonstools_*_amd64.deb"))
	if len(debs) != 1 {
		t.Fatalf("make package made %q", debs)
	}
	deb := debs[0]
	if !strings.HasSuffix(deb, "gonstools_0.1.0+test-1_amd64.deb") {
		t.Errorf("package name %s does not carry the version", deb)
	}

	// lintian: no error and no warning (the static binaries are
	// overridden, on purpose).
	out, _ := exec.Command(lintian, "--tag-display-limit", "0", deb).CombinedOutput()
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "E:") || strings.HasPrefix(l, "W:") {
			t.Errorf("lintian: %s", l)
		}
	}

	// A throwaway root with an empty dpkg database.
	root := filepath.Join(dist, "root")
	for _, d := range []string{"var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	os.WriteFile(filepath.Join(root, "var/lib/dpkg/status"), nil, 0o644)
	os.WriteFile(filepath.Join(root, "var/lib/dpkg/available"), nil, 0o644)
	dpkgIn := func(args ...string) string {
		return run(t, "", nil, append([]string{dpkg, "--root=" + root, "--force-script-chrootless", "--force-bad-path"}, args...)...)
	}
	dpkgIn("-i", deb)
	files := dpkgIn("-L", "gonstools")
	for _, want := range []string{"/usr/share/doc/gonstools/copyright", "/usr/share/man/man1/golsns.1.gz",
		"/usr/share/bash-completion/completions/gonsenter", "/usr/share/zsh/vendor-completions/_goipcs",
		"/usr/share/fish/vendor_completions.d/goipcrm.fish"} {
		if !strings.Contains(files, want+"\n") {
			t.Errorf("the package lacks %s:\n%s", want, files)
		}
	}
	bin := filepath.Join(root, "usr/bin")
	for _, tool := range tools {
		r := nstest.Run(t, nil, "", filepath.Join(bin, tool), "-V")
		if r.Code != 0 || !strings.HasPrefix(r.Stdout, tool+" from gonstools 0.1.0-test") {
			t.Errorf("installed %s -V: %v", tool, r)
		}
		r = nstest.Run(t, nil, "", filepath.Join(bin, tool), "--help")
		if r.Code != 0 || !strings.Contains(r.Stdout, "For more details see "+tool+"(1).") {
			t.Errorf("installed %s --help: %v", tool, r)
		}
	}
	// The walkthrough, with the installed tools only.
	nstest.Tool(t, "tmux")
	cmd := exec.Command("../scripts/demo.sh")
	cmd.Env = append(os.Environ(), "GONSTOOLS_BIN="+bin)
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "demo: PASSED") {
		t.Errorf("demo with the installed tools: %v\n%s", err, out)
	}

	dpkgIn("--purge", "gonstools")
	filepath.Walk(filepath.Join(root, "usr"), func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			t.Errorf("left after dpkg --purge: %s", path)
		}
		return nil
	})

	// The other formats hold the same files.
	if rpm, err := exec.LookPath("rpm"); err == nil {
		rpms, _ := filepath.Glob(filepath.Join(src, "dist/gonstools-*.x86_64.rpm"))
		if len(rpms) != 1 {
			t.Fatalf("make package made the rpms %q", rpms)
		}
		list := run(t, "", nil, rpm, "-qpl", rpms[0])
		for _, tool := range tools {
			if !strings.Contains(list, "/usr/bin/"+tool+"\n") {
				t.Errorf("the rpm lacks /usr/bin/%s", tool)
			}
		}
	} else {
		nstest.Require(t, false, "rpm is not installed")
	}
	apks, _ := filepath.Glob(filepath.Join(src, "dist/gonstools_*_x86_64.apk"))
	if len(apks) != 1 {
		t.Fatalf("make package made the apks %q", apks)
	}
	// An .apk is gzipped tar streams: signature, control, data.
	list := run(t, "", nil, "sh", "-c", `gzip -dc "$1" | tar -tf - --ignore-zeros`, "sh", apks[0])
	for _, want := range []string{".PKGINFO", "usr/bin/golsns", "usr/share/licenses/gonstools/LICENSE"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want) + `$`).MatchString(list) {
			t.Errorf("the apk lacks %s:\n%s", want, list)
		}
	}
}
