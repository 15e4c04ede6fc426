// SPDX-License-Identifier: Apache-2.0

//go:build linux

package enginetest

import (
	"os"
	"path/filepath"
	"testing"
)

// dockerCLI is Debian's docker client, of the daemon's version (20.10);
// /usr/local/bin/docker may be a newer client with other flags.
const dockerCLI = "/usr/bin/docker"

// Docker is a dockerd of the sandbox, with the containerd it starts.
type Docker struct {
	d *daemon
	// Socket is the API socket; DataRoot and ExecRoot dockerd's roots.
	Socket, DataRoot, ExecRoot string
	// ContainerdState is the state directory of dockerd's containerd,
	// where its containers are tasks of namespace "moby".
	ContainerdState string
}

// StartDocker starts dockerd and waits until it answers, on the default
// socket (/run/docker.sock, which is /var/run/docker.sock, on the
// sandbox's /run). It touches
// nothing outside the sandbox: no bridge, no iptables rule, no IP
// forwarding, no userland proxy, its own config file and key file, vfs
// storage (no mounts), and its containers' cgroups under /Tag/docker. It
// uses the sandbox's containerd (see StartContainerd), as a packaged
// dockerd uses the system's: the containerd dockerd would start by itself
// creates /opt/containerd. It is stopped by PID when the sandbox's test
// ends, after its containers are removed, and before containerd.
func (sb *Sandbox) StartDocker() *Docker {
	t := sb.t
	t.Helper()
	ctrd := sb.StartContainerd()
	root := filepath.Join(sb.Dir, "docker")
	d := &Docker{
		Socket:          "/run/docker.sock", // the default, on the sandbox's /run
		DataRoot:        filepath.Join(root, "data"),
		ExecRoot:        filepath.Join(root, "exec"),
		ContainerdState: ctrd.State,
	}
	config := filepath.Join(root, "daemon.json")
	if err := os.MkdirAll(root, 0o700); err != nil {
		t.Fatal(err)
	}
	// The trust key would go to /etc/docker/key.json without this.
	if err := os.WriteFile(config, []byte(`{"deprecated-key-path": "`+filepath.Join(root, "key.json")+`"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	d.d = sb.start(t, "dockerd", nil, "dockerd",
		"--config-file", config,
		"--data-root", d.DataRoot,
		"--exec-root", d.ExecRoot,
		"--pidfile", filepath.Join(root, "docker.pid"),
		"--host", "unix://"+d.Socket,
		"--containerd", ctrd.Address,
		"--storage-driver", "vfs",
		"--bridge", "none",
		"--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false",
		"--userland-proxy=false",
		"--cgroup-parent", "/"+sb.Tag+"/docker",
	)
	t.Cleanup(func() { d.d.stop(t) })
	d.d.waitAPI(t, d.Socket)
	d.CLI(t, "import", sb.Rootfs(t), ImageRef)
	return d
}

// PID is dockerd's process ID.
func (d *Docker) PID() int { return d.d.PID() }

// CLI runs the docker client against this daemon and returns its output.
func (d *Docker) CLI(t testing.TB, args ...string) string {
	t.Helper()
	return run(t, nil, append([]string{dockerCLI, "--host", "unix://" + d.Socket}, args...)...)
}

// Create creates a container that runs "sleep 1000" from the sandbox's
// image, without starting it, and returns its ID. It is removed when t
// ends.
func (d *Docker) Create(t testing.TB, name string) string {
	t.Helper()
	id := d.CLI(t, "create", "--pull", "never", "--network", "none", "--name", name, ImageRef, "sleep", "1000")
	t.Cleanup(func() { d.CLI(t, "rm", "--force", name) })
	return id
}

// Run creates and starts a container that runs "sleep 1000", and
// returns its ID. It is removed when t ends.
func (d *Docker) Run(t testing.TB, name string) string {
	t.Helper()
	id := d.Create(t, name)
	d.CLI(t, "start", name)
	return id
}

// InitPID is the PID docker reports for a container's init process.
func (d *Docker) InitPID(t testing.TB, name string) int {
	t.Helper()
	return atoi(t, "docker inspect", d.CLI(t, "inspect", "--format", "{{.State.Pid}}", name))
}
