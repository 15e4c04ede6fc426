// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"os"
	"slices"
	"strconv"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/scols"
)

// Tree is lsns's --tree relation.
type Tree int

const (
	TreeNone    Tree = iota // a list
	TreeProcess             // processes under their parents
	TreeOwner               // namespaces under the user namespaces owning them
	TreeParent              // namespaces under their parents (owners for the others)
)

// relations of a namespace
const (
	relParent = iota
	relOwner
)

// Process is a process as lsns sees it.
type Process struct {
	PID, PPID int
	UID       uint32
	ns        [numTypes]uint64 // inode of each namespace, 0 when unknown
	fds       []heldFD         // descriptors that are namespaces or sockets
	parent    *Process
	outline   *scols.Line
}

// heldFD is a descriptor of a process that holds a namespace, or a socket.
type heldFD struct {
	fd  int
	ino uint64
	ns  bool // a namespace (else a socket)
}

// Namespace is one namespace and what lsns knows of it.
type Namespace struct {
	Ino   uint64
	Type  int        // index in Types
	Procs []*Process // the processes in it, in /proc's order
	Proc  *Process   // the lowest PID of them, nil when there is none

	relID    [2]uint64 // inodes of the parent and the owner, 0 for none
	rel      [2]*Namespace
	netnsid  int
	ownerUID uint32 // NS_GET_OWNER_UID, for a namespace without processes
	id       uint64 // NS_GET_ID
	hasID    bool
	// containers are the names of the containers whose namespace it is
	// (see NameContainers).
	containers []string
	outline    *scols.Line
}

// Options say what to read.
type Options struct {
	Proc   string // the /proc to read ("/proc" when empty)
	Passwd string // the passwd file ("/etc/passwd" when empty)

	// Types selects the namespace types to read; none selected means all.
	Types [numTypes]bool
	// Tree is the relation the output is drawn by; owner and parent trees
	// need the namespaces that no process is in.
	Tree Tree
	// NetNSID asks for the network namespaces' IDs (RTM_GETNSID).
	NetNSID bool
}

// Model is the result of a scan: the namespaces sorted by inode, and the
// processes in /proc's order.
type Model struct {
	Namespaces []*Namespace
	Processes  []*Process
	Mounts     []Mount

	byIno map[uint64]*Namespace
	byPID map[int]*Process // Processes by PID, from Scan
	proc  string
	users users
}

type scanner struct {
	opts     *Options
	m        *Model
	list     []*Namespace // in the order found, as lsns's list before sorting
	netnsids map[uint64]int
	netlink  netlinkConn
	buf      []byte
	link     []byte
	path     []byte
	nsfsDev  uint64
	hasNSFS  bool
}

// Scan reads every process of /proc once, then the nsfs mounts, and
// returns the namespaces found.
func Scan(opts *Options) (*Model, error) {
	o := new(Options)
	*o = *opts
	if o.Proc == "" {
		o.Proc = "/proc"
	}
	if o.Passwd == "" {
		o.Passwd = "/etc/passwd"
	}
	all := true
	for _, t := range o.Types {
		all = all && !t
	}
	if all {
		for i := range o.Types {
			o.Types[i] = true
		}
	}
	s := &scanner{
		opts:     o,
		m:        &Model{byIno: map[uint64]*Namespace{}, proc: o.Proc, users: users{path: o.Passwd}},
		netnsids: map[uint64]int{},
		buf:      make([]byte, 32<<10),
		link:     make([]byte, unix.PathMax),
	}
	defer s.netlink.close()
	s.readNSFSDev()
	proc, e := rawOpenat(unix.AT_FDCWD, cstr(o.Proc), unix.O_RDONLY|unix.O_DIRECTORY)
	if e != 0 {
		return nil, &os.PathError{Op: "open", Path: o.Proc, Err: e}
	}
	// the names first: reading the processes uses the buffer
	var names [][]byte
	forDirents(proc, s.buf, func(name []byte) {
		if digits(name) {
			names = append(names, append([]byte(nil), name...))
		}
	})
	rawClose(proc)
	for _, name := range names {
		s.readProcess(name)
	}
	s.m.byPID = processesByPID(s.m.Processes)
	for _, p := range s.m.Processes {
		p.parent = s.m.byPID[p.PPID]
	}
	s.readAssigned()
	for _, p := range s.m.Processes {
		s.readOpened(p)
	}
	s.readPersistent()
	if o.Tree == TreeOwner || o.Tree == TreeParent {
		s.connect()
	}
	s.m.Namespaces = slices.Clone(s.list)
	slices.SortFunc(s.m.Namespaces, func(a, b *Namespace) int {
		switch {
		case a.Ino < b.Ino:
			return -1
		case a.Ino > b.Ino:
			return 1
		}
		return 0
	})
	return s.m, nil
}

func (s *scanner) procPath(pid int) string { return s.opts.Proc + "/" + strconv.Itoa(pid) }

// readNSFSDev finds the device of nsfs, to tell namespace descriptors
// from other files.
func (s *scanner) readNSFSDev() {
	for _, t := range Types {
		var st unix.Stat_t
		if unix.Stat(s.opts.Proc+"/self/ns/"+t.Name, &st) == nil {
			s.nsfsDev, s.hasNSFS = uint64(st.Dev), true
			return
		}
	}
}

// readProcess reads a process's owner, parent and namespaces, and notes
// the descriptors it holds that are namespaces or sockets. A process that
// cannot be read (gone, or not ours to look at) is skipped, or listed
// without what it hides. Its files are reached from a descriptor of its
// directory, which spares the kernel a lookup of /proc/PID for each.
func (s *scanner) readProcess(name []byte) {
	s.path = append(append(s.path[:0], s.opts.Proc...), '/')
	s.path = append(s.path, name...) // NUL-terminated already
	dir, e := rawOpenat(unix.AT_FDCWD, s.path, unix.O_PATH|unix.O_DIRECTORY)
	if e != 0 {
		return
	}
	defer rawClose(dir)
	var st unix.Stat_t
	if rawFstatat(dir, empty, &st, unix.AT_EMPTY_PATH) != 0 {
		return
	}
	n, e := readAllAt(dir, statFile, s.buf[:4096])
	if e != 0 {
		return
	}
	p := &Process{UID: st.Uid}
	var ok bool
	if p.PID, _, p.PPID, ok = ParseStat(s.buf[:n]); !ok {
		return
	}
	for t := range Types {
		if !s.opts.Types[t] {
			continue
		}
		n, e := rawReadlinkat(dir, nsFiles[t], s.link)
		if e != 0 {
			continue
		}
		if _, ino, ok := parseNSLink(string(s.link[:n])); ok {
			p.ns[t] = ino
		}
	}
	if s.hasNSFS {
		s.readFDs(dir, p)
	}
	s.m.Processes = append(s.m.Processes, p)
}

// readFDs notes the descriptors of a process that are namespaces (of
// nsfs) or sockets, for readOpened.
func (s *scanner) readFDs(dir int, p *Process) {
	fds, e := rawOpenat(dir, fdDir, unix.O_RDONLY|unix.O_DIRECTORY)
	if e != 0 {
		return
	}
	defer rawClose(fds)
	forDirents(fds, s.buf, func(name []byte) {
		if !digits(name) {
			return
		}
		var st unix.Stat_t
		if rawFstatat(fds, name, &st, 0) != 0 {
			return
		}
		isNS := uint64(st.Dev) == s.nsfsDev
		if !isNS && st.Mode&unix.S_IFMT != unix.S_IFSOCK {
			return
		}
		fd, err := strconv.Atoi(string(name[:len(name)-1]))
		if err != nil {
			return
		}
		p.fds = append(p.fds, heldFD{fd: fd, ino: st.Ino, ns: isNS})
	})
}

// NUL-terminated names for the raw system calls, written out (not made
// by cstr) so that nothing is built at start-up.
var (
	empty    = []byte("\x00")
	statFile = []byte("stat\x00")
	fdDir    = []byte("fd\x00")
	// nsFiles are the namespace files under /proc/PID, in the order of
	// Types (TestNSFiles checks them against Type.File).
	nsFiles = [numTypes][]byte{[]byte("ns/mnt\x00"), []byte("ns/net\x00"), []byte("ns/pid\x00"), []byte("ns/uts\x00"),
		[]byte("ns/ipc\x00"), []byte("ns/user\x00"), []byte("ns/cgroup\x00"), []byte("ns/time\x00")}
)

func (s *scanner) add(t int, ino, parent, owner uint64) *Namespace {
	ns := &Namespace{Ino: ino, Type: t, relID: [2]uint64{parent, owner}, netnsid: netnsidUnusable}
	s.list = append(s.list, ns)
	s.m.byIno[ino] = ns
	return ns
}

// readAssigned makes the namespaces of the processes, each from its first
// process: its parent, owner and ID through that process's ns file.
func (s *scanner) readAssigned() {
	for _, p := range s.m.Processes {
		for t := range Types {
			ino := p.ns[t]
			if ino == 0 {
				continue
			}
			ns := s.m.byIno[ino]
			if ns == nil {
				ns = s.fromProcess(p, t, ino)
			}
			ns.Procs = append(ns.Procs, p)
			if ns.Proc == nil || ns.Proc.PID > p.PID {
				ns.Proc = p
			}
		}
	}
}

func (s *scanner) fromProcess(p *Process, t int, ino uint64) *Namespace {
	fd, err := nsOpen(s.procPath(p.PID) + "/ns/" + Types[t].Name)
	if err != nil {
		return s.add(t, ino, 0, 0)
	}
	defer unix.Close(fd)
	var pino uint64
	if t == typePID || t == typeUser {
		var pfd int
		if pfd, pino = related(fd, unix.NS_GET_PARENT); pfd >= 0 {
			unix.Close(pfd)
		}
	}
	ofd, oino := related(fd, unix.NS_GET_USERNS)
	if ofd >= 0 {
		unix.Close(ofd)
	}
	ns := s.add(t, ino, pino, oino)
	ns.id, ns.hasID = nsID(fd)
	if t == typeNet && s.opts.NetNSID {
		ns.netnsid = s.netnsid(fd, ino)
	}
	return ns
}

func (s *scanner) netnsid(fd int, ino uint64) int {
	id, ok := s.netnsids[ino]
	if !ok {
		id = s.netlink.netnsid(fd)
		s.netnsids[ino] = id
	}
	return id
}

// fromFD adds the namespace of descriptor fd, and its parent and owner
// when they are not known yet (add_namespace_for_nsfd). With filter, the
// --type selection applies (util-linux 2.42, for the namespaces found
// without a process); without, it does not (2.38.1, for the parents and
// owners that trees need).
func (s *scanner) fromFD(fd int, ino uint64, filter bool) *Namespace {
	t := nsType(fd)
	if t < 0 || (filter && !s.opts.Types[t]) {
		return nil
	}
	pfd, pino := -1, uint64(0)
	if t == typePID || t == typeUser {
		pfd, pino = related(fd, unix.NS_GET_PARENT)
	}
	ofd, oino := related(fd, unix.NS_GET_USERNS)
	defer func() {
		if pfd >= 0 {
			unix.Close(pfd)
		}
		if ofd >= 0 {
			unix.Close(ofd)
		}
	}()
	ns := s.add(t, ino, pino, oino)
	if t == typeNet && s.opts.NetNSID {
		ns.netnsid = s.netnsid(fd, ino)
	}
	ns.ownerUID = nsOwnerUID(fd)
	ns.id, ns.hasID = nsID(fd)
	if (t == typeUser || t == typePID) && pino != ino && pino != 0 {
		ns.rel[relParent] = s.m.byIno[pino]
		if ns.rel[relParent] == nil {
			ns.rel[relParent] = s.fromFD(pfd, pino, filter)
			if pino == oino {
				ns.rel[relOwner] = ns.rel[relParent]
			}
		}
	}
	if ns.rel[relOwner] == nil && oino != 0 {
		ns.rel[relOwner] = s.m.byIno[oino]
		if ns.rel[relOwner] == nil {
			ns.rel[relOwner] = s.fromFD(ofd, oino, filter)
		}
	}
	return ns
}

// readOpened adds the namespaces that a process holds by a descriptor,
// and the network namespaces of its sockets.
func (s *scanner) readOpened(p *Process) {
	pidfd := -1
	defer func() {
		if pidfd >= 0 {
			unix.Close(pidfd)
		}
	}()
	for _, h := range p.fds {
		switch {
		case h.ns:
			if s.m.byIno[h.ino] != nil {
				continue
			}
			if fd, err := nsOpen(s.procPath(p.PID) + "/fd/" + strconv.Itoa(h.fd)); err == nil {
				s.fromFD(fd, h.ino, true)
				unix.Close(fd)
			}
		default:
			if pidfd < 0 {
				var err error
				if pidfd, err = unix.PidfdOpen(p.PID, 0); err != nil {
					pidfd = -1
					return
				}
			}
			nsfd := sockNetNS(pidfd, h.fd)
			if nsfd < 0 {
				continue
			}
			if ino, err := nsIno(nsfd); err == nil && s.m.byIno[ino] == nil {
				s.fromFD(nsfd, ino, true)
			}
			unix.Close(nsfd)
		}
	}
}

// readPersistent adds the namespaces bound to a path (nsfs mounts) that no
// process is in.
func (s *scanner) readPersistent() {
	f, err := os.Open(s.opts.Proc + "/self/mountinfo")
	if err != nil {
		return
	}
	s.m.Mounts, _ = ReadNSFSMounts(f)
	f.Close()
	for _, mnt := range s.m.Mounts {
		ino, ok := mountIno(mnt.Root)
		if !ok || s.m.byIno[ino] != nil || mnt.Target == "" {
			continue
		}
		fd, err := nsOpen(mnt.Target)
		if err != nil {
			continue
		}
		s.fromFD(fd, ino, true)
		unix.Close(fd)
	}
}

// mountIno reads the inode from an nsfs mount's root, "net:[4026532281]".
func mountIno(root string) (uint64, bool) {
	i := 0
	for i < len(root) && root[i] != '[' {
		i++
	}
	if i == len(root) {
		return 0, false
	}
	j := i + 1
	for j < len(root) && root[j] >= '0' && root[j] <= '9' {
		j++
	}
	if j == i+1 || j >= len(root) || root[j] != ']' {
		return 0, false
	}
	ino, err := strconv.ParseUint(root[i+1:j], 10, 64)
	return ino, err == nil
}

// connect links every namespace to its parent and owner, adding those
// that no process is in from the ioctls of a process of their child
// (lsns 2.38.1's read_related_namespaces).
func (s *scanner) connect() {
	var orphans [2][]*Namespace
	for _, ns := range s.list {
		for rel := range 2 {
			if rel == relParent && ns.Type != typeUser && ns.Type != typePID {
				continue
			}
			if ns.rel[rel] == nil && ns.relID[rel] != 0 {
				ns.rel[rel] = s.m.byIno[ns.relID[rel]]
			}
		}
		for rel := range 2 {
			if ns.relID[rel] != 0 && ns.rel[rel] == nil {
				orphans[rel] = append(orphans[rel], ns)
			}
		}
	}
	req := [2]uint{unix.NS_GET_PARENT, unix.NS_GET_USERNS}
	for rel := range 2 {
		for i := len(orphans[rel]) - 1; i >= 0; i-- {
			ns := orphans[rel][i]
			if ns.rel[rel] = s.m.byIno[ns.relID[rel]]; ns.rel[rel] != nil || ns.Proc == nil {
				continue
			}
			fd, err := nsOpen(s.procPath(ns.Proc.PID) + "/ns/" + Types[ns.Type].Name)
			if err != nil {
				continue
			}
			if rel == relParent && ns.Type != typeUser && ns.Type != typePID {
				unix.Close(fd)
				continue
			}
			rfd, ino := related(fd, req[rel])
			unix.Close(fd)
			if rfd < 0 {
				continue
			}
			if ino == ns.relID[rel] {
				ns.rel[rel] = s.fromFD(rfd, ino, false)
			}
			unix.Close(rfd)
		}
	}
}

// processesByPID indexes ps by PID.
func processesByPID(ps []*Process) map[int]*Process {
	byPID := make(map[int]*Process, len(ps))
	for _, p := range ps {
		byPID[p.PID] = p
	}
	return byPID
}
