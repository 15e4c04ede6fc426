// SPDX-License-Identifier: Apache-2.0

//go:build linux

package startup

import (
	"os"
	"unsafe"
)

// initialSP is where the kernel left argc, followed by the argv and envp
// arrays (each NULL-terminated), as entry found it; nil without the entry
// hook. That memory stays as it is for the life of the process: the
// runtime's own os.Args point into it.
var initialSP unsafe.Pointer

// Environ is the environment the process was started with, exactly as the
// kernel passed it (a C program's environ: duplicates and empty entries
// included), read from the envp array. Unlike os.Environ it does not copy
// the environment into package syscall's lookup map, which a tool that only
// passes its environment on to a program never needs: at start-up that map
// is a noticeable share of the run. Changes made with os.Setenv are not in
// it. Without the entry hook it is os.Environ(), which keeps the first of
// duplicate names and drops empty entries.
func Environ() []string {
	if initialSP == nil {
		return os.Environ()
	}
	const word = unsafe.Sizeof(uintptr(0))
	argc := *(*uintptr)(initialSP)
	envp := unsafe.Add(initialSP, (argc+2)*word)
	at := func(i int) *byte { return *(**byte)(unsafe.Add(envp, uintptr(i)*word)) }
	n := 0
	for at(n) != nil {
		n++
	}
	env := make([]string, 0, n)
	for i := range n {
		p := at(i)
		l := 0
		for *(*byte)(unsafe.Add(unsafe.Pointer(p), l)) != 0 {
			l++
		}
		env = append(env, unsafe.String(p, l))
	}
	return env
}
