// SPDX-License-Identifier: Apache-2.0

//go:build linux

package golsns

import (
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/container/enginetest"
	"github.com/gonstools/gonstools/internal/nstest"
)

// containerCells runs golsns -o NS,TYPE,CONTAINER (raw) and returns the
// CONTAINER cell of each namespace by "TYPE:[NS]", and the run.
func containerCells(t *testing.T, env []string, args ...string) (map[string]string, nstest.Result) {
	t.Helper()
	r := nstest.Run(t, env, "", append([]string{nstest.Binary(t, "golsns"), "-r", "-n", "-o", "NS,TYPE,CONTAINER"}, args...)...)
	cells := map[string]string{}
	for _, l := range strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			t.Fatalf("golsns line %q", l)
		}
		cells[f[1]+":["+f[0]+"]"] = strings.Join(f[2:], " ")
	}
	return cells, r
}

// nsOf reads pid's namespace link of a type: "uts:[4026532185]".
func nsOf(t *testing.T, pid int, typ string) string {
	t.Helper()
	l, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/ns/" + typ)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The column CONTAINER names the namespaces of docker's, containerd's and
// podman's containers, as the engines found at their default places
// report them; an engine that cannot be asked leaves its containers
// unnamed, silently unless GOLSNS_DEBUG is set.
func TestContainerColumn(t *testing.T) {
	sb, docker, ctrd := enginetest.DockerAndContainerd(t)
	if sb == nil {
		return
	}
	env := enginetest.Environ()
	dockerID := docker.Run(t, "gonstools-web")
	inits := map[string]int{
		"gonstools-web": docker.InitPID(t, "gonstools-web"),
		"web":           ctrd.Run(t, "gonstools", "web"),
	}
	checkCells(t, env, inits)
	t.Run("podman", func(t *testing.T) {
		// Where podman runs, its container joins the others.
		podman := sb.Podman(t)
		podman.Run(t, "gonstools-pod")
		checkCells(t, env, map[string]int{
			"gonstools-web": inits["gonstools-web"],
			"web":           inits["web"],
			"gonstools-pod": podman.InitPID(t, "gonstools-pod"),
		})
	})

	// Selected by a filter that the column is not printed for, and the
	// other output forms.
	golsns := nstest.Binary(t, "golsns")
	r := nstest.Run(t, env, "", golsns, "-n", "-r", "-o", "TYPE", "-Q", `CONTAINER == "web"`, "-t", "uts")
	if r.Code != 0 || r.Stdout != "uts\n" {
		t.Errorf("golsns -Q 'CONTAINER == \"web\"' -t uts: %v", r)
	}
	uts := strings.TrimSuffix(strings.TrimPrefix(nsOf(t, inits["gonstools-web"], "uts"), "uts:["), "]")
	r = nstest.Run(t, env, "", golsns, "-J", "-o", "NS,CONTAINER", uts)
	if r.Code != 0 || !strings.Contains(r.Stdout, `"container": "gonstools-web"`) {
		t.Errorf("golsns -J -o NS,CONTAINER %s: %v", uts, r)
	}
	r = nstest.Run(t, env, "", golsns, "--output-all", "-t", "uts")
	if r.Code != 0 || strings.Contains(r.Stdout, "CONTAINER") || strings.Contains(r.Stdout, "gonstools-web") {
		t.Errorf("golsns --output-all shows containers: %v", r)
	}
	r = nstest.Run(t, env, "", golsns, "-o", "+CONTAINER", "-t", "uts")
	if first, _, _ := strings.Cut(r.Stdout, "\n"); r.Code != 0 || !strings.HasSuffix(first, " CONTAINER") ||
		!strings.Contains(r.Stdout, " gonstools-web\n") {
		t.Errorf("golsns -o +CONTAINER -t uts: %v", r)
	}

	// docker cannot be asked: its containers are named as containerd knows
	// them, as tasks of namespace moby, by ID.
	sock := filepath.Join(sb.Dir, "refused.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	broken := slices.Concat(env, []string{"DOCKER_HOST=unix://" + sock})
	for _, debug := range []string{"", "1"} {
		e := broken
		if debug != "" {
			e = slices.Concat(broken, []string{"GOLSNS_DEBUG=" + debug})
		}
		cells, r := containerCells(t, e, "-t", "uts")
		wantErr := ""
		if debug != "" {
			wantErr = "golsns: cannot connect to docker at " + sock + ": Connection refused\n"
		}
		if r.Code != 0 || r.Stderr != wantErr {
			t.Errorf("docker refusing, GOLSNS_DEBUG=%q: %v, want stderr %q", debug, r, wantErr)
		}
		if c := cells[nsOf(t, inits["gonstools-web"], "uts")]; c != dockerID {
			t.Errorf("docker refusing: its container is named %q, want its ID %s", c, dockerID)
		}
		if c := cells[nsOf(t, inits["web"], "uts")]; c != "web" {
			t.Errorf("docker refusing: containerd's container is named %q", c)
		}
	}
}

// checkCells checks the CONTAINER cells of every namespace, for the
// containers whose init processes are inits (by name).
func checkCells(t *testing.T, env []string, inits map[string]int) {
	t.Helper()
	cells, r := containerCells(t, env)
	if r.Code != 0 || r.Stderr != "" {
		t.Fatalf("golsns: %v", r)
	}
	// Each engine gives its container new mount, UTS, IPC, PID and
	// network namespaces; the user namespace stays the host's, ours.
	for name, pid := range inits {
		for _, typ := range []string{"mnt", "uts", "ipc", "pid", "net"} {
			if l := nsOf(t, pid, typ); cells[l] != name {
				t.Errorf("%s of %s (PID %d): CONTAINER %q", l, name, pid, cells[l])
			}
		}
		if l := nsOf(t, pid, "user"); cells[l] != "" || l != nsOf(t, os.Getpid(), "user") {
			t.Errorf("%s of %s: CONTAINER %q, want none (ours is %s)", l, name, cells[l], nsOf(t, os.Getpid(), "user"))
		}
	}
	// Nothing else is named: every named namespace is one of a
	// container's init process.
	for l, c := range cells {
		if c == "" {
			continue
		}
		typ, _, _ := strings.Cut(l, ":")
		if pid, ok := inits[c]; !ok || nsOf(t, pid, typ) != l {
			t.Errorf("%s named %q: not that container's", l, c)
		}
	}

}
