// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcs

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/posixipc"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// goipcs --target PID prints, byte for byte, what goipcs prints when
// gonsenter runs it in PID's IPC namespace (gonsenter -t PID -i goipcs),
// in every output mode: the target is this test, in a namespace full of
// objects of every kind and state, and both commands start in a fresh,
// empty IPC namespace of their own (gounshare -i), so that only the join
// can show them the objects. It is also what goipcs prints in the
// namespace itself.
func TestTargetSameAsNsenter(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	goipcs := nstest.Binary(t, "goipcs")
	gonsenter := nstest.Binary(t, "gonsenter")
	gounshare := nstest.Binary(t, "gounshare")
	useNames(t)
	populate(t)
	privateDev(t)
	syscall.Umask(0)
	ck(t, posixipc.CreateQueue("/inner", 0o640))
	ck(t, posixipc.CreateShm(posixipc.ShmDir, "/segment", 1996, 0o600))
	ck(t, posixipc.CreateSem(posixipc.ShmDir, "/lock", 0o644, 3))

	modes := []string{"", "-a", "-q", "-m", "-s", "-q -s", "-t", "-p", "-c", "-l", "-u", "-b", "--human",
		"-m -t --human", "-s -c", "-l -b", "-u -q", "--posix", "-q --posix", "-m --posix --human", "-s -p --posix",
		"--json", "--json --posix", "-q --json -t", "-l --json", "-u --json", "-q -i 99999", "-i 0"}
	qs, _ := sysvipc.ListMsg()
	ss, _ := sysvipc.ListShm()
	as, _ := sysvipc.ListSem()
	for _, q := range qs {
		modes = append(modes, "-q -i "+strconv.Itoa(q.ID), "-q --json -i "+strconv.Itoa(q.ID))
	}
	for _, s := range ss {
		modes = append(modes, "-m -i "+strconv.Itoa(s.ID), "-m -b -i "+strconv.Itoa(s.ID))
	}
	for _, a := range as {
		modes = append(modes, "-s -i "+strconv.Itoa(a.ID), "-s --json -i "+strconv.Itoa(a.ID))
	}
	me := strconv.Itoa(os.Getpid())
	env := []string{"TZ=Europe/Paris", "LC_ALL=C"}
	for _, m := range modes {
		args := words(m)
		want := runTool(t, gounshare, append([]string{"-i", gonsenter, "-t", me, "-i", goipcs}, args...), env)
		got := runTool(t, gounshare, append([]string{"-i", goipcs, "--target", me}, args...), env)
		if got != want {
			t.Errorf("goipcs --target %s %s differs from gonsenter -t %[1]s -i goipcs:\n%s", me, m, firstDifference(got, want))
		}
		if here := runTool(t, goipcs, args, env); here != got {
			t.Errorf("goipcs --target %s %s differs from goipcs in the namespace:\n%s", me, m, firstDifference(got, here))
		}
	}
	// The objects were seen through the join, not in goipcs's own namespace.
	for _, m := range []string{"-a", "--posix -q"} {
		empty := runTool(t, gounshare, append([]string{"-i", goipcs}, words(m)...), env)
		if full := runTool(t, goipcs, words(m), env); empty == full {
			t.Errorf("goipcs %s lists the same in a new IPC namespace as in the target's:\n%s", m, full.stdout)
		}
	}
}

// --target's failures: one line each, status 1, nothing on standard
// output.
func TestTargetErrors(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	goipcs := nstest.Binary(t, "goipcs")
	gone := exec.Command("true")
	ck(t, gone.Run())
	pid := strconv.Itoa(gone.Process.Pid)
	got := runTool(t, goipcs, []string{"--target", pid, "-q"}, nil)
	if want := (result{"", "goipcs: cannot open /proc/" + pid + "/ns/ipc: No such process\n", 1}); got != want {
		t.Errorf("a process that is gone: %+v, want %+v", got, want)
	}

	// Another user may not enter root's namespaces.
	nobody := &syscall.Credential{Uid: 65534, Gid: 65534}
	me := strconv.Itoa(os.Getpid())
	got = runAs(t, nobody, goipcs, []string{"--target", me}, nil)
	if got.code != 1 || got.stdout != "" || strings.Count(got.stderr, "\n") != 1 ||
		!strings.HasPrefix(got.stderr, "goipcs: cannot open /proc/"+me+"/ns/ipc: ") {
		t.Errorf("as nobody: %+v", got)
	}
}
