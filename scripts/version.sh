#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# version.sh prints the version of this checkout, from "git describe" and
# the release tags (v0.1.0 ...):
#
#   on a tag                  0.1.0
#   three commits after it    0.1.0-3-gabc1234
#   before the first tag      0.1.0-dev+gabc1234  (0.1.0: cli.Release)
#   not a git checkout        0.1.0
#
# with "-dirty" (".dirty" before the first tag) when files are changed.
# The Makefile stamps it into the binaries (internal/cli.Version), for -V.
#
# With --package it prints the same as a version that Debian, RPM and
# Alpine order rightly (for nfpm, which reads it as semver): 0.1.0,
# 0.1.0+git3.gabc1234 (after 0.1.0), 0.1.0-dev+gabc1234 (before it).
set -eu
cd "$(dirname "$0")/.."

release=$(sed -n 's/^const Release = "\(.*\)"$/\1/p' internal/cli/version.go)
[ -n "$release" ] || { echo "version.sh: no Release in internal/cli/version.go" >&2; exit 1; }

if d=$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
	v=${d#v}
	if [ "${1:-}" = --package ]; then
		# 0.1.0-3-gabc1234-dirty -> 0.1.0+git3.gabc1234.dirty
		case $v in
		*-*-g*) v="${v%%-*}+git$(echo "${v#*-}" | tr - .)" ;;
		*-dirty) v="${v%-dirty}+dirty" ;;
		esac
	fi
elif h=$(git rev-parse --short=7 HEAD 2>/dev/null); then
	v="$release-dev+g$h"
	git diff --quiet HEAD -- 2>/dev/null || v="$v.dirty"
else
	v=$release
fi
echo "$v"
