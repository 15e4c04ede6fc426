// SPDX-License-Identifier: Apache-2.0

//go:build linux

package golsns

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/nstest"
)

// world is the state the differential tests list: processes in new
// namespaces of every type, in this test's own PID namespace with its own
// /proc, so that both tools see exactly these processes.
type world struct {
	dir  string
	pids map[string]int // by the argument of their sleep
	r    *runner
}

// newWorld builds the state in the current (fresh PID and mount)
// namespaces. Every namespace is held by a process, so util-linux 2.38.1,
// which finds namespaces through processes only, sees them all.
func newWorld(t *testing.T) *world {
	t.Helper()
	lsnsBin := nstest.Tool(t, "lsns")
	nstest.Tool(t, "setpriv")
	ip := nstest.Tool(t, "ip")
	gounshare := nstest.Binary(t, "gounshare")
	w := &world{dir: t.TempDir(), pids: map[string]int{}}
	w.r = &runner{lsns: lsnsBin, golsns: nstest.Binary(t, "golsns")}

	// A /proc of this PID namespace, and a /run of its own for ip netns.
	if err := unix.Mount("proc", "/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("tmpfs", "/run", "tmpfs", 0, "mode=0755"); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("a-long-argument-", 8)
	for _, argv := range [][]string{
		{gounshare, "-u", "-i", "--", "sleep", "1001"},
		{gounshare, "-n", "--", "sleep", "1002"},
		{gounshare, "-m", "-C", "--", "sleep", "1003"},
		{gounshare, "-p", "-f", "--mount-proc", "--", "sleep", "1004"},
		{gounshare, "-T", "-f", "--", "sleep", "1005"},
		{gounshare, "-U", "-r", "-n", "-u", "--", "sleep", "1006"},
		{gounshare, "-u", "--", "setpriv", "--reuid=1234", "--regid=1234", "--clear-groups", "--", "sleep", "1008"},
		{gounshare, "-i", "--", "setpriv", "--reuid=1", "--regid=1", "--clear-groups", "--", "sleep", "1009"},
		{gounshare, "-u", "--", "sh", "-c", "sleep 1010 & sleep 1011 & wait"},
		{gounshare, "-i", "--", "sh", "-c", "sleep 1012; :", long, "x"},
		{gounshare, "-u", "--", "sh", "-c", "sleep 1013; :", "é日本語\tx\x01y", "z"},
		// processes of the users that TestSameAsLsnsUnprivileged runs as,
		// older than the tools, so that neither lists itself
		{"setpriv", "--reuid=1234", "--regid=1234", "--clear-groups", "--", "sleep", "1016"},
		{"setpriv", "--reuid=4321", "--regid=4321", "--clear-groups", "--", "sleep", "1017"},
	} {
		start(t, argv...)
	}
	// A user namespace that no process is in, parent of one that is.
	_, ghost := startHelper(t, "ghost-user", true, "1007")
	if pid, err := strconv.Atoi(ghost); err == nil {
		t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
	}
	waitSleeps(t, 15)
	for _, arg := range []string{"1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008", "1009", "1012", "1013"} {
		w.pids[arg] = sleepPID(t, arg)
	}

	// nsfs mounts of namespaces that processes hold: two of one network
	// namespace (one path with a space), one UTS namespace, and ip netns
	// names with a NETNSID.
	bind := func(pid int, typ, name string) {
		path := filepath.Join(w.dir, name)
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := unix.Mount(fmt.Sprintf("/proc/%d/ns/%s", pid, typ), path, "", unix.MS_BIND, ""); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { unix.Unmount(path, unix.MNT_DETACH) })
	}
	bind(w.pids["1002"], "net", "net a")
	bind(w.pids["1002"], "net", "netb")
	bind(w.pids["1001"], "uts", "uts")
	for _, args := range [][]string{
		{"netns", "attach", "golsns-userns", strconv.Itoa(w.pids["1006"])},
		{"netns", "set", "golsns-userns", "7"},
		{"netns", "attach", "golsns-net", strconv.Itoa(w.pids["1002"])},
	} {
		if out, err := exec.Command(ip, args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %v: %v\n%s", args, err, out)
		}
	}
	return w
}

// optionSets are lsns 2.38.1 command lines: every tree relation and
// format, and column lists with every column.
func (w *world) optionSets(n int, seed int64) [][]string {
	trees := [][]string{{}, {"-l"}, {"-T"}, {"--tree=process"}, {"-Tparent"}, {"--tree=owner"}, {"-l", "-Towner"}}
	formats := [][]string{{}, {"-r"}, {"-J"}, {"-n"}, {"-u"}, {"-W"}, {"-n", "-u", "-W"}, {"--raw", "--noheadings"}, {"--json", "-u"}}
	columns := [][]string{{}, {"-o", "NS,TYPE,PATH,NPROCS"}, {"-o", "+PPID,UID,NSFS"}, {"--output-all"},
		{"-o", "NS,NETNSID,NSFS,COMMAND"}, {"-o", "ONS,PNS,NS,TYPE,USER,UID"}, {"--output-all", "-o", "+PATH"}, {"-o", "command,ns,pid"}}
	types := [][]string{{}, {"-t", "net"}, {"-t", "user", "-t", "pid"}, {"-t", "uts"}, {"--type=ipc", "-t", "mnt", "-t", "cgroup", "-t", "time"}}
	selects := [][]string{{}, {"-p", strconv.Itoa(w.pids["1006"])}, {"-p", "1"},
		{strconv.FormatUint(w.ns("1001", "uts"), 10)}, {strconv.FormatUint(w.ns("1006", "user"), 10)}}
	r := rand.New(rand.NewSource(seed))
	pick := func(l [][]string) []string { return l[r.Intn(len(l))] }
	var sets [][]string
	// every choice once, with nothing else
	for _, l := range [][][]string{trees, formats, columns, types, selects} {
		sets = append(sets, l...)
	}
	// owners and parents outside --type: util-linux 2.38.1 draws them
	sets = append(sets, []string{"-t", "pid", "--tree=owner"}, []string{"-t", "uts", "-Tparent", "-o", "+PNS,ONS"},
		[]string{"-t", "user", "-Tparent", "-J"}, []string{"-T", "-o", "NS,TYPE"}, []string{"-T", "-o", "TYPE,NPROCS"})
	for len(sets) < n {
		var args []string
		for _, l := range [][][]string{trees, formats, columns, types, selects} {
			args = append(args, pick(l)...)
		}
		sets = append(sets, args)
	}
	return sets
}

func (w *world) ns(arg, typ string) uint64 {
	var st unix.Stat_t
	unix.Stat(fmt.Sprintf("/proc/%d/ns/%s", w.pids[arg], typ), &st)
	return st.Ino
}

// TestSameAsLsns compares golsns with util-linux 2.38.1's lsns over a
// few hundred option sets, on a pipe (where lsns never fits the table to
// a width), then on terminals of several widths and through $COLUMNS,
// under the C and C.UTF-8 locales.
func TestSameAsLsns(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWPID|syscall.CLONE_NEWNS) {
		return
	}
	w := newWorld(t)
	if os.Getenv("GOLSNS_SHOW") != "" {
		for _, args := range [][]string{nil, {"-T"}, {"-Tparent", "-o", "+PNS,ONS"}, {"--output-all", "-t", "net"}, {"-J", "-t", "user"}} {
			t.Errorf("lsns %v:\n%s", args, w.r.run(t, w.r.lsns, args, []string{"LC_ALL=C.UTF-8"}, 100).stdout)
		}
	}
	fails := 0
	check := func(args, env []string, cols int) {
		if fails < 10 && !w.r.same(t, args, env, cols) {
			fails++
		}
	}
	for _, args := range w.optionSets(300, 1) {
		check(args, []string{"LC_ALL=C.UTF-8"}, -1)
	}
	for _, args := range w.optionSets(80, 2) {
		for _, loc := range []string{"LC_ALL=C", "LANG=C.UTF-8"} {
			for _, cols := range []int{20, 45, 80, 132} {
				check(args, []string{loc}, cols)
			}
			check(args, []string{loc, "COLUMNS=60"}, 0)  // no width from the terminal
			check(args, []string{loc, "COLUMNS=60"}, -1) // no terminal at all
		}
	}
	// locales that glibc does not know fall back to C
	check(nil, []string{"LC_ALL=xx_YY.UTF-8"}, 100)
	check(nil, []string{"LANG=C.UTF-8", "LC_TIME=xx_YY.UTF-8"}, 100)
	check([]string{"-T"}, []string{"LC_CTYPE=C.utf8"}, 100)
}

// TestSameAsLsnsUnprivileged compares the tools run as a user who owns
// one process (uid 1234) and as one who owns none: each lists what it may
// see, without complaining about the rest.
func TestSameAsLsnsUnprivileged(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWPID|syscall.CLONE_NEWNS) {
		return
	}
	w := newWorld(t)
	// Namespaces bound to a path that the user may open, and whose
	// processes it may not see, would be listed as persistent ones, as
	// util-linux 2.42 lists them; 2.38.1 cannot.
	if err := os.Chmod("/run/netns", 0o700); err != nil {
		t.Fatal(err)
	}
	// the binaries must be reachable for the users
	dir, err := os.MkdirTemp("", "golsns-unprivileged-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	golsns := filepath.Join(dir, "golsns")
	b, err := os.ReadFile(w.r.golsns)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(golsns, b, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, uid := range []uint32{1234, 4321} {
		r := &runner{lsns: w.r.lsns, golsns: golsns, cred: &syscall.Credential{Uid: uid, Gid: uid}}
		for _, args := range w.optionSets(60, 3) {
			if !r.same(t, args, []string{"LC_ALL=C.UTF-8"}, -1) {
				t.Fatalf("as uid %d", uid)
			}
		}
		res := r.run(t, golsns, []string{"-l", "-o", "NS,TYPE,PID,USER"}, nil, -1)
		if res.code != 0 || res.stderr != "" || !strings.Contains(res.stdout, "NS TYPE") {
			t.Errorf("as uid %d: %+v", uid, res)
		}
		if uid == 1234 && !strings.Contains(res.stdout, strconv.Itoa(w.pids["1008"])) {
			t.Errorf("uid 1234 does not see its own process %d:\n%s", w.pids["1008"], res.stdout)
		}
	}
}

// TestSameAsLsnsErrors: messages and statuses for bad command lines, and
// for errors found after reading /proc.
func TestSameAsLsnsErrors(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWPID|syscall.CLONE_NEWNS) {
		return
	}
	w := newWorld(t)
	for _, args := range [][]string{
		{"-t", "foo"}, {"--type", "net", "-t", "bar"}, {"-T", "foo"}, {"--tree=foo"}, {"-Tfoo"}, {"--tree==parent"},
		{"-p", "abc"}, {"-p", "99999999999"}, {"-p", ""}, {"-p", "1x"}, {"-p", "-5"}, {"-p", "0"}, {"--task", " 1"},
		{"-o", "FOO"}, {"-o", "NS,FOO,TYPE"}, {"-o", "NS,"}, {"--output", "N"}, {"-o", "NSX"},
		{"-J", "-r"}, {"-r", "-J"}, {"-rJ"}, {"-l", "-T"},
		{"-x"}, {"--foo"}, {"--tre"}, {"--o=NS"}, {"-o"}, {"--output"}, {"--tree"}, {"-u", "--json=x"},
		{"abc"}, {"--", "-1"}, {"99999999999999999999"}, {"12", "-p", "1"}, {"-p", "1", "12"}, {"0"}, {"4294967295"},
		{"+1"}, {" " + strconv.FormatUint(w.ns("1001", "uts"), 10)}, {"-t", "net", "-J", "-r", "-t", "bad"}, {"-t", "bad", "-J", "-r"},
	} {
		w.r.same(t, args, []string{"LC_ALL=C.UTF-8"}, -1)
	}
}

// TestLsns242Behaviour checks what only util-linux 2.42 does: namespaces
// without processes, held by a bind mount (ip netns add), by an open
// descriptor or by a socket, listed with their owners' UIDs; --persistent;
// and that --filter removes lines before the layout, so that filtering
// those namespaces out gives util-linux 2.38.1's table.
func TestLsns242Behaviour(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWPID|syscall.CLONE_NEWNS) {
		return
	}
	w := newWorld(t)
	gounshare := nstest.Binary(t, "gounshare")
	if out, err := exec.Command("ip", "netns", "add", "golsns-persistent").CombinedOutput(); err != nil {
		t.Fatalf("ip netns add: %v\n%s", err, out)
	}
	var st unix.Stat_t
	if err := unix.Stat("/run/netns/golsns-persistent", &st); err != nil {
		t.Fatal(err)
	}
	persistent := st.Ino

	// a UTS namespace that only an open descriptor of another process keeps
	owner := start(t, gounshare, "-u", "--", "sleep", "1014")
	waitSleeps(t, 16)
	f, err := os.Open(fmt.Sprintf("/proc/%d/ns/uts", owner.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	fdOnly := nsIno(t, owner.Process.Pid, "uts")
	holder := exec.Command("sleep", "1015")
	holder.ExtraFiles = []*os.File{f}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Process.Kill(); holder.Wait() })
	f.Close()
	owner.Process.Kill()
	owner.Wait()
	waitSleeps(t, 16)

	// a network namespace that only a socket keeps
	_, line := startHelper(t, "socket-netns", false)
	sockOnly, err := strconv.ParseUint(line, 10, 64)
	if err != nil {
		t.Fatalf("socket-netns: %q", line)
	}

	extra := []uint64{persistent, fdOnly, sockOnly}
	sort.Slice(extra, func(i, j int) bool { return extra[i] < extra[j] })

	// --persistent lists exactly those, with the owner UID of their
	// (non-user) namespaces: 0.
	res := w.r.run(t, w.r.golsns, []string{"-P", "-r", "-o", "NS,TYPE,NPROCS,PID,USER,UID,NETNSID,NSFS"}, nil, -1)
	want := "NS TYPE NPROCS PID USER UID NETNSID NSFS\n"
	for _, ino := range extra {
		switch ino {
		case persistent:
			want += fmt.Sprintf("%d net 0  root 0 unassigned /run/netns/golsns-persistent\n", ino)
		case fdOnly:
			want += fmt.Sprintf("%d uts 0  root 0  \n", ino)
		case sockOnly:
			want += fmt.Sprintf("%d net 0  root 0 unassigned \n", ino)
		}
	}
	if res.stdout != want || res.code != 0 {
		t.Errorf("golsns -P:\n%s%s\nwant:\n%s", res.stdout, res.stderr, want)
	}
	// --type applies to them
	res = w.r.run(t, w.r.golsns, []string{"-P", "-r", "-n", "-o", "NS", "-t", "uts"}, nil, -1)
	if res.stdout != fmt.Sprintf("%d\n", fdOnly) {
		t.Errorf("golsns -P -t uts: %q, want only %d", res.stdout, fdOnly)
	}
	// and without --persistent they are listed among the others
	res = w.r.run(t, w.r.golsns, []string{"-r", "-n", "-o", "NS"}, nil, -1)
	for _, ino := range extra {
		if !strings.Contains(res.stdout, fmt.Sprintf("\n%d\n", ino)) {
			t.Errorf("golsns does not list %d:\n%s", ino, res.stdout)
		}
	}

	// Without them, the table is util-linux 2.38.1's.
	var terms []string
	for _, ino := range extra {
		terms = append(terms, fmt.Sprintf("NS != %d", ino))
	}
	filter := strings.Join(terms, " && ")
	fails := 0
	for _, args := range w.optionSets(150, 4) {
		if n := len(args); n > 0 && allDigitsArg(args[n-1]) && (n == 1 || args[n-2] != "-p") {
			continue // the namespace argument lists processes: no filter there (as util-linux 2.42)
		}
		want := w.r.run(t, w.r.lsns, args, []string{"LC_ALL=C.UTF-8"}, 80)
		got := w.r.run(t, w.r.golsns, append([]string{"-Q", filter}, args...), []string{"LC_ALL=C.UTF-8"}, 80)
		got.stderr = strings.ReplaceAll(got.stderr, "golsns", "lsns")
		if want != got && fails < 5 {
			fails++
			t.Errorf("lsns %v versus golsns -Q '%s' %v:\n--- util-linux\n%s%s--- golsns\n%s%s%s", args, filter, args,
				want.stdout, want.stderr, got.stdout, got.stderr, firstDiff(want.stdout, got.stdout))
		}
	}
}

func allDigitsArg(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}
