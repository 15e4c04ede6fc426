// SPDX-License-Identifier: Apache-2.0

//go:build linux

package gonsenter

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/container/enginetest"
	"github.com/gonstools/gonstools/internal/nstest"
)

// inContainer is a running container of a real engine, and the engine's
// own way of running a program in it (docker exec, ctr task exec, podman
// exec): the oracle of what the container looks like from inside.
type inContainer struct {
	name string
	pid  int // its init process, as the engine reports it
	exec func(t *testing.T, argv ...string) string
}

// imageBin is what /bin holds in the sandbox's busybox image, as ls
// lists it.
const imageBin = "busybox cat hostname ls ps sh sleep true"

// nsTypes are the namespace files of /proc/PID/ns that a process always has.
var nsTypes = []string{"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"}

// nsLinks reads the namespace links of pid: "ipc:[4026532185]"... in
// nsTypes's order.
func nsLinks(t *testing.T, pid string) []string {
	t.Helper()
	var out []string
	for _, n := range nsTypes {
		l, err := os.Readlink("/proc/" + pid + "/ns/" + n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}

// checkEntered enters c by each of refs (a reference, which may be
// followed by other options: "web --runtime docker") and checks, from
// inside, what the engine's own exec sees: the hostname, every namespace
// of the init process, the image's root file system with a file the
// engine's exec wrote there; then by the first reference, the default
// shell, the environment of -e, and with a namespace option, only that
// namespace.
func checkEntered(t *testing.T, env []string, c inContainer, refs ...string) {
	t.Helper()
	pid := fmt.Sprint(c.pid)
	hostname := c.exec(t, "hostname")
	marker := "written by the engine into " + c.name
	c.exec(t, "sh", "-c", "echo '"+marker+"' >/marker")
	script := "hostname; for n in " + strings.Join(nsTypes, " ") + "; do /bin/busybox readlink /proc/self/ns/$n; done; " +
		"echo $(ls /bin); cat /marker"
	want := strings.Join(append(append([]string{hostname}, nsLinks(t, pid)...), imageBin, marker), "\n") + "\n"
	for _, ref := range refs {
		r := nstest.Run(t, env, "", ours(t, append(append([]string{"--container"}, strings.Fields(ref)...), "/bin/busybox", "sh", "-c", script)...)...)
		if r.Code != 0 || r.Stderr != "" || r.Stdout != want {
			t.Errorf("gonsenter --container %s: %v\nwant stdout %q", ref, r, want)
		}
	}
	ref := refs[0]

	// No program: a login shell the container has (the caller's SHELL,
	// /bin/bash, is not in the image).
	r := nstest.Run(t, env, "echo $0; hostname; exit 3\n", ours(t, "--container", ref)...)
	if r.Code != 3 || r.Stdout != "-sh\n"+hostname+"\n" || r.Stderr != "" {
		t.Errorf("gonsenter --container %s (the default shell): %v", ref, r)
	}

	// -e: the init process's environment, and nothing of ours.
	initEnv, err := os.ReadFile("/proc/" + pid + "/environ")
	if err != nil {
		t.Fatal(err)
	}
	wantEnv := strings.Fields(strings.ReplaceAll(string(initEnv), "\x00", " "))
	slices.Sort(wantEnv)
	r = nstest.Run(t, env, "", ours(t, "--container", ref, "-e", "/bin/busybox", "env")...)
	gotEnv := strings.Fields(r.Stdout)
	slices.Sort(gotEnv)
	if r.Code != 0 || !slices.Equal(gotEnv, wantEnv) || len(wantEnv) == 0 {
		t.Errorf("gonsenter --container %s -e env: %v\nwant %q", ref, r, wantEnv)
	}

	// -u alone: the container's hostname, in our mount namespace (the
	// program is ours: the image has no readlink).
	r = nstest.Run(t, env, "", ours(t, "--container", ref, "-u", "sh", "-c", "hostname; readlink /proc/self/ns/mnt /proc/self/ns/uts")...)
	self := nsLinks(t, "self")
	theirs := nsLinks(t, pid)
	if want := hostname + "\n" + self[2] + "\n" + theirs[7] + "\n"; r.Code != 0 || r.Stdout != want {
		t.Errorf("gonsenter --container %s -u: %v\nwant stdout %q", ref, r, want)
	}
}

// uniquePrefix returns the shortest prefix of id that no other of ids
// shares, as long as docker's shortest (4 digits) at least.
func uniquePrefix(id string, ids []string) string {
	for n := 4; n < len(id); n++ {
		if !slices.ContainsFunc(ids, func(o string) bool { return o != id && strings.HasPrefix(o, id[:n]) }) {
			return id[:n]
		}
	}
	return id
}

// hexID is a containerd task ID made as engines make them (Kubernetes'
// containers under containerd have such IDs), found by prefix too.
var hexID = strings.Repeat("0", 48) + "c0ffee00c0ffee00"

// gonsenter --container enters containers of docker, containerd and
// podman, found where they are by default (see enginetest), by name, by ID
// and by ID prefix.
func TestContainer(t *testing.T) {
	sb, docker, ctrd := enginetest.DockerAndContainerd(t)
	if sb == nil {
		return
	}
	env := enginetest.Environ("SHELL=/bin/bash", "GONSTOOLS_NOT_INSIDE=1")
	dockerExec := func(name string) func(t *testing.T, argv ...string) string {
		return func(t *testing.T, argv ...string) string {
			return docker.CLI(t, append([]string{"exec", name}, argv...)...)
		}
	}
	ctrExec := func(ns, id string) func(t *testing.T, argv ...string) string {
		n := 0
		return func(t *testing.T, argv ...string) string {
			n++
			return ctrd.CTR(t, ns, append([]string{"task", "exec", "--exec-id", fmt.Sprint("check", n), id}, argv...)...)
		}
	}

	t.Run("docker", func(t *testing.T) {
		id := docker.Run(t, "gonstools-web")
		ids := strings.Fields(docker.CLI(t, "ps", "--all", "--quiet", "--no-trunc"))
		c := inContainer{name: "gonstools-web", pid: docker.InitPID(t, "gonstools-web"), exec: dockerExec("gonstools-web")}
		// docker's containers are containerd's tasks too, in namespace
		// moby: the same container, not an ambiguity.
		checkEntered(t, env, c, "gonstools-web", id, id[:12], uniquePrefix(id, ids), "gonstools-web --runtime=docker")
	})

	t.Run("containerd", func(t *testing.T) {
		pid := ctrd.Run(t, "gonstools", "web")
		checkEntered(t, env, inContainer{name: "web", pid: pid, exec: ctrExec("gonstools", "web")}, "web")
		pid = ctrd.Run(t, "k8s.io", hexID)
		ids := append(strings.Fields(docker.CLI(t, "ps", "--all", "--quiet", "--no-trunc")), hexID)
		checkEntered(t, env, inContainer{name: hexID, pid: pid, exec: ctrExec("k8s.io", hexID)}, uniquePrefix(hexID, ids), hexID)
	})

	t.Run("podman", func(t *testing.T) {
		podman := sb.Podman(t)
		id := podman.Run(t, "gonstools-pod")
		ids := strings.Fields(podman.CLI(t, "ps", "--all", "--quiet", "--no-trunc"))
		podExec := func(t *testing.T, argv ...string) string {
			return podman.CLI(t, append([]string{"exec", "gonstools-pod"}, argv...)...)
		}
		checkEntered(t, env, inContainer{name: "gonstools-pod", pid: podman.InitPID(t, "gonstools-pod"), exec: podExec},
			"gonstools-pod", uniquePrefix(id, ids))
	})

	t.Run("errors", func(t *testing.T) {
		// The same name in docker and containerd: both are listed, and
		// --runtime chooses.
		dockerID := docker.Run(t, "gonstools-same")
		dockerPID := docker.InitPID(t, "gonstools-same")
		ctrdPID := ctrd.Run(t, "gonstools", "gonstools-same")
		r := nstest.Run(t, env, "", ours(t, "--container", "gonstools-same", "true")...)
		want := fmt.Sprintf("gonsenter: ambiguous container gonstools-same: gonstools-same (docker, ID %s, PID %d), "+
			"gonstools-same (containerd namespace gonstools, PID %d)\n", dockerID[:12], dockerPID, ctrdPID)
		if r.Code != 1 || r.Stderr != want || r.Stdout != "" {
			t.Errorf("ambiguous: %v\nwant stderr %q", r, want)
		}
		for rt, pid := range map[string]int{"docker": dockerPID, "containerd": ctrdPID} {
			r := nstest.Run(t, env, "", ours(t, "--runtime", rt, "--container", "gonstools-same", "-u", "readlink", "/proc/self/ns/uts")...)
			if want := nsLinks(t, fmt.Sprint(pid))[7] + "\n"; r.Code != 0 || r.Stdout != want {
				t.Errorf("--runtime %s: %v, want stdout %q", rt, r, want)
			}
		}

		createdID := docker.Create(t, "gonstools-created")
		sock := filepath.Join(sb.Dir, "refused.sock")
		l, err := net.Listen("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		l.(*net.UnixListener).SetUnlinkOnClose(false)
		l.Close() // the file stays, nobody listens: ECONNREFUSED
		for _, tc := range []struct {
			env  []string
			args []string
			msg  string
		}{
			{env, []string{"--container", "nothing"}, "no such container: nothing"},
			{env, []string{"--container", "gonstools-created"},
				"container gonstools-created (docker, ID " + createdID[:12] + ") is not running"},
			{slices.Concat(env, []string{"DOCKER_HOST=unix:///run/nothing.sock"}), []string{"--runtime", "docker", "--container", "web"},
				"cannot connect to docker at /run/nothing.sock: No such file or directory"},
			{slices.Concat(env, []string{"DOCKER_HOST=unix://" + sock}), []string{"--runtime", "docker", "--container", "web"},
				"cannot connect to docker at " + sock + ": Connection refused"},
			{slices.Concat(env, []string{"DOCKER_HOST=tcp://127.0.0.1:2375"}), []string{"--runtime", "docker", "--container", "web"},
				`unsupported docker host "tcp://127.0.0.1:2375": only unix:// sockets are supported`},
			{env, []string{"--container", "gonstools-same", "--target", "1"}, "options --container and --target cannot be combined"},
			{env, []string{"--runtime", "lxc", "--container", "web"}, "unknown container runtime: lxc"},
		} {
			r := nstest.Run(t, tc.env, "", ours(t, append(tc.args, "true")...)...)
			if r.Code != 1 || r.Stderr != "gonsenter: "+tc.msg+"\n" || r.Stdout != "" {
				t.Errorf("%q: %v\nwant stderr %q", tc.args, r, "gonsenter: "+tc.msg+"\n")
			}
		}

		// Another user may not use docker's socket.
		var errb bytes.Buffer
		argv := ours(t, "--runtime", "docker", "--container", "gonstools-same", "true")
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env, cmd.Stderr = env, &errb
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		err = cmd.Run()
		if want := "gonsenter: cannot connect to docker at /var/run/docker.sock: Permission denied\n"; err == nil || errb.String() != want {
			t.Errorf("as nobody: %v, stderr %q, want %q", err, errb.String(), want)
		}
	})
}

// An engine's answers that are not what the API promises: one line each,
// status 1. The engine is a socket of the test's.
func TestContainerBadAnswers(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "docker.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	answers := make(chan string, 1)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 4096)
			c.Read(buf) // the request fits
			c.Write([]byte(<-answers))
			c.Close()
		}
	}()
	env := []string{"PATH=" + os.Getenv("PATH"), "DOCKER_HOST=unix://" + sock}
	req := "docker at " + sock + ": GET /containers/web/json: "
	for _, tc := range []struct{ answer, msg string }{
		{"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nnot json!", req + "unreadable answer: "},
		{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]", req + "unreadable answer: "},
		{"garbage\r\n\r\n", req + "unreadable answer: "},
		{"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 26\r\n\r\n{\"message\":\"disk on fire\"}",
			req + "500 Internal Server Error: disk on fire"},
		{"HTTP/1.1 403 Forbidden\r\nContent-Length: 13\r\n\r\nnot for you\n\n", req + "403 Forbidden: not for you"},
	} {
		answers <- tc.answer
		r := nstest.Run(t, env, "", ours(t, "--runtime", "docker", "--container", "web", "true")...)
		if r.Code != 1 || r.Stdout != "" || !strings.HasPrefix(r.Stderr, "gonsenter: "+tc.msg) || strings.Count(r.Stderr, "\n") != 1 {
			t.Errorf("answer %q: %v\nwant one line starting %q", tc.answer, r, "gonsenter: "+tc.msg)
		}
	}
}
