// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcs

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/posixipc"
)

// privateDev puts a tmpfs of the test's own over /dev, in its own mount
// namespace, holding null, an empty shm (for POSIX shared memory and
// semaphores) and an empty mqueue directory. Mount namespaces do not
// isolate what is created inside the host's /dev, so nothing is created
// there.
//
// The tmpfs is prepared aside and then moved over /dev, with the real
// /dev/null bound into it: a user namespace (as under scripts/crosstest)
// refuses mknod.
func privateDev(t *testing.T) {
	t.Helper()
	dev := t.TempDir()
	ck(t, syscall.Mount("tmpfs", dev, "tmpfs", 0, "mode=755"))
	null := filepath.Join(dev, "null")
	ck(t, os.WriteFile(null, nil, 0o666))
	ck(t, syscall.Mount("/dev/null", null, "", syscall.MS_BIND, ""))
	for _, dir := range []string{"shm", "mqueue"} {
		ck(t, os.Mkdir(filepath.Join(dev, dir), 0o755))
	}
	ck(t, os.Chmod(filepath.Join(dev, "shm"), 0o1777))
	ck(t, syscall.Mount(dev, "/dev", "", syscall.MS_MOVE, ""))
}

// mountMqueue mounts the mqueue filesystem of this IPC namespace at the
// private /dev/mqueue.
func mountMqueue(t *testing.T) {
	t.Helper()
	ck(t, syscall.Mount("mqueue", posixipc.MqueueDir, "mqueue", 0, ""))
}

// --posix lists the POSIX objects of the namespace goipcs runs in, after
// the System V section of each kind.
func TestPosix(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	goipcs := nstest.Binary(t, "goipcs")
	privateDev(t)
	syscall.Umask(0)
	ck(t, posixipc.CreateQueue("/outer", 0o640))
	ck(t, posixipc.CreateShm(posixipc.ShmDir, "/segment", 1996, 0o600))
	ck(t, posixipc.CreateSem(posixipc.ShmDir, "/lock", 0o644, 3))

	got := runTool(t, goipcs, []string{"--posix"}, nil)
	for _, want := range []string{
		"------ POSIX Message Queues --------\nowner      perms      used-bytes   messages     name\n" +
			"root       640        0            0            /outer\n\n",
		"------ POSIX Shared Memory --------\nowner      perms      bytes        name\n" +
			"root       600        1996         /segment\n\n",
		"------ POSIX Semaphores --------\nowner      perms      value        name\n" +
			"root       644        3            /lock\n\n",
	} {
		if !strings.Contains(got.stdout, want) || got.code != 0 || got.stderr != "" {
			t.Errorf("goipcs --posix = %+v\nwant a section\n%s", got, want)
		}
	}
	// The System V sections are those of goipcs without --posix.
	plain := runTool(t, goipcs, nil, nil)
	if idx := strings.Index(got.stdout, "------ POSIX"); idx < 0 || !strings.HasPrefix(plain.stdout, got.stdout[:idx]) {
		t.Errorf("--posix changed the System V part:\n%s\nwithout:\n%s", got.stdout, plain.stdout)
	}

	var doc struct {
		Queues []struct {
			Name     string
			Mode     uint32
			Messages int
		} `json:"posix_message_queues"`
		Shm []struct {
			Name  string
			Bytes int
		} `json:"posix_shared_memory"`
		Sems []struct {
			Name  string
			Value int
		} `json:"posix_semaphores"`
	}
	j := runTool(t, goipcs, []string{"--posix", "--json"}, nil)
	if err := json.Unmarshal([]byte(j.stdout), &doc); err != nil {
		t.Fatalf("--posix --json: %v\n%s", err, j.stdout)
	}
	if len(doc.Queues) != 1 || doc.Queues[0].Name != "/outer" || doc.Queues[0].Mode != 0o640 ||
		len(doc.Shm) != 1 || doc.Shm[0].Bytes != 1996 || len(doc.Sems) != 1 || doc.Sems[0].Value != 3 {
		t.Errorf("--posix --json = %+v", doc)
	}
}

// In a new IPC namespace whose /dev/mqueue was inherited (and so shows the
// parent's queues), goipcs shows the new namespace's queues: none.
func TestPosixOwnNamespace(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	goipcs := nstest.Binary(t, "goipcs")
	privateDev(t)
	ck(t, posixipc.CreateQueue("/outer", 0o644))
	mountMqueue(t)

	inner := exec.Command(goipcs, "-q", "--posix")
	inner.SysProcAttr = nstest.NewNamespaces(syscall.CLONE_NEWIPC)
	out, err := inner.CombinedOutput()
	if err != nil || strings.Contains(string(out), "/outer") {
		t.Errorf("goipcs in a new IPC namespace: %v\n%s", err, out)
	}
	if !strings.HasSuffix(string(out), "messages     name\n\n") {
		t.Errorf("want an empty POSIX section:\n%s", out)
	}
	// Where it runs in the parent, it shows the parent's queue.
	if got := runTool(t, goipcs, []string{"-q", "--posix"}, nil); !strings.Contains(got.stdout, "/outer") {
		t.Errorf("goipcs in the queue's namespace:\n%s", got.stdout)
	}
}

// Without CAP_SYS_ADMIN goipcs cannot mount, and reads /dev/mqueue; with
// nothing there it says so and exits 1 after printing the rest.
func TestPosixUnprivileged(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	goipcs := publicCopy(t, nstest.Binary(t, "goipcs"))
	privateDev(t)
	ck(t, posixipc.CreateQueue("/visible", 0o644))
	nobody := &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}

	// /dev/mqueue holds no mqueue mount yet.
	cmd := exec.Command(goipcs, "-q", "--posix")
	cmd.SysProcAttr = nobody
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 || stderr.String() != "goipcs: cannot list POSIX message queues: Operation not permitted\n" ||
		!strings.Contains(stdout.String(), "------ POSIX Message Queues --------") {
		t.Errorf("as nobody without /dev/mqueue: %v, stdout %q, stderr %q", err, stdout.String(), stderr.String())
	}

	mountMqueue(t)
	cmd = exec.Command(goipcs, "-q", "--posix")
	cmd.SysProcAttr = nobody
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "root       644        0            0            /visible\n") {
		t.Errorf("as nobody with /dev/mqueue: %v\n%s", err, out)
	}
}

// publicCopy copies a binary where any user may run it (the test's build
// directory is private to root).
func publicCopy(t *testing.T, bin string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "goipcs-test-")
	ck(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	ck(t, os.Chmod(dir, 0o755))
	data, err := os.ReadFile(bin)
	ck(t, err)
	path := dir + "/goipcs"
	ck(t, os.WriteFile(path, data, 0o755))
	return path
}
