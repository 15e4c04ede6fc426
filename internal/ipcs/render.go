// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import (
	"math/bits"
	"slices"
	"strconv"

	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// Format is the output format of a listing: ipcs's -t, -p, -c, -l, -u or
// none of them.
type Format uint8

const (
	FormatDefault Format = iota // key, id, owner, perms, sizes
	FormatLimits                // -l: the limits
	FormatStatus                // -u: the usage summary
	FormatCreator               // -c: creators and owners
	FormatTime                  // -t: times
	FormatPID                   // -p: creator and last-operation pids
)

// Unit is how sizes are shown: ipcs's -b, --human, or neither.
type Unit uint8

const (
	UnitDefault Unit = iota // bytes, but kbytes for some limits
	UnitBytes               // -b: always bytes
	UnitHuman               // --human: 1.9K, 16E
	unitKB                  // kbytes: only as the default of a limit
)

// Env is what a renderer needs beyond the data: who owners are, and the
// time zone dates are shown in (only -t and the detail views show dates).
type Env struct {
	Names    Names
	Zone     Zone   // nil: UTC
	PageSize uint64 // for the shared memory limits

	ctimeBuf []byte // util-linux's static ctime buffer
}

// rowBytes is about the longest row of a table (-c with long names),
// for growing the buffer once per table rather than by doubling.
const rowBytes = 80

// owner is "%-10.10s" of the user's name, or "%-10u" of the uid.
func (e *Env) owner(b []byte, uid uint32) []byte {
	if name, ok := e.Names.User(uid); ok {
		return leftCut(b, name, 10)
	}
	return leftUint(b, uint64(uid), 10)
}

// perms is the creators/owners row util-linux shares between the three
// kinds: id, perms, then cuid, cgid, uid and gid as names (never cut) or
// numbers.
func (e *Env) perms(b []byte, p *sysvipc.Perm) []byte {
	b = leftInt(b, int64(p.ID), 10)
	b = append(b, ' ')
	b = leftOct(b, uint64(p.Mode&0o777), 10)
	for i, id := range [4]uint32{p.CUID, p.CGID, p.UID, p.GID} {
		b = append(b, ' ')
		name, ok := "", false
		if i%2 == 0 {
			name, ok = e.Names.User(id)
		} else {
			name, ok = e.Names.Group(id)
		}
		if ok {
			b = left(b, name, 10)
		} else {
			b = leftUint(b, uint64(id), 10)
		}
	}
	return append(b, '\n')
}

// size is util-linux's ipc_print_size: an optional label, the value in the
// unit, with a printf width (negative: left-justified), and an ending.
func size(b []byte, u Unit, label string, v uint64, end string, width int) []byte {
	switch {
	case label == "":
	case label[len(label)-1] == '=':
		b = append(b, label...)
	case u == UnitBytes:
		b = append(b, label...)
		b = append(b, " (bytes) = "...)
	case u == unitKB:
		b = append(b, label...)
		b = append(b, " (kbytes) = "...)
	default:
		b = append(b, label...)
		b = append(b, " = "...)
	}
	var tmp [32]byte
	var s []byte
	switch u {
	case UnitHuman:
		s = humanSize(tmp[:0], v)
	case unitKB:
		s = strconv.AppendUint(tmp[:0], v/1024, 10)
	default:
		s = strconv.AppendUint(tmp[:0], v, 10)
	}
	if width < 0 {
		b = append(b, s...)
		b = pad(b, -width-len(s))
	} else {
		b = pad(b, width-len(s))
		b = append(b, s...)
	}
	return append(b, end...)
}

// idOwner appends a row's first columns: the id, left in width, and the
// owner.
func (e *Env) idOwner(b []byte, id, width int, uid uint32) []byte {
	b = leftInt(b, int64(id), width)
	b = append(b, ' ')
	return e.owner(b, uid)
}

// shortTimes ends a -t row with its three times.
func (e *Env) shortTimes(b []byte, times ...int64) []byte {
	for _, t := range times {
		b = append(b, ' ')
		b = e.shortTime(b, t)
	}
	return append(b, '\n')
}

// or returns u, or def when u is the default unit.
func (u Unit) or(def Unit) Unit {
	if u == UnitDefault {
		return def
	}
	return u
}

// MsgTable appends the message queue section of a listing in format f
// (default, -t, -p or -c): its title, header and one row per queue.
func MsgTable(b []byte, f Format, u Unit, qs []sysvipc.MsgQueue, e *Env) []byte {
	switch f {
	case FormatCreator:
		b = append(b, "------ Message Queues Creators/Owners --------\n"+
			"msqid      perms      cuid       cgid       uid        gid       \n"...)
	case FormatTime:
		b = append(b, "------ Message Queues Send/Recv/Change Times --------\n"+
			"msqid    owner      send                 recv                 change              \n"...)
	case FormatPID:
		b = append(b, "------ Message Queues PIDs --------\n"+
			"msqid      owner      lspid      lrpid     \n"...)
	default:
		b = append(b, "------ Message Queues --------\n"...)
		if u == UnitHuman {
			b = append(b, "key        msqid      owner      perms      size         messages    \n"...)
		} else {
			b = append(b, "key        msqid      owner      perms      used-bytes   messages    \n"...)
		}
	}
	b = slices.Grow(b, len(qs)*rowBytes)
	for i := range qs {
		q := &qs[i]
		switch f {
		case FormatCreator:
			b = e.perms(b, &q.Perm)
		case FormatTime:
			b = e.shortTimes(e.idOwner(b, q.ID, 8, q.UID), q.STime, q.RTime, q.CTime)
		case FormatPID:
			b = e.idOwner(b, q.ID, 8, q.UID)
			b = append(b, "  "...)
			b = rightInt(b, int64(q.LSPID), 5)
			b = append(b, "     "...)
			b = rightInt(b, int64(q.LRPID), 5)
			b = append(b, '\n')
		default:
			b = key(b, q.Key)
			b = append(b, ' ')
			b = e.idOwner(b, q.ID, 10, q.UID)
			b = append(b, ' ')
			b = leftOct(b, uint64(q.Mode&0o777), 10)
			b = append(b, ' ')
			if u == UnitHuman {
				b = size(b, u, "", q.CBytes, "      ", 6)
			} else {
				b = size(b, u, "", q.CBytes, "", -12)
			}
			b = append(b, ' ')
			b = leftUint(b, q.QNum, 12)
			b = append(b, '\n')
		}
	}
	return b
}

// ShmTable appends the shared memory section of a listing in format f.
func ShmTable(b []byte, f Format, u Unit, ss []sysvipc.ShmSegment, e *Env) []byte {
	switch f {
	case FormatCreator:
		b = append(b, "------ Shared Memory Segment Creators/Owners --------\n"+
			"shmid      perms      cuid       cgid       uid        gid       \n"...)
	case FormatTime:
		b = append(b, "------ Shared Memory Attach/Detach/Change Times --------\n"+
			"shmid      owner      attached             detached             changed             \n"...)
	case FormatPID:
		b = append(b, "------ Shared Memory Creator/Last-op PIDs --------\n"+
			"shmid      owner      cpid       lpid      \n"...)
	default:
		b = append(b, "------ Shared Memory Segments --------\n"...)
		if u == UnitHuman {
			b = append(b, "key        shmid      owner      perms      size       nattch     status      \n"...)
		} else {
			b = append(b, "key        shmid      owner      perms      bytes      nattch     status      \n"...)
		}
	}
	b = slices.Grow(b, len(ss)*rowBytes)
	for i := range ss {
		s := &ss[i]
		switch f {
		case FormatCreator:
			b = e.perms(b, &s.Perm)
		case FormatTime:
			b = e.shortTimes(e.idOwner(b, s.ID, 10, s.UID), s.ATime, s.DTime, s.CTime)
		case FormatPID:
			b = e.idOwner(b, s.ID, 10, s.UID)
			b = append(b, ' ')
			b = leftUint(b, uint64(uint32(s.CPID)), 10)
			b = append(b, ' ')
			b = leftUint(b, uint64(uint32(s.LPID)), 10)
			b = append(b, '\n')
		default:
			b = key(b, s.Key)
			b = append(b, ' ')
			b = e.idOwner(b, s.ID, 10, s.UID)
			b = append(b, ' ')
			b = leftOct(b, uint64(s.Mode&0o777), 10)
			b = append(b, ' ')
			if u == UnitHuman {
				b = size(b, u, "", s.Size, "    ", 6)
			} else {
				b = size(b, u, "", s.Size, "", -10)
			}
			b = append(b, ' ')
			b = leftUint(b, s.NAttch, 10)
			b = append(b, ' ')
			if s.Mode&sysvipc.SHM_DEST != 0 {
				b = append(b, "dest  "...)
			} else {
				b = append(b, "      "...)
			}
			b = append(b, ' ')
			if s.Mode&sysvipc.SHM_LOCKED != 0 {
				b = append(b, "locked"...)
			} else {
				b = append(b, "      "...)
			}
			b = append(b, '\n')
		}
	}
	return b
}

// SemTable appends the semaphore section of a listing in format f. As in
// util-linux, -p has neither title nor rows for semaphores.
func SemTable(b []byte, f Format, as []sysvipc.SemArray, e *Env) []byte {
	switch f {
	case FormatPID:
		return b
	case FormatCreator:
		b = append(b, "------ Semaphore Arrays Creators/Owners --------\n"+
			"semid      perms      cuid       cgid       uid        gid       \n"...)
	case FormatTime:
		b = append(b, "------ Semaphore Operation/Change Times --------\n"+
			"semid    owner      last-op                    last-changed              \n"...)
	default:
		b = append(b, "------ Semaphore Arrays --------\n"+
			"key        semid      owner      perms      nsems     \n"...)
	}
	b = slices.Grow(b, len(as)*rowBytes)
	for i := range as {
		a := &as[i]
		switch f {
		case FormatCreator:
			b = e.perms(b, &a.Perm)
		case FormatTime:
			b = e.idOwner(b, a.ID, 8, a.UID)
			b = append(b, "  "...)
			b = e.longTime(b, a.OTime)
			b = append(b, ' ')
			b = e.longTime(b, a.CTime)
			b = append(b, '\n')
		default:
			b = key(b, a.Key)
			b = append(b, ' ')
			b = e.idOwner(b, a.ID, 10, a.UID)
			b = append(b, ' ')
			b = leftOct(b, uint64(a.Mode&0o777), 10)
			b = append(b, ' ')
			b = leftUint(b, a.NSems, 10)
			b = append(b, '\n')
		}
	}
	return b
}

// MsgLimits appends the -l section for message queues; nil limits (they
// could not be read) print util-linux's apology instead.
func MsgLimits(b []byte, u Unit, l *sysvipc.MsgLimits) []byte {
	if l == nil {
		return append(b, "unable to fetch message limits\n"...)
	}
	b = append(b, "------ Messages Limits --------\n"+
		"max queues system wide = "...)
	b = strconv.AppendInt(b, int64(l.MNI), 10)
	b = append(b, '\n')
	b = size(b, u.or(UnitBytes), "max size of message", l.Max, "\n", 0)
	return size(b, u.or(UnitBytes), "default max size of queue", uint64(int64(l.MNB)), "\n", 0)
}

// ShmLimits appends the -l section for shared memory.
func ShmLimits(b []byte, u Unit, l *sysvipc.ShmLimits, pageSize uint64) []byte {
	if l == nil {
		return append(b, "unable to fetch shared memory limits\n"...)
	}
	b = append(b, "------ Shared Memory Limits --------\n"+
		"max number of segments = "...)
	b = strconv.AppendUint(b, l.MNI, 10)
	b = append(b, '\n')
	b = size(b, u.or(unitKB), "max seg size", l.Max, "\n", 0)
	// shmall is in pages; a product that overflows prints as the largest
	// multiple of the factor, as util-linux does.
	total := func(factor uint64) uint64 {
		hi, lo := bits.Mul64(l.All, factor)
		if hi != 0 {
			return ^uint64(0) - ^uint64(0)%factor
		}
		return lo
	}
	if u == UnitDefault {
		b = size(b, UnitDefault, "max total shared memory (kbytes)", total(pageSize/1024), "\n", 0)
	} else {
		b = size(b, u, "max total shared memory", total(pageSize), "\n", 0)
	}
	return size(b, u.or(UnitBytes), "min seg size", l.Min, "\n", 0)
}

// SemLimits appends the -l section for semaphores.
func SemLimits(b []byte, l *sysvipc.SemLimits) []byte {
	if l == nil {
		return append(b, "unable to fetch semaphore limits\n"...)
	}
	b = append(b, "------ Semaphore Limits --------\n"...)
	for _, f := range [4]struct {
		label string
		v     int32
	}{
		{"max number of arrays = ", l.MNI},
		{"max semaphores per array = ", l.MSL},
		{"max semaphores system wide = ", l.MNS},
		{"max ops per semop call = ", l.OPM},
	} {
		b = append(b, f.label...)
		b = strconv.AppendInt(b, int64(f.v), 10)
		b = append(b, '\n')
	}
	b = append(b, "semaphore max value = "...)
	b = strconv.AppendUint(b, uint64(l.VMX), 10)
	return append(b, '\n')
}

// MsgStatus appends the -u section for message queues from MSG_INFO; nil
// (the call failed) prints that the kernel lacks them.
func MsgStatus(b []byte, u Unit, i *sysvipc.MsgInfo) []byte {
	if i == nil {
		return append(b, "kernel not configured for message queues\n"...)
	}
	b = append(b, "------ Messages Status --------\n"+
		"allocated queues = "...)
	b = strconv.AppendInt(b, int64(i.Pool), 10)
	b = append(b, "\nused headers = "...)
	b = strconv.AppendInt(b, int64(i.Map), 10)
	b = append(b, '\n')
	end := "\n"
	if u == UnitDefault {
		end = " bytes\n"
	}
	return size(b, u, "used space", uint64(int64(i.TQL)), end, 0)
}

// ShmStatus appends the -u section for shared memory from SHM_INFO.
func ShmStatus(b []byte, i *sysvipc.ShmUsage) []byte {
	if i == nil {
		return append(b, "kernel not configured for shared memory\n"...)
	}
	b = append(b, "------ Shared Memory Status --------\n"+
		"segments allocated "...)
	b = strconv.AppendInt(b, int64(i.UsedIDs), 10)
	b = append(b, "\npages allocated "...)
	b = strconv.AppendInt(b, int64(i.Tot), 10)
	b = append(b, "\npages resident  "...)
	b = strconv.AppendInt(b, int64(i.RSS), 10)
	b = append(b, "\npages swapped   "...)
	b = strconv.AppendInt(b, int64(i.Swp), 10)
	b = append(b, "\nSwap performance: "...)
	b = strconv.AppendInt(b, int64(i.SwapAttempts), 10)
	b = append(b, " attempts\t "...)
	b = strconv.AppendInt(b, int64(i.SwapSuccesses), 10)
	return append(b, " successes\n"...)
}

// SemStatus appends the -u section for semaphores from SEM_INFO.
func SemStatus(b []byte, i *sysvipc.SemInfo) []byte {
	if i == nil {
		return append(b, "kernel not configured for semaphores\n"...)
	}
	b = append(b, "------ Semaphore Status --------\n"+
		"used arrays = "...)
	b = strconv.AppendInt(b, int64(i.Usz), 10)
	b = append(b, "\nallocated semaphores = "...)
	b = strconv.AppendInt(b, int64(i.Aem), 10)
	return append(b, '\n')
}

// MsgDetail appends the -i view of one queue.
func MsgDetail(b []byte, u Unit, q *sysvipc.MsgQueue, e *Env) []byte {
	b = append(b, "\nMessage Queue msqid="...)
	b = strconv.AppendInt(b, int64(q.ID), 10)
	b = owners(b, &q.Perm, "\t")
	b = append(b, "\tmode="...)
	b = altOct(b, q.Mode)
	b = append(b, '\n')
	if u == UnitHuman {
		b = size(b, u, "csize=", q.CBytes, "\t", 0)
		b = size(b, u, "qsize=", q.QBytes, "\t", 0)
	} else {
		b = size(b, u, "cbytes=", q.CBytes, "\t", 0)
		b = size(b, u, "qbytes=", q.QBytes, "\t", 0)
	}
	b = append(b, "qnum="...)
	b = strconv.AppendInt(b, int64(q.QNum), 10)
	b = append(b, "\tlspid="...)
	b = strconv.AppendInt(b, int64(q.LSPID), 10)
	b = append(b, "\tlrpid="...)
	b = strconv.AppendInt(b, int64(q.LRPID), 10)
	b = append(b, "\nsend_time="...)
	b = e.longTime(b, q.STime)
	b = append(b, "\nrcv_time="...)
	b = e.longTime(b, q.RTime)
	b = append(b, "\nchange_time="...)
	b = e.longTime(b, q.CTime)
	return append(b, "\n\n"...)
}

// ShmDetail appends the -i view of one segment.
func ShmDetail(b []byte, u Unit, s *sysvipc.ShmSegment, e *Env) []byte {
	b = append(b, "\nShared memory Segment shmid="...)
	b = strconv.AppendInt(b, int64(s.ID), 10)
	b = owners(b, &s.Perm, "\t")
	b = append(b, "\nmode="...)
	b = altOct(b, s.Mode)
	b = append(b, "\taccess_perms="...)
	b = altOct(b, s.Mode&0o777)
	b = append(b, '\n')
	if u == UnitHuman {
		b = size(b, u, "size=", s.Size, "\t", 0)
	} else {
		b = size(b, u, "bytes=", s.Size, "\t", 0)
	}
	b = append(b, "lpid="...)
	b = strconv.AppendUint(b, uint64(uint32(s.LPID)), 10)
	b = append(b, "\tcpid="...)
	b = strconv.AppendUint(b, uint64(uint32(s.CPID)), 10)
	b = append(b, "\tnattch="...)
	b = strconv.AppendInt(b, int64(s.NAttch), 10)
	b = append(b, "\natt_time="...)
	b = e.longTime(b, s.ATime)
	b = append(b, "\ndet_time="...)
	b = e.longTime(b, s.DTime)
	b = append(b, "\nchange_time="...)
	b = e.date(b, s.CTime) // printed even when 0, as util-linux does
	return append(b, "\n\n"...)
}

// SemDetail appends the -i view of one semaphore set and its semaphores.
func SemDetail(b []byte, a *sysvipc.SemArray, e *Env) []byte {
	b = append(b, "\nSemaphore Array semid="...)
	b = strconv.AppendInt(b, int64(a.ID), 10)
	b = owners(b, &a.Perm, "\t ")
	b = append(b, "\nmode="...)
	b = altOct(b, a.Mode)
	b = append(b, ", access_perms="...)
	b = altOct(b, a.Mode&0o777)
	b = append(b, "\nnsems = "...)
	b = strconv.AppendUint(b, a.NSems, 10)
	b = append(b, "\notime = "...)
	b = e.longTime(b, a.OTime)
	b = append(b, "\nctime = "...)
	b = e.date(b, a.CTime)
	b = append(b, "\nsemnum     value      ncount     zcount     pid       \n"...)
	for i, s := range a.Sems {
		b = leftInt(b, int64(i), 10)
		for _, v := range [4]int{s.Value, s.NCount, s.ZCount, s.PID} {
			b = append(b, ' ')
			b = leftInt(b, int64(v), 10)
		}
		b = append(b, '\n')
	}
	return append(b, '\n')
}

// owners appends "\nuid=%u<sep>gid=%u<sep>cuid=%u<sep>cgid=%u".
func owners(b []byte, p *sysvipc.Perm, sep string) []byte {
	b = append(b, "\nuid="...)
	b = strconv.AppendUint(b, uint64(p.UID), 10)
	b = append(b, sep...)
	b = append(b, "gid="...)
	b = strconv.AppendUint(b, uint64(p.GID), 10)
	b = append(b, sep...)
	b = append(b, "cuid="...)
	b = strconv.AppendUint(b, uint64(p.CUID), 10)
	b = append(b, sep...)
	b = append(b, "cgid="...)
	return strconv.AppendUint(b, uint64(p.CGID), 10)
}
