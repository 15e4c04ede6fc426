// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
)

// State files name a container's init process by PID, and a PID outlives
// its process: the file stays when the container stops, and the number may
// be given to another process. So a PID read from a state file is only
// taken when /proc shows a live process that is still the container's:
// a child of the engine's monitor (containerd's shim, podman's conmon), or,
// where the engine recorded it, the same start time.

// procStat is what is read from /proc/PID/stat.
type procStat struct {
	comm  string
	state byte   // R, S, D, Z, X...
	ppid  int    // field 4
	start string // field 22: start time in clock ticks after boot
}

// live reports a process that has not exited (a zombie has).
func (s procStat) live() bool { return s.state != 'Z' && s.state != 'X' && s.state != 'x' }

// parseProcStat reads /proc/PID/stat's format: "pid (comm) state ppid ...".
// comm may hold spaces and parentheses, so it ends at the last ')'.
func parseProcStat(b []byte) (procStat, error) {
	open := bytes.IndexByte(b, '(')
	end := bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return procStat{}, errors.New("no command name")
	}
	f := bytes.Fields(b[end+1:])
	// f[0] is field 3 (state), f[1] field 4 (ppid), f[19] field 22.
	if len(f) < 20 || len(f[0]) != 1 {
		return procStat{}, errors.New("too few fields")
	}
	ppid, err := strconv.Atoi(string(f[1]))
	if err != nil || ppid < 0 {
		return procStat{}, errors.New("bad parent PID")
	}
	if _, err := strconv.ParseUint(string(f[19]), 10, 64); err != nil {
		return procStat{}, errors.New("bad start time")
	}
	return procStat{comm: string(b[open+1 : end]), state: f[0][0], ppid: ppid, start: string(f[19])}, nil
}

// readProcStat reads the stat of pid under procRoot. A process that does
// not exist is an error satisfying errors.Is(err, fs.ErrNotExist).
func readProcStat(procRoot string, pid int) (procStat, error) {
	b, err := os.ReadFile(filepath.Join(procRoot, strconv.Itoa(pid), "stat"))
	if err != nil {
		return procStat{}, err
	}
	return parseProcStat(b)
}

// parsePID reads a PID file: a positive decimal number, and perhaps a
// newline. An empty file (written, not yet filled) is 0.
func parsePID(b []byte) (int, error) {
	s := string(bytes.TrimRight(b, "\n"))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || !allDigits(s) || n <= 0 || n >= maxPID {
		return 0, errors.New("not a PID: " + strconv.Quote(cut(s, 40)))
	}
	return n, nil
}

// readPIDFile reads a PID file: 0 when the file does not exist.
func readPIDFile(path string) (int, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return parsePID(b)
}

// childOf returns pid when it is a live process whose parent's command
// name is comm (the kernel keeps 15 bytes of it), or 0.
func childOf(procRoot string, pid int, comm string) int {
	st, err := readProcStat(procRoot, pid)
	if err != nil || !st.live() {
		return 0
	}
	parent, err := readProcStat(procRoot, st.ppid)
	if err != nil || parent.comm != comm {
		return 0
	}
	return pid
}

// childOfPID returns pid when it is a live process whose parent is ppid,
// itself alive, or 0.
func childOfPID(procRoot string, pid, ppid int) int {
	st, err := readProcStat(procRoot, pid)
	if err != nil || !st.live() || st.ppid != ppid {
		return 0
	}
	if parent, err := readProcStat(procRoot, ppid); err != nil || !parent.live() {
		return 0
	}
	return pid
}

// startedAt returns pid when it is a live process that started at start
// (clock ticks after boot, as /proc/PID/stat writes it), or 0.
func startedAt(procRoot string, pid int, start string) int {
	st, err := readProcStat(procRoot, pid)
	if err != nil || !st.live() || st.start != start {
		return 0
	}
	return pid
}

// alive returns pid when it is a live process, or 0.
func alive(procRoot string, pid int) int {
	st, err := readProcStat(procRoot, pid)
	if err != nil || !st.live() {
		return 0
	}
	return pid
}
