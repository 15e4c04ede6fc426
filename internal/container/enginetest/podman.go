// SPDX-License-Identifier: Apache-2.0

//go:build linux

package enginetest

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// Podman is podman run against the sandbox's storage.
type Podman struct {
	sb *Sandbox
	// Root and RunRoot are the containers/storage graph and run roots.
	Root, RunRoot string
	// Driver is the storage driver: containers are listed under
	// Root/Driver-containers.
	Driver string
	global []string // podman and the options of every command
	env    []string
}

// Podman returns podman set up for the sandbox: its storage (vfs: no
// mounts) and run root at the default places, on the sandbox's tmpfs, temporary directories and network configuration
// directory, runc (crun refuses some cgroup layouts), cgroupfs with the
// containers under /Tag/podman, events in a file, the sandbox's image
// imported. Where podman is missing, t is skipped, or fails under
// CI=true.
func (sb *Sandbox) Podman(t testing.TB) *Podman {
	t.Helper()
	for _, tool := range tools[NeedsPodman] {
		nstest.Tool(t, tool)
	}
	sb.podmanOnce.Do(func() {
		root := filepath.Join(sb.Dir, "podman")
		p := &Podman{
			sb:      sb,
			Root:    "/var/lib/containers/storage", // the defaults, on the sandbox's tmpfs
			RunRoot: "/run/containers/storage",
			Driver:  "vfs",
			env:     []string{"TMPDIR=" + filepath.Join(root, "tmp")},
		}
		if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o700); err != nil {
			t.Fatal(err)
		}
		p.global = []string{"podman",
			"--root", p.Root, "--runroot", p.RunRoot, "--storage-driver", p.Driver,
			"--tmpdir", filepath.Join(root, "libpod"),
			"--network-config-dir", filepath.Join(root, "networks"),
			"--runtime", "runc", "--cgroup-manager", "cgroupfs", "--events-backend", "file",
			"--log-level", "error",
		}
		p.CLI(t, "import", sb.Rootfs(t), ImageRef)
		sb.podman = p
	})
	if sb.podman == nil {
		t.Fatal("podman could not be set up")
	}
	return sb.podman
}

// podmanState is the sandbox's podman, set up once.
type podmanState struct {
	podmanOnce sync.Once
	podman     *Podman
}

// CLI runs podman with the sandbox's options and returns its output.
func (p *Podman) CLI(t testing.TB, args ...string) string {
	t.Helper()
	return run(t, p.env, append(append([]string(nil), p.global...), args...)...)
}

// Run starts a container that runs "sleep 1000" from the sandbox's image
// and returns its ID; where podman cannot run containers, t is skipped,
// or fails under CI=true. The explicit limits are what podman needs on
// hosts whose hard limits it cannot raise. The container is removed when
// t ends.
func (p *Podman) Run(t testing.TB, name string) string {
	t.Helper()
	args := append(append([]string(nil), p.global...), "run", "--detach", "--network", "none",
		"--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096",
		"--cgroup-parent", "/"+p.sb.Tag+"/podman", "--name", name, ImageRef, "sleep", "1000")
	id, err := tryRun(p.env, args...)
	if err != nil {
		// Whatever podman made of it goes too.
		tryRun(p.env, append(append([]string(nil), p.global...), "rm", "--force", "--time", "0", name)...)
		nstest.Require(t, false, "podman cannot run a container here: "+err.Error())
	}
	t.Cleanup(func() { p.CLI(t, "rm", "--force", "--time", "0", name) })
	return id
}

// InitPID is the PID podman reports for a container's init process.
func (p *Podman) InitPID(t testing.TB, name string) int {
	t.Helper()
	return atoi(t, "podman inspect", p.CLI(t, "inspect", "--format", "{{.State.Pid}}", name))
}

// StartService starts podman's API service on a socket of the sandbox
// and returns the socket's path. It is stopped by PID when t ends.
func (p *Podman) StartService(t testing.TB) string {
	t.Helper()
	sock := filepath.Join(p.sb.Dir, "podman", "podman.sock")
	d := p.sb.start(t, "podman-service", p.env, append(append([]string(nil), p.global...),
		"system", "service", "--time", "0", "unix://"+sock)...)
	t.Cleanup(func() { d.stop(t) })
	d.waitAPI(t, sock)
	return sock
}
