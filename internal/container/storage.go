// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Podman and CRI-O keep their containers in containers/storage, usually
// the same one (/var/lib/containers/storage, with run-time files under
// /run/containers/storage). For each storage driver D, the graph root has
// D-containers/containers.json (and volatile-containers.json): an array of
// {"id", "names", "metadata"}, where metadata is a JSON document in a
// string, written by the engine that made the container. CRI-O's carries
// "pod-name" and "pod-id"; podman's does not.
//
// podman:  run root D-containers/ID/userdata/pidfile   init PID (from runc)
//          run root D-containers/ID/userdata/conmon.pid  its monitor, conmon
// CRI-O:   graph root D-containers/ID/userdata/state.json  {"status",
//          "initPid", "initStartTime" (field 22 of /proc/PID/stat)}
//          run root D-containers/ID/userdata/pidfile and conmon-pidfile,
//          when state.json has not been written
//
// podman's own database (libpod/bolt_state.db, a BoltDB file) is not read:
// names and PIDs are all in the files above.

// storageEntry is one container of containers.json.
type storageEntry struct {
	id    string
	names []string
	dir   string // the D-containers directory name, where its userdata is
	crio  bool   // made by CRI-O
	// CRI-O's metadata
	podName, namespace, metadataName string
	infra                            bool // a pod's infrastructure container
}

// storageCache reads each containers/storage graph root once per
// resolution: podman and CRI-O usually share one.
type storageCache struct {
	roots map[string]storageRead
}

type storageRead struct {
	entries []storageEntry
	err     error
}

// storageFiles lists the container files of a storage: every
// D-containers/containers.json and volatile-containers.json of the graph
// root, and the run root's volatile-containers.json (a "transient store").
func storageFiles(root, runRoot string) ([]string, error) {
	var files []string
	for _, dir := range []string{root, runRoot} {
		ents, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			if !e.IsDir() || !strings.HasSuffix(e.Name(), "-containers") {
				continue
			}
			if dir == root {
				files = append(files, filepath.Join(dir, e.Name(), "containers.json"))
			}
			files = append(files, filepath.Join(dir, e.Name(), "volatile-containers.json"))
		}
	}
	return files, nil
}

// read returns the containers of a storage. A storage that does not
// exist is empty; one that cannot be read is an error.
func (sc *storageCache) read(rt Runtime, root, runRoot string) ([]storageEntry, error) {
	key := root + "\x00" + runRoot
	if r, ok := sc.roots[key]; ok {
		return r.entries, r.err
	}
	entries, err := readStorage(rt, root, runRoot)
	if sc.roots == nil {
		sc.roots = map[string]storageRead{}
	}
	sc.roots[key] = storageRead{entries, err}
	return entries, err
}

func readStorage(rt Runtime, root, runRoot string) ([]storageEntry, error) {
	files, err := storageFiles(root, runRoot)
	if err != nil {
		return nil, &StateError{Runtime: rt, Path: root, Err: err}
	}
	var all []storageEntry
	for _, f := range files {
		b, err := os.ReadFile(f)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, &StateError{Runtime: rt, Path: f, Err: err}
		}
		entries, err := parseContainersJSON(b)
		if err != nil {
			return nil, &StateError{Runtime: rt, Path: f, Err: err}
		}
		for i := range entries {
			entries[i].dir = filepath.Base(filepath.Dir(f))
		}
		all = append(all, entries...)
	}
	return all, nil
}

// parseContainersJSON reads containers/storage's containers.json.
func parseContainersJSON(b []byte) ([]storageEntry, error) {
	v, err := parseJSONAs(b, jsonArray)
	if err != nil {
		return nil, err
	}
	out := make([]storageEntry, 0, len(v.items))
	for _, item := range v.items {
		id, ok := item.get("id").str()
		if !ok || !validID(id) {
			return nil, errors.New("a container without a valid id")
		}
		e := storageEntry{id: id}
		for _, n := range item.get("names").items {
			if s, ok := n.str(); ok {
				e.names = append(e.names, s)
			}
		}
		if meta, ok := item.get("metadata").str(); ok {
			e.readMetadata(meta)
		}
		out = append(out, e)
	}
	return out, nil
}

// readMetadata reads an engine's metadata document. Only CRI-O's is of
// use: podman's repeats the name.
func (e *storageEntry) readMetadata(meta string) {
	// Engines write these documents with encoding/json, which never
	// escapes a key's letters: without the text "pod-" there is no
	// CRI-O key, and the document need not be parsed.
	if !strings.Contains(meta, `"pod-`) {
		return
	}
	m, err := parseJSON([]byte(meta))
	if err != nil || m.kind != jsonObject {
		return
	}
	podName, hasPod := m.get("pod-name").str()
	_, hasPodID := m.get("pod-id").str()
	if !hasPod && !hasPodID {
		return
	}
	e.crio = true
	e.podName = podName
	e.metadataName, _ = m.get("metadata-name").str()
	e.infra, _ = m.get("pod").boolean()
	e.namespace, _ = m.get("namespace").str() // set for pods only
	if e.namespace == "" && len(e.names) > 0 {
		e.namespace = kubeNamespace(e.names[0])
	}
}

// kubeNamespace takes the namespace from a name CRI-O made:
// k8s_CONTAINER_POD_NAMESPACE_UID_ATTEMPT (Kubernetes names have no "_").
func kubeNamespace(name string) string {
	f := strings.Split(name, "_")
	if len(f) != 6 || f[0] != "k8s" {
		return ""
	}
	return f[3]
}

// validID reports a string usable as one path component: an engine's ID
// never holds a slash and is never "." or "..".
func validID(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\x00")
}

// matchEntries returns the entries ref names: by ID or one of the names
// given by names(e), exactly, else by ID prefix.
func matchEntries(entries []storageEntry, ref string, names func(storageEntry) []string) (exact, prefix []storageEntry) {
	for _, e := range entries {
		switch {
		case e.id == ref || slices.Contains(names(e), ref):
			exact = append(exact, e)
		case isHex(ref) && isFullID(e.id) && strings.HasPrefix(e.id, ref):
			prefix = append(prefix, e)
		}
	}
	return exact, prefix
}

// filesPresent reports whether a storage shows any sign of existing.
func filesPresent(root string) bool {
	_, err := os.Stat(root)
	return !errors.Is(err, fs.ErrNotExist)
}

// podmanFiles reads podman's containers from containers/storage.
type podmanFiles struct {
	root, runRoot, proc string
	cache               *storageCache
}

func (p *podmanFiles) entries() ([]storageEntry, error) {
	all, err := p.cache.read(Podman, p.root, p.runRoot)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(slices.Clone(all), func(e storageEntry) bool { return e.crio }), nil
}

// container fills in a podman entry's PID: the init process of the
// pidfile, when it is a child of the conmon of conmon.pid.
func (p *podmanFiles) container(e storageEntry) (Container, error) {
	c := Container{Runtime: Podman, ID: e.id, Name: e.id}
	if len(e.names) > 0 {
		c.Name = e.names[0]
	}
	var err error
	c.PID, err = conmonChild(Podman, p.proc, filepath.Join(p.runRoot, e.dir, e.id, "userdata"), "conmon.pid")
	return c, err
}

// conmonChild reads the init PID of the pidfile in a userdata directory,
// taken only while it is a child of the conmon named by conmonFile.
func conmonChild(rt Runtime, proc, dir, conmonFile string) (int, error) {
	pid, err := readPIDFile(filepath.Join(dir, "pidfile"))
	if err != nil {
		return 0, &StateError{Runtime: rt, Path: filepath.Join(dir, "pidfile"), Err: err}
	}
	conmon, err := readPIDFile(filepath.Join(dir, conmonFile))
	if err != nil {
		return 0, &StateError{Runtime: rt, Path: filepath.Join(dir, conmonFile), Err: err}
	}
	if pid == 0 || conmon == 0 {
		return 0, nil
	}
	return childOfPID(proc, pid, conmon), nil
}

func (p *podmanFiles) find(ref string) ([]candidate, error) {
	entries, err := p.entries()
	if err != nil {
		return nil, err
	}
	exact, prefix := matchEntries(entries, ref, func(e storageEntry) []string { return e.names })
	return storageCandidates(exact, prefix, p.container)
}

func (p *podmanFiles) list() ([]Container, error) {
	entries, err := p.entries()
	if err != nil {
		return nil, err
	}
	return runningOf(entries, p.container)
}

// storageCandidates turns matched entries into candidates.
func storageCandidates(exact, prefix []storageEntry, fill func(storageEntry) (Container, error)) ([]candidate, error) {
	var out []candidate
	for i, e := range append(exact, prefix...) {
		c, err := fill(e)
		if err != nil {
			return nil, err
		}
		out = append(out, candidate{Container: c, exact: i < len(exact)})
	}
	return out, nil
}

// runningOf returns the running containers among entries.
func runningOf(entries []storageEntry, fill func(storageEntry) (Container, error)) ([]Container, error) {
	var out []Container
	for _, e := range entries {
		c, err := fill(e)
		if err != nil {
			return out, err
		}
		if c.PID > 0 {
			out = append(out, c)
		}
	}
	return out, nil
}

// podmanEngine asks podman's API service when it listens, and reads
// podman's files otherwise: the service usually runs only on demand.
type podmanEngine struct {
	api   *dockerEngine
	files *podmanFiles
}

func newPodmanEngine(r *Resolver, sc *storageCache) *podmanEngine {
	return &podmanEngine{
		api:   &dockerEngine{rt: Podman, host: r.PodmanHost, proc: r.ProcRoot, timeout: r.timeout()},
		files: &podmanFiles{root: r.PodmanRoot, runRoot: r.PodmanRunRoot, proc: r.ProcRoot, cache: sc},
	}
}

func (p *podmanEngine) runtime() Runtime { return Podman }

func (p *podmanEngine) present() bool {
	return p.api.present() || p.files.root != "" && filesPresent(p.files.root)
}

// useFiles reports an API error that means nobody listens on the socket.
func useFiles(err error) bool {
	var ce *ConnectError
	return errors.As(err, &ce)
}

func (p *podmanEngine) find(ctx context.Context, ref string) ([]candidate, error) {
	if p.api.host != "" {
		cs, err := p.api.find(ctx, ref)
		if !useFiles(err) || p.files.root == "" {
			return cs, err
		}
	}
	return p.files.find(ref)
}

func (p *podmanEngine) list(ctx context.Context) ([]Container, error) {
	if p.api.host != "" {
		cs, err := p.api.list(ctx)
		if !useFiles(err) || p.files.root == "" {
			return cs, err
		}
	}
	return p.files.list()
}

// crioEngine reads CRI-O's containers from containers/storage.
type crioEngine struct {
	root, runRoot, proc string
	cache               *storageCache
}

func (c *crioEngine) runtime() Runtime { return CRIO }

func (c *crioEngine) present() bool {
	if c.root == "" || !filesPresent(c.root) {
		return false
	}
	entries, err := c.entries()
	return err != nil || len(entries) > 0
}

func (c *crioEngine) entries() ([]storageEntry, error) {
	all, err := c.cache.read(CRIO, c.root, c.runRoot)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(slices.Clone(all), func(e storageEntry) bool { return !e.crio }), nil
}

// names are what a CRI-O container is called by: its full name
// (k8s_nginx_web-7d9_default_UID_0), and the Kubernetes container name,
// except for a pod's infra container, whose name is the pod's.
func crioNames(e storageEntry) []string {
	if e.infra || e.metadataName == "" {
		return e.names
	}
	return append(slices.Clone(e.names), e.metadataName)
}

// container fills in a CRI-O entry's PID: from state.json, the init PID
// when the process with that PID has the start time recorded there; else
// the pidfile's PID when it is a child of conmon-pidfile's conmon.
func (c *crioEngine) container(e storageEntry) (Container, error) {
	ctr := Container{Runtime: CRIO, ID: e.id, Name: e.metadataName, Namespace: e.namespace, Pod: e.podName}
	if e.infra {
		ctr.Name = "POD"
	}
	if ctr.Name == "" && len(e.names) > 0 {
		ctr.Name = e.names[0]
	}
	statePath := filepath.Join(c.root, e.dir, e.id, "userdata", "state.json")
	b, err := os.ReadFile(statePath)
	switch {
	case err == nil:
		st, err := parseCRIOState(b)
		if err != nil {
			return ctr, &StateError{Runtime: CRIO, Path: statePath, Err: err}
		}
		switch {
		case !st.running():
		case st.start != "":
			ctr.PID = startedAt(c.proc, st.pid, st.start)
		default: // an old CRI-O's file, without the start time
			ctr.PID = alive(c.proc, st.pid)
		}
		return ctr, nil
	case !errors.Is(err, fs.ErrNotExist):
		return ctr, &StateError{Runtime: CRIO, Path: statePath, Err: err}
	}
	ctr.PID, err = conmonChild(CRIO, c.proc, filepath.Join(c.runRoot, e.dir, e.id, "userdata"), "conmon-pidfile")
	return ctr, err
}

func (c *crioEngine) find(_ context.Context, ref string) ([]candidate, error) {
	entries, err := c.entries()
	if err != nil {
		return nil, err
	}
	exact, prefix := matchEntries(entries, ref, crioNames)
	return storageCandidates(exact, prefix, c.container)
}

func (c *crioEngine) list(context.Context) ([]Container, error) {
	entries, err := c.entries()
	if err != nil {
		return nil, err
	}
	return runningOf(entries, c.container)
}

// crioState is what is read from CRI-O's state.json.
type crioState struct {
	status string // the OCI state: created, running, stopped, paused
	pid    int
	start  string // initStartTime; missing in files of old CRI-O versions
}

// running reports a state whose process may still run: CRI-O writes
// "stopped" once it saw the process exit.
func (s crioState) running() bool {
	return s.pid > 0 && (s.status == "running" || s.status == "paused")
}

// parseCRIOState reads CRI-O's state.json: the OCI state ("status",
// "pid") with "initPid" and "initStartTime" added.
func parseCRIOState(b []byte) (crioState, error) {
	v, err := parseJSONAs(b, jsonObject)
	if err != nil {
		return crioState{}, err
	}
	var s crioState
	s.status, _ = v.get("status").str()
	pid := v.get("initPid")
	if pid.isNull() {
		pid = v.get("pid")
	}
	if !pid.isNull() {
		n, ok := pid.integer()
		if !ok || n < 0 || n >= maxPID {
			return crioState{}, errors.New("initPid is not a PID")
		}
		s.pid = int(n)
	}
	if st := v.get("initStartTime"); !st.isNull() {
		start, ok := st.str()
		if !ok || start != "" && !allDigits(start) {
			return crioState{}, errors.New("bad initStartTime")
		}
		s.start = start
	}
	return s, nil
}
