// SPDX-License-Identifier: Apache-2.0

//go:build linux

package cli

import (
	"runtime/debug"
	"strings"
)

// Release is the version this source tree is released as: the newest
// section of CHANGELOG.md and the version the man pages name. A build from
// a git checkout prints more (see [VersionString]); scripts/version.sh reads
// it from this line.
const Release = "0.1.0"

// Version is the version -V prints, stamped at link time by the Makefile
// from "git describe" (-ldflags -X, see scripts/version.sh): "0.1.0" on a
// release tag, "0.1.0-3-gabc1234" three commits after it, "-dirty" with
// uncommitted changes, "0.1.0-dev+gabc1234" before the first tag. It is
// empty in a build without the stamp (go install, go build, go test);
// [VersionString] then asks the module's build information.
var Version string

// VersionString is the version -V prints: the stamped [Version]; else the
// module's version when the tool was installed with "go install
// github.com/gonstools/gonstools/cmd/TOOL@v0.1.0" (without the "v"); else,
// for a build from a checkout that Go stamped with its revision, Release
// with that revision; else Release. It reads the build information only
// when called (-V), never at start-up.
func VersionString() string {
	if Version != "" {
		return Version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Release
	}
	return buildVersion(bi)
}

// buildVersion is the version that bi, a binary's build information,
// records: the module's version, or Release and the VCS revision.
func buildVersion(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return strings.TrimPrefix(v, "v")
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return Release
	}
	v := Release + "-dev+g" + rev[:min(len(rev), 7)]
	if modified == "true" {
		v += ".dirty"
	}
	return v
}

// VersionLine is what -V prints, as util-linux's print_version does:
// "gounshare from gonstools 0.1.0", with the name the tool was called by
// ([ProgName]), and for gonsenter util-linux nsenter's list of optional
// features, all of which gonsenter has: -Z without libselinux, and
// namespace ids (--net=:ID).
func (s *Spec) VersionLine() string {
	line := ProgName(s.Name) + " from gonstools " + VersionString()
	if s.Name == "gonsenter" {
		line += " (features: selinux, nsfs)"
	}
	return line + "\n"
}
