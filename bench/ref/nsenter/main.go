// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command nsenter joins namespaces of a process through its pidfd and runs
// a program there. "nsenter PID PROGRAM..." joins the IPC and UTS
// namespaces on the main thread and execs in place, as
// gonsenter -t PID -i -u does; "nsenter -p PID PROGRAM..." joins the PID
// namespace, then forks the program and waits for it, as gonsenter -p
// must.
//
// With -p it also does the one costly thing gonsenter must do there
// besides: the child stands for the tool, so every signal that can be
// caught is relayed to it, and the relay is in place before the child
// starts. With os/signal that is one signal.Notify of 54 signals, which
// costs a round trip to the runtime's signal-mask thread for each
// (about 20 µs each here, a millisecond in all: more than the rest of the
// run); without it the reference did less than the tool has to and was
// 1.8–2x faster than gonsenter -p.
package main

import (
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

func init() { runtime.LockOSThread() } // setns and execve on the main thread

func main() {
	args := os.Args[1:]
	pidNS := args[0] == "-p"
	if pidNS {
		args = args[1:]
	}
	pid, _ := strconv.Atoi(args[0])
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		os.Exit(1)
	}
	flags := unix.CLONE_NEWIPC | unix.CLONE_NEWUTS
	if pidNS {
		flags = unix.CLONE_NEWPID
	}
	if err := unix.Setns(fd, flags); err != nil {
		os.Exit(1)
	}
	unix.Close(fd)
	path := lookPath(args[1])
	if !pidNS {
		syscall.Exec(path, args[1:], os.Environ())
		os.Exit(127)
	}
	sigs := make(chan os.Signal, 32)
	signal.Notify(sigs, catchable()...)
	child, err := syscall.ForkExec(path, args[1:], &syscall.ProcAttr{Env: os.Environ(), Files: []uintptr{0, 1, 2}})
	if err != nil {
		os.Exit(127)
	}
	go func() {
		for s := range sigs {
			syscall.Kill(child, s.(syscall.Signal))
		}
	}()
	var ws syscall.WaitStatus
	syscall.Wait4(child, &ws, 0, nil)
	os.Exit(ws.ExitStatus())
}

// catchable are the signals gonsenter relays to its child: all but
// SIGKILL and SIGSTOP, SIGCHLD, the runtime's SIGURG, SIGPROF, 32 and 33,
// and the terminal's stop signals.
func catchable() (out []os.Signal) {
	for s := syscall.Signal(1); s <= 64; s++ {
		switch s {
		case syscall.SIGKILL, syscall.SIGSTOP, syscall.SIGCHLD, syscall.SIGURG, syscall.SIGPROF, 32, 33,
			syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU:
			continue
		}
		out = append(out, s)
	}
	return out
}

// lookPath finds name in $PATH.
func lookPath(name string) string {
	path := os.Getenv("PATH")
	for start := 0; start <= len(path); {
		end := start
		for end < len(path) && path[end] != ':' {
			end++
		}
		p := path[start:end] + "/" + name
		if syscall.Access(p, 1) == nil {
			return p
		}
		start = end + 1
	}
	return name
}
