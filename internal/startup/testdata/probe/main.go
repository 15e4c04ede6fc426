// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command probe prints what package startup knows about how it was started:
// "known ignored-set closed-fds", then, with an argument, ends by that
// signal number after BehaveLikeC. With the argument "nil" it dereferences
// a nil pointer instead and prints the panic it recovers; with "env" it
// prints startup.Environ() and os.Environ(), a line each.
package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/gonstools/gonstools/internal/startup"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "env" {
		fmt.Printf("%q\n%q\n", startup.Environ(), os.Environ())
		return
	}
	startup.BehaveLikeC()
	fmt.Printf("%v %#x %v\n", startup.Known(), startup.Ignored(), startup.ClosedStdio())
	if len(os.Args) > 1 && os.Args[1] == "nil" {
		defer func() { fmt.Println("recovered:", recover()) }()
		var p *int
		*p = 1
	}
	if len(os.Args) > 1 {
		n, _ := strconv.Atoi(os.Args[1])
		syscall.Kill(os.Getpid(), syscall.Signal(n))
		time.Sleep(100 * time.Millisecond)
		fmt.Println("survived")
	}
}
