// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcs

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/container/enginetest"
	"github.com/gonstools/gonstools/internal/nstest"
)

// goipcs --container lists the IPC objects of a real engine's container,
// as gonsenter --container NAME -i goipcs does. The objects are made in
// the container's IPC namespace by our goipcmk, run from the host's file
// system by gonsenter --container NAME -i: a System V queue and a POSIX
// queue, the kinds that belong to the IPC namespace (POSIX shared memory
// and semaphores are files of /dev/shm, which -i alone would make in the
// host's). The engine's own exec then finds them inside.
func TestContainer(t *testing.T) {
	sb, docker, ctrd := enginetest.DockerAndContainerd(t)
	if sb == nil {
		return
	}
	env := enginetest.Environ("TZ=Europe/Paris", "LC_ALL=C")

	t.Run("docker", func(t *testing.T) {
		docker.Run(t, "gonstools-ipc")
		checkIPC(t, env, "gonstools-ipc", func(argv ...string) string {
			return docker.CLI(t, append([]string{"exec", "gonstools-ipc"}, argv...)...)
		})
	})
	t.Run("containerd", func(t *testing.T) {
		ctrd.Run(t, "gonstools", "ipc")
		n := 0
		checkIPC(t, env, "ipc", func(argv ...string) string {
			n++
			return ctrd.CTR(t, "gonstools", append([]string{"task", "exec", "--exec-id", fmt.Sprint("check", n), "ipc"}, argv...)...)
		})
	})
	t.Run("podman", func(t *testing.T) {
		podman := sb.Podman(t)
		podman.Run(t, "gonstools-ipc")
		checkIPC(t, env, "gonstools-ipc --runtime podman", func(argv ...string) string {
			return podman.CLI(t, append([]string{"exec", "gonstools-ipc"}, argv...)...)
		})
	})
	t.Run("errors", func(t *testing.T) {
		id := docker.Create(t, "gonstools-created")
		goipcs := nstest.Binary(t, "goipcs")
		for ref, msg := range map[string]string{
			"nothing":           "no such container: nothing",
			"gonstools-created": "container gonstools-created (docker, ID " + id[:12] + ") is not running",
		} {
			r := nstest.Run(t, env, "", goipcs, "--container", ref)
			if want := "goipcs: " + msg + "\n"; r.Code != 1 || r.Stderr != want || r.Stdout != "" {
				t.Errorf("goipcs --container %s: %v, want stderr %q", ref, r, want)
			}
		}
	})
}

// checkIPC makes a queue and a POSIX queue in the container that ref (a
// reference, maybe followed by options) names, checks that exec, the
// engine's way in, sees them there, and compares goipcs --container with
// gonsenter --container -i goipcs in every output mode.
func checkIPC(t *testing.T, env []string, ref string, exec func(argv ...string) string) {
	t.Helper()
	goipcs := nstest.Binary(t, "goipcs")
	container := slices.Concat([]string{"--container"}, strings.Fields(ref))
	enter := slices.Concat([]string{nstest.Binary(t, "gonsenter")}, container, []string{"-i"})
	goipcmk := nstest.Binary(t, "goipcmk")
	r := nstest.Run(t, env, "", slices.Concat(enter, []string{goipcmk, "-Q", "-p", "600"})...)
	var id int
	if _, err := fmt.Sscanf(r.Stdout, "Message queue id: %d\n", &id); err != nil || r.Code != 0 {
		t.Fatalf("gonsenter %s -i goipcmk -Q: %v", ref, r)
	}
	r = nstest.Run(t, env, "", slices.Concat(enter, []string{goipcmk, "-q", "-n", "/gonstools-q"})...)
	if r.Code != 0 {
		t.Fatalf("gonsenter %s -i goipcmk -q: %v", ref, r)
	}

	// Inside, as the engine enters: the queue's line in /proc/sysvipc/msg
	// (key, msqid, perms...), and the POSIX queue in /dev/mqueue.
	var key string
	for _, l := range strings.Split(exec("cat", "/proc/sysvipc/msg"), "\n")[1:] {
		if f := strings.Fields(l); len(f) > 2 && f[1] == fmt.Sprint(id) && f[2] == "600" {
			key = f[0]
		}
	}
	if key == "" {
		t.Fatalf("the container's /proc/sysvipc/msg has no queue %d", id)
	}
	if ls := exec("ls", "/dev/mqueue"); !slices.Contains(strings.Fields(ls), "gonstools-q") {
		t.Errorf("the container's /dev/mqueue: %q", ls)
	}
	// Not here: the keys of this namespace (the host's).
	here, err := os.ReadFile("/proc/sysvipc/msg")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(here), "\n")[1:] {
		if f := strings.Fields(l); len(f) > 0 && f[0] == key {
			t.Errorf("the queue of key %s is in the test's namespace too", key)
		}
	}

	hexKey := fmt.Sprintf("0x%08x", atoi(t, key))
	for _, mode := range []string{"", "-q", "-t", "-p", "-c", "-l", "-u", "-q --posix", "--json", "-q --json --posix",
		"-q -i " + fmt.Sprint(id), "-b -l"} {
		args := words(mode)
		want := nstest.Run(t, env, "", slices.Concat(enter, []string{goipcs}, args)...)
		got := nstest.Run(t, env, "", slices.Concat([]string{goipcs}, container, args)...)
		if got != want {
			t.Errorf("goipcs %s %s: %v\ngonsenter -i goipcs: %v", strings.Join(container, " "), mode, got, want)
		}
		if mode == "-q" && !strings.Contains(got.Stdout, hexKey+" "+fmt.Sprint(id)) {
			t.Errorf("goipcs %s -q has no queue %s %d:\n%s", strings.Join(container, " "), hexKey, id, got.Stdout)
		}
		if mode == "-q --posix" && !strings.Contains(got.Stdout, " /gonstools-q\n") {
			t.Errorf("goipcs %s -q --posix has no /gonstools-q:\n%s", strings.Join(container, " "), got.Stdout)
		}
	}
}

// atoi reads a decimal number of /proc/sysvipc (a key may be negative).
func atoi(t *testing.T, s string) uint32 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return uint32(n)
}
