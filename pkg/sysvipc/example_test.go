// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc_test

import (
	"fmt"
	"log"

	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// List the System V message queues of this IPC namespace, as ipcs -q does.
func ExampleListMsg() {
	queues, err := sysvipc.ListMsg()
	if err != nil {
		log.Fatal(err)
	}
	for _, q := range queues {
		fmt.Printf("key 0x%08x id %d: %d messages, %d bytes\n", uint32(q.Key), q.ID, q.QNum, q.CBytes)
	}
}
