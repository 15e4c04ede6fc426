// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"os"
	"slices"
)

// ContainerInit is a running container, as its engine reports it: its
// name and the PID of its init process.
type ContainerInit struct {
	Name string
	PID  int
}

// NameContainers gives the namespaces of each container's init process
// the container's name, for the column CONTAINER: those its parent, the
// engine's monitor (a containerd shim, conmon), is not in. A container's
// init process shares some namespaces with the host, most often the user
// namespace, and the cgroup or network namespace where the engine was told
// to (docker run --network host): those belong to no container and are
// not named after one. A namespace that several containers joined (the
// network namespace of a Kubernetes pod) is named after each of them, in
// the order of cs. Where the parent is not visible (it is in another PID
// namespace than /proc's), the namespaces of the calling process stand for
// the host's. A PID that /proc does not show, or showed no namespaces of,
// names nothing.
func (m *Model) NameContainers(cs []ContainerInit) {
	if len(cs) == 0 {
		return
	}
	byPID := m.byPID
	if byPID == nil { // a Model not made by Scan
		byPID = processesByPID(m.Processes)
	}
	var self *[numTypes]uint64
	for _, c := range cs {
		p := byPID[c.PID]
		if p == nil {
			continue
		}
		host := p.parent
		if host == nil && self == nil {
			self = m.selfNamespaces()
		}
		for t, ino := range p.ns {
			switch {
			case ino == 0:
				continue
			case host != nil && host.ns[t] == ino, host == nil && self[t] == ino:
				continue // the host's
			}
			if ns := m.byIno[ino]; ns != nil && !slices.Contains(ns.containers, c.Name) {
				ns.containers = append(ns.containers, c.Name)
			}
		}
	}
}

// selfNamespaces reads the namespace inodes of the calling process from
// the model's /proc.
func (m *Model) selfNamespaces() *[numTypes]uint64 {
	var out [numTypes]uint64
	for t, typ := range Types {
		if link, err := os.Readlink(m.proc + "/self/" + typ.File()); err == nil {
			if _, ino, ok := parseNSLink(link); ok {
				out[t] = ino
			}
		}
	}
	return &out
}
