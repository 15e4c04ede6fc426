// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// golsns against util-linux's lsns on a fresh PID namespace full of
// sleeping processes: all three commands list exactly those, as PID 1 of
// that namespace (a copy of this program) runs them. util-linux 2.38.1
// links every process to its namespaces by walking its whole list of
// processes again, so its time grows with the square of their number;
// golsns walks /proc once.
func lsnsCases() (cases []benchCase) {
	for _, n := range []int{100, 10000} {
		cases = append(cases, scaledCase(n, func(n int) benchCase {
			c := benchCase{name: "golsns, %s", procs: n, measure: measureInPIDNamespace,
				cmds:   []command{cmd("golsns"), cmd("lsns"), ref("lsns")},
				ratios: []ratio{{against: 1}, {against: 2, target: startupTarget}}}
			if n >= 10000 {
				c.runs = 3
				c.ratios = []ratio{{against: 1, target: 0.5}, {against: 2}}
			}
			return c
		}))
	}
	return cases
}

// pidnsJob is what measureInPIDNamespace asks of lsnsPIDNamespace.
type pidnsJob struct {
	Procs, Runs, Reps int
	Cmds              [][][]string
	Spawner           string
}

// wireStats is stats on the way back.
type wireStats struct {
	Median time.Duration
	RSS    int64
}

// measureInPIDNamespace runs a copy of this program as PID 1 of a new PID
// namespace (lsnsPIDNamespace), which starts c.procs processes and
// measures the commands there.
func measureInPIDNamespace(c *benchCase, cfg *config, cmds [][][]string, runs int) ([][]stats, error) {
	job, err := json.Marshal(pidnsJob{Procs: c.procs, Runs: runs, Reps: cfg.reps, Cmds: cmds, Spawner: spawnerPath(cfg)})
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("/proc/self/exe")
	cmd.Env = withRole("lsns-pidns")
	cmd.Stdin = strings.NewReader(string(job))
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:   syscall.CLONE_NEWPID,
		Unshareflags: syscall.CLONE_NEWNS,
		Pdeathsig:    syscall.SIGKILL,
	}
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("in a PID namespace of %d processes: %v", c.procs, err)
	}
	var wire [][]wireStats
	if err := json.Unmarshal(out, &wire); err != nil {
		return nil, fmt.Errorf("in a PID namespace of %d processes: %v: %q", c.procs, err, out)
	}
	res := make([][]stats, len(wire))
	for r, rep := range wire {
		for _, s := range rep {
			res[r] = append(res[r], stats{median: s.Median, rss: s.RSS})
		}
	}
	return res, nil
}

// lsnsPIDNamespace is PID 1 of the case's PID namespace: a /proc of its
// own, the sleeping processes, then the measurements (as JSON, on
// standard output). Its end ends every process of the namespace.
func lsnsPIDNamespace(_ []string, stdout io.Writer) int {
	var job pidnsJob
	if err := json.NewDecoder(os.Stdin).Decode(&job); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	if err := syscall.Mount("proc", "/proc", "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, ""); err != nil {
		fmt.Fprintln(os.Stderr, "bench: mount /proc:", err)
		return 1
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	attr := &syscall.ProcAttr{Files: []uintptr{devNull.Fd(), devNull.Fd(), devNull.Fd()}}
	for i := 1; i < job.Procs; i++ { // this process is one of them
		if _, err := syscall.ForkExec(sleep, []string{"sleep", "1000000"}, attr); err != nil {
			fmt.Fprintln(os.Stderr, "bench: starting sleep:", err)
			return 1
		}
	}
	// all of them asleep before the first timing
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if sleeping("sleep") >= job.Procs-1 {
			break
		}
	}
	desc := make([]command, len(job.Cmds))
	res, err := measureCommands(job.Spawner, job.Cmds, desc, job.Runs, job.Reps, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	wire := make([][]wireStats, len(res))
	for r, rep := range res {
		for _, s := range rep {
			wire[r] = append(wire[r], wireStats{Median: s.median, RSS: s.rss})
		}
	}
	if err := json.NewEncoder(stdout).Encode(wire); err != nil {
		return 1
	}
	return 0
}

// sleeping counts the processes of /proc that run comm and sleep.
func sleeping(comm string) int {
	d, err := os.Open("/proc")
	if err != nil {
		return 0
	}
	defer d.Close()
	names, _ := d.Readdirnames(-1)
	count := 0
	for _, name := range names {
		b, err := os.ReadFile("/proc/" + name + "/stat")
		if err == nil && strings.Contains(string(b), "("+comm+") S ") {
			count++
		}
	}
	return count
}
