// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/container"
	"github.com/gonstools/gonstools/internal/container/enginetest"
)

// checkResolves resolves every reference with r and checks the answer:
// the engine's own PID, and a process in other namespaces than the test.
func checkResolves(t *testing.T, r *container.Resolver, want container.Container, refs ...string) {
	t.Helper()
	for _, ref := range refs {
		got, err := r.Resolve(context.Background(), ref)
		if err != nil {
			t.Errorf("Resolve(%q): %v", ref, err)
			continue
		}
		if got != want {
			t.Errorf("Resolve(%q) = %+v, want %+v", ref, got, want)
		}
	}
	checkOtherNamespaces(t, want.PID)
}

// checkOtherNamespaces fails t unless pid's mount, UTS, IPC, PID and
// network namespaces all differ from the test's: it is a container's.
func checkOtherNamespaces(t *testing.T, pid int) {
	t.Helper()
	for _, ns := range []string{"mnt", "uts", "ipc", "pid", "net"} {
		mine, err := os.Readlink("/proc/self/ns/" + ns)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := os.Readlink("/proc/" + itoa(pid) + "/ns/" + ns)
		if err != nil {
			t.Fatalf("PID %d: %v", pid, err)
		}
		if mine == theirs {
			t.Errorf("PID %d shares the test's %s namespace %s: not a container's process", pid, ns, mine)
		}
	}
}

func itoa(n int) string {
	var b []byte
	for ; n >= 10; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(append([]byte{byte('0' + n)}, b...))
}

// uniquePrefix returns the shortest prefix of id that no other of ids
// shares.
func uniquePrefix(id string, ids []string) string {
	for n := 1; n < len(id); n++ {
		unique := true
		for _, other := range ids {
			if other != id && strings.HasPrefix(other, id[:n]) {
				unique = false
			}
		}
		if unique {
			return id[:n]
		}
	}
	return id
}

// sharedPrefix returns a one-digit prefix that two of ids share, or "".
func sharedPrefix(ids []string) string {
	seen := map[byte]bool{}
	for _, id := range ids {
		if seen[id[0]] {
			return id[:1]
		}
		seen[id[0]] = true
	}
	return ""
}

// hexID is a containerd task ID made as an engine makes them.
var hexID = strings.Repeat("0", 48) + "c0ffee00c0ffee00"

func TestRealEngines(t *testing.T) {
	sb, docker, ctrd := enginetest.DockerAndContainerd(t)
	if sb == nil {
		return
	}
	ctx := context.Background()

	t.Run("docker", func(t *testing.T) {
		id := docker.Run(t, "gonstools-web")
		want := container.Container{Runtime: container.Docker, ID: id, Name: "gonstools-web", PID: docker.InitPID(t, "gonstools-web")}
		// docker's containerd is asked too: its task of the container is
		// the same container, not a second candidate.
		r := &container.Resolver{DockerHost: "unix://" + docker.Socket, ContainerdState: docker.ContainerdState, ProcRoot: "/proc"}
		ids := strings.Fields(docker.CLI(t, "ps", "--all", "--quiet", "--no-trunc"))
		checkResolves(t, r, want, "gonstools-web", id, uniquePrefix(id, ids))

		byContainerd := want
		byContainerd.Runtime, byContainerd.Name, byContainerd.Namespace = container.Containerd, id, "moby"
		checkResolves(t, &container.Resolver{Runtime: container.Containerd, ContainerdState: docker.ContainerdState, ProcRoot: "/proc"},
			byContainerd, id, uniquePrefix(id, ids))

		list, err := r.List(ctx)
		if err != nil || len(list) != 1 || list[0] != want {
			t.Errorf("List = %v, %v; want only %v", list, err, want)
		}

		// Created, never started; then stopped.
		docker.Create(t, "gonstools-created")
		var nr *container.NotRunningError
		if _, err := r.Resolve(ctx, "gonstools-created"); !errors.As(err, &nr) {
			t.Errorf("created container: %v", err)
		}
		// Containers are made until two IDs share a first digit: dockerd
		// then refuses that prefix, and the candidates are listed.
		for i := 0; sharedPrefix(ids) == ""; i++ {
			ids = append(ids, docker.Create(t, "gonstools-more-"+itoa(i)))
		}
		prefix := sharedPrefix(ids)
		var amb *container.AmbiguousError
		if _, err := r.Resolve(ctx, prefix); !errors.As(err, &amb) || len(amb.Candidates) < 2 {
			t.Errorf("shared prefix %s: %v", prefix, err)
		} else {
			for _, c := range amb.Candidates {
				if !strings.HasPrefix(c.ID, prefix) || c.Runtime != container.Docker {
					t.Errorf("shared prefix %s: candidate %v", prefix, c)
				}
			}
		}
		docker.CLI(t, "kill", "gonstools-web")
		if _, err := r.Resolve(ctx, "gonstools-web"); !errors.As(err, &nr) {
			t.Errorf("killed container: %v", err)
		}
	})

	t.Run("containerd", func(t *testing.T) {
		r := &container.Resolver{Runtime: container.Containerd, ContainerdState: ctrd.State, ProcRoot: "/proc"}
		pid := ctrd.Run(t, "gonstools", "web")
		checkResolves(t, r, container.Container{Runtime: container.Containerd, ID: "web", Name: "web", Namespace: "gonstools", PID: pid}, "web")

		// An engine-made ID, as Kubernetes' are, is found by prefix too.
		pid = ctrd.Run(t, "k8s.io", hexID)
		ids := []string{hexID}
		checkResolves(t, r, container.Container{Runtime: container.Containerd, ID: hexID, Name: hexID, Namespace: "k8s.io", PID: pid},
			hexID, uniquePrefix(hexID, ids)+"00000")

		// A task whose process died stays until deleted; its PID is
		// not taken.
		ctrd.Kill(t, "gonstools", "web")
		var nr *container.NotRunningError
		if _, err := r.Resolve(ctx, "web"); !errors.As(err, &nr) {
			t.Errorf("killed task: %v", err)
		}
	})

	t.Run("podman", func(t *testing.T) {
		podman := sb.Podman(t)
		id := podman.Run(t, "gonstools-web")
		want := container.Container{Runtime: container.Podman, ID: id, Name: "gonstools-web", PID: podman.InitPID(t, "gonstools-web")}
		ids := strings.Fields(podman.CLI(t, "ps", "--all", "--quiet", "--no-trunc"))
		files := &container.Resolver{Runtime: container.Podman, PodmanHost: "unix://" + sb.Dir + "/none.sock",
			PodmanRoot: podman.Root, PodmanRunRoot: podman.RunRoot, ProcRoot: "/proc"}
		checkResolves(t, files, want, "gonstools-web", id, uniquePrefix(id, ids))

		api := *files
		api.PodmanHost = "unix://" + podman.StartService(t)
		api.PodmanRoot = "" // the files must not be needed
		checkResolves(t, &api, want, "gonstools-web", id, uniquePrefix(id, ids))

		podman.CLI(t, "stop", "--time", "0", "gonstools-web")
		var nr *container.NotRunningError
		for _, r := range []*container.Resolver{files, &api} {
			if _, err := r.Resolve(ctx, "gonstools-web"); !errors.As(err, &nr) {
				t.Errorf("stopped container, PodmanHost %s: %v", r.PodmanHost, err)
			}
		}
	})

	t.Run("together", func(t *testing.T) {
		// The same name in three engines.
		podman := sb.Podman(t)
		docker.Run(t, "gonstools-same")
		ctrd.Run(t, "gonstools", "gonstools-same")
		podman.Run(t, "gonstools-same")
		r := &container.Resolver{
			DockerHost:      "unix://" + docker.Socket,
			PodmanHost:      "unix://" + sb.Dir + "/none.sock",
			PodmanRoot:      podman.Root,
			PodmanRunRoot:   podman.RunRoot,
			ContainerdState: ctrd.State,
			ProcRoot:        "/proc",
		}
		_, err := r.Resolve(ctx, "gonstools-same")
		var amb *container.AmbiguousError
		if !errors.As(err, &amb) || len(amb.Candidates) != 3 {
			t.Fatalf("the same name in three engines: %v", err)
		}
		for i, rt := range []container.Runtime{container.Docker, container.Podman, container.Containerd} {
			if amb.Candidates[i].Runtime != rt || amb.Candidates[i].Name != "gonstools-same" {
				t.Errorf("candidate %d: %v", i, amb.Candidates[i])
			}
			r.Runtime = rt
			got, err := r.Resolve(ctx, "gonstools-same")
			if err != nil || got != amb.Candidates[i] {
				t.Errorf("with runtime %s: %v, %v", rt, got, err)
			}
		}
		r.Runtime = ""
		list, err := r.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range list {
			names = append(names, string(c.Runtime)+":"+c.Name)
		}
		// Each subtest's containers were removed at its end.
		want := "docker:gonstools-same podman:gonstools-same containerd:gonstools-same"
		if got := strings.Join(names, " "); got != want {
			t.Errorf("List: %s", got)
		}
	})
}
