// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command ipcnamespace is the Go program of the articles this project
// started from, on gonstools' library: a process in new mount, IPC and PID
// namespaces with a /proc of its own, a System V message queue made in its
// IPC namespace, and the queues seen there and outside. Unlike the
// articles' program it never runs itself again: Go code enters the new IPC
// namespace on a thread of its own. Run it as root:
//
//	go run ./examples/ipcnamespace
package main

import (
	"fmt"
	"log"

	"github.com/gonstools/gonstools/pkg/ns"
	"github.com/gonstools/gonstools/pkg/nsexec"
	"github.com/gonstools/gonstools/pkg/sysvipc"
	"golang.org/x/sys/unix"
)

func main() {
	box := nsexec.Command("sleep", "60") // holds the namespaces: PID 1 there
	box.Unshare = []*ns.Type{&ns.Mount, &ns.IPC, &ns.PID}
	box.MountProc = "/proc"
	check(box.Start())
	defer box.Process.Kill()
	ipc, err := ns.Open(box.Process.Pid, &ns.IPC)
	check(err)
	check(nsexec.Do(func() error { // on a thread in the new IPC namespace
		if _, err := sysvipc.MsgGet(0x54b08fc2, unix.IPC_CREAT|0o644); err != nil {
			return err
		}
		return show("=== new ipc namespace ===")
	}, ipc))
	check(show("=== old namespace ==="))
}

// show lists the message queues of the calling thread's IPC namespace.
func show(title string) error {
	queues, err := sysvipc.ListMsg()
	fmt.Printf("%s\n%d queue(s)\n", title, len(queues))
	for _, q := range queues {
		fmt.Printf("key 0x%08x msqid %d perms %o\n", uint32(q.Key), q.ID, q.Mode&0o777)
	}
	return err
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
