// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command ipcrm removes every System V object of the kinds it is given (q,
// m, s; a: all three) that it may read, as ipcrm --all does: for each kind
// the highest index, then *_STAT by index and IPC_RMID.
package main

import (
	"os"
	"strings"

	"github.com/gonstools/gonstools/pkg/sysvipc"
)

func main() {
	kinds := os.Args[1]
	if kinds == "a" {
		kinds = "msq"
	}
	if strings.Contains(kinds, "m") {
		_, maxIdx, _ := sysvipc.ShmCtlInfo()
		for i := 0; i <= maxIdx; i++ {
			if id, err := sysvipc.ShmIndexID(i); err == nil {
				sysvipc.ShmRemove(id)
			}
		}
	}
	if strings.Contains(kinds, "s") {
		_, maxIdx, _ := sysvipc.SemCtlInfo(sysvipc.SEM_INFO)
		for i := 0; i <= maxIdx; i++ {
			if id, err := sysvipc.SemIndexID(i); err == nil {
				sysvipc.SemRemove(id)
			}
		}
	}
	if strings.Contains(kinds, "q") {
		_, maxIdx, _ := sysvipc.MsgCtlInfo(sysvipc.MSG_INFO)
		for i := 0; i <= maxIdx; i++ {
			if id, err := sysvipc.MsgIndexID(i); err == nil {
				sysvipc.MsgRemove(id)
			}
		}
	}
}
