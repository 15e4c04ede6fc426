// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// listings are the goipcs modes compared with util-linux's ipcs: the
// issue's four, timed, then the other formats over the same objects, run
// once (util-linux takes seconds for each at full size).
var listings = []struct {
	args []string
	runs int
}{{[]string{"-q"}, 3}, {[]string{"-s"}, 3}, {[]string{"-m"}, 3}, {nil, 3},
	{[]string{"-t"}, 1}, {[]string{"-p"}, 1}, {[]string{"-c"}, 1}, {[]string{"-u"}, 3}, {[]string{"-l"}, 3}}

// ipcTiming is one line of the ipc table.
type ipcTiming struct {
	what         string
	runs         int // of each command; the times are medians
	theirs, ours time.Duration
	bytes        int
	identical    bool
}

// Owners and modes the objects cycle through: names of every length,
// a name longer than ipcs's 10 columns, and a user with no name.
var (
	ipcOwners = []uint32{0, 1, 33, 998, 65534, 4242}
	ipcModes  = []uint32{0o600, 0o644, 0o666, 0o400, 0o777, 0o640}
)

// ipcPhase fills the sandbox's IPC namespace, compares the listings, and
// removes everything twice: with util-linux's ipcrm -a, then, after a
// second fill, with goipcrm -a.
func (h *harness) ipcPhase(r *row) int {
	if err := raiseIPCLimits(h.cfg); err != nil {
		h.fail(r, "%v", err)
		return 0
	}
	start := time.Now()
	attached, err := h.fillIPC()
	h.ipcTimes = append(h.ipcTimes, ipcTiming{what: "fill (syscalls)", runs: 1, ours: time.Since(start), identical: true})
	if err != nil {
		h.fail(r, "%v", err)
		return 0
	}
	runs := 0
	for _, l := range listings {
		runs++
		h.compareListing(r, l.args, l.runs)
	}
	for _, b := range attached {
		if err := sysvipc.ShmDetach(b); err != nil {
			h.fail(r, "shmdt: %v", err)
		}
	}
	runs++
	theirs, errTheirs := h.removeAll(r, []string{"ipcrm", "-a"}, "")
	if attached, err = h.fillIPC(); err != nil {
		h.fail(r, "%v", err)
		return runs
	}
	for _, b := range attached {
		sysvipc.ShmDetach(b)
	}
	runs++
	// goipcrm -a also removes POSIX objects, as util-linux 2.42's does,
	// and warns as it does when there is no mqueue mount to look in.
	quiet := ""
	if _, err := os.Stat("/dev/mqueue"); err != nil {
		quiet = "goipcrm: /dev/mqueue does not seem to be mounted. Use 'mount -t mqueue none /dev/mqueue' to mount it.\n"
	}
	ours, errOurs := h.removeAll(r, []string{h.tool("goipcrm"), "-a"}, quiet)
	h.ipcTimes = append(h.ipcTimes, ipcTiming{what: "ipcrm -a", runs: 1, theirs: theirs, ours: ours,
		identical: errTheirs == nil && errOurs == nil})
	// And an empty namespace lists the same.
	runs++
	h.compareListing(r, nil, 3)
	return runs
}

// raiseIPCLimits makes room for the objects in the sandbox's IPC
// namespace; the limits belong to that namespace alone.
func raiseIPCLimits(cfg *config) error {
	raise := func(name string, field, want int) error {
		path := "/proc/sys/kernel/" + name
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f := strings.Fields(string(b))
		if field >= len(f) {
			return fmt.Errorf("%s: %q", path, b)
		}
		cur, err := strconv.ParseUint(f[field], 10, 64)
		if err != nil || cur >= uint64(want) {
			return err
		}
		f[field] = strconv.Itoa(want)
		return os.WriteFile(path, []byte(strings.Join(f, " ")), 0)
	}
	return firstErr(
		raise("msgmni", 0, cfg.queues),
		raise("sem", 3, cfg.sems),   // SEMMNI
		raise("sem", 1, cfg.sems*5), // SEMMNS: sets of up to 5
		raise("shmmni", 0, cfg.segments),
		raise("shmall", 0, cfg.segments*32), // pages: segments of up to 100,000 bytes
	)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// fillIPC makes the phase's queues, semaphore arrays and segments, with
// keys or none, the owners and modes above, messages on some queues,
// operations on some arrays, and some segments attached (returned) and one
// locked, so that every column has something to show.
func (h *harness) fillIPC() ([][]byte, error) {
	key := func(base, i int) int32 {
		if i%3 == 0 {
			return sysvipc.IPC_PRIVATE
		}
		return int32(base + i)
	}
	for i := range h.cfg.queues {
		id, err := sysvipc.MsgGet(key(0x10000000, i), sysvipc.IPC_CREAT|sysvipc.IPC_EXCL|0o600)
		if err != nil {
			return nil, fmt.Errorf("msgget, queue %d: %v", i, err)
		}
		if i%8 == 0 {
			if err := sysvipc.MsgSnd(id, int64(1+i%3), []byte(strings.Repeat("m", 1+i%64)), sysvipc.IPC_NOWAIT); err != nil {
				return nil, fmt.Errorf("msgsnd: %v", err)
			}
		}
		q, err := sysvipc.MsgStat(id)
		if err != nil {
			return nil, fmt.Errorf("msgctl IPC_STAT: %v", err)
		}
		q.UID, q.GID, q.Mode = ipcOwners[i%6], ipcOwners[(i/6)%6], ipcModes[i%6]
		if err := sysvipc.MsgSet(id, q); err != nil {
			return nil, fmt.Errorf("msgctl IPC_SET: %v", err)
		}
	}
	for i := range h.cfg.sems {
		id, err := sysvipc.SemGet(key(0x20000000, i), 1+i%5, sysvipc.IPC_CREAT|sysvipc.IPC_EXCL|0o600)
		if err != nil {
			return nil, fmt.Errorf("semget, array %d: %v", i, err)
		}
		if i%16 == 0 {
			if err := sysvipc.SemOp(id, []sysvipc.SemBuf{{Num: 0, Op: 1}}); err != nil {
				return nil, fmt.Errorf("semop: %v", err)
			}
		}
		a := sysvipc.SemArray{Perm: sysvipc.Perm{UID: ipcOwners[i%6], GID: ipcOwners[(i/6)%6], Mode: ipcModes[i%6]}}
		if err := sysvipc.SemSet(id, a); err != nil {
			return nil, fmt.Errorf("semctl IPC_SET: %v", err)
		}
	}
	var attached [][]byte
	for i := range h.cfg.segments {
		id, err := sysvipc.ShmGet(key(0x30000000, i), uint64(1+(i*7919)%100000), sysvipc.IPC_CREAT|sysvipc.IPC_EXCL|0o600)
		if err != nil {
			return nil, fmt.Errorf("shmget, segment %d: %v", i, err)
		}
		if i%256 == 0 {
			b, err := sysvipc.ShmAttach(id, 0)
			if err != nil {
				return nil, fmt.Errorf("shmat: %v", err)
			}
			attached = append(attached, b)
		}
		if i == 1 {
			if err := sysvipc.ShmLock(id); err != nil {
				return nil, fmt.Errorf("SHM_LOCK: %v", err)
			}
		}
		s := sysvipc.ShmSegment{Perm: sysvipc.Perm{UID: ipcOwners[i%6], GID: ipcOwners[(i/6)%6], Mode: ipcModes[i%6]}}
		if err := sysvipc.ShmSet(id, s); err != nil {
			return nil, fmt.Errorf("shmctl IPC_SET: %v", err)
		}
	}
	want := h.cfg.queues + h.cfg.sems + h.cfg.segments
	if got := take().ipc; got != want {
		return attached, fmt.Errorf("made %d objects, /proc/sysvipc lists %d", want, got)
	}
	return attached, nil
}

// compareListing runs ipcs and goipcs with args, alternately, n times
// each, and checks that they print the same bytes and end the same way.
func (h *harness) compareListing(r *row, args []string, n int) {
	what := strings.TrimSpace("ipcs " + strings.Join(args, " "))
	var tt, to []time.Duration
	var first [2]result
	for i := range n {
		for j, argv := range [][]string{append([]string{"ipcs"}, args...), append([]string{h.tool("goipcs")}, args...)} {
			start := time.Now()
			res, err := runArgv(argv, runTimeout)
			d := time.Since(start)
			if err != nil {
				h.fail(r, "%s: %v", what, err)
				return
			}
			if j == 0 {
				tt = append(tt, d)
			} else {
				to = append(to, d)
			}
			if i == 0 {
				first[j] = res
			}
		}
	}
	u, g := first[0], first[1]
	same := u.stdout == g.stdout && u.stderr == g.stderr && u.code == g.code && u.signal == g.signal
	if !same {
		h.fail(r, "%s: goipcs differs from util-linux: %s", what, firstDifference(u, g))
	}
	if u.code != 0 || u.stderr != "" {
		h.fail(r, "%s: util-linux: %v", what, u)
	}
	h.ipcTimes = append(h.ipcTimes, ipcTiming{what: what, runs: n, theirs: median(tt), ours: median(to), bytes: len(g.stdout), identical: same})
}

// removeAll runs argv, which should remove every object, print nothing
// but stderr, and exit 0, and checks that it did.
func (h *harness) removeAll(r *row, argv []string, stderr string) (time.Duration, error) {
	start := time.Now()
	res, err := runArgv(argv, runTimeout)
	d := time.Since(start)
	if err == nil && (res.code != 0 || res.stdout != "" || res.stderr != stderr) {
		err = fmt.Errorf("%v", res)
	}
	if err == nil {
		if left := take().ipc; left != 0 {
			err = fmt.Errorf("%d objects left", left)
		}
	}
	if err != nil {
		err = fmt.Errorf("%s: %v", strings.Join(argv, " "), err)
		h.fail(r, "%v", err)
	}
	return d, err
}

// firstDifference describes where two listings part.
func firstDifference(u, g result) string {
	if u.stdout == g.stdout {
		return fmt.Sprintf("util-linux %v; goipcs %v", u, g)
	}
	ul, gl := strings.SplitAfter(u.stdout, "\n"), strings.SplitAfter(g.stdout, "\n")
	for i := 0; ; i++ {
		var a, b string
		if i < len(ul) {
			a = ul[i]
		}
		if i < len(gl) {
			b = gl[i]
		}
		if a != b {
			return fmt.Sprintf("line %d: util-linux %q, goipcs %q (%d and %d lines)", i+1, a, b, len(ul), len(gl))
		}
	}
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// printIPC prints the ipc phase's comparisons and times.
func (h *harness) printIPC(w io.Writer) {
	if len(h.ipcTimes) == 0 {
		return
	}
	fmt.Fprintf(w, "\nipc: %d queues, %d semaphore arrays, %d segments (times: medians of the runs)\n", h.cfg.queues, h.cfg.sems, h.cfg.segments)
	fmt.Fprintf(w, "%-16s %4s %12s %12s %8s %10s  %s\n", "command", "runs", "util-linux", "gonstools", "ratio", "bytes", "same")
	for _, t := range h.ipcTimes {
		ratio, theirs := "", ""
		if t.theirs > 0 {
			ratio = fmt.Sprintf("%.2fx", float64(t.ours)/float64(t.theirs))
			theirs = ms(t.theirs)
		}
		same := "yes"
		if !t.identical {
			same = "NO"
		}
		bytes := ""
		if t.bytes > 0 {
			bytes = strconv.Itoa(t.bytes)
		}
		fmt.Fprintf(w, "%-16s %4d %12s %12s %8s %10s  %s\n", t.what, t.runs, theirs, ms(t.ours), ratio, bytes, same)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }
