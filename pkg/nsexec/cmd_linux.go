// SPDX-License-Identifier: Apache-2.0

package nsexec

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/pkg/ns"
	"golang.org/x/sys/unix"
)

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
	cfg.Fork = true // always a child: the caller goes on
	if cfg.Files, err = c.files(); err != nil {
		return err
	}
	cfg.CloseOthers = true
	p, err := cfg.Start()
	if err != nil {
		return publicError(err)
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
// UIDMap (a new PID namespace in Unshare is for the program's children
// only), and the program keeps this process's descriptors (Stdin, Stdout,
// Stderr and ExtraFiles must be nil); use Start otherwise.
func (c *Cmd) Exec() error {
	if c.Stdin != nil || c.Stdout != nil || c.Stderr != nil || len(c.ExtraFiles) > 0 {
		return errors.New("nsexec: Exec keeps this process's files: Stdin, Stdout, Stderr and ExtraFiles must be nil")
	}
	cfg, held, err := c.config()
	defer func() { // config may fail with some handles open
		for _, h := range held {
			h.Close()
		}
	}()
	if err != nil {
		return err
	}
	// In place, new namespaces are unshared, not cloned: a new PID
	// namespace is then only for the program's children, as with
	// util-linux's unshare --pid without --fork.
	cfg.Unshare |= cfg.Clone
	cfg.Clone = 0
	if !cfg.InPlace() {
		return errors.New("nsexec: Exec needs the main thread, and namespaces this process may enter itself")
	}
	return publicError(cfg.Exec())
}

// publicError turns the engine's error into an *Error.
func publicError(err error) error {
	var e *rawexec.Error
	if errors.As(err, &e) {
		return &Error{Op: e.Op, Path: e.Path, Type: e.Type, Err: e.Err}
	}
	return err
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
	return publicError(rawexec.Do(js, fn))
}
