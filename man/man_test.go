//go:build linux

package man

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/nstest"
)

func TestMain(m *testing.M) { nstest.Main(m) }

var tools = []string{"gounshare", "gonsenter", "goipcs", "goipcmk", "goipcrm", "golsns"}

// sections every page has, in this order.
var sections = []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "NOTES", "EXAMPLES", "SEE ALSO"}

// optional are sections a page may have, each after the one named
// (man-pages(7)'s order).
var optional = map[string]string{"ENVIRONMENT": "EXIT STATUS"}

func readPage(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGeneratedPagesAreFresh: man/TOOL.1 is what go-md2man makes of
// man/TOOL.1.md today.
func TestGeneratedPagesAreFresh(t *testing.T) {
	for _, tool := range tools {
		t.Run(tool, func(t *testing.T) {
			md, err := filepath.Abs(tool + ".1.md")
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(goTool(t), "tool", "go-md2man", "-in", md)
			cmd.Dir = ".." // the module root, where go.mod pins the tool
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			want, err := cmd.Output()
			if err != nil {
				t.Fatalf("go tool go-md2man -in %s: %v\n%s", md, err, stderr.Bytes())
			}
			if warn := goToolNoise(stderr.String()); warn != "" {
				t.Errorf("go-md2man warns about %s.1.md:\n%s", tool, warn)
			}
			if got := readPage(t, tool+".1"); !bytes.Equal(got, want) {
				t.Errorf("man/%s.1 is stale: run 'make man' and commit it", tool)
			}
		})
	}
}

// goToolNoise drops the go command's own "go: downloading ..." lines (a
// cold module cache) from what go-md2man printed.
func goToolNoise(stderr string) string {
	var keep []string
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if !strings.HasPrefix(line, "go: downloading ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "")
}

// goTool is the go command, from PATH.
func goTool(t *testing.T) string { return nstest.Tool(t, "go") }

// TestGroffWarnsNothing formats every page with all warnings on.
func TestGroffWarnsNothing(t *testing.T) {
	nstest.Tool(t, "groff")
	for _, tool := range tools {
		t.Run(tool, func(t *testing.T) {
			for _, dev := range []string{"utf8", "ps"} {
				cmd := exec.Command("groff", "-t", "-man", "-T"+dev, "-ww", "-z", tool+".1")
				out, err := cmd.CombinedOutput()
				if err != nil || len(out) != 0 {
					t.Errorf("groff -t -man -T%s -ww -z %s.1: %v\n%s", dev, tool, err, out)
				}
			}
		})
	}
}

// TestPageLayout checks the title block and the sections.
func TestPageLayout(t *testing.T) {
	for _, tool := range tools {
		t.Run(tool, func(t *testing.T) {
			md := string(readPage(t, tool+".1.md"))
			title := fmt.Sprintf("%% %s 1 ", strings.ToUpper(tool))
			if !strings.HasPrefix(md, title) {
				t.Errorf("%s.1.md does not start with the title block %q", tool, title)
			}
			first, _, _ := strings.Cut(md, "\n")
			if version := `"gonstools ` + cli.Version + `"`; !strings.Contains(first, version) {
				t.Errorf("the title block of %s.1.md does not name the version %s: %s", tool, version, first)
			}
			names, bodies := parseSections(md)
			for opt, after := range optional {
				if i := slices.Index(names, opt); i > 0 && names[i-1] == after {
					names = slices.Delete(names, i, i+1)
				}
			}
			if !slices.Equal(names, sections) {
				t.Errorf("sections of %s.1.md:\n got %q\nwant %q", tool, names, sections)
			}
			if !strings.HasPrefix(bodies["NAME"], tool+" - ") {
				t.Errorf("the NAME section of %s.1.md is not %q", tool, tool+" - description")
			}
			if !strings.Contains(bodies["SEE ALSO"], "**") {
				t.Errorf("%s.1.md: SEE ALSO names no page", tool)
			}
		})
	}
}

// parseSections splits a page at its "# NAME" headings, ignoring lines of
// fenced code blocks (where "# " is a root prompt). It returns the headings
// in order and the body of each.
func parseSections(md string) (names []string, bodies map[string]string) {
	bodies = map[string]string{}
	var cur string
	fenced := false
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "```") {
			fenced = !fenced
		}
		if h, ok := strings.CutPrefix(l, "# "); ok && !fenced {
			cur = h
			names = append(names, h)
			continue
		}
		if cur != "" {
			bodies[cur] += l + "\n"
		}
	}
	for k, v := range bodies {
		bodies[k] = strings.TrimLeft(v, "\n")
	}
	return names, bodies
}

// An option as written in --help or in a page: "-i/--ipc", "-/--keep-caps",
// "-a/".
type option struct{ short, long string }

func (o option) String() string {
	switch {
	case o.short == "":
		return "--" + o.long
	case o.long == "":
		return "-" + o.short
	}
	return "-" + o.short + ", --" + o.long
}

var (
	// help lines: " -m, --mount[=<file>]  ...", "     --keep-caps ..."
	// (" --keep-caps ..." in unshare's layout), " -a  ..."
	helpShortLong = regexp.MustCompile(`^ -(\S), --([a-z0-9][a-z0-9-]*)`)
	helpLong      = regexp.MustCompile(`^ (?: {4})?--([a-z0-9][a-z0-9-]*)`)
	helpShort     = regexp.MustCompile(`^ -(\S)(?:\s|\[|$)`)
	// page terms: "**-m**, **--mount**[**=***file*]", "**--keep-caps**"
	termShort = regexp.MustCompile(`\*\*-([^-*])\*\*`)
	termLong  = regexp.MustCompile(`\*\*--([a-z0-9][a-z0-9-]*)\*\*`)
)

// helpOptions lists the options that TOOL --help prints.
func helpOptions(t *testing.T, tool string) []option {
	t.Helper()
	out, err := exec.Command(nstest.Binary(t, tool), "--help").Output()
	if err != nil {
		t.Fatalf("%s --help: %v", tool, err)
	}
	var opts []option
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		l := sc.Text()
		switch {
		case helpShortLong.MatchString(l):
			m := helpShortLong.FindStringSubmatch(l)
			opts = append(opts, option{m[1], m[2]})
		case helpLong.MatchString(l):
			opts = append(opts, option{"", helpLong.FindStringSubmatch(l)[1]})
		case helpShort.MatchString(l):
			opts = append(opts, option{helpShort.FindStringSubmatch(l)[1], ""})
		}
	}
	if len(opts) < 3 { // every tool has at least -h, -V and one of its own
		t.Fatalf("%s --help lists %d options; is the parser of this test out of date?\n%s", tool, len(opts), out)
	}
	return opts
}

// pageOptions lists the options that the OPTIONS section of TOOL.1.md
// documents: its definition terms, the lines that start with "**-" and are
// followed by a ":   " definition.
func pageOptions(t *testing.T, tool string) []option {
	t.Helper()
	var opts []option
	_, bodies := parseSections(string(readPage(t, tool+".1.md")))
	lines := strings.Split(bodies["OPTIONS"], "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "**-") || i+1 == len(lines) || !strings.HasPrefix(lines[i+1], ":   ") {
			continue
		}
		var o option
		if m := termShort.FindStringSubmatch(l); m != nil {
			o.short = m[1]
		}
		if m := termLong.FindStringSubmatch(l); m != nil {
			o.long = m[1]
		}
		opts = append(opts, o)
	}
	return opts
}

// TestEveryOptionDocumented: the page's OPTIONS and the binary's --help
// list the same options, short and long names paired the same way.
func TestEveryOptionDocumented(t *testing.T) {
	for _, tool := range tools {
		t.Run(tool, func(t *testing.T) {
			help, page := helpOptions(t, tool), pageOptions(t, tool)
			for _, o := range help {
				if !slices.Contains(page, o) {
					t.Errorf("%s --help lists %s, but OPTIONS in %s.1.md does not document it", tool, o, tool)
				}
			}
			for _, o := range page {
				if !slices.Contains(help, o) {
					t.Errorf("%s.1.md documents %s, which %s --help does not list", tool, o, tool)
				}
			}
			md := string(readPage(t, tool+".1.md"))
			for _, o := range help {
				if o.long != "" && !strings.Contains(md, "**--"+o.long+"**") {
					t.Errorf("%s.1.md never mentions --%s", tool, o.long)
				}
			}
		})
	}
}
