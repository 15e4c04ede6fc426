#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# deps.sh: makes sure that what a make target needs is installed.
#
# Usage: scripts/deps.sh demo|test|cross-test|ci
#   demo        make demo: tmux and the commands the walkthrough types
#   test        make test: the oracles of the differential tests (util-linux),
#               groff, gcc, the cross compilers, the container engines,
#               bash-completion, zsh and fish (completions), lintian and dpkg
#               (packages)
#   cross-test  make cross-test: qemu-user-static and the cross compilers
#   ci          all of the above
#
# When everything is there it prints nothing and exits 0 at once. Otherwise,
# as root on Debian (or a derivative with apt-get), it installs exactly the
# missing packages; anywhere else it names the missing commands and the
# Debian packages that give them, and exits 1.
set -euo pipefail

usage() {
	echo "usage: $0 demo|test|cross-test|ci" >&2
	exit 2
}
[ $# -eq 1 ] || usage

# Debian's cross toolchains, by the architectures of "make cross" (loong64
# has none in Debian 12: its layouts are checked with riscv64's headers),
# and the libc6-dev-ARCH-cross package with each one's headers and static
# glibc.
cross_toolchains="i686-linux-gnu:i386 arm-linux-gnueabihf:armhf aarch64-linux-gnu:arm64
	riscv64-linux-gnu:riscv64 powerpc64le-linux-gnu:ppc64el s390x-linux-gnu:s390x
	mips64el-linux-gnuabi64:mips64el"

# missing is the list of "what:package" pairs not installed: what is shown
# to the user (a command or a file), package is Debian's name for it.
missing=()

# cmd COMMAND PACKAGE: COMMAND must be found (a name on PATH or a path).
cmd() {
	command -v "$1" >/dev/null 2>&1 || missing+=("$1:$2")
}

# file PATH PACKAGE: PATH must exist.
file() {
	[ -e "$1" ] || missing+=("$1:$2")
}

# deb PACKAGE: the Debian package must be installed (for what no command
# shows, such as a static build of a program whose dynamic build may be
# installed too). Skipped where dpkg is not the package manager.
deb() {
	command -v dpkg-query >/dev/null 2>&1 || return 0
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' || missing+=("$1:$1")
}

demo() {
	cmd tmux tmux
	cmd hostname hostname
	cmd readlink coreutils
	cmd mount mount
	cmd bash bash
}

cross() {
	local t
	for t in $cross_toolchains; do
		cmd "${t%%:*}-gcc" "gcc-${t%%:*}"
		file "/usr/${t%%:*}/lib/libc.a" "libc6-dev-${t##*:}-cross"
	done
}

test_deps() {
	demo
	cmd make make
	cmd git git
	cmd go "Go 1.26 (https://go.dev/dl)"
	# util-linux is the oracle of the differential tests (never run by
	# the tools themselves); iproute2 gives "ip netns".
	local c
	for c in getopt unshare nsenter ipcs ipcmk ipcrm lsns lsipc setpriv taskset; do
		cmd "$c" util-linux
	done
	cmd ip iproute2
	# groff checks the man pages; gcc builds the C program that checks
	# POSIX IPC against glibc.
	cmd groff groff
	cmd gcc gcc
	file /usr/include/stdio.h libc6-dev
	# The cross compilers check the kernel structures of every
	# architecture (TestLayout).
	cross
	# The container engines that internal/container is tested against;
	# their image needs a static busybox.
	cmd dockerd docker.io
	cmd /usr/bin/docker docker.io
	cmd containerd containerd
	cmd ctr containerd
	cmd runc runc
	cmd podman podman
	cmd conmon conmon
	cmd busybox busybox-static
	deb busybox-static
	# The shell completions are driven through the shells themselves.
	file /usr/share/bash-completion/bash_completion bash-completion
	cmd zsh zsh
	cmd fish fish
	# The packages are installed with dpkg and checked with lintian; the
	# .rpm is read back with rpm.
	cmd dpkg dpkg
	cmd lintian lintian
	cmd rpm rpm
}

cross_test() {
	cross
	cmd qemu-aarch64-static qemu-user-static
	cmd qemu-arm-static qemu-user-static
}

# check fills missing for the target $1.
check() {
	missing=()
	case $1 in
	demo) demo ;;
	test) test_deps ;;
	cross-test) cross_test ;;
	ci)
		test_deps
		cross_test
		;;
	*) usage ;;
	esac
}

check "$1"
[ ${#missing[@]} -eq 0 ] && exit 0

# The packages to install, each once, in the order first needed.
pkgs=()
for m in "${missing[@]}"; do
	p=${m#*:}
	case " ${pkgs[*]} " in *" $p "*) ;; *) pkgs+=("$p") ;; esac
done

if [[ " ${pkgs[*]} " == *" Go 1.26 "* ]]; then
	echo "deps: 'go' is not on PATH: install Go 1.26 from https://go.dev/dl (or add /usr/local/go/bin to PATH)" >&2
	exit 1
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: 'make $1' needs what is not installed:" >&2
	for m in "${missing[@]}"; do
		printf '  %-40s (Debian package: %s)\n' "${m%%:*}" "${m#*:}" >&2
	done
	if command -v apt-get >/dev/null 2>&1; then
		echo "deps: as root, run: apt-get install ${pkgs[*]}" >&2
	else
		echo "deps: install your system's packages that give these commands and files" >&2
	fi
	exit 1
fi

echo "deps: installing ${pkgs[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The container engines' services must not start on installation (the tests
# start them in private roots; a started dockerd would leave a bridge and
# iptables rules on the host): a policy-rc.d that refuses every start keeps
# them off while the packages go in.
policy=/usr/sbin/policy-rc.d
if [ -e "$policy" ]; then
	apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
else
	printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
	trap 'rm -f "$policy"' EXIT
	apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
	rm -f "$policy" && trap - EXIT
fi

# Check again: a package that installed but does not give what was missing
# would otherwise fail later, far from here.
check "$1"
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: still missing after apt-get install: ${missing[*]%%:*}" >&2
	exit 1
fi
