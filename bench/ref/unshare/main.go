// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command unshare unshares the IPC namespace on the main thread and execs
// its arguments there, in place, as gounshare -i does.
package main

import (
	"os"
	"runtime"
	"syscall"
)

func init() { runtime.LockOSThread() } // unshare and execve on the main thread

func main() {
	if err := syscall.Unshare(syscall.CLONE_NEWIPC); err != nil {
		os.Exit(1)
	}
	execvp(os.Args[1:])
}

// execvp execs argv, looking its program up in $PATH.
func execvp(argv []string) {
	for dir := range splitPath(os.Getenv("PATH")) {
		syscall.Exec(dir+"/"+argv[0], argv, os.Environ())
	}
	os.Exit(127)
}

func splitPath(path string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for start := 0; start <= len(path); {
			end := start
			for end < len(path) && path[end] != ':' {
				end++
			}
			if !yield(path[start:end]) {
				return
			}
			start = end + 1
		}
	}
}
