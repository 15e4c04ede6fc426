// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command ipcmk makes System V objects and prints their ids, as
// goipcmk -M 1M -Q -S 2 does for "mqs" (in that order).
package main

import (
	"os"
	"strconv"

	"github.com/gonstools/gonstools/pkg/sysvipc"
)

func main() {
	var b []byte
	for _, k := range os.Args[1] {
		var id int
		var err error
		var what string
		switch k {
		case 'm':
			id, err = sysvipc.ShmGet(sysvipc.IPC_PRIVATE, 1<<20, sysvipc.IPC_CREAT|0o644)
			what = "Shared memory id: "
		case 'q':
			id, err = sysvipc.MsgGet(sysvipc.IPC_PRIVATE, sysvipc.IPC_CREAT|0o644)
			what = "Message queue id: "
		case 's':
			id, err = sysvipc.SemGet(sysvipc.IPC_PRIVATE, 2, sysvipc.IPC_CREAT|0o644)
			what = "Semaphore id: "
		}
		if err != nil {
			os.Exit(1)
		}
		b = strconv.AppendInt(append(b, what...), int64(id), 10)
		b = append(b, '\n')
	}
	os.Stdout.Write(b)
}
