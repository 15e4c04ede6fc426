#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Runs every native Go fuzz target of the module, one at a time, for
# FUZZTIME each (default 10s), and fails if any of them fails. A target is
# a "func FuzzXxx(f *testing.F)" in a _test.go file; its package is the
# file's directory. Failing inputs are written by go test under the
# package's testdata/fuzz/FuzzXxx, where "go test" replays them from then on.
#
# Usage: scripts/fuzz.sh [regexp]   (only the "package target" lines it matches)
set -u
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-10s}
only=${1:-.}
cd "$(dirname "$0")/.." || exit 1

targets=$(find . -name '*_test.go' -not -path './.git/*' -not -path '*/testdata/*' | sed 's|^\./||')
list=$(for f in $targets; do
	sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*\*testing\.F) *{.*/\1/p' "$f" |
		while read -r name; do echo "./$(dirname "$f") $name"; done
done | sort -u | grep -E "$only")

total=0
failed=""
echo "$list" | { while read -r pkg name; do
	[ -n "$name" ] || continue
	total=$((total + 1))
	printf '%-28s %-28s ' "$pkg" "$name"
	out=$($GO test -run='^$' -fuzz="^$name\$" -fuzztime="$FUZZTIME" "$pkg" 2>&1)
	if [ $? -eq 0 ]; then
		echo "ok $(echo "$out" | grep -o 'execs: [0-9]*' | tail -1)"
	else
		echo FAIL
		echo "$out" | sed 's/^/    /'
		failed="$failed $pkg:$name"
	fi
done
echo "$total fuzz targets, FUZZTIME=$FUZZTIME"
if [ -n "$failed" ]; then
	echo "failed:$failed"
	exit 1
fi
}
