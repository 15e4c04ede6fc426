// SPDX-License-Identifier: Apache-2.0

//go:build linux

package golsns

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/nstest"
)

// helperEnv makes the test binary run one of the helpers below instead of
// the tests.
const helperEnv = "GOLSNS_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		nstest.Main(m)
	case "ghost-user":
		os.Exit(helperGhostUser())
	case "socket-netns":
		os.Exit(helperSocketNetns())
	default:
		fmt.Fprintln(os.Stderr, "unknown helper")
		os.Exit(2)
	}
}

// helperGhostUser starts "sleep ARG" in a user and UTS namespace whose
// parent user namespace (made here) keeps no process: this helper leaves
// it once the sleep runs. The sleep's PID goes to standard output.
func helperGhostUser() int {
	if os.Getenv("GOLSNS_GHOST_MID") == "" {
		cmd := exec.Command("/proc/self/exe", os.Args[1:]...)
		cmd.Env = append(os.Environ(), "GOLSNS_GHOST_MID=1")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Cloneflags:  syscall.CLONE_NEWUSER,
			UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1}},
		}
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "ghost-user:", err)
			return 1
		}
		return 0
	}
	// In the middle user namespace: start the sleep in a child one, print
	// its PID and leave it behind.
	cmd := exec.Command("sleep", os.Args[len(os.Args)-1])
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWUTS,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1}},
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "ghost-user:", err)
		return 1
	}
	fmt.Println(cmd.Process.Pid)
	return 0
}

// helperSocketNetns makes a network namespace that only a socket of this
// process keeps: a thread unshares, opens the socket and ends. It prints
// the namespace's inode, then sleeps.
func helperSocketNetns() int {
	type result struct {
		fd  int
		ino uint64
		err error
	}
	// The main goroutine keeps the main thread, whose namespaces
	// /proc/PID/ns shows, so that the goroutine below runs on another one.
	runtime.LockOSThread()
	ch := make(chan result)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		var r result
		if r.err = unix.Unshare(unix.CLONE_NEWNET); r.err == nil {
			r.fd, r.err = unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM, 0)
			var st unix.Stat_t
			if r.err == nil {
				r.err = unix.Stat(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()), &st)
				r.ino = st.Ino
			}
		}
		ch <- r
	}()
	r := <-ch
	if r.err != nil {
		fmt.Fprintln(os.Stderr, "socket-netns:", r.err)
		return 1
	}
	fmt.Println(r.ino)
	os.Stdout.Close()
	for {
		time.Sleep(time.Hour)
	}
}

// startHelper runs the test binary as a helper and returns the first line
// it prints; the helper is killed when the test ends, or waited for now
// when exits is set (so that it leaves no zombie behind).
func startHelper(t *testing.T, name string, exits bool, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$"}, args...)...)
	cmd.Env = append(os.Environ(), helperEnv+"="+name)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := readLine(out)
	if err != nil {
		t.Fatalf("helper %s: %v", name, err)
	}
	if exits {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("helper %s: %v", name, err)
		}
	}
	return cmd, line
}

func readLine(r io.Reader) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for {
		n, err := r.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				return string(b), nil
			}
			b = append(b, one[0])
		}
		if err != nil {
			return string(b), err
		}
	}
}

// start runs a program in the background until the test ends.
func start(t *testing.T, argv ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("%v: %v", argv, err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd
}

// procs lists the processes of /proc: PID to command name.
func procs() map[int]string {
	out := map[int]string{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(d + "/comm")
		if err == nil {
			out[pid] = strings.TrimSpace(string(comm))
		}
	}
	return out
}

// waitSleeps waits until n processes named sleep run, all sleeping.
func waitSleeps(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		count := 0
		for pid, comm := range procs() {
			if comm != "sleep" {
				continue
			}
			stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
			if err == nil && bytes.Contains(stat, []byte(") S ")) {
				count++
			}
		}
		if count == n {
			return
		}
		if time.Now().After(deadline) {
			var states []string
			for pid, comm := range procs() {
				stat, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
				cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
				states = append(states, fmt.Sprintf("%s %q: %.40s", comm, cmdline, stat))
			}
			t.Fatalf("%d sleep processes run, want %d:\n%s", count, n, strings.Join(states, "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sleepPID is the PID of the process running "sleep ARG".
func sleepPID(t *testing.T, arg string) int {
	t.Helper()
	for pid, comm := range procs() {
		if comm != "sleep" {
			continue
		}
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if string(cmdline) == "sleep\x00"+arg+"\x00" {
			return pid
		}
	}
	t.Fatalf("no process runs sleep %s", arg)
	return 0
}

func nsIno(t *testing.T, pid int, typ string) uint64 {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Stat(fmt.Sprintf("/proc/%d/ns/%s", pid, typ), &st); err != nil {
		t.Fatal(err)
	}
	return st.Ino
}

// result is what a run printed and how it ended.
type result struct {
	stdout, stderr string
	code           int
}

// runner runs the two tools the same way: argv[0] "lsns" for both, so
// that even their own command lines would read the same.
type runner struct {
	lsns, golsns string
	env          []string // added to a clean environment
	cred         *syscall.Credential
}

func (r *runner) cmd(bin string, args []string, env []string) *exec.Cmd {
	cmd := &exec.Cmd{Path: bin, Args: append([]string{"lsns"}, args...)}
	cmd.Env = append([]string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}, append(r.env, env...)...)
	if r.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: r.cred}
	}
	return cmd
}

// run runs bin with args, standard output on a pipe, or on a terminal of
// cols columns when cols >= 0 (0: the terminal gives no width).
func (r *runner) run(t *testing.T, bin string, args []string, env []string, cols int) result {
	t.Helper()
	cmd := r.cmd(bin, args, env)
	var stdout, stderr bytes.Buffer
	cmd.Stderr = &stderr
	var master, slave *os.File
	if cols >= 0 {
		var err error
		if master, slave, err = openPTY(cols); err != nil {
			t.Fatal(err)
		}
		cmd.Stdout = slave
	} else {
		cmd.Stdout = &stdout
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s %v: %v", bin, args, err)
	}
	done := make(chan struct{})
	if master != nil {
		slave.Close()
		go func() {
			io.Copy(&stdout, master) // ends with EIO once the program is gone
			close(done)
		}()
	}
	err := cmd.Wait()
	if master != nil {
		<-done
		master.Close()
	}
	res := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		res.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", bin, args, err)
	}
	return res
}

// openPTY opens a terminal pair with the given width, without output
// processing (no \r before \n).
func openPTY(cols int) (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	mfd := int(master.Fd())
	if err = unix.IoctlSetPointerInt(mfd, unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		return nil, nil, err
	}
	n, err := unix.IoctlGetUint32(mfd, unix.TIOCGPTN)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	sfd := int(slave.Fd())
	tio, err := unix.IoctlGetTermios(sfd, unix.TCGETS)
	if err == nil {
		tio.Oflag &^= unix.OPOST
		err = unix.IoctlSetTermios(sfd, unix.TCSETS, tio)
	}
	if err == nil {
		err = unix.IoctlSetWinsize(mfd, unix.TIOCSWINSZ, &unix.Winsize{Row: 50, Col: uint16(cols)})
	}
	if err != nil {
		master.Close()
		slave.Close()
		return nil, nil, err
	}
	return master, slave, nil
}

// same runs util-linux's lsns and golsns alike and reports any difference
// in output, messages (with the program's name aside) or status.
func (r *runner) same(t *testing.T, args []string, env []string, cols int) bool {
	t.Helper()
	want := r.run(t, r.lsns, args, env, cols)
	got := r.run(t, r.golsns, args, env, cols)
	got.stderr = strings.ReplaceAll(got.stderr, "golsns", "lsns")
	if want == got {
		return true
	}
	t.Errorf("lsns %s (env %v, terminal width %d):\n--- util-linux: status %d\n%s%s--- golsns: status %d\n%s%s%s",
		strings.Join(args, " "), env, cols, want.code, want.stdout, want.stderr, got.code, got.stdout, got.stderr,
		firstDiff(want.stdout, got.stdout))
	return false
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("first difference, line %d:\n  %q\n  %q\n", i+1, la[i], lb[i])
		}
	}
	return ""
}
