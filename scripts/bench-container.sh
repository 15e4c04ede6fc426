#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs the bench's "gonsenter --container" case against a real Docker
# engine that this script starts for the purpose and stops again: in a
# PID and mount namespace of its own (made by our gounshare) with fresh
# /run, /var/lib and /dev/shm, so that the engine finds its default
# places there and leaves nothing on the host. The container is a
# busybox image made from busybox-static; no registry is contacted.
#
# Usage: scripts/bench-container.sh [bench flags...]   (as root, after make build)
# BENCH_CONTAINER_SHELL='commands' runs those instead of the bench, with
# the container gonstools-bench running.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/bin
[ "$(id -u)" = 0 ] || { echo "bench-container: needs root" >&2; exit 1; }
for c in dockerd docker containerd runc busybox; do
	command -v "$c" >/dev/null || { echo "bench-container: '$c' is needed (apt-get install docker.io busybox-static)" >&2; exit 1; }
done
[ -x "$bin/gounshare" ] || { echo "bench-container: run 'make build' first" >&2; exit 1; }

if [ "${GONSTOOLS_BENCH_CONTAINER_INSIDE:-}" = "" ]; then
	export GONSTOOLS_BENCH_CONTAINER_INSIDE=1
	exec "$bin/gounshare" --mount --pid --fork --mount-proc --propagation private -- "$0" "$@"
fi

# Inside: PID 1 of a fresh PID namespace, in a private mount namespace.
dir=$(mktemp -d /tmp/gonstools-bench-docker.XXXXXX)
tag=$(basename "$dir")
for d in /run /var/lib /dev/shm; do
	mount -t tmpfs -o mode=755 tmpfs "$d"
done
chmod 1777 /dev/shm
cleanup() {
	set +e
	if [ -S /run/docker.sock ]; then
		docker rm --force gonstools-bench >/dev/null 2>&1
	fi
	[ -f "$dir/docker.pid" ] && kill "$(cat "$dir/docker.pid")" 2>/dev/null
	for _ in $(seq 100); do
		pgrep -x dockerd >/dev/null || pgrep -x containerd >/dev/null || break
		sleep 0.1
	done
	pkill -KILL -x containerd 2>/dev/null
	for cg in /sys/fs/cgroup/*/"$tag" /sys/fs/cgroup/*/"$tag"/* /sys/fs/cgroup/"$tag"; do
		[ -d "$cg" ] && rmdir "$cg"/* "$cg" 2>/dev/null
	done
	umount -R "$dir" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
	--storage-driver vfs --bridge none --iptables=false --ip6tables=false --ip-forward=false \
	--ip-masq=false --userland-proxy=false --cgroup-parent "/$tag" >"$dir/dockerd.log" 2>&1 &
for _ in $(seq 300); do
	docker version >/dev/null 2>&1 && break
	sleep 0.1
done
docker version >/dev/null 2>&1 || { echo "bench-container: dockerd did not start:" >&2; tail -20 "$dir/dockerd.log" >&2; exit 1; }

# The image: busybox as /bin/busybox, with the applets the case needs.
root=$dir/rootfs
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/etc" "$root/tmp"
cp "$(command -v busybox)" "$root/bin/busybox"
for a in sh sleep true; do ln -s busybox "$root/bin/$a"; done
tar -C "$root" -c . | docker import - gonstools/bench-busybox >/dev/null
docker run -d --pull never --network none --name gonstools-bench gonstools/bench-busybox sleep 100000 >/dev/null

if [ -n "${BENCH_CONTAINER_SHELL:-}" ]; then
	# For a look by hand at the engine and the container.
	bash -c "$BENCH_CONTAINER_SHELL"
	exit
fi
go run ./bench -bin "$bin" -run container -container gonstools-bench "$@"
