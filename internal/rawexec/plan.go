package rawexec

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"unsafe"
)

// plan is a compiled Config: raw steps with every argument prepared, and
// what to say when each of them fails.
type plan struct {
	steps []step
	msgs  []string // per step: "unshare failed", "cannot change directory to /x"
	res   []uintptr
	errs  []uintptr
	st    *rawState

	candidates []uintptr // paths to try for the program (C strings)
	argv, envp uintptr   // NULL-terminated arrays of C strings
	shArgv     []uintptr // /bin/sh, <path>, args... for files without a known format

	progName       string
	reportFd, goFd int // child mode: pipe ends to the parent
	oldMask        uint64
	syncStep       int // index of the sync step, or -1
	execStep       int // index of the exec step

	keep []any // memory the uintptrs above point into
}

// Mount flags used by the steps (from <sys/mount.h>).
const (
	msNoSuid  = 0x2
	msNoDev   = 0x4
	msNoExec  = 0x8
	msRec     = 0x4000
	msPrivate = 1 << 18
)

const (
	prSetPdeathsig = 1
	oWronly        = 0x1
	oCloexec       = 0x80000
	oNoctty        = 0x100
	atFdcwd        = ^uintptr(99) // AT_FDCWD, -100
)

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
	p.st.sigIgn[0] = sigIGN
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

	p.dispositions(c.Ignore, inPlace)
	for _, w := range c.FirstWrites {
		p.write(w, cstr)
	}
	if c.Owner != nil {
		p.cred(c.Owner)
	}
	if c.Unshare != 0 {
		p.call(syscall.SYS_UNSHARE, "unshare failed", c.Unshare)
	}
	p.joins(c.Join, inPlace)
	if c.TimeOffsets != "" {
		const f = "/proc/self/timens_offsets"
		p.writeFile(Write{Path: f, Data: c.TimeOffsets}, "failed to open "+f, "failed to write to "+f, cstr)
	}
	if c.Hook != nil {
		p.syncStep = p.add(newStep(opSync), "")
	}
	self := -1 // the step that opens a pidfd of the worker, for the program
	if c.ForkAgain {
		if c.KillChild != 0 {
			self = p.add(newStep(opPidfdSelf), "pidfd_open failed")
		}
		if c.DieWithParent {
			p.deathSignal(syscall.SIGKILL, parent, -1)
		}
		p.add(newStep(opForkWait, sigSet(c.Relay)), "fork failed")
	}
	for _, w := range c.Writes {
		p.write(w, cstr)
	}
	if c.Propagation != 0 {
		p.call(syscall.SYS_MOUNT, "cannot change root filesystem propagation",
			cstr("none"), cstr("/"), 0, c.Propagation, 0)
	}
	p.mounts(c.RootMounts, cstr)
	p.dirs(c, cstr)
	if c.MountProc != nil {
		proc := *c.MountProc
		dir := cstr(proc)
		if c.ProcPrivate {
			s := p.call(syscall.SYS_MOUNT, "cannot change "+proc+" filesystem propagation",
				cstr("none"), dir, 0, msPrivate|msRec, 0)
			p.steps[s].tolerate = uintptr(syscall.EINVAL)
		}
		p.call(syscall.SYS_MOUNT, "mount "+proc+" failed",
			cstr("proc"), dir, cstr("proc"), msNoSuid|msNoExec|msNoDev, 0)
	}
	p.mounts(c.Mounts, cstr)
	if c.Cred != nil {
		p.cred(c.Cred)
	}
	if c.KeepCaps {
		last, e := lastCap()
		if e != nil {
			return nil, e
		}
		p.add(newStep(opCapsAmbient, last), "prctl(PR_CAP_AMBIENT) failed")
	}
	// The death signal last: changing credentials clears it (see
	// PR_SET_PDEATHSIG in prctl(2)).
	switch {
	case inPlace:
	case c.ForkAgain && c.KillChild != 0:
		p.deathSignal(c.KillChild, -1, self)
	case !c.ForkAgain && c.deathSignal() != 0:
		p.deathSignal(c.deathSignal(), parent, -1)
	}
	for _, fd := range c.CloseFds {
		s := p.call(syscall.SYS_CLOSE, "close failed", uintptr(fd))
		p.steps[s].tolerate = tolerateAll
	}
	if !inPlace {
		p.call(syscall.SYS_RT_SIGPROCMASK, "sigprocmask restore failed",
			sigSetmask, uintptr(unsafe.Pointer(&p.oldMask)), 0, 8)
	}
	p.program(c.Program, cstr)
	if err != nil {
		return nil, err
	}
	p.res = make([]uintptr, len(p.steps))
	p.errs = make([]uintptr, len(p.steps))
	return p, nil
}

// add appends a step and returns its index. A step's fdFrom and onlyIf
// must be set (-1 for none); call and newStep do that.
func (p *plan) add(s step, msg string) int {
	p.steps = append(p.steps, s)
	p.msgs = append(p.msgs, msg)
	return len(p.steps) - 1
}

// newStep is a step of the given kind with no dependencies.
func newStep(o op, args ...uintptr) step {
	s := step{op: o, fdFrom: -1, onlyIf: -1}
	copy(s.args[:], args)
	return s
}

// call appends a raw system call.
func (p *plan) call(trap uintptr, msg string, args ...uintptr) int {
	s := newStep(opCall, args...)
	s.trap = trap
	return p.add(s, msg)
}

// dispositions gives the program the signal dispositions of ignore:
// ignored for the signals in the set, default for the others. In a child
// every signal that is not so already is set, so that no Go handler can run
// there once the mask is restored; in place, execve(2) itself resets the
// handlers, so only ignored signals need a step.
func (p *plan) dispositions(ignore uint64, inPlace bool) {
	var old [4]uintptr
	for sig := uintptr(1); sig <= 64; sig++ {
		if sig == uintptr(syscall.SIGKILL) || sig == uintptr(syscall.SIGSTOP) {
			continue
		}
		_, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, sig, 0, uintptr(unsafe.Pointer(&old[0])), 8, 0, 0)
		if e != 0 {
			continue
		}
		want := uintptr(sigDFL)
		if ignore&(1<<(sig-1)) != 0 {
			want = sigIGN
		}
		if old[0] == want || inPlace && want == sigDFL && old[0] != sigIGN {
			continue
		}
		act := &p.st.sigDfl
		if want == sigIGN {
			act = &p.st.sigIgn
		}
		p.call(syscall.SYS_RT_SIGACTION, "signal handler reset failed", sig, uintptr(unsafe.Pointer(&act[0])), 0, 8)
	}
}

// deathSignal asks for sig when our parent dies, then checks that the
// parent did not die before that: the pidfd parentFd (or the one step
// fdStep opened) is readable once the parent has exited.
func (p *plan) deathSignal(sig syscall.Signal, parentFd, fdStep int) {
	p.call(syscall.SYS_PRCTL, "prctl failed", prSetPdeathsig, uintptr(sig))
	s := newStep(opCheckParent, uintptr(parentFd))
	if fdStep >= 0 {
		s.fdFrom = int16(fdStep)
	} else if parentFd < 0 {
		return // no pidfds: nothing to check with
	}
	p.add(s, "poll parent pidfd failed")
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
		s := p.call(syscall.SYS_SETGROUPS, "setgroups failed", 0, 0)
		if c.GroupsMayFail {
			p.steps[s].tolerate = uintptr(syscall.EPERM)
		}
	}
	switch {
	case c.GIDOf != nil:
		p.idOf(c.GIDOf, 1, syscall.SYS_SETGID, "setgid failed")
	case c.GID != nil:
		p.call(syscall.SYS_SETGID, "setgid failed", uintptr(*c.GID))
	}
	switch {
	case c.UIDOf != nil:
		p.idOf(c.UIDOf, 0, syscall.SYS_SETUID, "setuid failed")
	case c.UID != nil:
		p.call(syscall.SYS_SETUID, "setuid failed", uintptr(*c.UID))
	}
}

// idOf appends an fstat of f yielding its owner (which 0) or group (1),
// and the call trap with that ID.
func (p *plan) idOf(f *os.File, which, trap uintptr, msg string) {
	p.keep = append(p.keep, f)
	s := p.add(newStep(opOwnerOf, f.Fd(), which), "can not get process stat")
	set := newStep(opCall)
	set.trap, set.fdFrom = trap, int16(s)
	p.add(set, msg)
}

// joins appends the setns calls in util-linux's two passes.
func (p *plan) joins(js []Join, inPlace bool) {
	if inPlace {
		for _, j := range js {
			if j.Type&syscall.CLONE_NEWNS != 0 {
				// Threads share one fs_struct; setns(mnt) needs our own.
				p.call(syscall.SYS_UNSHARE, "unshare failed", syscall.CLONE_FS)
				break
			}
		}
	}
	first := make([]int, len(js))
	for i, j := range js {
		first[i] = -1
		if j.Type&syscall.CLONE_NEWUSER == 0 {
			first[i] = p.call(sysSetns, reassociate(j), uintptr(j.Fd), j.Type)
			p.steps[first[i]].tolerate = tolerateAll
		}
	}
	for _, j := range js {
		if j.Type&syscall.CLONE_NEWUSER != 0 {
			p.call(sysSetns, reassociate(j), uintptr(j.Fd), j.Type)
		}
	}
	for i, j := range js {
		if first[i] >= 0 {
			s := p.call(sysSetns, reassociate(j), uintptr(j.Fd), j.Type)
			p.steps[s].onlyIf, p.steps[s].ifFailed = int16(first[i]), true
		}
	}
}

func reassociate(j Join) string {
	return "reassociate to namespace '" + j.Name + "' failed"
}

// write appends open, write and close of a file, with util-linux's usual
// messages.
func (p *plan) write(w Write, cstr func(string) uintptr) {
	if w.Msg != "" {
		p.writeFile(w, w.Msg, w.Msg, cstr)
		return
	}
	p.writeFile(w, "cannot open "+w.Path, "write failed "+w.Path, cstr)
}

// writeFile appends open, write and close of a file. With IgnoreMissing,
// a file that does not exist is skipped.
func (p *plan) writeFile(f Write, openMsg, writeMsg string, cstr func(string) uintptr) {
	path, data := f.Path, f.Data
	o := p.call(syscall.SYS_OPENAT, openMsg, atFdcwd, cstr(path), oWronly|oCloexec|oNoctty)
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
	p.add(w, writeMsg)
	c := newStep(opCall)
	c.trap, c.fdFrom, c.onlyIf = syscall.SYS_CLOSE, int16(o), int16(o)
	p.add(c, "close failed "+path)
}

// mounts appends mounts and the writes that follow them.
func (p *plan) mounts(ms []Mount, cstr func(string) uintptr) {
	for _, m := range ms {
		p.call(syscall.SYS_MOUNT, "mount "+m.Target+" failed",
			cstr(m.Source), cstr(m.Target), cstr(m.Type), msNoSuid|msNoExec|msNoDev, 0)
		if w := m.Then; w != nil {
			p.write(*w, cstr)
		}
	}
}

// dirs appends the root and working directory changes.
func (p *plan) dirs(c *Config, cstr func(string) uintptr) {
	if d := c.Root; d != nil {
		if d.File != nil {
			p.call(syscall.SYS_FCHDIR, d.Msg, d.File.Fd())
			p.call(syscall.SYS_CHROOT, d.ChrootMsg, cstr("."))
		} else {
			p.call(syscall.SYS_CHROOT, d.Msg, cstr(d.Path))
		}
	}
	if d := c.Wd; d != nil {
		if d.File != nil {
			p.call(syscall.SYS_FCHDIR, d.Msg, d.File.Fd())
		} else {
			p.call(syscall.SYS_CHDIR, d.Msg, cstr(d.Path))
		}
	}
}

// program prepares the exec step: candidate paths, argv and envp.
func (p *plan) program(prog Program, cstr func(string) uintptr) {
	p.progName = prog.Name
	if prog.Name != "" { // execvp(3) fails with ENOENT on an empty name
		for _, path := range searchPath(prog.Name, prog.Env) {
			p.candidates = append(p.candidates, cstr(path))
		}
	}
	argv := make([]uintptr, 0, len(prog.Argv)+1)
	for _, a := range prog.Argv {
		argv = append(argv, cstr(a))
	}
	argv = append(argv, 0)
	envp := make([]uintptr, 0, len(prog.Env)+1)
	for _, e := range prog.Env {
		envp = append(envp, cstr(e))
	}
	envp = append(envp, 0)
	p.shArgv = append([]uintptr{cstr("/bin/sh"), 0}, argv[min(1, len(argv)-1):]...)
	p.keep = append(p.keep, argv, envp, p.candidates, p.shArgv)
	p.argv = uintptr(unsafe.Pointer(&argv[0]))
	p.envp = uintptr(unsafe.Pointer(&envp[0]))
	p.execStep = p.add(newStep(opExec), "failed to execute "+prog.Name)
}

// searchPath lists the paths execvp(3) would try for name, in order.
func searchPath(name string, env []string) []string {
	if strings.Contains(name, "/") {
		return []string{name}
	}
	path, found := "", false
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path, found = v, true
		}
	}
	if !found {
		path = "/bin:/usr/bin"
	}
	var out []string
	for _, dir := range strings.Split(path, ":") {
		if dir == "" {
			out = append(out, name)
			continue
		}
		out = append(out, strings.TrimSuffix(dir, "/")+"/"+name)
	}
	return out
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
