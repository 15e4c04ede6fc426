// SPDX-License-Identifier: Apache-2.0

//go:build linux

package rawexec

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// plan is a compiled Config: raw steps with every argument prepared, and
// what to say when each of them fails.
type plan struct {
	steps []step
	where []where // per step: what it is part of, for errors
	cur   Step    // the part steps are being added for
	res   []uintptr
	errs  []uintptr
	st    *rawState

	candidates []uintptr // paths to try for the program (C strings)
	argv, envp uintptr   // NULL-terminated arrays of C strings
	shArgv     []uintptr // /bin/sh, <path>, args... for files without a known format

	reportFd, goFd int       // child mode: pipe ends to the parent
	oldMask        [2]uint64 // a sigset_t, 8 or 16 bytes
	syncStep       int       // index of the sync step, or -1
	execStep       int       // index of the exec step

	keep []any // memory the uintptrs above point into
}

// fdcwd is AT_FDCWD, a variable so that it converts to a uintptr.
var fdcwd = unix.AT_FDCWD

// compile turns c into a plan for this process's main thread, which then
// executes the program in place.
func (c *Config) compile(inPlace bool) (*plan, error) {
	return c.compilePlan(inPlace, -1)
}

// compileChild turns c into a plan for a child worker. parent is a pidfd
// of this process (or -1) for the child to check after asking for its
// death signal.
func (c *Config) compileChild(parent int) (*plan, error) {
	return c.compilePlan(false, parent)
}

func (c *Config) compilePlan(inPlace bool, parent int) (*plan, error) {
	p := &plan{st: new(rawState), syncStep: -1, execStep: -1, reportFd: -1, goFd: -1}
	// Room for a usual plan at once: grown step by step, the slices would
	// pass through a size class of the allocator at each doubling, each a
	// fresh span and page faults, in a run that lasts a millisecond.
	n := 32
	if !inPlace {
		n = 96 // every signal's disposition is a step in a child
	}
	p.steps, p.where = make([]step, 0, n), make([]where, 0, n)
	p.st.sigIgn[sigactHandler] = sigIGN
	p.keep = append(p.keep, p.st)
	var err error
	cstr := func(s string) uintptr {
		if err != nil {
			return 0
		}
		b, e := syscall.ByteSliceFromString(s)
		if e != nil {
			err = fmt.Errorf("invalid argument %q: contains a NUL byte", s)
			return 0
		}
		p.keep = append(p.keep, b)
		return uintptr(unsafe.Pointer(&b[0]))
	}

	p.at(StepSignals)
	p.dispositions(c.Ignore, inPlace)
	p.at(StepFirstWrites)
	for _, w := range c.FirstWrites {
		p.write(w, cstr)
	}
	if c.Owner != nil {
		p.at(StepOwner)
		p.cred(c.Owner)
	}
	if c.Unshare != 0 {
		p.at(StepUnshare)
		p.call(syscall.SYS_UNSHARE, "unshare", "", c.Unshare)
	}
	p.at(StepJoin)
	p.joins(c.Join, inPlace)
	if c.TimeOffsets != "" {
		p.at(StepTimeOffsets)
		p.write(Write{Path: "/proc/self/timens_offsets", Data: c.TimeOffsets}, cstr)
	}
	if c.Hook != nil {
		p.at(StepHook)
		p.syncStep = p.add(newStep(opSync), "sync", "")
	}
	self := -1 // the step that opens a pidfd of the worker, for the program
	if c.ForkAgain {
		p.at(StepFork)
		if c.programDeath() != 0 {
			self = p.add(newStep(opPidfdSelf), "pidfd_open", "")
		}
		if c.DieWithParent {
			p.deathSignal(syscall.SIGKILL, parent, -1)
		}
		p.at(StepFork)
		p.add(newStep(opForkWait, sigSet(c.Relay)), "fork", "")
	}
	p.at(StepWrites)
	for _, w := range c.Writes {
		p.write(w, cstr)
	}
	if c.Propagation != 0 {
		p.at(StepPropagation)
		p.call(syscall.SYS_MOUNT, "mount", "/", cstr("none"), cstr("/"), 0, c.Propagation, 0)
	}
	p.at(StepRootMounts)
	p.mounts(c.RootMounts, cstr)
	p.dirs(c, cstr)
	if c.MountProc != nil {
		p.at(StepMountProc)
		proc := *c.MountProc
		dir := cstr(proc)
		if c.ProcPrivate {
			s := p.call(syscall.SYS_MOUNT, "make-private", proc, cstr("none"), dir, 0, unix.MS_PRIVATE|unix.MS_REC, 0)
			p.steps[s].tolerate = uintptr(syscall.EINVAL)
		}
		p.call(syscall.SYS_MOUNT, "mount", proc, cstr("proc"), dir, cstr("proc"), unix.MS_NOSUID|unix.MS_NOEXEC|unix.MS_NODEV, 0)
	}
	p.at(StepMounts)
	p.mounts(c.Mounts, cstr)
	if c.Cred != nil {
		p.at(StepCred)
		p.cred(c.Cred)
	}
	if c.KeepCaps {
		p.at(StepKeepCaps)
		last, e := lastCap()
		if e != nil {
			return nil, e
		}
		p.add(newStep(opCapsAmbient, last), "prctl PR_CAP_AMBIENT", "")
	}
	// The death signal last: changing credentials clears it (see
	// PR_SET_PDEATHSIG in prctl(2)).
	switch {
	case inPlace:
	case c.ForkAgain && c.programDeath() != 0:
		p.deathSignal(c.programDeath(), -1, self)
	case !c.ForkAgain && c.deathSignal() != 0:
		p.deathSignal(c.deathSignal(), parent, -1)
	}
	p.at(StepStdio)
	p.stdio(c.Files)
	if c.CloseOthers {
		// Close-on-exec rather than closed: the pipe to the parent must
		// work until the exec.
		s := p.call(unix.SYS_CLOSE_RANGE, "close_range", "", uintptr(len(c.Files)), uintptr(^uint32(0)), unix.CLOSE_RANGE_CLOEXEC)
		p.steps[s].tolerate = tolerateAll // older kernels: ours are close-on-exec anyway
	}
	p.at(StepCloseFds)
	for _, fd := range c.CloseFds {
		s := p.call(syscall.SYS_CLOSE, "close", strconv.Itoa(fd), uintptr(fd))
		p.steps[s].tolerate = tolerateAll
	}
	if !inPlace {
		p.at(StepSignals)
		p.call(syscall.SYS_RT_SIGPROCMASK, "sigprocmask", "",
			unix.SIG_SETMASK, uintptr(unsafe.Pointer(&p.oldMask[0])), 0, sigsetBytes)
	}
	p.at(StepExec)
	p.program(c.Program, cstr)
	if err != nil {
		return nil, err
	}
	p.res = make([]uintptr, len(p.steps))
	p.errs = make([]uintptr, len(p.steps))
	return p, nil
}

// at sets the part of the Config the steps added next belong to.
func (p *plan) at(s Step) { p.cur = s }

// add appends a step and returns its index; op and path describe it for
// an error. A step's fdFrom and onlyIf must be set (-1 for none); call and
// newStep do that.
//
//go:noinline
func (p *plan) add(s step, op, path string) int {
	p.steps = append(p.steps, s)
	p.where = append(p.where, where{step: p.cur, op: op, path: path})
	return len(p.steps) - 1
}

// newStep is a step of the given kind with no dependencies.
//
//go:noinline
func newStep(o op, args ...uintptr) step {
	s := step{op: o, fdFrom: -1, onlyIf: -1}
	copy(s.args[:], args)
	return s
}

// call appends a raw system call.
//
// call, add and newStep are not inlined: compilePlan uses them in dozens
// of places, and each inlined copy would keep its own step in
// compilePlan's frame (kilobytes, for which the goroutine's stack would
// grow and be copied in a run that lasts a millisecond).
//
//go:noinline
func (p *plan) call(trap uintptr, op, path string, args ...uintptr) int {
	s := newStep(opCall, args...)
	s.trap = trap
	return p.add(s, op, path)
}

// dispositions gives the program the signal dispositions of ignore:
// ignored for the signals in the set, default for the others. In place,
// execve(2) itself resets every handler to the default and keeps what is
// ignored, so only the signals of ignore need a step (which is why Config's
// Ignore must hold every signal ignored now). In a child every signal is
// set, so that no Go handler can run there once the mask is restored: one
// system call each in the child is cheaper than asking first which ones
// are right already. A signal that cannot be set is skipped.
func (p *plan) dispositions(ignore uint64, inPlace bool) {
	for sig := uintptr(1); sig <= 64; sig++ {
		if sig == uintptr(syscall.SIGKILL) || sig == uintptr(syscall.SIGSTOP) {
			continue
		}
		act := &p.st.sigDfl
		if ignore&(1<<(sig-1)) != 0 {
			act = &p.st.sigIgn
		} else if inPlace {
			continue
		}
		i := p.call(syscall.SYS_RT_SIGACTION, "sigaction", "", sig, uintptr(unsafe.Pointer(&act[0])), 0, sigsetBytes)
		// A signal the kernel does not let us set (qemu-user keeps some
		// real-time signals for itself) is not one the program can get.
		p.steps[i].tolerate = tolerateAll
	}
}

// deathSignal asks for sig when our parent dies, then checks that the
// parent did not die before that: the pidfd parentFd (or the one step
// fdStep opened) is readable once the parent has exited.
func (p *plan) deathSignal(sig syscall.Signal, parentFd, fdStep int) {
	p.at(StepDeathSignal)
	p.call(syscall.SYS_PRCTL, "prctl PR_SET_PDEATHSIG", "", unix.PR_SET_PDEATHSIG, uintptr(sig))
	s := newStep(opCheckParent, uintptr(parentFd))
	if fdStep >= 0 {
		s.fdFrom = int16(fdStep)
	} else if parentFd < 0 {
		return // no pidfds: nothing to check with
	}
	p.add(s, "ppoll", "")
}

// sigSet is the kernel's signal set (bit N-1 for signal N) of sigs.
func sigSet(sigs []syscall.Signal) uintptr {
	var set uintptr
	for _, n := range sigs {
		if n >= 1 && n <= 64 {
			set |= 1 << (n - 1)
		}
	}
	return set
}

// cred appends setgroups, setgid and setuid.
func (p *plan) cred(c *Cred) {
	if c.ClearGroups {
		s := p.call(syscall.SYS_SETGROUPS, "setgroups", "", 0, 0)
		if c.GroupsMayFail {
			p.steps[s].tolerate = uintptr(syscall.EPERM)
		}
	}
	switch {
	case c.GIDOf != nil:
		p.idOf(c.GIDOf, 1, syscall.SYS_SETGID, "setgid")
	case c.GID != nil:
		p.call(syscall.SYS_SETGID, "setgid", "", uintptr(*c.GID))
	}
	switch {
	case c.UIDOf != nil:
		p.idOf(c.UIDOf, 0, syscall.SYS_SETUID, "setuid")
	case c.UID != nil:
		p.call(syscall.SYS_SETUID, "setuid", "", uintptr(*c.UID))
	}
}

// idOf appends an fstat of f yielding its owner (which 0) or group (1),
// and the call trap with that ID.
func (p *plan) idOf(f *os.File, which, trap uintptr, op string) {
	p.keep = append(p.keep, f)
	s := p.add(newStep(opOwnerOf, f.Fd(), which), "fstat", f.Name())
	set := newStep(opCall)
	set.trap, set.fdFrom = trap, int16(s)
	p.add(set, op, "")
}

// joins appends the setns calls in util-linux's two passes.
func (p *plan) joins(js []Join, inPlace bool) {
	if inPlace {
		for _, j := range js {
			if j.Type&syscall.CLONE_NEWNS != 0 {
				// Threads share one fs_struct; setns(mnt) needs our own.
				p.call(syscall.SYS_UNSHARE, "unshare CLONE_FS", "", syscall.CLONE_FS)
				break
			}
		}
	}
	first := make([]int, len(js))
	for i, j := range js {
		first[i] = -1
		if j.Type&syscall.CLONE_NEWUSER == 0 {
			first[i] = p.setns(j)
			p.steps[first[i]].tolerate = tolerateAll
		}
	}
	for _, j := range js {
		if j.Type&syscall.CLONE_NEWUSER != 0 {
			p.setns(j)
		}
	}
	for i, j := range js {
		if first[i] >= 0 {
			s := p.setns(j)
			p.steps[s].onlyIf, p.steps[s].ifFailed = int16(first[i]), true
		}
	}
}

// setns appends setns(2) of j; an error names j's type.
func (p *plan) setns(j Join) int {
	s := p.call(sysSetns, "setns", j.Name, uintptr(j.Fd), j.Type)
	p.where[s].typ = j.Type
	return s
}

// write appends open, write and close of a file. With IgnoreMissing, a
// file that does not exist is skipped.
func (p *plan) write(f Write, cstr func(string) uintptr) {
	path, data := f.Path, f.Data
	o := p.call(syscall.SYS_OPENAT, "open", path, uintptr(fdcwd), cstr(path), unix.O_WRONLY|unix.O_CLOEXEC|unix.O_NOCTTY)
	if f.IgnoreMissing {
		p.steps[o].tolerate = uintptr(syscall.ENOENT)
	}
	buf := []byte(data)
	p.keep = append(p.keep, buf)
	var ptr uintptr
	if len(buf) > 0 {
		ptr = uintptr(unsafe.Pointer(&buf[0]))
	}
	w := newStep(opCall, 0, ptr, uintptr(len(buf)))
	w.trap, w.fdFrom, w.onlyIf, w.wantLen = syscall.SYS_WRITE, int16(o), int16(o), true
	p.add(w, "write", path)
	c := newStep(opCall)
	c.trap, c.fdFrom, c.onlyIf = syscall.SYS_CLOSE, int16(o), int16(o)
	p.add(c, "close", path)
}

// mounts appends mounts and the writes that follow them.
func (p *plan) mounts(ms []Mount, cstr func(string) uintptr) {
	for _, m := range ms {
		p.call(syscall.SYS_MOUNT, "mount", m.Target,
			cstr(m.Source), cstr(m.Target), cstr(m.Type), unix.MS_NOSUID|unix.MS_NOEXEC|unix.MS_NODEV, 0)
		if w := m.Then; w != nil {
			p.write(*w, cstr)
		}
	}
}

// dirs appends the root and working directory changes.
func (p *plan) dirs(c *Config, cstr func(string) uintptr) {
	if d := c.Root; d != nil {
		p.at(StepRoot)
		if d.File != nil {
			p.call(syscall.SYS_FCHDIR, "fchdir", d.File.Name(), d.File.Fd())
			p.call(syscall.SYS_CHROOT, "chroot", ".", cstr("."))
		} else {
			p.call(syscall.SYS_CHROOT, "chroot", d.Path, cstr(d.Path))
		}
	}
	if d := c.Wd; d != nil {
		p.at(StepWd)
		if d.File != nil {
			p.call(syscall.SYS_FCHDIR, "fchdir", d.File.Name(), d.File.Fd())
		} else {
			p.call(syscall.SYS_CHDIR, "chdir", d.Path, cstr(d.Path))
		}
	}
}

// program prepares the exec step: candidate paths, argv and envp.
func (p *plan) program(prog Program, cstr func(string) uintptr) {
	size, bad := programSize(&prog)
	if bad != "" {
		cstr(bad) // a NUL inside a word, reported as for every other string
		return
	}
	buf := make([]byte, 0, size) // never grows: the pointers into it stay valid
	put := func(dir string, join bool, s string) uintptr {
		start := len(buf)
		if join {
			buf = append(append(buf, dir...), '/')
		}
		buf = append(append(buf, s...), 0)
		return uintptr(unsafe.Pointer(&buf[start]))
	}
	if prog.Name != "" { // execvp(3) fails with ENOENT on an empty name
		candidates(prog.Name, prog.Env, func(dir string, join bool) {
			p.candidates = append(p.candidates, put(dir, join, prog.Name))
		})
	}
	argv := make([]uintptr, 0, len(prog.Argv)+1)
	for _, a := range prog.Argv {
		argv = append(argv, put("", false, a))
	}
	argv = append(argv, 0)
	envp := make([]uintptr, 0, len(prog.Env)+1)
	for _, e := range prog.Env {
		envp = append(envp, put("", false, e))
	}
	envp = append(envp, 0)
	p.shArgv = append([]uintptr{put("", false, "/bin/sh"), 0}, argv[min(1, len(argv)-1):]...)
	p.keep = append(p.keep, buf, argv, envp, p.candidates, p.shArgv)
	p.argv = uintptr(unsafe.Pointer(&argv[0]))
	p.envp = uintptr(unsafe.Pointer(&envp[0]))
	p.execStep = p.add(newStep(opExec), "exec", prog.Name)
}

// programSize is the room prog's C strings take in program's buffer: the
// paths to try, argv, envp and "/bin/sh", each with its NUL. The C strings
// go into one buffer because, made one by one, they would take dozens of
// allocations in many size classes, each a fresh span and page faults, in
// a run that lasts a millisecond. bad is a word with a NUL inside, if any.
// (Apart from program, whose frame is on the stack when it allocates.)
//
//go:noinline
func programSize(prog *Program) (size int, bad string) {
	if strings.IndexByte(prog.Name, 0) >= 0 {
		return 0, prog.Name
	}
	for _, w := range [...][]string{prog.Argv, prog.Env} {
		for _, s := range w {
			if strings.IndexByte(s, 0) >= 0 {
				return 0, s
			}
			size += len(s) + 1
		}
	}
	size += len("/bin/sh") + 1
	if prog.Name != "" {
		candidates(prog.Name, prog.Env, func(dir string, join bool) { size += len(dir) + 1 + len(prog.Name) + 1 })
	}
	return size, ""
}

// candidates calls try for each path execvp(3) would try for name, in
// order: dir and name joined by a slash, or (join false) name alone.
func candidates(name string, env []string, try func(dir string, join bool)) {
	if strings.Contains(name, "/") {
		try("", false)
		return
	}
	path, found := "", false
	for _, kv := range env { // the first PATH counts, as for getenv(3)
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path, found = v, true
			break
		}
	}
	if !found {
		path = "/bin:/usr/bin"
	}
	for dir := range strings.SplitSeq(path, ":") {
		if dir == "" {
			try("", false)
			continue
		}
		try(strings.TrimSuffix(dir, "/"), true)
	}
}

// lastCap reads the highest capability number the kernel knows.
func lastCap() (uintptr, error) {
	b, err := os.ReadFile("/proc/sys/kernel/cap_last_cap")
	if err != nil {
		return 0, err
	}
	var n uintptr
	for _, c := range strings.TrimSpace(string(b)) {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("cannot parse /proc/sys/kernel/cap_last_cap")
		}
		n = n*10 + uintptr(c-'0')
	}
	return n, nil
}

// stdio appends the steps that make files[i] descriptor i of the program
// (a negative file closes i): each file is first duplicated, close-on-exec,
// above every target, then moved down with dup3(2), which clears
// close-on-exec, so that no target overwrites a file still to be moved.
func (p *plan) stdio(files []int) {
	tmp := make([]int, len(files))
	for i, f := range files {
		if f < 0 {
			continue
		}
		tmp[i] = p.call(syscall.SYS_FCNTL, "fcntl F_DUPFD_CLOEXEC", strconv.Itoa(f), uintptr(f), unix.F_DUPFD_CLOEXEC, uintptr(len(files)))
	}
	for i, f := range files {
		if f < 0 {
			s := p.call(syscall.SYS_CLOSE, "close", strconv.Itoa(i), uintptr(i))
			p.steps[s].tolerate = uintptr(syscall.EBADF)
			continue
		}
		s := newStep(opCall, 0, uintptr(i), 0)
		s.trap, s.fdFrom = syscall.SYS_DUP3, int16(tmp[i])
		p.add(s, "dup3", strconv.Itoa(i))
	}
}
