// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command execinplace is pkg/nsexec's test program for Cmd.Exec: it
// replaces itself by "sh -c 'echo $$; hostname'" in a new UTS namespace
// named "replaced". It lives outside pkg/ because it is a command.
package main

import (
	"fmt"
	"os"

	"github.com/gonstools/gonstools/pkg/ns"
	"github.com/gonstools/gonstools/pkg/nsexec"
)

func init() { nsexec.LockMain() }

func main() {
	fmt.Println(os.Getpid())
	cmd := nsexec.Command("sh", "-c", "echo $$; hostname replaced && hostname")
	cmd.Unshare = []*ns.Type{&ns.UTS}
	err := cmd.Exec()
	fmt.Println("Exec returned:", err)
	os.Exit(1)
}
