// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import "github.com/gonstools/gonstools/pkg/ns"

// Types lists the namespace types in lsns's order (its ns_names[]): the
// order a process's namespaces are read in, and the order of --type's help.
var Types = [...]*ns.Type{&ns.Mount, &ns.Net, &ns.PID, &ns.UTS, &ns.IPC, &ns.User, &ns.Cgroup, &ns.Time}

const numTypes = len(Types)

// Indexes of Types that the code refers to.
const (
	typeMnt = iota
	typeNet
	typePID
	typeUTS
	typeIPC
	typeUser
	typeCgroup
	typeTime
)

// typeByName is the index in Types of the type named as in /proc/PID/ns
// ("mnt", "net", ...), or -1.
func typeByName(name string) int {
	for i, t := range Types {
		if t.Name == name {
			return i
		}
	}
	return -1
}

// typeByFlag is the index in Types of the type with a CLONE_NEW* flag, as
// ioctl NS_GET_NSTYPE returns it, or -1.
func typeByFlag(flag uintptr) int {
	for i, t := range Types {
		if t.Flag == flag {
			return i
		}
	}
	return -1
}

// TypeNames are the type names in lsns's order, for messages and help.
func TypeNames() []string {
	out := make([]string, numTypes)
	for i, t := range Types {
		out[i] = t.Name
	}
	return out
}

// TypeByName is the index of a --type name, or -1.
func TypeByName(name string) int { return typeByName(name) }
