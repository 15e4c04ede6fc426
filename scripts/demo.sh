#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# make demo: the two-shell IPC namespace walkthrough of the seed articles,
# replayed with gonstools' binaries only (gounshare, gonsenter, goipcmk,
# goipcs, goipcrm, golsns), in two real interactive bash shells driven
# through tmux.
#
# This script is the host side. It
#   1. checks the tools and records the host's hostname, namespaces, queues
#      and mounts;
#   2. starts a sandbox with our own gounshare: fresh IPC, UTS, mount and PID
#      namespaces (mounts private, a /proc of its own), in which
#      demo-walkthrough.sh hides util-linux and plays the whole story; shell 1
#      plays "the host" there, so the real host is never touched;
#   3. checks that nothing was left behind: no process of the demo alive, no
#      queue with one of the demo's keys, no mount of the demo's on the host,
#      the same hostname.
#
# Usage: scripts/demo.sh (as root, after make build)
# Environment:
#   GONSTOOLS_BIN  directory holding the six tools (default: bin/ of this checkout)
#   DEMO_TIMEOUT   seconds to wait for any one step (default 20)
#   DEMO_PACE      seconds to pause after each command, to watch it live (default 0)
# Exit status: 0 when every check passed, 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools=(gounshare gonsenter goipcs goipcmk goipcrm golsns)

die() {
	printf 'demo: FAIL: %s\n' "$*" >&2
	exit 1
}

bin=${GONSTOOLS_BIN:-$here/../bin}
bin=$(cd "$bin" 2>/dev/null && pwd) || die "no directory $bin: run 'make build' first (or set GONSTOOLS_BIN)"

[ "$(id -u)" = 0 ] || die "run me as root: the walkthrough creates namespaces and sets a hostname"
for t in "${tools[@]}"; do
	[ -x "$bin/$t" ] || die "$bin/$t is missing: run 'make build' first (or set GONSTOOLS_BIN)"
done
for c in tmux hostname readlink mount; do
	command -v "$c" >/dev/null || die "'$c' is needed to drive the demo and is not installed"
done

state=$(mktemp -d "${TMPDIR:-/tmp}/gonstools-demo.XXXXXX")
trap 'rm -rf "$state"' EXIT

# What the host looks like now, to compare with at the end.
host_hostname=$(hostname)

printf 'gonstools demo: the two-shell IPC namespace walkthrough, with our binaries only\n'
printf 'tools: %s/{%s}\n' "$bin" "$(
	IFS=,
	echo "${tools[*]}"
)"
printf '\nThe sandbox: %s --ipc --uts --mount --pid --fork --mount-proc --propagation private\n' "$bin/gounshare"
printf 'Inside it shell 1 plays "the host"; the real host never sees a queue, hostname or mount of the demo.\n'

# The walkthrough gets a clean environment: nothing of the caller's (TMUX,
# aliases, a PATH that finds other tools first) leaks into the shells.
status=0
"$bin/gounshare" --ipc --uts --mount --pid --fork --mount-proc --propagation private -- \
	env -i \
	PATH="$bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
	DEMO_BIN="$bin" DEMO_STATE="$state" \
	DEMO_TIMEOUT="${DEMO_TIMEOUT:-20}" DEMO_PACE="${DEMO_PACE:-0}" \
	TERM=xterm LANG=C.UTF-8 \
	bash "$here/demo-walkthrough.sh" || status=$?

# Whatever happened inside, check that the host was left as it was.
printf '\n== After the sandbox ended: nothing left behind on the host\n'
leaks=0
leak() {
	printf '   FAIL: %s\n' "$*"
	leaks=$((leaks + 1))
}
checked() { printf '   ok: %s\n' "$*"; }

[ "$(hostname)" = "$host_hostname" ] && checked "the host's hostname is still '$host_hostname'" ||
	leak "the host's hostname changed from '$host_hostname' to '$(hostname)'"

# Every process of the demo carries DEMO_STATE in its environment (the
# sandbox's PID 1 got it from env -i; the shells, tmux and everything typed
# inherit it): none may be alive. (Namespace inode numbers are reused at once,
# by other namespaces, so looking for the demo's namespaces would mislead.)
[ -s "$state/checks" ] || leak "the walkthrough passed no check at all (did it start?)"
stray=()
for f in $(grep -lzxF "DEMO_STATE=$state" /proc/[0-9]*/environ 2>/dev/null); do
	p=${f#/proc/}
	p=${p%/environ}
	stray+=("$p ($(cat "/proc/$p/comm" 2>/dev/null))")
done
[ ${#stray[@]} -eq 0 ] && checked "no process of the demo is alive" ||
	leak "processes of the demo still alive: ${stray[*]}"

# No queue with one of the demo's keys exists in the host's IPC namespace.
if [ -s "$state/keys" ]; then
	found=()
	while read -r key; do
		# /proc/sysvipc/msg prints keys in decimal, as a signed int.
		dec=$((key))
		[ $dec -ge 2147483648 ] && dec=$((dec - 4294967296))
		if awk -v k="$dec" 'NR > 1 && $1 == k { found = 1 } END { exit !found }' /proc/sysvipc/msg; then
			found+=("$key")
		fi
	done <"$state/keys"
	if [ ${#found[@]} -eq 0 ]; then
		checked "none of the demo's $(wc -l <"$state/keys") queue keys exists in the host's IPC namespace"
	else
		leak "the host's IPC namespace has the demo's queues: ${found[*]}"
	fi
fi

# No mount of the demo's (the hiding bind mounts, /proc of the sandbox) on the host.
hidden=$(cat "$state/hidden-paths" 2>/dev/null || true)
bad=$(awk -v state="$state" -v hidden="$hidden" '
	BEGIN { n = split(hidden, h, "\n"); for (i = 1; i <= n; i++) if (h[i] != "") hide[h[i]] = 1 }
	{ if (index($5, state) == 1 || ($5 in hide)) print $5 }' /proc/self/mountinfo)
[ -z "$bad" ] && checked "no mount of the demo's is on the host" || leak "mounts left on the host: $bad"

if [ "$status" -ne 0 ]; then
	printf '\ndemo: FAILED (the walkthrough exited with status %d; see above)\n' "$status" >&2
	exit 1
fi
if [ "$leaks" -ne 0 ]; then
	printf '\ndemo: FAILED: %d thing(s) left behind on the host\n' "$leaks" >&2
	exit 1
fi
printf '\ndemo: PASSED: %s checks in the walkthrough, and nothing left behind.\n' "$(cat "$state/checks" 2>/dev/null || echo '?')"
