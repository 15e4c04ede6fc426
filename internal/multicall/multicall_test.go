// SPDX-License-Identifier: Apache-2.0

//go:build linux

package multicall

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) { nstest.Main(m) }

// links makes a directory of links to the multi-call binary, one for every
// tool's name and util-linux's, and returns it.
func links(t *testing.T) string {
	t.Helper()
	bin := nstest.Binary(t, Name)
	dir := t.TempDir()
	for _, tool := range Tools {
		for _, name := range []string{tool.Name, tool.Alias} {
			if err := os.Symlink(bin, filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// TestSummaryNamesEveryTool: the help names each tool and its alias.
func TestSummaryNamesEveryTool(t *testing.T) {
	text := strings.Join(strings.Fields(summary), " ")
	for _, tool := range Tools {
		for _, name := range []string{tool.Name, tool.Alias} {
			if !regexp.MustCompile(`\b` + name + `\b`).MatchString(text) {
				t.Errorf("the summary does not name %s: %q", name, summary)
			}
		}
	}
}

// TestSameAsSeparateBinary: under a tool's own name, the multi-call binary
// answers exactly as the tool's own binary (help, version, a usage error, a
// listing of a fresh IPC namespace); as gonstools TOOL too.
func TestSameAsSeparateBinary(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC) {
		return
	}
	dir := links(t)
	multi := nstest.Binary(t, Name)
	for _, tool := range Tools {
		for _, args := range [][]string{{"--help"}, {"-V"}, {"--bogus"}, {"-Z", "x"}, {"-q"}} {
			want := nstest.Run(t, nil, "", append([]string{nstest.Binary(t, tool.Name)}, args...)...)
			for _, argv := range [][]string{
				append([]string{filepath.Join(dir, tool.Name)}, args...),
				append([]string{multi, tool.Name}, args...),
			} {
				if got := nstest.Run(t, nil, "", argv...); got != want {
					t.Errorf("%q:\n got %v\nwant %v (the separate %s)", argv, got, want, tool.Name)
				}
			}
		}
	}
}

// TestInvokedName: under util-linux's name (a link, or gonstools NAME), a
// tool's messages, usage lines and -V use that name, as busybox does;
// "For more details" still points at the tool's own page.
func TestInvokedName(t *testing.T) {
	dir := links(t)
	multi := nstest.Binary(t, Name)
	for _, tool := range Tools {
		for _, argv := range [][]string{{filepath.Join(dir, tool.Alias)}, {multi, tool.Alias}} {
			name := tool.Alias
			r := nstest.Run(t, nil, "", append(argv, "--bogus")...)
			if want := name + ": unrecognized option '--bogus'\nTry '" + name + " --help' for more information.\n"; r.Code != 1 || r.Stderr != want {
				t.Errorf("%q --bogus: %v, want status 1 and %q", argv, r, want)
			}
			r = nstest.Run(t, nil, "", append(argv, "-V")...)
			if !strings.HasPrefix(r.Stdout, name+" from gonstools ") || r.Code != 0 {
				t.Errorf("%q -V: %v", argv, r)
			}
			r = nstest.Run(t, nil, "", append(argv, "--help")...)
			if !strings.Contains(r.Stdout, "\nUsage:\n "+name+" ") || !strings.HasSuffix(r.Stdout, "see "+tool.Name+"(1).\n") || r.Code != 0 {
				t.Errorf("%q --help: %v", argv, r)
			}
		}
	}
	// A message that the tool's own code prints, not the option parser.
	r := nstest.Run(t, nil, "", filepath.Join(dir, "ipcrm"), "-q", "abc")
	if r.Code != 1 || !strings.HasPrefix(r.Stderr, "ipcrm: ") {
		t.Errorf("ipcrm -q abc: %v", r)
	}
}

// TestOwnCommandLine: gonstools alone, with its options, or with a name
// that is no tool.
func TestOwnCommandLine(t *testing.T) {
	multi := nstest.Binary(t, Name)
	var list strings.Builder
	for _, tool := range Tools {
		list.WriteString(tool.Name + "\n")
	}
	for _, tool := range Tools {
		list.WriteString(tool.Alias + "\n")
	}
	hint := "Try 'gonstools --help' for more information.\n"
	for _, c := range []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{nil, 1, "", "gonstools: no tool given\n" + hint},
		{[]string{"ls"}, 1, "", "gonstools: unknown tool: 'ls'\n" + hint},
		{[]string{"--bogus"}, 1, "", "gonstools: unrecognized option '--bogus'\n" + hint},
		{[]string{"--list"}, 0, list.String(), ""},
		{[]string{"-l", "gounshare"}, 0, list.String(), ""},
	} {
		r := nstest.Run(t, nil, "", append([]string{multi}, c.args...)...)
		if r.Code != c.code || r.Stdout != c.stdout || r.Stderr != c.stderr {
			t.Errorf("gonstools %q: %v, want status %d, stdout %q, stderr %q", c.args, r, c.code, c.stdout, c.stderr)
		}
	}
	r := nstest.Run(t, nil, "", multi, "--help")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "\nUsage:\n gonstools [options]\n gonstools <tool> [<argument>...]\n") {
		t.Errorf("gonstools --help: %v", r)
	}
	r = nstest.Run(t, nil, "", multi, "-V")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "gonstools from gonstools ") {
		t.Errorf("gonstools -V: %v", r)
	}
	// A link with a name that is no tool is gonstools itself.
	other := filepath.Join(t.TempDir(), "gonstools-0.1")
	if err := os.Symlink(multi, other); err != nil {
		t.Fatal(err)
	}
	if r := nstest.Run(t, nil, "", other, "ipcs", "-V"); r.Code != 0 || !strings.HasPrefix(r.Stdout, "ipcs from gonstools ") {
		t.Errorf("gonstools-0.1 ipcs -V: %v", r)
	}
}

// TestNoInitForOtherTools: the packages of the project build nothing when
// the process starts (GODEBUG=inittrace=1 lists what each package's
// initialisation allocated), so that the multi-call binary running one
// tool never pays for building another's tables. A table, map or closure
// set up at init (hundreds of bytes, tens of allocations) fails this; a
// sentinel error or two (16 bytes each) does not. (Today none of them has
// code at init at all: every init function is a page of text that the
// multi-call binary would fault in for nothing.)
func TestNoInitForOtherTools(t *testing.T) {
	multi := nstest.Binary(t, Name)
	env := append(os.Environ(), "GODEBUG=inittrace=1")
	r := nstest.Run(t, env, "", multi, "goipcs", "-V")
	if r.Code != 0 {
		t.Fatalf("gonstools goipcs -V: %v", r)
	}
	// init github.com/gonstools/gonstools/internal/lsns @0.71 ms, 0.003 ms clock, 16 bytes, 1 allocs
	line := regexp.MustCompile(`(?m)^init (github\.com/gonstools/\S+) @.*, (\d+) bytes, (\d+) allocs$`)
	matches := line.FindAllStringSubmatch(r.Stderr, -1)
	if !regexp.MustCompile(`(?m)^init runtime @.*, \d+ bytes, \d+ allocs$`).MatchString(r.Stderr) {
		t.Fatalf("inittrace does not list the runtime; has its format changed?\n%s", r.Stderr)
	}
	total := 0
	for _, m := range matches {
		bytes, _ := strconv.Atoi(m[2])
		total += bytes
		if allocs, _ := strconv.Atoi(m[3]); allocs > 2 {
			t.Errorf("package %s allocates %s bytes in %d allocations at start-up: make its tables lazy (cli.Lazy) or static", m[1], m[2], allocs)
		}
	}
	if total > 256 {
		t.Errorf("the project's packages allocate %d bytes at start-up, want at most 256", total)
	}
	// Nor does the standard library build much for them: regexp (with
	// regexp/syntax's tables and unicode's category maps, 14 KB) is not
	// linked at all, and everything initialised allocates what a single
	// tool's does (2.3 KB, mostly the runtime's and os's).
	all := regexp.MustCompile(`(?m)^init (\S+) @.*, (\d+) bytes, \d+ allocs$`).FindAllStringSubmatch(r.Stderr, -1)
	total = 0
	for _, m := range all {
		if strings.HasPrefix(m[1], "regexp") {
			t.Errorf("%s is initialised at start-up: the filter's matcher (internal/scols) must not use it", m[1])
		}
		bytes, _ := strconv.Atoi(m[2])
		total += bytes
	}
	if total > 4096 {
		t.Errorf("initialisation allocates %d bytes at start-up, want at most 4096:\n%s", total, r.Stderr)
	}
}
