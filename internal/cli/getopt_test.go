// SPDX-License-Identifier: Apache-2.0

//go:build linux

package cli

import (
	"bytes"
	"errors"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// testSpec mixes every argument mode, like nsenter's and unshare's tables.
func testSpec(inOrder bool) *Spec {
	return &Spec{
		Name:    "prog",
		InOrder: inOrder,
		Groups: []Group{{Options: []*Option{
			{Short: 'i', Long: "ipc", Arg: OptionalArgument, ArgName: "<file>"},
			{Short: 'u', Long: "uts", Arg: OptionalArgument, ArgName: "<file>"},
			{Short: 'f', Long: "fork"},
			{Short: 't', Long: "target", Arg: RequiredArgument, ArgName: "<pid>"},
			{Short: 'w', Long: "wd", Arg: OptionalArgument, ArgName: "<dir>"},
			{Long: "map-user", Arg: RequiredArgument},
			{Long: "map-users", Arg: RequiredArgument},
			{Long: "map-root-user"},
			{Short: 'S', Long: "setuid", Arg: RequiredArgument},
			{Short: 'n', Long: "net", Arg: OptionalArgument, ShortNoArg: true},
		}}, StdGroup()},
	}
}

// canonical renders a parse the way util-linux's getopt(1) prints one, so
// that the two can be compared word for word.
func canonical(r *Result) string {
	var b strings.Builder
	for _, o := range r.Options {
		b.WriteString(" " + o.Name())
		if o.Arg != NoArgument && (o.Long || !o.ShortNoArg) {
			b.WriteString(" '" + o.Value + "'")
		}
	}
	b.WriteString(" --")
	for _, a := range r.Args {
		b.WriteString(" '" + a + "'")
	}
	return b.String()
}

// getoptStrings builds getopt(1)'s -o and -l arguments from a spec.
func getoptStrings(s *Spec) (short, long string) {
	var sb strings.Builder
	var lb []string
	if s.InOrder {
		sb.WriteByte('+')
	}
	colons := map[ArgMode]string{NoArgument: "", RequiredArgument: ":", OptionalArgument: "::"}
	for _, g := range s.Groups {
		for _, o := range g.Options {
			if o.Short != 0 && o.ShortNoArg {
				sb.WriteByte(o.Short)
			} else if o.Short != 0 {
				sb.WriteString(string(o.Short) + colons[o.Arg])
			}
			if o.Long != "" {
				lb = append(lb, o.Long+colons[o.Arg])
			}
		}
	}
	return sb.String(), strings.Join(lb, ",")
}

var forms = []struct {
	args string
	want string // canonical form, or "error: message"
}{
	{"-iu ls -l", " -i 'u' -- 'ls' '-l'"},
	{"-i -u ls -l", " -i '' -u '' -- 'ls' '-l'"},
	{"-t 1234 -i ls", " -t '1234' -i '' -- 'ls'"},
	{"-t1234 -i ls", " -t '1234' -i '' -- 'ls'"},
	{"--target=1234 ls", " --target '1234' -- 'ls'"},
	{"--target 1234 ls", " --target '1234' -- 'ls'"},
	{"-ft 1234 ls", " -f -t '1234' -- 'ls'"},
	{"-ft1234 ls", " -f -t '1234' -- 'ls'"},
	{"-w/etc ls", " -w '/etc' -- 'ls'"},
	{"-w /etc ls", " -w '' -- '/etc' 'ls'"},
	{"--wd=/etc ls", " --wd '/etc' -- 'ls'"},
	{"--wd /etc ls", " --wd '' -- '/etc' 'ls'"},
	{"-w=/etc ls", " -w '=/etc' -- 'ls'"},
	{"--wd= ls", " --wd '' -- 'ls'"},
	{"-iu", " -i 'u' --"},
	{"-fiu", " -f -i 'u' --"},
	{"--ipc=/run/x -u", " --ipc '/run/x' -u '' --"},
	{"--fo ls", " --fork -- 'ls'"},
	{"--map-user=1 ls", " --map-user '1' -- 'ls'"},
	{"--map-root ls", " --map-root-user -- 'ls'"},
	{"--map-u 1", "error: option '--map-u' is ambiguous; possibilities: '--map-user' '--map-users'"},
	{"--map 1", "error: option '--map' is ambiguous; possibilities: '--map-user' '--map-users' '--map-root-user'"},
	{"--map-u=1", "error: option '--map-u=1' is ambiguous; possibilities: '--map-user' '--map-users'"},
	{"-x", "error: invalid option -- 'x'"},
	{"-fx", "error: invalid option -- 'x'"},
	{"--foo", "error: unrecognized option '--foo'"},
	{"--foo=bar", "error: unrecognized option '--foo=bar'"},
	{"-t", "error: option requires an argument -- 't'"},
	{"--target", "error: option '--target' requires an argument"},
	{"--fork=1", "error: option '--fork' doesn't allow an argument"},
	{"-f -- -i ls", " -f -- '-i' 'ls'"},
	{"-- ls", " -- 'ls'"},
	{"- ls", " -- '-' 'ls'"},
	{"-S0 true", " -S '0' -- 'true'"},
	{"-S 0 true", " -S '0' -- 'true'"},
	{"-t -i ls", " -t '-i' -- 'ls'"},
	{"ls -i", " -- 'ls' '-i'"},
	{"-h -x", " -h --"},
	{"-hx", " -h --"},
	{"-V", " -V --"},
	{"-nf ls", " -n -f -- 'ls'"},
	{"-fn ls", " -f -n -- 'ls'"},
	{"--net=/x -n ls", " --net '/x' -n -- 'ls'"},
	{"-nx", "error: invalid option -- 'x'"},
}

func TestParseForms(t *testing.T) {
	s := testSpec(true)
	for _, f := range forms {
		got := parseCanonical(s, strings.Fields(f.args))
		if got != f.want {
			t.Errorf("Parse(%q) = %q, want %q", f.args, got, f.want)
		}
	}
}

func parseCanonical(s *Spec, args []string) string {
	r, err := s.Parse(args)
	if err != nil {
		return "error: " + err.Error()
	}
	return canonical(r)
}

// TestParseMatchesGetopt checks every form, in order and permuting, against
// util-linux's getopt(1), which is glibc's getopt_long.
func TestParseMatchesGetopt(t *testing.T) {
	getopt := nstest.Tool(t, "getopt")
	permuted := []string{"a -i b", "a -t 1 b -- -c", "-f a --fork b -iu", "a -- -x"}
	for _, inOrder := range []bool{true, false} {
		s := testSpec(inOrder)
		short, long := getoptStrings(s)
		cases := permuted
		for _, f := range forms {
			cases = append(cases, f.args)
		}
		for _, c := range cases {
			args := strings.Fields(c)
			// getopt(1) stops at -h like any option; our parser stops
			// there on purpose (util-linux acts on it at once).
			if strings.HasPrefix(c, "-h") {
				continue
			}
			want := getoptCanonical(getopt, short, long, args)
			if got := parseCanonical(s, args); got != want {
				t.Errorf("inOrder=%v Parse(%q) = %q, getopt(1) says %q", inOrder, c, got, want)
			}
		}
	}
}

// getoptCanonical is getopt(1)'s reading of args: its output, or
// "error: " and its first complaint.
func getoptCanonical(getopt, short, long string, args []string) string {
	cmd := exec.Command(getopt, append([]string{"-n", "prog", "-o", short, "-l", long, "--"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if cmd.Run() != nil {
		first, _, _ := strings.Cut(errb.String(), "\n")
		return "error: " + strings.TrimPrefix(first, "prog: ")
	}
	return strings.TrimRight(out.String(), "\n")
}

// TestParseKeepsOptionsBeforeAMistake: util-linux acts on options as
// getopt returns them, so the options before a mistake come back with it.
func TestParseKeepsOptionsBeforeAMistake(t *testing.T) {
	for _, c := range []struct{ args, before string }{
		{"-t 1 -f -x", " -t '1' -f --"},
		{"-fx", " -f --"},
		{"--fork --bogus -i", " --fork --"},
		{"-i -t", " -i '' --"},
		{"-x", " --"},
	} {
		r, err := testSpec(true).Parse(strings.Fields(c.args))
		if err == nil || r == nil || canonical(r) != c.before {
			t.Errorf("Parse(%q) = %v, %v; want the options %q and an error", c.args, r, err, c.before)
		}
	}
}

// TestExactOptions: an option marked Exact takes no part in abbreviations.
func TestExactOptions(t *testing.T) {
	s := &Spec{Name: "prog", Groups: []Group{{Options: []*Option{
		{Short: 'p', Long: "pid"},
		{Long: "posix", Exact: true},
	}}}}
	for _, c := range []struct{ args, want string }{
		{"--p", " --pid --"},
		{"--po", "error: unrecognized option '--po'"},
		{"--posix", " --posix --"},
		{"--pid", " --pid --"},
	} {
		if got := parseCanonical(s, strings.Fields(c.args)); got != c.want {
			t.Errorf("Parse(%q) = %q, want %q", c.args, got, c.want)
		}
	}
}

func TestExplain(t *testing.T) {
	r, err := testSpec(true).Parse([]string{"-t", "1", "-iu", "--uts=x", "-wfoo"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range r.Options {
		got = append(got, o.Explain())
	}
	want := []string{"", "-iu was read as --ipc=u: -i takes its value attached; write the options separately", "",
		"-wfoo was read as --wd=foo: -w takes its value attached; write the options separately"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Explain = %q, want %q", got, want)
	}
}

func TestHelpLayout(t *testing.T) {
	s := &Spec{
		Name:    "prog",
		Usage:   []string{"[options] [<program> [<argument>...]]"},
		Summary: "Do things.",
		Groups: []Group{
			{Options: []*Option{
				{Short: 'm', Long: "mount", Arg: OptionalArgument, ArgName: "<file>", Help: "unshare mounts namespace"},
				{Long: "keep-caps", Help: "retain capabilities"},
				{Short: 'S', Long: "setuid", Arg: RequiredArgument, ArgName: "<uid>", Help: "set uid\nin namespace"},
			}},
			{Title: "Output options:", Options: []*Option{{Long: "a-very-long-option-name", Arg: RequiredArgument, ArgName: "<outer>,<inner>,<count>", Help: "map"}}},
			StdGroup(),
		},
		HelpWidth: 27,
	}
	var b bytes.Buffer
	s.WriteHelp(&b)
	want := `
Usage:
 prog [options] [<program> [<argument>...]]

Do things.

Options:
 -m, --mount[=<file>]      unshare mounts namespace
     --keep-caps           retain capabilities
 -S, --setuid <uid>        set uid
                           in namespace

Output options:
     --a-very-long-option-name <outer>,<inner>,<count>
                           map

 -h, --help                display this help
 -V, --version             display version

For more details see prog(1).
`
	if b.String() != want {
		t.Errorf("help:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestReport(t *testing.T) {
	cases := []struct {
		err  error
		code int
		want string
	}{
		{nil, 0, ""},
		{Usagef("invalid option -- 'x'"), 1, "prog: invalid option -- 'x'\nTry 'prog --help' for more information.\n"},
		{Exit(42), 42, ""},
		{&ExitError{Code: 3, Msg: "boom"}, 3, "prog: boom\n"},
		{PathError("cannot open", "/proc/1/ns/x", syscall.ENOENT), 1, "prog: cannot open /proc/1/ns/x: No such file or directory\n"},
		{errors.New("plain"), 1, "prog: plain\n"},
		{syscall.EPERM, 1, "prog: Operation not permitted\n"},
	}
	for _, c := range cases {
		var b bytes.Buffer
		if code := Report("prog", &b, c.err); code != c.code || b.String() != c.want {
			t.Errorf("Report(%v) = %d %q, want %d %q", c.err, code, b.String(), c.code, c.want)
		}
	}
}

func TestMainRecoversPanic(t *testing.T) {
	t.Setenv("GOTRACEBACK", "")
	var b bytes.Buffer
	code := Main("prog", io.Discard, &b, func(io.Writer) error { panic("bad") })
	if code != 1 || b.String() != "prog: internal error: bad\n" {
		t.Errorf("Main after panic = %d %q", code, b.String())
	}
}

// failing is a writer whose writes fail with err.
type failing struct{ err error }

func (f failing) Write(b []byte) (int, error) { return 0, f.err }

// TestMainReportsWriteErrors: as util-linux's close_stdout.
func TestMainReportsWriteErrors(t *testing.T) {
	for _, c := range []struct {
		out, err io.Writer
		run      error
		code     int
		stderr   string
	}{
		{failing{syscall.ENOSPC}, nil, nil, 1, "prog: write error: No space left on device\n"},
		{failing{syscall.ENOSPC}, nil, Exit(3), 1, "prog: write error: No space left on device\n"},
		{failing{syscall.EIO}, nil, errors.New("bad"), 1, "prog: bad\nprog: write error: Input/output error\n"},
		{failing{syscall.EPIPE}, nil, nil, 0, ""},
		{failing{syscall.EBADF}, nil, Exit(4), 4, ""},
		{io.Discard, failing{syscall.ENOSPC}, errors.New("bad"), 1, ""},
		{io.Discard, failing{syscall.ENOSPC}, nil, 0, ""},
	} {
		var b bytes.Buffer
		stderr := c.err
		if stderr == nil {
			stderr = &b
		}
		code := Main("prog", c.out, stderr, func(w io.Writer) error {
			io.WriteString(w, "output\n")
			return c.run
		})
		if code != c.code || b.String() != c.stderr {
			t.Errorf("%v %v %v: %d %q, want %d %q", c.out, c.err, c.run, code, b.String(), c.code, c.stderr)
		}
	}
}

func TestVersionAndHelpHandled(t *testing.T) {
	s := testSpec(true)
	var b bytes.Buffer
	_, done, err := s.ParseArgs([]string{"-V"}, &b)
	if err != nil || !done || b.String() != "prog from gonstools "+VersionString()+"\n" {
		t.Errorf("-V: done=%v err=%v out=%q", done, err, b.String())
	}
	b.Reset()
	_, done, _ = s.ParseArgs([]string{"-f", "--help", "--bogus"}, &b)
	if !done || !strings.Contains(b.String(), "Usage:") {
		t.Errorf("--help: done=%v out=%q", done, b.String())
	}
}

func FuzzParse(f *testing.F) {
	for _, c := range forms {
		f.Add(c.args)
	}
	s := testSpec(true)
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Fields(line)
		r, err := s.Parse(args)
		if err != nil {
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("Parse(%q) returned a non-usage error %v", args, err)
			}
			return
		}
		// Operands are always a suffix of the arguments in order.
		if len(r.Args) > len(args) {
			t.Fatalf("more operands than arguments: %q", r.Args)
		}
	})
}

// TestPosixlyCorrect: with POSIXLY_CORRECT set, parsing stops at the first
// operand, as glibc's getopt does; without it, options after operands
// count. (The variable is read only once an operand comes.)
func TestPosixlyCorrect(t *testing.T) {
	args := []string{"-f", "x", "-t", "1", "y"}
	for _, c := range []struct {
		env, want string
	}{
		{"", " -f -t '1' -- 'x' 'y'"},
		{"1", " -f -- 'x' '-t' '1' 'y'"},
	} {
		t.Setenv("POSIXLY_CORRECT", c.env)
		res, err := testSpec(false).Parse(args)
		if err != nil || canonical(res) != c.want {
			t.Errorf("POSIXLY_CORRECT=%q: %q, %v; want %q", c.env, canonical(res), err, c.want)
		}
	}
}
