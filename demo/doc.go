// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package demo tests "make demo": the two-shell IPC namespace walkthrough of
// the project's seed articles, replayed with our binaries only. It holds no
// code of its own; the walkthrough is the shell scripts in ../scripts.
//
// scripts/demo.sh (host side) starts a sandbox with gounshare (fresh IPC,
// UTS, mount and PID namespaces), and scripts/demo-walkthrough.sh (inside)
// hides util-linux's unshare, nsenter, ipcs, ipcmk, ipcrm and lsipc behind
// bind mounts, opens two interactive bash shells in tmux and types the
// articles' commands into them: shell 2 leaves shell 1's IPC and UTS
// namespaces with "gounshare -iu bash", shell 1 joins them with
// "gonsenter -t PID -u -i bash", and a "gounshare -m -i -p -f --mount-proc"
// namespace keeps its queue to itself. Every step is checked against what the
// shells print; at the end the script checks that no process, queue, mount
// or hostname of the demo's is left on the host.
//
// The tests need root and tmux (under CI=true they fail instead of skipping)
// and use the tools in NSTEST_BIN_DIR (make test sets it to bin/) or build
// them. TestDemo runs the walkthrough as "make demo" does; the other test
// gives it a goipcmk that lies and expects the demo to say so, so that a
// demo whose checks cannot fail would be caught.
//
// To watch a run: DEMO_PACE=1 make demo prints a "tmux attach -r" command
// that shows the two shells live. DEMO_TIMEOUT (seconds, default 20) bounds
// every step.
package demo
