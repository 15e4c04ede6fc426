// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nsexec_test

import (
	"fmt"
	"log"
	"net"
	"os"

	"github.com/gonstools/gonstools/pkg/ns"
	"github.com/gonstools/gonstools/pkg/nsexec"
)

// Run a command in the mount and user namespaces of a process (a rootless
// container's, say), as root inside it, and capture what it prints.
func ExampleCmd_Output() {
	pid := 4242 // the container's init
	cmd := nsexec.Command("cat", "/etc/os-release")
	cmd.Target = pid
	cmd.TargetTypes = []*ns.Type{&ns.User, &ns.Mount}
	cmd.Credential = &nsexec.Credential{UID: 0, GID: 0}
	out, err := cmd.Output()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s", out)
}

// Run a shell in new UTS, IPC, mount and PID namespaces, with a /proc of
// its own: it is PID 1 there.
func ExampleCmd_Run() {
	cmd := nsexec.Command("sh", "-c", "hostname box && echo $$ && ps -e")
	cmd.Unshare = []*ns.Type{&ns.UTS, &ns.IPC, &ns.Mount, &ns.PID}
	cmd.MountProc = "/proc"
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatal(err)
	}
}

// Run Go code in the network namespace that "ip netns add blue" made:
// list its interfaces.
func ExampleDo() {
	blue, err := ns.OpenNetns("blue")
	if err != nil {
		log.Fatal(err)
	}
	defer blue.Close()
	err = nsexec.Do(func() error {
		ifaces, err := net.Interfaces()
		for _, i := range ifaces {
			fmt.Println(i.Name)
		}
		return err
	}, blue)
	if err != nil {
		log.Fatal(err)
	}
}
