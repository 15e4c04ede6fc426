// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"syscall"

	"github.com/gonstools/gonstools/pkg/ns"
)

// Step names the part of a Config that a failed system call carried out,
// so that a caller can say what went wrong in its own words.
type Step uint8

// The parts of a Config, in the order the worker carries them out.
const (
	StepSignals     Step = iota + 1 // signal dispositions and mask
	StepFirstWrites                 // FirstWrites
	StepOwner                       // Owner
	StepUnshare                     // Unshare
	StepJoin                        // Join (Error.Type is the namespace's)
	StepTimeOffsets                 // TimeOffsets
	StepHook                        // waiting for Hook
	StepFork                        // ForkAgain
	StepWrites                      // Writes
	StepPropagation                 // Propagation
	StepRootMounts                  // RootMounts
	StepRoot                        // Root
	StepWd                          // Wd
	StepMountProc                   // MountProc (Op "make-private" for ProcPrivate)
	StepMounts                      // Mounts
	StepCred                        // Cred
	StepKeepCaps                    // KeepCaps
	StepDeathSignal                 // KillChild, DieWithParent
	StepStdio                       // Files
	StepCloseFds                    // CloseFds
	StepExec                        // running the Program
)

// where describes a plan step for an error.
type where struct {
	step Step
	op   string  // the system call, or what it does: "setns", "make-private"
	path string  // the file, directory or namespace involved
	typ  uintptr // CLONE_NEW* of a setns step
}

// Error is a failed step of the worker.
type Error struct {
	Step Step
	Op   string   // "setns", "mount", "chroot", "exec", ...
	Path string   // the file or directory, when there is one
	Type *ns.Type // the namespace, for StepJoin
	Err  syscall.Errno
}

func (e *Error) Error() string {
	s := e.Op
	switch {
	case e.Type != nil:
		s += " " + e.Type.Name + " namespace"
	case e.Path != "":
		s += " " + e.Path
	}
	return s + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// nsType is the namespace type of a CLONE_NEW* flag, or nil.
func nsType(flag uintptr) *ns.Type { return ns.ByFlag(flag) }
