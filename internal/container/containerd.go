// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// containerd keeps a directory per task (a created container) under its
// state directory, for each namespace and each runtime generation:
//
//	STATE/io.containerd.runtime.v2.task/NAMESPACE/ID/init.pid
//	STATE/io.containerd.runtime.v1.linux/NAMESPACE/ID/init.pid
//
// The directory lives from task creation to deletion; init.pid holds the
// PID of the init process, which is a child of the task's shim
// (containerd-shim-runc-v2 and the like) while it runs. Names beyond the
// ID live in containerd's database (meta.db, BoltDB) and its gRPC API,
// neither of which is read: a containerd container is found by its ID.
// docker's containers are containerd tasks too, in namespace "moby", with
// docker's full ID.

var containerdTaskDirs = []string{"io.containerd.runtime.v2.task", "io.containerd.runtime.v1.linux"}

// shimComm is the command name of every containerd shim
// (containerd-shim, containerd-shim-runc-v2...), cut to 15 bytes by the
// kernel.
const shimComm = "containerd-shim"

type containerdEngine struct {
	state, proc string
}

func (e *containerdEngine) runtime() Runtime { return Containerd }

func (e *containerdEngine) present() bool {
	if e.state == "" {
		return false
	}
	for _, d := range containerdTaskDirs {
		if _, err := os.Stat(filepath.Join(e.state, d)); !errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}

// task is one task directory.
type task struct {
	namespace, id, dir string
}

// namespaces returns the namespace directories of every task directory.
func (e *containerdEngine) namespaces() ([]task, error) {
	if e.state == "" {
		return nil, &HostError{Runtime: Containerd}
	}
	var out []task
	missing := 0
	for _, d := range containerdTaskDirs {
		root := filepath.Join(e.state, d)
		ents, err := os.ReadDir(root)
		if errors.Is(err, fs.ErrNotExist) {
			missing++
			continue
		}
		if err != nil {
			return nil, &StateError{Runtime: Containerd, Path: root, Err: err}
		}
		for _, ent := range ents {
			if ent.IsDir() {
				out = append(out, task{namespace: ent.Name(), dir: filepath.Join(root, ent.Name())})
			}
		}
	}
	if missing == len(containerdTaskDirs) {
		// No task directory at all: containerd never ran with this state.
		_, err := os.Stat(e.state)
		if err == nil {
			err = fs.ErrNotExist
		}
		return nil, &StateError{Runtime: Containerd, Path: filepath.Join(e.state, containerdTaskDirs[0]), Err: unwrapPathError(err)}
	}
	return out, nil
}

// unwrapPathError keeps the errno of a *fs.PathError, whose path the
// caller names itself.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// containerdID reports a valid containerd identifier: alphanumeric runs
// joined by single '.', '_' or '-', at most 76 bytes.
func containerdID(s string) bool {
	if s == "" || len(s) > 76 {
		return false
	}
	sep := true // at the start, as after a separator
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			sep = false
		case c == '.' || c == '_' || c == '-':
			if sep {
				return false
			}
			sep = true
		default:
			return false
		}
	}
	return !sep
}

// container reads a task's init PID, taken only while the process is a
// child of a shim.
func (e *containerdEngine) container(t task) (Container, error) {
	c := Container{Runtime: Containerd, ID: t.id, Name: t.id, Namespace: t.namespace}
	path := filepath.Join(t.dir, t.id, "init.pid")
	pid, err := readPIDFile(path)
	if err != nil {
		return c, &StateError{Runtime: Containerd, Path: path, Err: err}
	}
	if pid > 0 {
		c.PID = childOf(e.proc, pid, shimComm)
	}
	return c, nil
}

func (e *containerdEngine) find(_ context.Context, ref string) ([]candidate, error) {
	nss, err := e.namespaces()
	if err != nil || !containerdID(ref) {
		return nil, err
	}
	var exact, prefix []task
	for _, ns := range nss {
		if _, err := os.Stat(filepath.Join(ns.dir, ref)); err == nil {
			exact = append(exact, task{ns.namespace, ref, ns.dir})
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, &StateError{Runtime: Containerd, Path: filepath.Join(ns.dir, ref), Err: unwrapPathError(err)}
		}
		if !isHex(ref) || len(ref) == 64 {
			continue
		}
		ids, err := taskIDs(ns.dir)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if isFullID(id) && strings.HasPrefix(id, ref) {
				prefix = append(prefix, task{ns.namespace, id, ns.dir})
			}
		}
	}
	var out []candidate
	for i, t := range append(exact, prefix...) {
		c, err := e.container(t)
		if err != nil {
			return nil, err
		}
		out = append(out, candidate{Container: c, exact: i < len(exact)})
	}
	return out, nil
}

// taskIDs lists the task directories of a namespace.
func taskIDs(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // the namespace went away
	}
	if err != nil {
		return nil, &StateError{Runtime: Containerd, Path: dir, Err: unwrapPathError(err)}
	}
	var ids []string
	for _, ent := range ents {
		if ent.IsDir() {
			ids = append(ids, ent.Name())
		}
	}
	return ids, nil
}

func (e *containerdEngine) list(context.Context) ([]Container, error) {
	nss, err := e.namespaces()
	if err != nil {
		return nil, err
	}
	var out []Container
	for _, ns := range nss {
		ids, err := taskIDs(ns.dir)
		if err != nil {
			return out, err
		}
		for _, id := range ids {
			c, err := e.container(task{ns.namespace, id, ns.dir})
			if err != nil {
				return out, err
			}
			if c.PID > 0 {
				out = append(out, c)
			}
		}
	}
	return out, nil
}
