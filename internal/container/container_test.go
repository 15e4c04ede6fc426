// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// deadSocket is a socket nobody listens on.
func deadSocket(t *testing.T) string {
	t.Helper()
	path := filepath.Join(shortTempDir(t), "dead.sock")
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: path}); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDockerAndContainerdAreOne(t *testing.T) {
	// docker's container is also a containerd task in namespace moby,
	// with the same init process: one container, reported as docker's.
	_, pid := spawnUnder(t, "containerd-shim-runc-v2")
	id := hexID("d0c")
	sock, _ := unixHTTPServer(t, &fakeDocker{containers: []fakeContainer{{id, "web", pid}}})
	state := t.TempDir()
	containerdTask(t, state, "io.containerd.runtime.v2.task", "moby", id, strconv.Itoa(pid))
	r := &Resolver{DockerHost: sock, ContainerdState: state, ProcRoot: "/proc"}
	ctx := context.Background()
	want := Container{Runtime: Docker, ID: id, Name: "web", PID: pid}
	for _, ref := range []string{"web", id, "d0c"} {
		if got, err := r.Resolve(ctx, ref); err != nil || got != want {
			t.Errorf("Resolve(%q) = %+v, %v; want %+v", ref, got, err, want)
		}
	}
	list, err := r.List(ctx)
	if err != nil || len(list) != 1 || list[0] != want {
		t.Errorf("List = %v, %v", list, err)
	}
	r.Runtime = Containerd
	if got, err := r.Resolve(ctx, id); err != nil || got.Runtime != Containerd || got.Namespace != "moby" || got.PID != pid {
		t.Errorf("containerd alone: %+v, %v", got, err)
	}
}

func TestAmbiguousAcrossEngines(t *testing.T) {
	_, dockerPID := spawnUnder(t, "containerd-shim-runc-v2")
	_, dockerPID2 := spawnUnder(t, "containerd-shim-runc-v2")
	conmon, podmanPID := spawnUnder(t, "conmon")
	_, ctrdPID := spawnUnder(t, "containerd-shim-runc-v2")
	sock, _ := unixHTTPServer(t, &fakeDocker{containers: []fakeContainer{
		{hexID("1"), "web", dockerPID},
		{hexID("2"), "abc", dockerPID2},
	}})
	s := newStorage(t)
	s.add(hexID("3"), []string{"web"}, podmanMeta("web"))
	s.write(t)
	userdata := filepath.Join(s.runRoot, "overlay-containers", hexID("3"), "userdata")
	writeFile(t, filepath.Join(userdata, "pidfile"), strconv.Itoa(podmanPID))
	writeFile(t, filepath.Join(userdata, "conmon.pid"), strconv.Itoa(conmon))
	state := t.TempDir()
	containerdTask(t, state, "io.containerd.runtime.v2.task", "default", "web", strconv.Itoa(ctrdPID))
	containerdTask(t, state, "io.containerd.runtime.v2.task", "default", hexID("abc"), strconv.Itoa(ctrdPID))

	r := &Resolver{DockerHost: sock, PodmanRoot: s.root, PodmanRunRoot: s.runRoot, ContainerdState: state, ProcRoot: "/proc"}
	ctx := context.Background()
	_, err := r.Resolve(ctx, "web")
	var amb *AmbiguousError
	if !errors.As(err, &amb) {
		t.Fatalf("web: %v", err)
	}
	want := fmt.Sprintf("ambiguous container web: web (docker, ID 100000000000, PID %d), web (podman, ID 300000000000, PID %d), web (containerd namespace default, PID %d)",
		dockerPID, podmanPID, ctrdPID)
	if err.Error() != want {
		t.Errorf("message\n%q, want\n%q", err, want)
	}
	// A name wins over an ID prefix, whichever engine has them.
	if got, err := r.Resolve(ctx, "abc"); err != nil || got.Runtime != Docker || got.Name != "abc" {
		t.Errorf("abc: %+v, %v", got, err)
	}
	// The chosen engine settles it.
	for _, rt := range []Runtime{Docker, Podman, Containerd} {
		r.Runtime = rt
		if got, err := r.Resolve(ctx, "web"); err != nil || got.Runtime != rt {
			t.Errorf("web in %s: %+v, %v", rt, got, err)
		}
	}
}

func TestEngineFailures(t *testing.T) {
	_, pid := spawnUnder(t, "containerd-shim-runc-v2")
	dead := deadSocket(t)
	state := t.TempDir()
	containerdTask(t, state, "io.containerd.runtime.v2.task", "default", "web", strconv.Itoa(pid))
	r := &Resolver{DockerHost: dead, ContainerdState: state, ProcRoot: "/proc"}
	ctx := context.Background()

	// Found elsewhere: the engine that could not be asked is passed over.
	if got, err := r.Resolve(ctx, "web"); err != nil || got.Runtime != Containerd {
		t.Errorf("web: %+v, %v", got, err)
	}
	// Found nowhere: the failure is part of the answer.
	_, err := r.Resolve(ctx, "db")
	var nf *NotFoundError
	var ce *ConnectError
	if !errors.As(err, &nf) || !errors.As(err, &ce) || !errors.Is(err, syscall.ECONNREFUSED) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("db: %v (%T)", err, err)
	}
	if want := "no such container: db; cannot connect to docker at " + dead + ": Connection refused"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if fmt.Sprint(nf.Asked) != "[docker containerd]" {
		t.Errorf("asked %v", nf.Asked)
	}
	list, err := r.List(ctx)
	if len(list) != 1 || list[0].Name != "web" || !errors.As(err, &ce) {
		t.Errorf("List = %v, %v", list, err)
	}

	// Nothing present at all.
	none := filepath.Join(t.TempDir(), "none")
	r = &Resolver{DockerHost: none, PodmanHost: none, PodmanRoot: none, CRIORoot: none, ContainerdState: none, ProcRoot: "/proc"}
	if _, err := r.Resolve(ctx, "web"); err == nil || err.Error() != "no such container: web (no container engine found)" {
		t.Errorf("no engine: %v", err)
	}
	if list, err := r.List(ctx); len(list) != 0 || err != nil {
		t.Errorf("List with no engine: %v, %v", list, err)
	}
	if _, err := r.Resolve(ctx, ""); err == nil {
		t.Error("an empty name was accepted")
	}
}

func TestDefault(t *testing.T) {
	t.Setenv("DOCKER_HOST", "")
	t.Setenv("CONTAINER_HOST", "")
	t.Setenv("XDG_RUNTIME_DIR", "/run/user/1000")
	t.Setenv("XDG_DATA_HOME", "/home/u/.data")
	r := Default()
	if os.Geteuid() == 0 {
		want := Resolver{
			DockerHost: "unix:///var/run/docker.sock", PodmanHost: "unix:///run/podman/podman.sock",
			PodmanRoot: "/var/lib/containers/storage", PodmanRunRoot: "/run/containers/storage",
			CRIORoot: "/var/lib/containers/storage", CRIORunRoot: "/run/containers/storage",
			ContainerdState: "/run/containerd", ProcRoot: "/proc",
		}
		if *r != want {
			t.Errorf("Default() = %+v", *r)
		}
	} else if r.PodmanHost != "unix:///run/user/1000/podman/podman.sock" || r.PodmanRoot != "/home/u/.data/containers/storage" ||
		r.PodmanRunRoot != "/run/user/1000/containers" {
		t.Errorf("Default() = %+v", *r)
	}
	t.Setenv("DOCKER_HOST", "unix:///tmp/d.sock")
	t.Setenv("CONTAINER_HOST", "unix:///tmp/p.sock")
	if r := Default(); r.DockerHost != "unix:///tmp/d.sock" || r.PodmanHost != "unix:///tmp/p.sock" || r.Runtime != "" {
		t.Errorf("Default() with hosts = %+v", *r)
	}
}

func TestParseRuntime(t *testing.T) {
	for in, want := range map[string]Runtime{"docker": Docker, "podman": Podman, "containerd": Containerd, "cri-o": CRIO, "crio": CRIO} {
		if got, err := ParseRuntime(in); err != nil || got != want {
			t.Errorf("ParseRuntime(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "Docker", "lxc", "k8s"} {
		if _, err := ParseRuntime(in); err == nil || !strings.Contains(err.Error(), "unknown container runtime") {
			t.Errorf("ParseRuntime(%q): %v", in, err)
		}
	}
}
