// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
)

// The cost of one resolution, engine by engine, against the package's
// fixtures: a fake Engine API on a unix socket (the figure includes that
// server, written with net/http), and containerd's and containers/
// storage's files with live processes behind their PIDs.

func BenchmarkResolveDockerAPI(b *testing.B) {
	sock, _ := unixHTTPServer(b, &fakeDocker{containers: []fakeContainer{{hexID("a"), "web", 4242}}})
	benchmarkResolve(b, &Resolver{Runtime: Docker, DockerHost: sock}, "web")
}

func BenchmarkResolveContainerd(b *testing.B) {
	_, pid := spawnUnder(b, "containerd-shim-runc-v2")
	state := b.TempDir()
	for _, ns := range []string{"default", "moby", "k8s.io"} {
		for i := 0; i < 10; i++ {
			containerdTask(b, state, "io.containerd.runtime.v2.task", ns, hexID(ns[:1]+strconv.Itoa(i)), strconv.Itoa(pid))
		}
	}
	containerdTask(b, state, "io.containerd.runtime.v2.task", "default", "web", strconv.Itoa(pid))
	benchmarkResolve(b, &Resolver{Runtime: Containerd, ContainerdState: state, ProcRoot: "/proc"}, "web")
}

func BenchmarkResolvePodmanFiles(b *testing.B) {
	s := newStorage(b)
	conmon, pid := spawnUnder(b, "conmon")
	for i := 0; i < 30; i++ {
		s.add(hexID("b"+strconv.Itoa(i)), []string{"c" + strconv.Itoa(i)}, podmanMeta("c"+strconv.Itoa(i)))
	}
	s.add(hexID("a"), []string{"web"}, podmanMeta("web"))
	s.write(b)
	userdata := filepath.Join(s.runRoot, "overlay-containers", hexID("a"), "userdata")
	writeFile(b, filepath.Join(userdata, "pidfile"), strconv.Itoa(pid))
	writeFile(b, filepath.Join(userdata, "conmon.pid"), strconv.Itoa(conmon))
	benchmarkResolve(b, &Resolver{Runtime: Podman, PodmanRoot: s.root, PodmanRunRoot: s.runRoot, ProcRoot: "/proc"}, "web")
}

func benchmarkResolve(b *testing.B, r *Resolver, ref string) {
	ctx := context.Background()
	for b.Loop() {
		if c, err := r.Resolve(ctx, ref); err != nil || c.PID == 0 {
			b.Fatal(c, err)
		}
	}
}
