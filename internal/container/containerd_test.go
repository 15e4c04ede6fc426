// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// containerdTask writes a task directory with an init.pid.
func containerdTask(t testing.TB, state, runtimeDir, ns, id, pid string) {
	t.Helper()
	dir := filepath.Join(state, runtimeDir, ns, id)
	writeFile(t, filepath.Join(dir, "config.json"), "{}")
	if pid != "-" {
		writeFile(t, filepath.Join(dir, "init.pid"), pid)
	}
}

func TestContainerd(t *testing.T) {
	state := t.TempDir()
	_, running := spawnUnder(t, "containerd-shim-runc-v2")
	_, running2 := spawnUnder(t, "containerd-shim")
	_, running3 := spawnUnder(t, "containerd-shim-runc-v2")
	_, running4 := spawnUnder(t, "containerd-shim")
	_, other := spawnUnder(t, "bash") // a process no shim started
	v2 := "io.containerd.runtime.v2.task"
	containerdTask(t, state, v2, "default", "web", strconv.Itoa(running))
	containerdTask(t, state, v2, "default", "stopped", strconv.Itoa(other))
	containerdTask(t, state, v2, "default", "creating", "-")
	containerdTask(t, state, v2, "k8s.io", hexID("abc1"), strconv.Itoa(running2))
	containerdTask(t, state, v2, "k8s.io", hexID("abc2"), "4194303") // no such process
	containerdTask(t, state, v2, "other", "web", strconv.Itoa(running3))
	containerdTask(t, state, "io.containerd.runtime.v1.linux", "legacy", "old", strconv.Itoa(running4)+"\n")
	os.MkdirAll(filepath.Join(state, v2, "empty"), 0o755)

	r := &Resolver{Runtime: Containerd, ContainerdState: state, ProcRoot: "/proc"}
	ctx := context.Background()
	for _, tc := range []struct {
		ref  string
		want Container
	}{
		{hexID("abc1"), Container{Runtime: Containerd, ID: hexID("abc1"), Name: hexID("abc1"), Namespace: "k8s.io", PID: running2}},
		{"abc1", Container{Runtime: Containerd, ID: hexID("abc1"), Name: hexID("abc1"), Namespace: "k8s.io", PID: running2}},
		{"old", Container{Runtime: Containerd, ID: "old", Name: "old", Namespace: "legacy", PID: running4}},
	} {
		got, err := r.Resolve(ctx, tc.ref)
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%q) = %+v, %v; want %+v", tc.ref, got, err, tc.want)
		}
	}

	// The same ID in two namespaces.
	_, err := r.Resolve(ctx, "web")
	var amb *AmbiguousError
	if !errors.As(err, &amb) {
		t.Fatalf("web: %v", err)
	}
	want := fmt.Sprintf("ambiguous container web: web (containerd namespace default, PID %d), web (containerd namespace other, PID %d)", running, running3)
	if err.Error() != want {
		t.Errorf("message\n%q, want\n%q", err, want)
	}

	// A prefix is matched against engine-made IDs only: abc2's init
	// process is gone, but it still makes the prefix ambiguous.
	if _, err := r.Resolve(ctx, "abc"); !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Errorf("abc: %v", err)
	}
	for _, ref := range []string{"we", "stopped", "creating", "abc2"} {
		_, err := r.Resolve(ctx, ref)
		var nf *NotFoundError
		var nr *NotRunningError
		if ref == "we" && !errors.As(err, &nf) || ref != "we" && !errors.As(err, &nr) {
			t.Errorf("%s: %v (%T)", ref, err, err)
		}
	}
	for _, ref := range []string{"../default/web", "web/../web", ".", "-web", "a..b"} {
		var nf *NotFoundError
		if _, err := r.Resolve(ctx, ref); !errors.As(err, &nf) {
			t.Errorf("%q: %v", ref, err)
		}
	}

	list, err := r.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantList := []Container{
		{Runtime: Containerd, ID: "web", Name: "web", Namespace: "default", PID: running},
		{Runtime: Containerd, ID: hexID("abc1"), Name: hexID("abc1"), Namespace: "k8s.io", PID: running2},
		{Runtime: Containerd, ID: "old", Name: "old", Namespace: "legacy", PID: running4},
		{Runtime: Containerd, ID: "web", Name: "web", Namespace: "other", PID: running3},
	}
	if fmt.Sprint(list) != fmt.Sprint(wantList) {
		t.Errorf("List:\n%v\nwant\n%v", list, wantList)
	}
}

func TestContainerdBadState(t *testing.T) {
	ctx := context.Background()
	state := t.TempDir()
	r := &Resolver{Runtime: Containerd, ContainerdState: filepath.Join(state, "none"), ProcRoot: "/proc"}
	_, err := r.Resolve(ctx, "web")
	var se *StateError
	if !errors.As(err, &se) || !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("missing state: %v (%T)", err, err)
	}
	if want := "cannot read containerd state " + state + "/none/io.containerd.runtime.v2.task: No such file or directory"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}

	containerdTask(t, state, "io.containerd.runtime.v2.task", "default", "web", "12abc")
	r.ContainerdState = state
	_, err = r.Resolve(ctx, "web")
	if !errors.As(err, &se) {
		t.Fatalf("bad init.pid: %v (%T)", err, err)
	}
	if want := `bad containerd state ` + state + `/io.containerd.runtime.v2.task/default/web/init.pid: not a PID: "12abc"`; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

func TestContainerdID(t *testing.T) {
	for s, want := range map[string]bool{
		"web": true, "web-1.a_b": true, hexID("f"): true, "A9": true,
		"": false, "-web": false, "web-": false, "a..b": false, "a/b": false, ".": false,
		"a b": false, string(make([]byte, 77)): false,
	} {
		if containerdID(s) != want {
			t.Errorf("containerdID(%q) = %v", s, !want)
		}
	}
}
