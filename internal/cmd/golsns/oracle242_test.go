// SPDX-License-Identifier: Apache-2.0

//go:build linux && lsns242

package golsns

// A developer's check, not part of "make test": golsns against lsns of
// util-linux 2.42, built from its sources (meson, "ninja lsns"), for what
// only 2.42 has: --persistent, --filter, --list-columns, and namespaces
// held by descriptors, sockets and bind mounts. Run as root with
//
//	GOLSNS_LSNS242=/path/to/lsns go test -tags lsns242 -run Lsns242 ./cmd/golsns
//
// The two differ by design where golsns keeps util-linux 2.38.1's
// behaviour for options 2.38.1 has (see golsns(1)), and the option sets
// here avoid those: the layout of libsmartcols 2.42 (a column is no longer
// widened to its width hint: TYPE is 4 wide, not 5), its JSON output of
// multi-line cells (2.42 prints the first line of NSFS and pads the rest),
// the characters its filter scanner echoes ("NS = 1" prints "=") and the
// errno text after "failed to apply filter".

import (
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

func TestLsns242Oracle(t *testing.T) {
	bin := os.Getenv("GOLSNS_LSNS242")
	if bin == "" {
		t.Skip("GOLSNS_LSNS242 is not set")
	}
	if !nstest.InNamespaces(t, syscall.CLONE_NEWPID|syscall.CLONE_NEWNS) {
		return
	}
	w := newWorld(t)
	w.r.lsns = bin
	gounshare := nstest.Binary(t, "gounshare")
	if out, err := osexec("ip", "netns", "add", "golsns-persistent"); err != nil {
		t.Fatalf("ip netns add: %v\n%s", err, out)
	}
	os.WriteFile("/run/netns/golsns-userns-persistent", nil, 0o644)
	start(t, gounshare, "-U", "-r", "--net=/run/netns/golsns-userns-persistent", "true")
	_, _ = startHelper(t, "socket-netns", false)
	for _, args := range [][]string{
		{"-P", "-r"}, {"-P", "-J"}, {"-P", "-r", "-o", "NS,TYPE,NPROCS,PID,PPID,USER,UID,NETNSID,NSFS,PNS,ONS"},
		{"-l"}, {"-r", "-o", "NS,TYPE,NPROCS,USER,UID,NETNSID,NSFS"}, {"-J", "-l", "-W", "--output-all"}, {"-J", "-T"},
		{"-Q", "NPROCS > 1"}, {"-Q", `USER != "root" and NPROCS > 0`}, {"-Q", `TYPE =~ "^(net|uts)$"`, "-l"},
		{"-Q", "NETNSID", "-o", "NS,TYPE"}, {"-Q", "FOO == 1"}, {"-Q", "PNS || ONS == 0", "-r"},
		{"-Q", "COMMAND > 5", "-Q", "1", "-r"}, {"-Q", "1", strconv.FormatUint(w.ns("1001", "uts"), 10)},
		{"-Q", "foo == 1 || NS == 1 || bar"}, {"-r", "-Q", "netnsid || NETNSID"},
		{"-P", "-p", "1"}, {"-p", "1", "-P"},
	} {
		w.r.same(t, args, []string{"LC_ALL=C.UTF-8"}, -1)
	}
}

func osexec(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).CombinedOutput()
}
