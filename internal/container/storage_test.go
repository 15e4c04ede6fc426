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
	"strings"
	"syscall"
	"testing"
)

// storageFixture is a containers/storage graph root and run root.
type storageFixture struct {
	root, runRoot string
	entries       []string
}

func newStorage(t testing.TB) *storageFixture {
	dir := t.TempDir()
	return &storageFixture{root: filepath.Join(dir, "storage"), runRoot: filepath.Join(dir, "run")}
}

// add records a container; meta is its metadata document.
func (s *storageFixture) add(id string, names []string, meta string) {
	n := make([]string, len(names))
	for i, x := range names {
		n[i] = strconv.Quote(x)
	}
	s.entries = append(s.entries, fmt.Sprintf(`{"id":%q,"names":[%s],"image":"i","layer":"l","metadata":%q,"created":"2026-01-01T00:00:00Z"}`,
		id, strings.Join(n, ","), meta))
}

func (s *storageFixture) write(t testing.TB) {
	writeFile(t, filepath.Join(s.root, "overlay-containers", "containers.json"), "["+strings.Join(s.entries, ",")+"]")
}

// podmanMeta is podman's metadata of a container.
func podmanMeta(name string) string {
	return fmt.Sprintf(`{"image-name":"localhost/busybox:latest","image-id":"i","name":%q,"created-at":1796160555}`, name)
}

// crioMeta is CRI-O's metadata of a container, or of a pod's infra
// container.
func crioMeta(name, pod, ns string, infra bool) string {
	full := "k8s_" + name + "_" + pod + "_" + ns + "_uid_0"
	if infra {
		return fmt.Sprintf(`{"pod-name":%q,"pod-id":"p","image-name":"pause","image-id":"i","name":"k8s_POD_%s_%s_uid_0","metadata-name":%q,"uid":"uid","namespace":%q,"created-at":1,"pod":true}`,
			pod, pod, ns, pod, ns)
	}
	return fmt.Sprintf(`{"pod-name":%q,"pod-id":"p","image-name":"nginx","image-id":"i","name":%q,"metadata-name":%q,"created-at":1}`, pod, full, name)
}

func TestPodmanFiles(t *testing.T) {
	s := newStorage(t)
	conmon, running := spawnUnder(t, "conmon")
	_, other := spawnUnder(t, "sh")
	web, old, gone := hexID("11"), hexID("12"), hexID("2")
	s.add(web, []string{"web"}, podmanMeta("web"))
	s.add(old, []string{"old"}, podmanMeta("old"))
	s.add(gone, []string{"gone"}, podmanMeta("gone"))
	s.add(hexID("3"), []string{"nginx-infra"}, crioMeta("nginx", "web-7d9", "default", false)) // CRI-O's
	s.write(t)
	userdata := func(id string) string { return filepath.Join(s.runRoot, "overlay-containers", id, "userdata") }
	writeFile(t, filepath.Join(userdata(web), "pidfile"), strconv.Itoa(running))
	writeFile(t, filepath.Join(userdata(web), "conmon.pid"), strconv.Itoa(conmon))
	writeFile(t, filepath.Join(userdata(old), "pidfile"), strconv.Itoa(other)) // a reused PID
	writeFile(t, filepath.Join(userdata(old), "conmon.pid"), strconv.Itoa(conmon))

	r := &Resolver{Runtime: Podman, PodmanRoot: s.root, PodmanRunRoot: s.runRoot, ProcRoot: "/proc"}
	ctx := context.Background()
	want := Container{Runtime: Podman, ID: web, Name: "web", PID: running}
	for _, ref := range []string{"web", web, "11"} {
		if got, err := r.Resolve(ctx, ref); err != nil || got != want {
			t.Errorf("Resolve(%q) = %+v, %v", ref, got, err)
		}
	}
	for _, ref := range []string{"old", "gone"} {
		var nr *NotRunningError
		if _, err := r.Resolve(ctx, ref); !errors.As(err, &nr) {
			t.Errorf("%s: %v", ref, err)
		}
	}
	var amb *AmbiguousError
	if _, err := r.Resolve(ctx, "1"); !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Errorf("prefix 1: %v", err)
	}
	var nf *NotFoundError
	if _, err := r.Resolve(ctx, "nginx"); !errors.As(err, &nf) {
		t.Errorf("a CRI-O container found as podman's: %v", err)
	}
	list, err := r.List(ctx)
	if err != nil || len(list) != 1 || list[0] != want {
		t.Errorf("List = %v, %v", list, err)
	}
}

func TestPodmanVolatile(t *testing.T) {
	// Containers of a transient store are listed in the run root.
	s := newStorage(t)
	conmon, running := spawnUnder(t, "conmon")
	id := hexID("5")
	writeFile(t, filepath.Join(s.runRoot, "overlay-containers", "volatile-containers.json"),
		fmt.Sprintf(`[{"id":%q,"names":["tmp"],"metadata":%q}]`, id, podmanMeta("tmp")))
	userdata := filepath.Join(s.runRoot, "overlay-containers", id, "userdata")
	writeFile(t, filepath.Join(userdata, "pidfile"), strconv.Itoa(running))
	writeFile(t, filepath.Join(userdata, "conmon.pid"), strconv.Itoa(conmon))
	os.MkdirAll(s.root, 0o755)
	r := &Resolver{Runtime: Podman, PodmanRoot: s.root, PodmanRunRoot: s.runRoot, ProcRoot: "/proc"}
	if got, err := r.Resolve(context.Background(), "tmp"); err != nil || got.PID != running {
		t.Errorf("Resolve = %+v, %v", got, err)
	}
}

func TestPodmanAPIFirst(t *testing.T) {
	s := newStorage(t)
	s.add(hexID("a"), []string{"web"}, podmanMeta("web"))
	s.write(t)
	sock, _ := unixHTTPServer(t, &fakeDocker{containers: []fakeContainer{{hexID("a"), "web", 4242}}})
	r := &Resolver{Runtime: Podman, PodmanHost: "unix://" + sock, PodmanRoot: s.root, PodmanRunRoot: s.runRoot, ProcRoot: "/proc"}
	want := Container{Runtime: Podman, ID: hexID("a"), Name: "web", PID: 4242}
	if got, err := r.Resolve(context.Background(), "web"); err != nil || got != want {
		t.Errorf("through the API: %+v, %v", got, err)
	}
	// Nobody listening: the files answer (the container is not running
	// there: no pidfile).
	r.PodmanHost = "unix://" + filepath.Join(t.TempDir(), "none.sock")
	var nr *NotRunningError
	if _, err := r.Resolve(context.Background(), "web"); !errors.As(err, &nr) {
		t.Errorf("through the files: %v", err)
	}
	// An API that answers with an error is not worked around.
	sock, _ = unixHTTPServer(t, answer(500, "", "broken"))
	r.PodmanHost = sock
	var api *APIError
	if _, err := r.Resolve(context.Background(), "web"); !errors.As(err, &api) {
		t.Errorf("broken API: %v", err)
	}
}

func TestCRIO(t *testing.T) {
	s := newStorage(t)
	_, running := spawnUnder(t, "conmon")
	_, infra := spawnUnder(t, "conmon")
	_, reused := spawnUnder(t, "sh")
	conmonOld, runningOld := spawnUnder(t, "conmon")
	nginx, pod, stopped, old, dup := hexID("c1"), hexID("c2"), hexID("c3"), hexID("d"), hexID("e")
	s.add(nginx, []string{"k8s_nginx_web-7d9_default_uid_0"}, crioMeta("nginx", "web-7d9", "default", false))
	s.add(pod, []string{"k8s_POD_web-7d9_default_uid_0"}, crioMeta("", "web-7d9", "default", true))
	s.add(stopped, []string{"k8s_stopped_web-7d9_default_uid_0"}, crioMeta("stopped", "web-7d9", "default", false))
	s.add(old, []string{"k8s_old_web-7d9_default_uid_0"}, crioMeta("old", "web-7d9", "default", false))
	s.add(dup, []string{"k8s_reused_web-7d9_kube-system_uid_0"}, crioMeta("reused", "web-7d9", "kube-system", false))
	s.add(hexID("f"), []string{"podman-one"}, podmanMeta("podman-one"))
	s.write(t)
	state := func(id, status string, pid int, start string) {
		writeFile(t, filepath.Join(s.root, "overlay-containers", id, "userdata", "state.json"),
			fmt.Sprintf(`{"ociVersion":"1.0.2","id":%q,"status":%q,"pid":%d,"bundle":"/b","created":"2026-01-01T00:00:00Z","initPid":%d,"initStartTime":%q}`,
				id, status, pid, pid, start))
	}
	state(nginx, "running", running, startTime(t, running))
	state(pod, "running", infra, startTime(t, infra))
	state(stopped, "stopped", running, startTime(t, running))
	state(dup, "running", reused, "1") // the PID now names a process started later
	// An old CRI-O's container: no state.json yet, conmon's files only.
	userdata := filepath.Join(s.runRoot, "overlay-containers", old, "userdata")
	writeFile(t, filepath.Join(userdata, "pidfile"), strconv.Itoa(runningOld))
	writeFile(t, filepath.Join(userdata, "conmon-pidfile"), strconv.Itoa(conmonOld))

	r := &Resolver{Runtime: CRIO, CRIORoot: s.root, CRIORunRoot: s.runRoot, ProcRoot: "/proc"}
	ctx := context.Background()
	wantNginx := Container{Runtime: CRIO, ID: nginx, Name: "nginx", Namespace: "default", Pod: "web-7d9", PID: running}
	wantPod := Container{Runtime: CRIO, ID: pod, Name: "POD", Namespace: "default", Pod: "web-7d9", PID: infra}
	for ref, want := range map[string]Container{
		"nginx":                           wantNginx,
		"k8s_nginx_web-7d9_default_uid_0": wantNginx,
		nginx:                             wantNginx,
		"c1":                              wantNginx,
		"k8s_POD_web-7d9_default_uid_0":   wantPod,
		"c2":                              wantPod,
		"old":                             {Runtime: CRIO, ID: old, Name: "old", Namespace: "default", Pod: "web-7d9", PID: runningOld},
	} {
		if got, err := r.Resolve(ctx, ref); err != nil || got != want {
			t.Errorf("Resolve(%q) = %+v, %v; want %+v", ref, got, err, want)
		}
	}
	for _, ref := range []string{"stopped", "reused"} {
		var nr *NotRunningError
		if _, err := r.Resolve(ctx, ref); !errors.As(err, &nr) {
			t.Errorf("%s: %v", ref, err)
		}
	}
	var nf *NotFoundError
	for _, ref := range []string{"POD", "web-7d9", "podman-one"} {
		if _, err := r.Resolve(ctx, ref); !errors.As(err, &nf) {
			t.Errorf("%s: %v", ref, err)
		}
	}
	list, err := r.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint([]Container{wantPod, wantNginx,
		{Runtime: CRIO, ID: old, Name: "old", Namespace: "default", Pod: "web-7d9", PID: runningOld}})
	if fmt.Sprint(list) != want {
		t.Errorf("List:\n%v\nwant\n%s", list, want)
	}
	if got := wantNginx.String(); got != fmt.Sprintf("nginx (cri-o pod default/web-7d9, ID c10000000000, PID %d)", running) {
		t.Errorf("String() = %q", got)
	}
}

func TestStorageErrors(t *testing.T) {
	ctx := context.Background()
	s := newStorage(t)
	writeFile(t, filepath.Join(s.root, "overlay-containers", "containers.json"), `[{"id":"a"},{"names":["x"]}]`)
	r := &Resolver{Runtime: CRIO, CRIORoot: s.root, CRIORunRoot: s.runRoot, ProcRoot: "/proc"}
	_, err := r.Resolve(ctx, "x")
	var se *StateError
	if !errors.As(err, &se) {
		t.Fatalf("%v (%T)", err, err)
	}
	if want := "bad cri-o state " + s.root + "/overlay-containers/containers.json: a container without a valid id"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}

	s = newStorage(t)
	s.add(hexID("a"), []string{"web"}, crioMeta("web", "p", "default", false))
	s.write(t)
	writeFile(t, filepath.Join(s.root, "overlay-containers", hexID("a"), "userdata", "state.json"), `{"initPid":"12"}`)
	r.CRIORoot, r.CRIORunRoot = s.root, s.runRoot
	if _, err := r.Resolve(ctx, "web"); !errors.As(err, &se) || !strings.HasSuffix(err.Error(), "state.json: initPid is not a PID") {
		t.Errorf("bad state.json: %v", err)
	}
	if os.Geteuid() != 0 {
		return
	}
	// Root reads anything: a directory in place of the file makes a read
	// error instead.
	os.Remove(filepath.Join(s.root, "overlay-containers", hexID("a"), "userdata", "state.json"))
	os.Mkdir(filepath.Join(s.root, "overlay-containers", hexID("a"), "userdata", "state.json"), 0o755)
	if _, err := r.Resolve(ctx, "web"); !errors.As(err, &se) || !errors.Is(err, syscall.EISDIR) ||
		!strings.HasPrefix(err.Error(), "cannot read cri-o state ") || !strings.HasSuffix(err.Error(), ": Is a directory") {
		t.Errorf("unreadable state.json: %v", err)
	}
}

func FuzzParseContainersJSON(f *testing.F) {
	f.Add([]byte(`[{"id":"a","names":["web"],"metadata":"{\"name\":\"web\"}"}]`))
	f.Add([]byte(`[{"id":"b","names":["k8s_a_b_c_d_0"],"metadata":"{\"pod-name\":\"b\",\"pod-id\":\"p\",\"metadata-name\":\"a\",\"pod\":true,\"namespace\":\"c\"}"}]`))
	f.Add([]byte(`[{"id":"../x"}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, err := parseContainersJSON(b)
		for _, e := range entries {
			if err != nil || !validID(e.id) || strings.Contains(e.id, "/") {
				t.Fatalf("parseContainersJSON(%q) = %+v, %v", b, entries, err)
			}
			if !e.crio && (e.podName != "" || e.metadataName != "" || e.infra) {
				t.Fatalf("CRI-O fields on a non-CRI-O entry: %+v", e)
			}
		}
	})
}

func FuzzParseCRIOState(f *testing.F) {
	f.Add([]byte(`{"status":"running","pid":5,"initPid":5,"initStartTime":"1234"}`))
	f.Add([]byte(`{"status":"stopped","pid":0}`))
	f.Add([]byte(`{"status":"running","pid":7}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseCRIOState(b)
		if err != nil {
			return
		}
		if s.pid < 0 || s.pid >= maxPID || s.start != "" && !allDigits(s.start) {
			t.Fatalf("parseCRIOState(%q) = %+v", b, s)
		}
	})
}

func TestKubeNamespace(t *testing.T) {
	for name, want := range map[string]string{
		"k8s_nginx_web-7d9_default_uid_0": "default",
		"k8s_POD_web_kube-system_uid_3":   "kube-system",
		"k8s_a_b_c_d":                     "",
		"web":                             "",
		"x8s_a_b_c_d_0":                   "",
	} {
		if got := kubeNamespace(name); got != want {
			t.Errorf("kubeNamespace(%q) = %q, want %q", name, got, want)
		}
	}
}
