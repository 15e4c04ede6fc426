package nsexec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"

	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/pkg/ns"
	"golang.org/x/sys/unix"
)

// Cmd is a program to run in namespaces. Set its fields, then call Start
// and Wait, or Run, Output or CombinedOutput. A Cmd cannot be reused.
type Cmd struct {
	// Path is the program: a path, or a name looked up in the PATH of Env
	// (else "/bin:/usr/bin") once the namespaces are entered.
	Path string
	// Args holds the command-line arguments, Args[0] included; empty
	// means {Path}.
	Args []string
	// Env is the program's environment; nil means this process's.
	Env []string
	// Dir is the working directory, in the program's namespaces; "" keeps
	// this process's (or "/" after Root).
	Dir string

	// Stdin, Stdout and Stderr are the program's standard files: an
	// *os.File is passed on as it is; another reader or writer is copied
	// through a pipe; nil is the null device.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// ExtraFiles become the program's descriptors 3, 4, ...
	ExtraFiles []*os.File

	// Target, when not 0, is a process whose namespaces the program
	// joins: those of the types in TargetTypes, or when TargetTypes is nil,
	// every type but the user namespace if it is the caller's own (which
	// setns(2) refuses).
	Target      int
	TargetTypes []*ns.Type
	// Join lists namespaces to join; one given here replaces Target's of
	// its type.
	Join []*ns.Handle
	// Unshare lists the types of namespace the program gets new ones of.
	// A new mount namespace is made recursively private, so that mounts
	// made in it reach no one else.
	Unshare []*ns.Type
	// UIDMap and GIDMap map IDs of a new user namespace, written by this
	// process (which needs the privilege for anything but its own IDs).
	UIDMap, GIDMap []IDMap
	// MountProc, when set, is where a proc file system is mounted for the
	// program: a new mount namespace must be in Unshare, and with a new
	// PID namespace it shows that namespace.
	MountProc string
	// Root, when set, is the program's root directory (chroot), entered
	// after the namespaces.
	Root string
	// Credential, when set, gives the program these user and group IDs,
	// seen from the namespaces it entered, and no supplementary groups.
	// After entering a user namespace the program otherwise keeps its
	// IDs, which show as the overflow ID (65534) when they are not mapped.
	Credential *Credential
	// Pdeathsig, when not 0, is sent to the program when the thread that
	// started it exits (PR_SET_PDEATHSIG; see os/exec's SysProcAttr for
	// what that means in Go).
	Pdeathsig syscall.Signal

	// Process is the running program, once started.
	Process *os.Process
	// ProcessState is how it ended, once Wait returned.
	ProcessState *os.ProcessState

	ctx     context.Context
	started bool
	pidfd   int
	closeIn []io.Closer // ours, closed after Start (the child has them)
	closeAt []io.Closer // ours, closed after Wait
	copies  sync.WaitGroup
	copyErr error
	copyMu  sync.Mutex
	done    chan struct{}
}

// IDMap maps Count IDs from Outer (in this process's user namespace) to
// Inner (in the new one).
type IDMap struct {
	Inner, Outer, Count uint32
}

// Credential is a user and a group ID.
type Credential struct {
	UID, GID uint32
}

// ExitError is a program that did not exit with status 0: it exited with
// another, or a signal killed it.
type ExitError struct {
	*os.ProcessState
	// Stderr holds the program's standard error when Output collected it.
	Stderr []byte
}

func (e *ExitError) Error() string { return e.ProcessState.String() }

// Error is a failed step of starting the program, after which nothing of
// it is left: the operation ("setns", "mount", "chroot", "exec", ...), the
// file or namespace involved, and the errno, so that errors.Is(err,
// unix.EPERM) and errors.As(err, &nsexecErr) work.
type Error = rawexec.Error

// Command returns a Cmd to run name with the given arguments.
func Command(name string, arg ...string) *Cmd {
	return &Cmd{Path: name, Args: append([]string{name}, arg...), pidfd: -1}
}

// CommandContext is Command with a context: the program is killed
// (SIGKILL) when ctx is done before it ends.
func CommandContext(ctx context.Context, name string, arg ...string) *Cmd {
	if ctx == nil {
		panic("nsexec: nil Context")
	}
	c := Command(name, arg...)
	c.ctx = ctx
	return c
}

// String is the program and its arguments, for messages.
func (c *Cmd) String() string { return strings.Join(c.args(), " ") }

func (c *Cmd) args() []string {
	if len(c.Args) == 0 {
		return []string{c.Path}
	}
	return c.Args
}

// Run starts the program and waits for it.
func (c *Cmd) Run() error {
	if err := c.Start(); err != nil {
		return err
	}
	return c.Wait()
}

// Output runs the program and returns its standard output. When it fails
// and Stderr is nil, its standard error is in the *ExitError.
func (c *Cmd) Output() ([]byte, error) {
	if c.Stdout != nil {
		return nil, errors.New("nsexec: Stdout already set")
	}
	var out, errb bytes.Buffer
	c.Stdout = &out
	capture := c.Stderr == nil
	if capture {
		c.Stderr = &errb
	}
	err := c.Run()
	var ee *ExitError
	if capture && errors.As(err, &ee) {
		ee.Stderr = errb.Bytes()
	}
	return out.Bytes(), err
}

// CombinedOutput runs the program and returns its standard output and
// standard error together.
func (c *Cmd) CombinedOutput() ([]byte, error) {
	if c.Stdout != nil || c.Stderr != nil {
		return nil, errors.New("nsexec: Stdout or Stderr already set")
	}
	var b syncBuffer
	c.Stdout, c.Stderr = &b, &b
	err := c.Run()
	return b.Bytes(), err
}

// syncBuffer is a buffer two copying goroutines may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Bytes()
}

// Start starts the program and returns once it runs (its namespaces are
// entered and it was executed), or with the step that failed, leaving
// nothing behind.
func (c *Cmd) Start() (err error) {
	if c.started {
		return errors.New("nsexec: already started")
	}
	c.started = true
	if c.ctx != nil {
		if err := c.ctx.Err(); err != nil {
			return err
		}
	}
	defer func() {
		if err != nil {
			c.closeAll(c.closeIn)
			c.closeAll(c.closeAt)
		}
	}()
	cfg, held, err := c.config()
	defer func() {
		for _, h := range held {
			h.Close()
		}
	}()
	if err != nil {
		return err
	}
	if cfg.Files, err = c.files(); err != nil {
		return err
	}
	cfg.CloseOthers = true
	p, err := cfg.Start()
	if err != nil {
		return err
	}
	c.pidfd = p.Pidfd
	c.Process, err = os.FindProcess(p.Pid) // holds a pidfd of its own
	if err != nil {
		p.Release()
		return err
	}
	c.closeAll(c.closeIn)
	c.closeIn = nil
	c.done = make(chan struct{})
	if c.ctx != nil {
		go func() {
			select {
			case <-c.ctx.Done():
				c.Process.Kill()
			case <-c.done:
			}
		}()
	}
	return nil
}

// Wait waits for the program to end and for the copying of its standard
// files to finish. It returns nil when the program exited with status 0,
// an *ExitError when it ended otherwise, or the context's error when the
// program was killed because its context was done.
func (c *Cmd) Wait() error {
	if c.Process == nil {
		return errors.New("nsexec: not started")
	}
	if c.ProcessState != nil {
		return errors.New("nsexec: Wait was already called")
	}
	state, err := c.Process.Wait()
	close(c.done)
	if c.pidfd >= 0 {
		unix.Close(c.pidfd)
		c.pidfd = -1
	}
	c.copies.Wait()
	c.closeAll(c.closeAt)
	c.ProcessState = state
	if err != nil {
		return err
	}
	if c.ctx != nil && c.ctx.Err() != nil && !state.Success() {
		return c.ctx.Err()
	}
	if !state.Success() {
		return &ExitError{ProcessState: state}
	}
	c.copyMu.Lock()
	defer c.copyMu.Unlock()
	return c.copyErr
}

// Exec replaces this process by the program, which keeps this process's
// PID, as util-linux's tools do. It returns only on failure, and then the
// calling thread may be in new namespaces: the caller must exit. It works
// only on the main thread (see LockMain) and for what a multi-threaded
// process may do itself: no user or time namespace to enter or create, no
// new PID namespace for the program, no UIDMap; use Start otherwise.
func (c *Cmd) Exec() error {
	cfg, held, err := c.config()
	if err != nil {
		return err
	}
	defer func() {
		for _, h := range held {
			h.Close()
		}
	}()
	if !cfg.InPlace() {
		return errors.New("nsexec: Exec needs the main thread, and namespaces this process may enter itself")
	}
	return cfg.Exec()
}

// LockMain wires the main goroutine to the main thread, which Exec needs:
// call it from an init function.
func LockMain() { rawexec.LockMain() }

// config turns c into the engine's configuration. held are the namespace
// handles it opened, to be closed once the program runs.
func (c *Cmd) config() (cfg *rawexec.Config, held []*ns.Handle, err error) {
	env := c.Env
	if env == nil {
		env = os.Environ()
	}
	cfg = &rawexec.Config{
		Program:   rawexec.Program{Name: c.Path, Argv: c.args(), Env: env},
		Ignore:    rawexec.IgnoredNow(),
		KillChild: c.Pdeathsig,
	}
	// Namespaces to join: the target's of the types asked, then Join.
	byType := map[*ns.Type]*ns.Handle{}
	if c.Target != 0 {
		types := c.TargetTypes
		if types == nil {
			types = ns.Types[:]
		}
		for _, t := range types {
			h, err := ns.Open(c.Target, t)
			if err != nil {
				if c.TargetTypes == nil && errors.Is(err, unix.ENOENT) {
					continue // a type this kernel does not have
				}
				return nil, held, err
			}
			held = append(held, h)
			if c.TargetTypes == nil && (t == &ns.User || t == &ns.Time) && sameAsOurs(h, t) {
				continue // setns(2) refuses our own user namespace; our time one changes nothing
			}
			byType[t] = h
		}
	}
	for _, h := range c.Join {
		byType[h.Type()] = h
	}
	for _, t := range ns.Types {
		if h := byType[t]; h != nil {
			cfg.Join = append(cfg.Join, rawexec.Join{Fd: int(h.Fd()), Type: t.Flag, Name: t.File()})
			if t == &ns.PID {
				// The program must be a child of a process in the PID
				// namespace: born there when this thread may enter it,
				// else the worker forks once more.
				cfg.ForkAgain, cfg.ParentJoinsPID = true, true
				cfg.Relay = relayed()
				cfg.WorkerDeath = syscall.SIGKILL
			}
		}
	}
	// New namespaces: created with the child (a new PID namespace then has
	// the program as its first process), but time, which clone(2) cannot.
	var flags uintptr
	for _, t := range c.Unshare {
		flags |= t.Flag
	}
	cfg.Clone = flags &^ unix.CLONE_NEWTIME
	cfg.Unshare = flags & unix.CLONE_NEWTIME
	if flags&unix.CLONE_NEWNS != 0 {
		cfg.Propagation = unix.MS_REC | unix.MS_PRIVATE
	}
	if flags&unix.CLONE_NEWUSER != 0 && (len(c.UIDMap) > 0 || len(c.GIDMap) > 0) {
		uid, gid := mapText(c.UIDMap), mapText(c.GIDMap)
		cfg.Hook = func(pid int) error { return writeMaps(pid, uid, gid) }
	} else if len(c.UIDMap) > 0 || len(c.GIDMap) > 0 {
		return nil, held, errors.New("nsexec: UIDMap and GIDMap need a new user namespace in Unshare")
	}
	if c.MountProc != "" {
		if flags&unix.CLONE_NEWNS == 0 {
			return nil, held, errors.New("nsexec: MountProc needs a new mount namespace in Unshare")
		}
		proc := c.MountProc
		cfg.MountProc = &proc
	}
	if c.Root != "" {
		cfg.Root = &rawexec.Dir{Path: c.Root}
		if c.Dir == "" {
			cfg.Wd = &rawexec.Dir{Path: "/"}
		}
	}
	if c.Dir != "" {
		cfg.Wd = &rawexec.Dir{Path: c.Dir}
	}
	if cr := c.Credential; cr != nil {
		uid, gid := cr.UID, cr.GID
		cfg.Cred = &rawexec.Cred{ClearGroups: true, GroupsMayFail: true, GID: &gid, UID: &uid}
	}
	// Always a child: the caller goes on.
	cfg.Fork = true
	return cfg, held, nil
}

// sameAsOurs reports whether h is the namespace of type t that a child of
// ours would be in.
func sameAsOurs(h *ns.Handle, t *ns.Type) bool {
	ours, err := ns.OpenPath("/proc/thread-self/" + t.ChildFile())
	if err != nil {
		return false
	}
	defer ours.Close()
	return ours.Equal(h)
}

// relayed are the signals a worker that forks again passes on to the
// program: every one a process can catch, but SIGCHLD.
func relayed() []syscall.Signal {
	var out []syscall.Signal
	for s := syscall.Signal(1); s <= 64; s++ {
		switch s {
		case syscall.SIGKILL, syscall.SIGSTOP, syscall.SIGCHLD, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU:
			continue
		}
		out = append(out, s)
	}
	return out
}

// mapText is an ID map as /proc/PID/uid_map takes it.
func mapText(m []IDMap) string {
	var b strings.Builder
	for _, r := range m {
		fmt.Fprintf(&b, "%d %d %d\n", r.Inner, r.Outer, r.Count)
	}
	return b.String()
}

// writeMaps writes the ID maps of the child's new user namespace. A
// gid_map written without privilege needs setgroups denied first.
func writeMaps(pid int, uid, gid string) error {
	dir := fmt.Sprintf("/proc/%d/", pid)
	if uid != "" {
		if err := os.WriteFile(dir+"uid_map", []byte(uid), 0); err != nil {
			return err
		}
	}
	if gid != "" {
		if err := os.WriteFile(dir+"gid_map", []byte(gid), 0); err != nil && errors.Is(err, unix.EPERM) {
			if err := os.WriteFile(dir+"setgroups", []byte("deny"), 0); err != nil {
				return err
			}
			return os.WriteFile(dir+"gid_map", []byte(gid), 0)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// files opens the program's descriptors: standard files, then ExtraFiles.
func (c *Cmd) files() ([]int, error) {
	in, err := c.reader(c.Stdin)
	if err != nil {
		return nil, err
	}
	out, err := c.writer(c.Stdout)
	if err != nil {
		return nil, err
	}
	errfd := out // the same writer gets one pipe, as with os/exec
	if c.Stderr == nil || !sameWriter(c.Stdout, c.Stderr) {
		if errfd, err = c.writer(c.Stderr); err != nil {
			return nil, err
		}
	}
	fds := []int{in, out, errfd}
	for _, f := range c.ExtraFiles {
		if f == nil {
			fds = append(fds, -1)
			continue
		}
		fds = append(fds, int(f.Fd()))
	}
	return fds, nil
}

// sameWriter reports whether a and b are the same writer (false for
// writers that cannot be compared).
func sameWriter(a, b io.Writer) (same bool) {
	defer func() { recover() }()
	return a == b
}

func (c *Cmd) reader(r io.Reader) (int, error) {
	switch f := r.(type) {
	case nil:
		null, err := os.Open(os.DevNull)
		if err != nil {
			return -1, err
		}
		c.closeIn = append(c.closeIn, null)
		return int(null.Fd()), nil
	case *os.File:
		return int(f.Fd()), nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return -1, err
	}
	c.closeIn = append(c.closeIn, pr)
	c.copies.Add(1)
	go func() {
		defer c.copies.Done()
		_, err := io.Copy(pw, r)
		if err != nil && !errors.Is(err, syscall.EPIPE) {
			c.copyFailed(err)
		}
		pw.Close()
	}()
	return int(pr.Fd()), nil
}

func (c *Cmd) writer(w io.Writer) (int, error) {
	switch f := w.(type) {
	case nil:
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return -1, err
		}
		c.closeIn = append(c.closeIn, null)
		return int(null.Fd()), nil
	case *os.File:
		return int(f.Fd()), nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return -1, err
	}
	c.closeIn = append(c.closeIn, pw)
	c.closeAt = append(c.closeAt, pr)
	c.copies.Add(1)
	go func() {
		defer c.copies.Done()
		if _, err := io.Copy(w, pr); err != nil {
			c.copyFailed(err)
		}
	}()
	return int(pw.Fd()), nil
}

func (c *Cmd) copyFailed(err error) {
	c.copyMu.Lock()
	defer c.copyMu.Unlock()
	if c.copyErr == nil {
		c.copyErr = err
	}
}

func (c *Cmd) closeAll(cs []io.Closer) {
	for _, x := range cs {
		x.Close()
	}
}

// Do runs fn on a fresh OS thread that has joined the namespaces of the
// handles, and throws the thread away afterwards, so that no other code
// ever runs in them. Network, UTS, IPC, cgroup and mount namespaces can be
// joined; user, time and PID namespaces cannot (a thread of a
// multi-threaded process may not join the first two, and only its future
// children would be in the last): Do returns an error for them. Goroutines
// fn starts run on other threads, in this process's namespaces.
func Do(fn func() error, join ...*ns.Handle) error {
	var js []rawexec.Namespace
	for _, h := range join {
		js = append(js, rawexec.Namespace{Fd: int(h.Fd()), Type: h.Type().Flag})
	}
	return rawexec.Do(js, fn)
}
