// SPDX-License-Identifier: Apache-2.0

//go:build linux

package unshare

import (
	"fmt"
	"os"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/idmap"
	"github.com/gonstools/gonstools/pkg/ns"
	"golang.org/x/sys/unix"
)

// hook is the parent's share of the work, done from the original
// namespaces while the worker waits: multi-range ID maps and the bind
// mounts that make namespaces persistent.
type hook struct {
	uidMap, gidMap string
	binds          []bind
	done           []string // targets mounted so far
}

type bind struct {
	file   string // ns file under /proc/PID: "ns/ipc", "ns/pid_for_children"
	target string
}

func (o *Options) hook(userMaps, groupMaps []idmap.Range, pidInClone bool) (*hook, error) {
	h := &hook{}
	var err error
	if len(userMaps) > 0 {
		if h.uidMap, err = idmap.Format(userMaps, "uid_map"); err != nil {
			return nil, err
		}
	}
	if len(groupMaps) > 0 {
		if h.gidMap, err = idmap.Format(groupMaps, "gid_map"); err != nil {
			return nil, err
		}
	}
	for _, t := range ns.Types {
		target, ok := o.Persist[t.Flag]
		if !ok {
			continue
		}
		file := t.ChildFile()
		if t.Flag == unix.CLONE_NEWPID && pidInClone {
			file = t.File() // the worker is the namespace's first process
		}
		h.binds = append(h.binds, bind{file: file, target: target})
	}
	if h.uidMap == "" && h.gidMap == "" && len(h.binds) == 0 {
		return nil, nil
	}
	return h, nil
}

func (h *hook) run(pid int) error {
	for _, m := range []struct{ file, data string }{{"uid_map", h.uidMap}, {"gid_map", h.gidMap}} {
		if m.data == "" {
			continue
		}
		path := fmt.Sprintf("/proc/%d/%s", pid, m.file)
		if err := writeFile(path, m.data); err != nil {
			return err
		}
	}
	for _, b := range h.binds {
		src := fmt.Sprintf("/proc/%d/%s", pid, b.file)
		if err := unix.Mount(src, b.target, "", unix.MS_BIND, ""); err != nil {
			h.undo()
			return cli.Syserr(err, "mount %s on %s failed", src, b.target)
		}
		h.done = append(h.done, b.target)
	}
	return nil
}

// undo removes the bind mounts made so far.
func (h *hook) undo() {
	for _, t := range h.done {
		unix.Unmount(t, unix.MNT_DETACH)
	}
	h.done = nil
}

func writeFile(path, data string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return cli.Syserr(err, "failed to open %s", path)
	}
	defer f.Close()
	if _, err := f.WriteString(data); err != nil {
		return cli.Syserr(err, "failed to write %s", path)
	}
	return nil
}
