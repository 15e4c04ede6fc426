// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/ns"
	"github.com/gonstools/gonstools/pkg/nsexec"
)

// Two "containers" started by this test, which stands for their engine's
// monitor: web in UTS, IPC and network namespaces of its own, and side in
// a UTS namespace of its own and web's IPC and network namespaces (as a
// pod's containers share them). A namespace is named after the containers
// whose init process is in it and their monitor is not.
func TestNameContainers(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWNS|syscall.CLONE_NEWIPC) {
		return
	}
	start := func(c *nsexec.Cmd) int {
		t.Helper()
		c.Path, c.Args = "sleep", []string{"sleep", "1000"}
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Process.Kill(); c.Wait() })
		return c.Process.Pid
	}
	web := start(&nsexec.Cmd{Unshare: []*ns.Type{&ns.UTS, &ns.IPC, &ns.Net}})
	side := start(&nsexec.Cmd{Target: web, TargetTypes: []*ns.Type{&ns.IPC, &ns.Net}, Unshare: []*ns.Type{&ns.UTS}})

	m, err := Scan(&Options{})
	if err != nil {
		t.Fatal(err)
	}
	m.NameContainers([]ContainerInit{{"web", web}, {"side", side}, {"web", web}, {"gone", 1 << 30}})
	link := func(pid int, typ string) uint64 {
		t.Helper()
		l, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/ns/" + typ)
		if err != nil {
			t.Fatal(err)
		}
		_, ino, _ := parseNSLink(l)
		return ino
	}
	want := map[uint64]string{
		link(web, "uts"):  "web",
		link(web, "ipc"):  "web,side",
		link(web, "net"):  "web,side",
		link(side, "uts"): "side",
	}
	named := 0
	for _, n := range m.Namespaces {
		if got := strings.Join(n.containers, ","); got != want[n.Ino] {
			t.Errorf("%s namespace %d: containers %q, want %q", Types[n.Type].Name, n.Ino, got, want[n.Ino])
		}
		if len(n.containers) > 0 {
			named++
		}
	}
	if named != len(want) {
		t.Errorf("%d namespaces named, want %d", named, len(want))
	}

	out, err := m.Print(&Config{Columns: []Column{ColNS, ColType, ColContainer}, Raw: true, NoHeadings: true,
		Filter: mustFilter(t, `CONTAINER =~ "side"`)})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	wantLines := []string{
		strconv.FormatUint(link(web, "net"), 10) + " net web,side",
		strconv.FormatUint(link(side, "uts"), 10) + " uts side",
		strconv.FormatUint(link(web, "ipc"), 10) + " ipc web,side",
	}
	slices.Sort(lines)
	slices.Sort(wantLines)
	if !slices.Equal(lines, wantLines) {
		t.Errorf("CONTAINER =~ \"side\":\n%s\nwant\n%s", out, strings.Join(wantLines, "\n"))
	}
	out, err = m.Print(&Config{Columns: []Column{ColType, ColContainer}, JSON: true, TaskPID: os.Getpid(),
		Filter: mustFilter(t, `TYPE == "uts"`)})
	if err != nil || !strings.Contains(string(out), `"container": null`) {
		t.Errorf("a namespace of no container in JSON: %v\n%s", err, out)
	}
}

// Where a container's init process has no visible parent, the namespaces
// of the calling process (from the model's /proc) stand for the host's.
func TestNameContainersWithoutParent(t *testing.T) {
	proc := t.TempDir()
	os.MkdirAll(filepath.Join(proc, "self", "ns"), 0o755)
	os.Symlink("uts:[11]", filepath.Join(proc, "self", "ns", "uts"))
	os.Symlink("user:[22]", filepath.Join(proc, "self", "ns", "user"))
	p := &Process{PID: 7}
	p.ns[typeUTS], p.ns[typeUser] = 33, 22
	m := &Model{Processes: []*Process{p}, byIno: map[uint64]*Namespace{}, proc: proc}
	for _, n := range []*Namespace{{Ino: 33, Type: typeUTS}, {Ino: 22, Type: typeUser}} {
		m.Namespaces = append(m.Namespaces, n)
		m.byIno[n.Ino] = n
	}
	m.NameContainers([]ContainerInit{{"box", 7}})
	if got := m.byIno[33].containers; !slices.Equal(got, []string{"box"}) {
		t.Errorf("its own UTS namespace: %q", got)
	}
	if got := m.byIno[22].containers; got != nil {
		t.Errorf("the caller's user namespace: %q", got)
	}
}
