// SPDX-License-Identifier: Apache-2.0

//go:build linux

package cli

import (
	"bytes"
	"errors"
	"io"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	for _, c := range []struct {
		main     string
		settings []debug.BuildSetting
		want     string
	}{
		{"v0.2.0", nil, "0.2.0"}, // go install ...@v0.2.0
		{"v0.0.0-20260101120000-0123456789ab", nil, "0.0.0-20260101120000-0123456789ab"},
		{"(devel)", nil, Release},
		{"", nil, Release},
		{"(devel)", vcs("0123456789abcdef", "false"), Release + "-dev+g0123456"},
		{"(devel)", vcs("0123456789abcdef", "true"), Release + "-dev+g0123456.dirty"},
		{"v0.2.0", vcs("0123456789abcdef", "true"), "0.2.0"},
	} {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/gonstools/gonstools", Version: c.main}, Settings: c.settings}
		if got := buildVersion(bi); got != c.want {
			t.Errorf("buildVersion(%q, %v) = %q, want %q", c.main, c.settings, got, c.want)
		}
	}
}

func TestVersionStamp(t *testing.T) {
	defer func(v string) { Version = v }(Version)
	Version = "1.2.3-4-gabcdef0"
	if got := VersionString(); got != Version {
		t.Errorf("VersionString() = %q with the stamp %q", got, Version)
	}
	Version = ""
	if got := VersionString(); got == "" || strings.HasPrefix(got, "v") {
		t.Errorf("VersionString() without a stamp = %q", got)
	}
}

// TestVersionLine: util-linux's "prog from package version" and, for
// nsenter, its "(features: ...)" suffix, under the name the tool was
// called by.
func TestVersionLine(t *testing.T) {
	defer func(v string) { Version = v }(Version)
	defer SetProgName("")
	Version = "9.8.7"
	for _, c := range []struct{ tool, invoked, want string }{
		{"gounshare", "", "gounshare from gonstools 9.8.7\n"},
		{"gonsenter", "", "gonsenter from gonstools 9.8.7 (features: selinux, nsfs)\n"},
		{"gonsenter", "nsenter", "nsenter from gonstools 9.8.7 (features: selinux, nsfs)\n"},
		{"golsns", "lsns", "lsns from gonstools 9.8.7\n"},
	} {
		SetProgName(c.invoked)
		s := &Spec{Name: c.tool, Groups: []Group{StdGroup()}}
		var b bytes.Buffer
		if _, done, err := s.ParseArgs([]string{"-V"}, &b); err != nil || !done || b.String() != c.want {
			t.Errorf("%s as %q: -V printed %q (done %v, %v), want %q", c.tool, c.invoked, b.String(), done, err, c.want)
		}
	}
}

// TestProgName: under another name (a multi-call link), messages and the
// usage lines use it; the pointer to the manual keeps the tool's own page.
func TestProgName(t *testing.T) {
	defer SetProgName("")
	s := &Spec{Name: "gounshare", Usage: []string{"[options] <program>"}, Groups: []Group{StdGroup()}}
	for _, c := range []struct{ invoked, name string }{{"", "gounshare"}, {"unshare", "unshare"}} {
		SetProgName(c.invoked)
		var help bytes.Buffer
		s.WriteHelp(&help)
		if want := "\nUsage:\n " + c.name + " [options] <program>\n"; !strings.HasPrefix(help.String(), want) {
			t.Errorf("as %q: help starts %q, want %q", c.invoked, help.String(), want)
		}
		if !strings.HasSuffix(help.String(), "For more details see gounshare(1).\n") {
			t.Errorf("as %q: help does not end with gounshare's page: %q", c.invoked, help.String())
		}
		var stderr bytes.Buffer
		_, err := s.Parse([]string{"--bogus"})
		code := Main("gounshare", io.Discard, &stderr, func(io.Writer) error { return err })
		want := c.name + ": unrecognized option '--bogus'\nTry '" + c.name + " --help' for more information.\n"
		if code != ExitFailure || stderr.String() != want {
			t.Errorf("as %q: status %d, stderr %q, want 1, %q", c.invoked, code, stderr.String(), want)
		}
		stderr.Reset()
		Report("gounshare", &stderr, errors.New("cannot open x"))
		if want := c.name + ": cannot open x\n"; stderr.String() != want {
			t.Errorf("as %q: Report printed %q, want %q", c.invoked, stderr.String(), want)
		}
	}
}
