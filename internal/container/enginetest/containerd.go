// SPDX-License-Identifier: Apache-2.0

//go:build linux

package enginetest

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Containerd is a containerd of the sandbox.
type Containerd struct {
	sb *Sandbox
	d  *daemon
	// Address is the gRPC socket; Root and State containerd's roots. The
	// tasks are under State/io.containerd.runtime.v2.task.
	Address, Root, State string

	mu       sync.Mutex
	imported map[string]bool // namespaces holding the image
}

// StartContainerd starts the sandbox's containerd, once, with its own
// root, sockets and "opt" directory, its state at the default place
// (/run/containerd, on the sandbox's /run), without its CRI plugin, and
// waits until it answers. It is stopped by PID when the sandbox's test ends,
// after its containers are removed and dockerd is stopped.
func (sb *Sandbox) StartContainerd() *Containerd {
	t := sb.t
	t.Helper()
	if sb.containerd != nil {
		return sb.containerd
	}
	root := filepath.Join(sb.Dir, "containerd")
	c := &Containerd{
		sb:       sb,
		Address:  filepath.Join(root, "containerd.sock"),
		Root:     filepath.Join(root, "root"),
		State:    "/run/containerd", // the default, on the sandbox's /run
		imported: map[string]bool{},
	}
	config := filepath.Join(root, "config.toml")
	if err := os.MkdirAll(root, 0o700); err != nil {
		t.Fatal(err)
	}
	toml := `version = 2
root = "` + c.Root + `"
state = "` + c.State + `"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "` + c.Address + `"

[ttrpc]
  address = "` + c.Address + `.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "` + filepath.Join(root, "opt") + `"
`
	if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	c.d = sb.start(t, "containerd", nil, "containerd", "--config", config)
	t.Cleanup(func() { c.d.stop(t) })
	c.d.waitReady(t, func() bool {
		_, err := tryRun(nil, "ctr", "--address", c.Address, "version")
		return err == nil
	})
	sb.containerd = c
	return c
}

// PID is containerd's process ID.
func (c *Containerd) PID() int { return c.d.PID() }

// CTR runs ctr in a containerd namespace and returns its output.
func (c *Containerd) CTR(t testing.TB, namespace string, args ...string) string {
	t.Helper()
	return run(t, nil, append([]string{"ctr", "--address", c.Address, "--namespace", namespace}, args...)...)
}

// Run imports the sandbox's image into the namespace if need be, starts a
// container with the given ID running "sleep 1000" with the native
// snapshotter (no mounts) and its cgroup under /Tag/containerd, and
// returns its init PID as containerd reports it. The container is
// removed when t ends.
func (c *Containerd) Run(t testing.TB, namespace, id string) int {
	t.Helper()
	c.mu.Lock()
	if !c.imported[namespace] {
		c.CTR(t, namespace, "image", "import", "--snapshotter", "native", c.sb.OCIArchive(t, ImageRef))
		c.imported[namespace] = true
	}
	c.mu.Unlock()
	c.CTR(t, namespace, "run", "--detach", "--snapshotter", "native",
		"--cgroup", "/"+c.sb.Tag+"/containerd/"+namespace+"-"+id, ImageRef, id, "sleep", "1000")
	t.Cleanup(func() {
		c.CTR(t, namespace, "task", "rm", "--force", id)
		c.CTR(t, namespace, "container", "rm", id)
	})
	pid, status := c.Task(t, namespace, id)
	if status != "RUNNING" {
		t.Fatalf("ctr task ls: %s is %s", id, status)
	}
	return pid
}

// Task returns a task's PID and status as "ctr task ls" reports them.
func (c *Containerd) Task(t testing.TB, namespace, id string) (int, string) {
	t.Helper()
	for _, l := range lines(c.CTR(t, namespace, "task", "ls")) {
		f := strings.Fields(l)
		if len(f) == 3 && f[0] == id {
			return atoi(t, "ctr task ls", f[1]), f[2]
		}
	}
	t.Fatalf("ctr task ls: no task %s", id)
	return 0, ""
}

// Kill kills a task's processes and waits until containerd reports it
// stopped; the task itself stays, as after a crash.
func (c *Containerd) Kill(t testing.TB, namespace, id string) {
	t.Helper()
	c.CTR(t, namespace, "task", "kill", "--signal", "SIGKILL", id)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if _, status := c.Task(t, namespace, id); status == "STOPPED" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("task %s not stopped a minute after SIGKILL", id)
		}
	}
}
