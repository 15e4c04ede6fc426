//go:build linux

// Command nsenter joins namespaces of a process through its pidfd and runs
// a program there. "nsenter PID PROGRAM..." joins the IPC and UTS
// namespaces on the main thread and execs in place, as
// gonsenter -t PID -i -u does; "nsenter -p PID PROGRAM..." joins the PID
// namespace, then forks the program and waits for it, as gonsenter -p
// must.
package main

import (
	"os"
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
	child, err := syscall.ForkExec(path, args[1:], &syscall.ProcAttr{Env: os.Environ(), Files: []uintptr{0, 1, 2}})
	if err != nil {
		os.Exit(127)
	}
	var ws syscall.WaitStatus
	syscall.Wait4(child, &ws, 0, nil)
	os.Exit(ws.ExitStatus())
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
