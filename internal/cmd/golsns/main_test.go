// SPDX-License-Identifier: Apache-2.0

//go:build linux

package golsns

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func runArgs(args []string, env map[string]string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb, func(k string) string { return env[k] })
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	want, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from testdata/%s:\n--- want\n%s--- got\n%s", name, want, got)
	}
}

// TestHelp: lsns 2.42's help, with golsns's name.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-h", "-x"}, {"--he"}, {"-J", "-h"}} {
		out, errs, code := runArgs(args, nil)
		if code != 0 || errs != "" {
			t.Errorf("%v: status %d, %q", args, code, errs)
		}
		golden(t, "help.golden", out)
	}
	out, _, code := runArgs([]string{"-V"}, nil)
	if code != 0 || !strings.HasPrefix(out, "golsns from gonstools ") {
		t.Errorf("-V: %d %q", code, out)
	}
}

// TestListColumns: --list-columns as util-linux 2.42 prints it (checked
// against it byte for byte, see oracle242_test.go), plus ID and CONTAINER.
func TestListColumns(t *testing.T) {
	for args, file := range map[string]string{"-H": "list-columns.golden", "-H -r": "list-columns-raw.golden",
		"--list-columns --json": "list-columns-json.golden", "-Hr": "list-columns-raw.golden", "-n -H -u": "list-columns.golden"} {
		out, errs, code := runArgs(strings.Fields(args), nil)
		if code != 0 || errs != "" {
			t.Errorf("%s: status %d, %q", args, code, errs)
		}
		golden(t, file, out)
	}
}

// TestMessages: golsns's words where util-linux says nothing or is not
// the reference (options newer than 2.38.1).
func TestMessages(t *testing.T) {
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-o", ""}, "golsns: empty list of columns: ''\n"},
		{[]string{"-o", "NS,,TYPE"}, "golsns: empty column name in 'NS,,TYPE'\n"},
		{[]string{"-o", "+"}, "golsns: empty list of columns: '+'\n"},
		{[]string{"-o", strings.Repeat("NS,", 26) + "NS"}, "golsns: too many columns specified, the limit is 26 columns\n"},
		{[]string{"-Q", "a b"}, "golsns: failed to parse \"a b\": syntax error, unexpected HOLDER, expecting end of file\n"},
		{[]string{"-Q", "NS =~ \"(\""}, "golsns: failed to parse \"NS =~ \"(\"\": Unmatched ( or \\(\n"},
		{[]string{"--filter", "99999999999999999999999K"}, "golsns: failed to parse \"99999999999999999999999K\": \"99999999999999999999999K\" token error: Numerical result out of range\n"},
		{[]string{"-P", "-p", "1"}, "golsns: options --persistent and --task cannot be combined\n"},
		{[]string{"--task=1", "--persistent"}, "golsns: options --task and --persistent cannot be combined\n"},
		{[]string{"-J", "-r"}, "golsns: mutually exclusive arguments: --json --raw\n"},
		{[]string{"-H", "-x"}, "golsns: invalid option -- 'x'\nTry 'golsns --help' for more information.\n"},
	} {
		out, errs, code := runArgs(c.args, nil)
		if code != 1 || errs != c.msg || out != "" {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want %q", c.args, code, out, errs, c.msg)
		}
	}
}

// TestFilterColumns: unknown names in a filter are each reported, after
// /proc was read, as util-linux 2.42 does; too many hidden columns too.
func TestFilterColumns(t *testing.T) {
	_, errs, code := runArgs([]string{"-Q", "foo == 1 || NS == 1 || bar"}, nil)
	if code != 1 || errs != "golsns: unknown column: foo\ngolsns: unknown column: bar\ngolsns: failed to initialize filter\n" {
		t.Errorf("status %d, %q", code, errs)
	}
	_, errs, code = runArgs([]string{"--output-all", "-o", "+" + strings.Repeat("NS,", 12) + "NS", "-Q", "ID"}, nil)
	if code != 1 || errs != "golsns: too many columns specified, the limit is 25 columns\n" {
		t.Errorf("status %d, %q", code, errs)
	}
}
