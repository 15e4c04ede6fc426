// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// report prints the table.
type report struct {
	cfg     *config
	w       io.Writer
	met     int
	missed  []string
	skipped []string // cases with targets that were not measured
}

func newReport(cfg *config, w io.Writer) *report { return &report{cfg: cfg, w: w} }

const rowFormat = "%-38s %-30s %9s %9s  %-19s %-13s %s\n"

func (r *report) header() {
	release, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	fmt.Fprintf(r.w, "gonstools bench: Linux %s %s, %d CPUs, %s; load average %s at the start\n",
		strings.TrimSpace(string(release)), runtime.GOARCH, runtime.NumCPU(), runtime.Version(), loadavg())
	fmt.Fprintf(r.w, "%d repetitions of each case; in each, the commands run alternately, in turns, and give their median time;\n"+
		"a ratio is ours over theirs, shown as the median of the repetitions [min–max]; MET: the max is within the target.\n\n",
		r.cfg.reps)
	fmt.Fprintf(r.w, rowFormat, "case (ours)", "against (theirs)", "theirs", "ours", "ratio [min–max]", "target", "peak RSS")
}

func (r *report) skip(c benchCase, note string) {
	fmt.Fprintf(r.w, "%-38s skipped: %s\n", c.name, note)
	for _, rt := range c.ratios {
		if rt.target > 0 {
			r.skipped = append(r.skipped, fmt.Sprintf("%s (≤%.2fx against %s): %s", c.name, rt.target, c.cmds[rt.against].label, note))
		}
	}
}

// add prints the rows of a measured case.
func (r *report) add(c benchCase, res [][]stats) {
	name := c.name
	for _, rt := range c.ratios {
		ratios := make([]float64, len(res))
		for i, rep := range res {
			ours, theirs := rep[0], rep[rt.against]
			if rt.rss {
				ratios[i] = float64(ours.rss) / float64(theirs.rss)
			} else {
				ratios[i] = float64(ours.median) / float64(theirs.median)
			}
		}
		sorted := slices.Clone(ratios)
		slices.Sort(sorted)
		mid, lo, hi := sorted[len(sorted)/2], sorted[0], sorted[len(sorted)-1]
		mark := ""
		if rt.target > 0 {
			mark = fmt.Sprintf("≤%.2fx ", rt.target)
			if hi <= rt.target {
				mark += "MET"
				r.met++
			} else {
				mark += "MISSED"
				r.missed = append(r.missed, fmt.Sprintf("%s against %s", c.name, c.cmds[rt.against].label))
			}
		}
		against := c.cmds[rt.against].label
		oursCol, theirsCol := medianOf(res, 0), medianOf(res, rt.against)
		theirs, ours := duration(theirsCol), duration(oursCol)
		rss := mb(peakOf(res, rt.against)) + " → " + mb(peakOf(res, 0))
		if rt.rss {
			against = "peak RSS: " + against
			theirs, ours, rss = mb(peakOf(res, rt.against)), mb(peakOf(res, 0)), ""
		}
		fmt.Fprintf(r.w, rowFormat, name, against, theirs, ours, fmt.Sprintf("%.2fx [%.2f–%.2f]", mid, lo, hi), mark, rss)
		name = ""
	}
}

// medianOf is the median over the repetitions of command i's medians.
func medianOf(res [][]stats, i int) time.Duration {
	ds := make([]time.Duration, len(res))
	for r := range res {
		ds[r] = res[r][i].median
	}
	return median(ds)
}

// peakOf is command i's largest peak RSS.
func peakOf(res [][]stats, i int) int64 {
	var m int64
	for r := range res {
		m = max(m, res[r][i].rss)
	}
	return m
}

// sizes lists the binaries' sizes: ours and the reference programs are
// static; util-linux's need their shared libraries.
func (r *report) sizes() {
	fmt.Fprintf(r.w, "\nbinary sizes (ours and the reference programs static; util-linux's dynamic, with libc and more beside them)\n")
	pairs := [][2]string{{"gounshare", "unshare"}, {"gonsenter", "nsenter"}, {"goipcs", "ipcs"}, {"goipcmk", "ipcmk"},
		{"goipcrm", "ipcrm"}, {"golsns", "lsns"}, {"", "lsipc"}, {"gonstools", ""}}
	for _, p := range pairs {
		ours, theirs := "", ""
		if p[0] != "" {
			ours = fileSize(filepath.Join(r.cfg.bin, p[0]))
		}
		// gonstools, the multi-call binary, has no util-linux counterpart
		if path, err := exec.LookPath(p[1]); p[1] != "" && err == nil {
			theirs = fileSize(path)
		}
		fmt.Fprintf(r.w, "  %-10s %8s   %-6s %8s\n", p[0], ours, p[1], theirs)
	}
	names, _ := os.ReadDir(r.cfg.refs)
	var refs []string
	for _, e := range names {
		if e.Name() == "spawner" {
			continue // the timing parent, not a reference program
		}
		refs = append(refs, "ref/"+e.Name()+" "+fileSize(filepath.Join(r.cfg.refs, e.Name())))
	}
	fmt.Fprintf(r.w, "  Go: %s\n", strings.Join(refs, ", "))
}

func (r *report) footer() {
	fmt.Fprintf(r.w, "\nload average %s at the end\n", loadavg())
	switch {
	case len(r.missed) == 0 && len(r.skipped) == 0:
		fmt.Fprintf(r.w, "targets: all %d MET\n", r.met)
	case len(r.missed) == 0:
		fmt.Fprintf(r.w, "targets: %d MET, none MISSED\n", r.met)
	default:
		fmt.Fprintf(r.w, "targets: %d MET, %d MISSED:\n", r.met, len(r.missed))
		for _, m := range r.missed {
			fmt.Fprintf(r.w, "  %s\n", m)
		}
	}
	if len(r.skipped) > 0 {
		fmt.Fprintf(r.w, "not measured, so neither MET nor MISSED:\n")
		for _, s := range r.skipped {
			fmt.Fprintf(r.w, "  %s\n", s)
		}
	}
}

// duration is a short, fixed-precision time.
func duration(d time.Duration) string {
	switch ms := float64(d) / 1e6; {
	case ms < 10:
		return fmt.Sprintf("%.3f ms", ms)
	case ms < 1000:
		return fmt.Sprintf("%.1f ms", ms)
	default:
		return fmt.Sprintf("%.3f s", ms/1000)
	}
}

// mb is a size in KiB as MB.
func mb(kib int64) string { return fmt.Sprintf("%.1f MB", float64(kib)/1024) }

func fileSize(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "-"
	}
	if fi.Size() < 1<<20 {
		return fmt.Sprintf("%d KB", (fi.Size()+512)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(fi.Size())/(1<<20))
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
