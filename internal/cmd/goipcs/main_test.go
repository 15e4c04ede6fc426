// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcs

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/container"
	"github.com/gonstools/gonstools/internal/ipcs"
)

func TestParseArgs(t *testing.T) {
	for _, c := range []struct {
		args string
		want ipcs.Options
	}{
		{"", ipcs.Options{}},
		{"-q", ipcs.Options{Msg: true}},
		{"-a", ipcs.Options{Msg: true, Shm: true, Sem: true}},
		{"-ms -t", ipcs.Options{Shm: true, Sem: true, Format: ipcs.FormatTime}},
		{"-t -p -c -l -u", ipcs.Options{Format: ipcs.FormatStatus}},
		{"-u -l", ipcs.Options{Format: ipcs.FormatLimits}},
		{"--human -b", ipcs.Options{Unit: ipcs.UnitBytes}},
		{"-b --human", ipcs.Options{Unit: ipcs.UnitHuman}},
		{"-q -i 5", ipcs.Options{Msg: true, ByID: true, ID: 5}},
		{"-qi5 -i 7", ipcs.Options{Msg: true, ByID: true, ID: 7}},
		{"--id=+12 --shmems", ipcs.Options{Shm: true, ByID: true, ID: 12}},
		{"operand -s ignored", ipcs.Options{Sem: true}},
		{"--json -q", ipcs.Options{Msg: true, JSON: true}},
		{"-- -q", ipcs.Options{}},
	} {
		o, done, err := parseArgs(strings.Fields(c.args), &bytes.Buffer{})
		if err != nil || done || o != (options{Options: c.want}) {
			t.Errorf("parseArgs(%q) = %+v %v %v, want %+v", c.args, o, done, err, c.want)
		}
	}
	for _, c := range []struct {
		args string
		want options
	}{
		{"--target 42 -q", options{Options: ipcs.Options{Msg: true}, target: 42}},
		{"--target=+7 --target 8", options{target: 8}},
		{"--container web -p", options{Options: ipcs.Options{Format: ipcs.FormatPID}, container: "web"}},
		{"--runtime crio --container=3f2 --runtime docker", options{container: "3f2", runtime: container.Docker}},
		{"--runtime cri-o --container x", options{container: "x", runtime: container.CRIO}},
	} {
		o, done, err := parseArgs(strings.Fields(c.args), &bytes.Buffer{})
		if err != nil || done || o != c.want {
			t.Errorf("parseArgs(%q) = %+v %v %v, want %+v", c.args, o, done, err, c.want)
		}
	}
}

// run in-process: messages and statuses of what needs no IPC state.
func TestRun(t *testing.T) {
	for _, c := range []struct {
		args           string
		code           int
		stdout, stderr string
	}{
		{"-V", 0, "goipcs from gonstools " + cli.VersionString() + "\n", ""},
		{"-x", 1, "", "goipcs: invalid option -- 'x'\nTry 'goipcs --help' for more information.\n"},
		{"-i 1", 1, "", "goipcs: when using an ID, a single resource must be specified\n"},
		{"-q -i x", 1, "", "goipcs: failed to parse id argument: 'x'\n"},
		{"-q -i 3000000000", 1, "", "goipcs: failed to parse id argument: '3000000000': Numerical result out of range\n"},
		{"-i x -y", 1, "", "goipcs: failed to parse id argument: 'x'\n"},
		{"-y -i x", 1, "", "goipcs: invalid option -- 'y'\nTry 'goipcs --help' for more information.\n"},
		{"-i", 1, "", "goipcs: option requires an argument -- 'i'\nTry 'goipcs --help' for more information.\n"},
		{"-q -i -1", 0, "", "goipcs: id -1 not found\n"},
		{"--target 0", 1, "", "goipcs: failed to parse pid: '0'\n"},
		{"--target 1x -y", 1, "", "goipcs: failed to parse pid: '1x'\n"},
		{"--target 2147483648", 1, "", "goipcs: failed to parse pid: '2147483648'\n"},
		{"--target 1 --container web", 1, "", "goipcs: options --target and --container cannot be combined\n"},
		{"--container web --target 1", 1, "", "goipcs: options --container and --target cannot be combined\n"},
		{"--runtime lxc --container web", 1, "", "goipcs: unknown container runtime: lxc\n"},
		{"--runtime docker -q", 1, "", "goipcs: option --runtime needs --container\n"},
		{"--tar 1", 1, "", "goipcs: unrecognized option '--tar'\nTry 'goipcs --help' for more information.\n"},
		{"--con web", 1, "", "goipcs: unrecognized option '--con'\nTry 'goipcs --help' for more information.\n"},
		{"--container", 1, "", "goipcs: option '--container' requires an argument\nTry 'goipcs --help' for more information.\n"},
	} {
		var out, errb bytes.Buffer
		code := run(strings.Fields(c.args), &out, &errb)
		if code != c.code || out.String() != c.stdout || errb.String() != c.stderr {
			t.Errorf("goipcs %s = %d %q %q, want %d %q %q", c.args, code, out.String(), errb.String(), c.code, c.stdout, c.stderr)
		}
	}
	var out bytes.Buffer
	if code := run([]string{"--help"}, &out, &out); code != 0 || out.String() != help {
		t.Errorf("--help = %d %q", code, out.String())
	}
}

// The options getopt hands over before a mistake are acted on first.
func TestOptionsBeforeAMistake(t *testing.T) {
	for _, c := range []struct {
		args string
		want []string // long names of the options handled
	}{
		{"-i abc -x", []string{"id"}},
		{"-x -i abc", nil},
		{"--p --po", []string{"pid"}}, // --posix is never abbreviated
		{"-q -i abc --bogus", []string{"queues", "id"}},
		{"-i abc -i", []string{"id"}},
		{"-i -x -i", []string{"id"}},
		{"-qi", []string{"queues"}},
		{"-t --id", []string{"time"}},
		{"-m -qx", []string{"shmems", "queues"}},
	} {
		res, err := spec.Parse(strings.Fields(c.args))
		if err == nil {
			t.Errorf("%q parsed without a mistake", c.args)
		}
		var got []string
		for _, o := range res.Options {
			got = append(got, o.Option.Long)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("before the mistake in %q: %v, want %v", c.args, got, c.want)
		}
	}
}

// Any command line gives an exit status and messages, never a panic;
// parse errors are usage errors or id errors.
func FuzzParseArgs(f *testing.F) {
	for _, s := range []string{"-q", "-i 0 -q", "--id=x", "-qi", "--h", "-i abc -x", "-- -x", "--json -l", "-qmsatpcluhV"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Fields(line)
		var out bytes.Buffer
		o, done, err := parseArgs(args, &out)
		if err != nil {
			if code := cli.Report("goipcs", &out, err); code != 1 {
				t.Fatalf("%q: status %d for %v", line, code, err)
			}
			return
		}
		if done != (out.Len() > 0) {
			t.Fatalf("%q: done=%v with output %q", line, done, out.String())
		}
		if o.Format > ipcs.FormatPID || o.Unit > ipcs.UnitHuman {
			t.Fatalf("%q: options %+v", line, o)
		}
	})
}
