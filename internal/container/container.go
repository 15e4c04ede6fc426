// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Runtime names a container engine.
type Runtime string

// The engines, in the order they are asked and preferred (see the package documentation).
const (
	Docker     Runtime = "docker"
	Podman     Runtime = "podman"
	CRIO       Runtime = "cri-o"
	Containerd Runtime = "containerd"
)

// Runtimes returns every engine, in the order they are asked.
func Runtimes() []Runtime { return []Runtime{Docker, Podman, CRIO, Containerd} }

// RuntimeNames are the names --runtime takes, for completions.
func RuntimeNames() []string {
	var out []string
	for _, r := range Runtimes() {
		out = append(out, string(r))
	}
	return out
}

// ParseRuntime reads an engine's name: docker, podman, containerd, cri-o
// (or crio).
func ParseRuntime(s string) (Runtime, error) {
	switch s {
	case "docker", "podman", "containerd", "cri-o":
		return Runtime(s), nil
	case "crio":
		return CRIO, nil
	}
	return "", errors.New("unknown container runtime: " + s)
}

// rank orders engines by preference: the engine that manages a container
// before the one that only runs it.
func (r Runtime) rank() int {
	switch r {
	case Docker:
		return 0
	case Podman:
		return 1
	case CRIO:
		return 2
	case Containerd:
		return 3
	}
	return 4
}

// Container is a container as its engine reports it.
type Container struct {
	Runtime Runtime
	ID      string
	// Name is the engine's name for it: docker's and podman's name
	// (without docker's leading "/"), the ID for containerd, the
	// Kubernetes container name for CRI-O ("POD" for a pod's infra
	// container).
	Name string
	// Namespace is the containerd namespace, or for CRI-O the pod's
	// Kubernetes namespace.
	Namespace string
	Pod       string // CRI-O: the pod's name
	// PID is the container's init process, as the engine's PID namespace
	// numbers it; 0 when the container is not running.
	PID int
}

// String describes c in one line: name, engine, ID and PID.
func (c Container) String() string { return c.describe(true) }

func (c Container) describe(withPID bool) string {
	parts := []string{string(c.Runtime)}
	switch {
	case c.Runtime == Containerd:
		parts[0] += " namespace " + c.Namespace
	case c.Pod != "":
		parts[0] += " pod " + c.Namespace + "/" + c.Pod
	}
	if c.ID != c.Name {
		parts = append(parts, "ID "+shortID(c.ID))
	}
	if withPID && c.PID > 0 {
		parts = append(parts, "PID "+strconv.Itoa(c.PID))
	} else if withPID {
		parts = append(parts, "not running")
	}
	return c.Name + " (" + strings.Join(parts, ", ") + ")"
}

// shortID is the 12-character form engines print for 64-digit IDs.
func shortID(id string) string {
	if isFullID(id) {
		return id[:12]
	}
	return id
}

// isFullID reports an engine-made ID: 64 lowercase hexadecimal digits.
func isFullID(s string) bool { return len(s) == 64 && isHex(s) }

// isHex reports a non-empty string of lowercase hexadecimal digits, which
// is all an ID prefix can be.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return s != "" && len(s) <= 64
}

// DefaultTimeout bounds each engine's answer when Resolver.Timeout is 0.
const DefaultTimeout = 5 * time.Second

// Resolver finds containers. Its zero value asks nothing; [Default] fills
// in the usual places. Every path is a field, so that another host's
// layout, or a test's, can be used.
type Resolver struct {
	// Runtime, when set, is the only engine asked. Otherwise every
	// engine present (socket or state directory found) is asked.
	Runtime Runtime

	// DockerHost is the Docker Engine API address, as DOCKER_HOST
	// writes it: unix:///var/run/docker.sock, or a plain path. Other
	// schemes give a *HostError.
	DockerHost string
	// PodmanHost is podman's API socket, in the same form. When nothing
	// listens there, podman's state files are read instead.
	PodmanHost string
	// PodmanRoot and PodmanRunRoot are podman's containers/storage
	// graph root and run root (/var/lib/containers/storage and
	// /run/containers/storage as root).
	PodmanRoot, PodmanRunRoot string
	// CRIORoot and CRIORunRoot are CRI-O's containers/storage roots.
	CRIORoot, CRIORunRoot string
	// ContainerdState is containerd's state directory (its --state,
	// /run/containerd), which holds the tasks of every namespace.
	ContainerdState string
	// ProcRoot is where /proc is mounted.
	ProcRoot string

	// Timeout bounds each engine's work; 0 means DefaultTimeout.
	Timeout time.Duration
}

// ResolvePID is the PID of the init process of the container ref names,
// asked of Default's engines, or only of rt when it is set: what the tools'
// --container and --runtime options take. Its errors are Resolve's.
func ResolvePID(ref string, rt Runtime) (int, error) {
	r := Default()
	r.Runtime = rt
	c, err := r.Resolve(context.Background(), ref)
	return c.PID, err
}

// Default returns a Resolver for this host's usual places: DOCKER_HOST
// (else /var/run/docker.sock); CONTAINER_HOST (else podman's socket under
// /run/podman, or $XDG_RUNTIME_DIR/podman for other users than root, with
// the matching storage); CRI-O's storage under /var/lib/containers and
// /run/containers; containerd's /run/containerd. It only reads the
// environment.
func Default() *Resolver {
	r := &Resolver{
		DockerHost:      "unix:///var/run/docker.sock",
		PodmanHost:      "unix:///run/podman/podman.sock",
		PodmanRoot:      "/var/lib/containers/storage",
		PodmanRunRoot:   "/run/containers/storage",
		CRIORoot:        "/var/lib/containers/storage",
		CRIORunRoot:     "/run/containers/storage",
		ContainerdState: "/run/containerd",
		ProcRoot:        "/proc",
	}
	if uid := os.Geteuid(); uid != 0 {
		run := os.Getenv("XDG_RUNTIME_DIR")
		if run == "" {
			run = "/run/user/" + strconv.Itoa(uid)
		}
		r.PodmanHost = "unix://" + filepath.Join(run, "podman", "podman.sock")
		r.PodmanRunRoot = filepath.Join(run, "containers")
		data := os.Getenv("XDG_DATA_HOME")
		if data == "" {
			if home, err := os.UserHomeDir(); err == nil {
				data = filepath.Join(home, ".local", "share")
			}
		}
		if data != "" {
			r.PodmanRoot = filepath.Join(data, "containers", "storage")
		}
	}
	if h := os.Getenv("DOCKER_HOST"); h != "" {
		r.DockerHost = h
	}
	if h := os.Getenv("CONTAINER_HOST"); h != "" {
		r.PodmanHost = h
	}
	return r
}

// candidate is a container an engine matched to a reference.
type candidate struct {
	Container
	exact bool // by full ID or name, not by ID prefix
}

// engine is one source of containers.
type engine interface {
	runtime() Runtime
	// present reports whether the engine shows signs of life here:
	// only present engines are asked when no Runtime is chosen.
	present() bool
	// find returns the containers ref names exactly, or by ID prefix.
	find(ctx context.Context, ref string) ([]candidate, error)
	// list returns the running containers.
	list(ctx context.Context) ([]Container, error)
}

// engines returns the engines to ask, in preference order.
func (r *Resolver) engines() []engine {
	st := &storageCache{}
	all := []engine{
		&dockerEngine{rt: Docker, host: r.DockerHost, proc: r.ProcRoot, timeout: r.timeout()},
		newPodmanEngine(r, st),
		&crioEngine{root: r.CRIORoot, runRoot: r.CRIORunRoot, proc: r.ProcRoot, cache: st},
		&containerdEngine{state: r.ContainerdState, proc: r.ProcRoot},
	}
	var asked []engine
	for _, e := range all {
		if r.Runtime != "" && e.runtime() == r.Runtime || r.Runtime == "" && e.present() {
			asked = append(asked, e)
		}
	}
	return asked
}

func (r *Resolver) timeout() time.Duration {
	if r.Timeout > 0 {
		return r.Timeout
	}
	return DefaultTimeout
}

// Resolve finds the running container that ref names: its name, its full
// ID, or a prefix of its ID that no other container's ID shares. A name or
// full ID is preferred to an ID prefix. The same container reported by two
// engines (docker's containers are containerd's too) counts once, as the
// managing engine's. Errors are *NotFoundError, *NotRunningError,
// *AmbiguousError, or, when the engine asked could not answer, that
// engine's error (*ConnectError, *TimeoutError, *APIError, *AnswerError,
// *HostError, *StateError).
func (r *Resolver) Resolve(ctx context.Context, ref string) (Container, error) {
	if ref == "" {
		return Container{}, errors.New("container name is empty")
	}
	var (
		found []candidate
		errs  []error
		asked []Runtime
	)
	for _, e := range r.engines() {
		asked = append(asked, e.runtime())
		ectx, cancel := context.WithTimeout(ctx, r.timeout())
		cs, err := e.find(ectx, ref)
		cancel()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		found = append(found, cs...)
	}
	found = dedup(found)
	exact := slices.DeleteFunc(slices.Clone(found), func(c candidate) bool { return !c.exact })
	if len(exact) > 0 {
		found = exact
	}
	switch {
	case len(found) == 1 && found[0].PID > 0:
		return found[0].Container, nil
	case len(found) == 1:
		return Container{}, &NotRunningError{Container: found[0].Container}
	case len(found) > 1:
		cs := make([]Container, len(found))
		for i, c := range found {
			cs[i] = c.Container
		}
		return Container{}, &AmbiguousError{Ref: ref, Candidates: cs}
	case len(errs) == 1 && len(asked) == 1:
		return Container{}, errs[0]
	}
	return Container{}, &NotFoundError{Ref: ref, Asked: asked, Errs: errs}
}

// List returns the running containers of every engine asked, each
// container once (see Resolve), ordered by engine, namespace and name.
// Engines that cannot be asked are left out, and their errors returned
// together (errors.Join: one line each) with what the others reported.
func (r *Resolver) List(ctx context.Context) ([]Container, error) {
	var (
		found []candidate
		errs  []error
	)
	for _, e := range r.engines() {
		ectx, cancel := context.WithTimeout(ctx, r.timeout())
		cs, err := e.list(ectx)
		cancel()
		if err != nil {
			errs = append(errs, err)
		}
		for _, c := range cs {
			found = append(found, candidate{Container: c})
		}
	}
	found = dedup(found)
	out := make([]Container, len(found))
	for i, c := range found {
		out[i] = c.Container
	}
	slices.SortStableFunc(out, func(a, b Container) int {
		if d := a.Runtime.rank() - b.Runtime.rank(); d != 0 {
			return d
		}
		if d := strings.Compare(a.Namespace, b.Namespace); d != 0 {
			return d
		}
		if d := strings.Compare(a.Name, b.Name); d != 0 {
			return d
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, errors.Join(errs...)
}

// dedup merges candidates that are one container seen by two engines: the
// same running init process. The preferred engine's report is kept (the
// one that manages the container and knows its name), and it is an exact
// match when either was. Candidates come in preference order.
func dedup(cs []candidate) []candidate {
	var out []candidate
next:
	for _, c := range cs {
		if c.PID > 0 {
			for i := range out {
				if out[i].PID == c.PID {
					if c.Runtime.rank() < out[i].Runtime.rank() {
						c.exact = c.exact || out[i].exact
						out[i] = c
					} else {
						out[i].exact = out[i].exact || c.exact
					}
					continue next
				}
			}
		}
		out = append(out, c)
	}
	return out
}
