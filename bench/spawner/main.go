// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command spawner is the bench's timing parent: a single-threaded program
// that starts the commands it is asked for and times them, so that
// neither the Go runtime's threads nor the size of the bench's process
// weigh on what is measured. On amd64 it is linked with its own entry
// point (-ldflags=-E=main.entry, see spawner_linux_amd64.s) and never
// starts the Go runtime: it is a few hundred bytes of code and touches a
// few pages of memory. Elsewhere main does nothing and the bench times the
// commands itself.
//
// Its arguments are the commands' argvs, separated by arguments that are
// the single byte 0x01. Each byte i read from descriptor 3 runs command i
// once: vfork, execve (with the spawner's environment and descriptors 0, 1
// and 2), wait4; then it writes three 64-bit words to descriptor 4: the
// nanoseconds from before the vfork to after the wait (CLOCK_MONOTONIC),
// the wait status, and ru_maxrss (KiB). An exec that fails exits with
// status 127. At the end of descriptor 3 it exits.
//
// The child's peak RSS starts from its parent's, as the kernel counts the
// memory a vfork child shares until its exec: with this parent that is
// the few pages it touched, not the bench's megabytes.
package main

func main() {}
