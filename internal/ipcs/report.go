// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import (
	"errors"
	"io"
	"os"
	"strconv"

	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// Options is what ipcs was asked to show.
type Options struct {
	Msg, Shm, Sem bool // resources; none means all three
	Format        Format
	Unit          Unit
	ByID          bool // show the one object ID of the single resource
	ID            int
	JSON          bool // one JSON document instead of the tables
	Posix         bool // also list the POSIX objects of each resource asked for
}

// posix reports whether the POSIX sections are printed: with --posix, for
// the listings (not -l, -u or -i).
func (o *Options) posix() bool {
	return o.Posix && !o.ByID && o.Format != FormatLimits && o.Format != FormatStatus
}

// Source gives the data; [Kernel] reads the caller's IPC namespace, tests
// give fixed data.
type Source interface {
	Msgs() ([]sysvipc.MsgQueue, error)
	Shms() ([]sysvipc.ShmSegment, error)
	// ShmsMemory is Shms with RSS and Swap where the system has them.
	ShmsMemory() ([]sysvipc.ShmSegment, error)
	Sems() ([]sysvipc.SemArray, error)
	MsgLimits() (sysvipc.MsgLimits, error)
	ShmLimits() (sysvipc.ShmLimits, error)
	SemLimits() (sysvipc.SemLimits, error)
	MsgStatus() (sysvipc.MsgInfo, error)
	ShmStatus() (sysvipc.ShmUsage, error)
	SemStatus() (sysvipc.SemInfo, error)
	// Msg, Shm and Sem look one object up by id; any error means there is
	// none.
	Msg(id int) (sysvipc.MsgQueue, error)
	Shm(id int) (sysvipc.ShmSegment, error)
	Sem(id int) (sysvipc.SemArray, error)
	// SemValues reads the semaphores of a set found by Sem.
	SemValues(id int) ([]sysvipc.Sem, error)
	PosixSource
}

// Kernel is the Source of the caller's IPC namespace.
type Kernel struct{}

func (Kernel) Msgs() ([]sysvipc.MsgQueue, error)       { return sysvipc.ListMsg() }
func (Kernel) Shms() ([]sysvipc.ShmSegment, error)     { return sysvipc.ListShm() }
func (Kernel) Sems() ([]sysvipc.SemArray, error)       { return sysvipc.ListSem() }
func (Kernel) MsgLimits() (sysvipc.MsgLimits, error)   { return sysvipc.ReadMsgLimits() }
func (Kernel) ShmLimits() (sysvipc.ShmLimits, error)   { return sysvipc.ReadShmLimits() }
func (Kernel) SemLimits() (sysvipc.SemLimits, error)   { return sysvipc.ReadSemLimits() }
func (Kernel) Msg(id int) (sysvipc.MsgQueue, error)    { return sysvipc.MsgByID(id) }
func (Kernel) Shm(id int) (sysvipc.ShmSegment, error)  { return sysvipc.ShmByID(id) }
func (Kernel) Sem(id int) (sysvipc.SemArray, error)    { return sysvipc.SemByID(id) }
func (Kernel) SemValues(id int) ([]sysvipc.Sem, error) { return sysvipc.SemValues(id) }
func (Kernel) MsgStatus() (sysvipc.MsgInfo, error) {
	return first(sysvipc.MsgCtlInfo(sysvipc.MSG_INFO))
}
func (Kernel) ShmStatus() (sysvipc.ShmUsage, error) { return first(sysvipc.ShmCtlUsage()) }
func (Kernel) SemStatus() (sysvipc.SemInfo, error) {
	return first(sysvipc.SemCtlInfo(sysvipc.SEM_INFO))
}

// ShmsMemory reads /proc/sysvipc/shm, the only source of each segment's
// RSS and Swap, or lists without them when it cannot. When the kernel's
// totals (SHM_INFO) say that no segment has a page in memory or in swap,
// the file is not read: the listing by SHM_STAT_ANY, with RSS and Swap 0,
// says the same at a fraction of the cost (the kernel formats the file
// with a printf per field).
func (k Kernel) ShmsMemory() ([]sysvipc.ShmSegment, error) { return k.ShmsMemoryLater()() }

// withoutMemory lists the segments with RSS and Swap 0 (and known) when
// the kernel's totals say that no segment holds a page.
func withoutMemory() ([]sysvipc.ShmSegment, bool) {
	if u, _, err := sysvipc.ShmCtlUsage(); err != nil || u.RSS != 0 || u.Swp != 0 {
		return nil, false
	}
	ss, err := sysvipc.ListShm()
	if err != nil {
		return nil, false
	}
	for i := range ss {
		ss[i].MemKnown = true
	}
	return ss, true
}

// ShmsMemoryLater starts what ShmsMemory does in the background and
// returns the function that waits for it. The file is opened here, on the
// calling thread, which fixes the IPC namespace it shows (a thread may
// have joined another one); it is read on another thread, while the
// caller goes on.
func (k Kernel) ShmsMemoryLater() func() ([]sysvipc.ShmSegment, error) {
	f, err := os.Open(procShm)
	if err != nil {
		return sysvipc.ListShm
	}
	if ss, ok := withoutMemory(); ok {
		f.Close()
		return func() ([]sysvipc.ShmSegment, error) { return ss, nil }
	}
	type result struct {
		ss  []sysvipc.ShmSegment
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer f.Close()
		ss, err := sysvipc.ReadShmProc(f)
		done <- result{ss, err}
	}()
	return func() ([]sysvipc.ShmSegment, error) {
		if r := <-done; r.err == nil {
			return r.ss, nil
		}
		return sysvipc.ListShm()
	}
}

// procShm lists the segments of the opener's IPC namespace with their
// memory use.
const procShm = "/proc/sysvipc/shm"

// shmsLater is a Source that can list segments with their memory use in
// the background ([Kernel] can).
type shmsLater interface {
	ShmsMemoryLater() func() ([]sysvipc.ShmSegment, error)
}

func first[T any](v T, _ int, err error) (T, error) { return v, err }

// NotFoundError is the -i of an id that names no object: util-linux warns
// "id N not found" and still exits 0.
type NotFoundError struct{ ID int }

func (e *NotFoundError) Error() string { return "id " + strconv.Itoa(e.ID) + " not found" }

// SemValuesError is a failure to read the semaphores of a set shown with
// -i, usually EACCES. util-linux names its first call, GETVAL, whichever
// fails.
type SemValuesError struct{ Err error }

func (e *SemValuesError) Error() string { return "semctl(GETVAL) failed" }
func (e *SemValuesError) Unwrap() error { return e.Err }

// ErrOneResource is -i with no resource or more than one.
var ErrOneResource = errors.New("when using an ID, a single resource must be specified")

// Render appends what ipcs prints for o to b. A *NotFoundError comes with
// the output (empty, or an empty JSON list), and so do *PosixListErrors
// (joined), after which the output is complete but for those objects;
// other errors mean failure.
func Render(b []byte, o Options, src Source, e *Env) ([]byte, error) {
	return render(b, nil, o, src, e)
}

// Write prints what ipcs prints for o to out. A JSON listing is written
// in chunks as it is made, so that it is never whole in memory; the other
// outputs are made whole, then written. The errors are Render's, joined
// with the first write error.
func Write(out io.Writer, o Options, src Source, e *Env) error {
	b, err := render(make([]byte, 0, 16<<10), out, o, src, e)
	if len(b) > 0 {
		if _, werr := out.Write(b); werr != nil {
			err = errors.Join(err, werr)
		}
	}
	return err
}

// render is Render, streaming a JSON listing to out when out is set (the
// returned bytes are then what is left to write).
func render(b []byte, out io.Writer, o Options, src Source, e *Env) ([]byte, error) {
	if o.ByID {
		n := 0
		for _, on := range [3]bool{o.Msg, o.Shm, o.Sem} {
			if on {
				n++
			}
		}
		if n != 1 {
			return b, ErrOneResource
		}
		if o.JSON {
			return jsonByID(b, o, src, e)
		}
		return detail(b, o, src, e)
	}
	if !o.Msg && !o.Shm && !o.Sem {
		o.Msg, o.Shm, o.Sem = true, true, true
	}
	if o.JSON {
		return jsonListing(b, out, o, src, e)
	}
	var errs []error
	b = append(b, '\n')
	if o.Msg {
		switch o.Format {
		case FormatLimits:
			b = MsgLimits(b, o.Unit, ptr(src.MsgLimits()))
		case FormatStatus:
			b = MsgStatus(b, o.Unit, ptr(src.MsgStatus()))
		default:
			qs, _ := src.Msgs() // no IPC in the kernel: the bare header
			b = MsgTable(b, o.Format, o.Unit, qs, e)
		}
		b = append(b, '\n')
		if o.posix() {
			qs, err := src.PosixQueues()
			errs = posixErr(errs, "POSIX message queues", err)
			b = append(PosixQueueTable(b, o.Unit, qs, e), '\n')
		}
	}
	if o.Shm {
		switch o.Format {
		case FormatLimits:
			b = ShmLimits(b, o.Unit, ptr(src.ShmLimits()), e.PageSize)
		case FormatStatus:
			b = ShmStatus(b, ptr(src.ShmStatus()))
		default:
			ss, _ := src.Shms()
			b = ShmTable(b, o.Format, o.Unit, ss, e)
		}
		b = append(b, '\n')
		if o.posix() {
			objs, err := src.PosixShm()
			errs = posixErr(errs, "POSIX shared memory", err)
			b = append(PosixShmTable(b, o.Unit, objs, e), '\n')
		}
	}
	if o.Sem {
		switch o.Format {
		case FormatLimits:
			b = SemLimits(b, ptr(src.SemLimits()))
		case FormatStatus:
			b = SemStatus(b, ptr(src.SemStatus()))
		default:
			as, _ := src.Sems()
			b = SemTable(b, o.Format, as, e)
		}
		b = append(b, '\n')
		if o.posix() {
			sems, err := src.PosixSems()
			errs = posixErr(errs, "POSIX semaphores", err)
			b = append(PosixSemTable(b, sems, e), '\n')
		}
	}
	return b, errors.Join(errs...)
}

// posixErr adds a listing failure to errs.
func posixErr(errs []error, what string, err error) []error {
	if err != nil {
		errs = append(errs, &PosixListError{What: what, Err: err})
	}
	return errs
}

// ptr is &v, or nil when err is set.
func ptr[T any](v T, err error) *T {
	if err != nil {
		return nil
	}
	return &v
}

// detail is the -i view of the one resource asked for. Negative ids never
// name an object; util-linux 2.38.1 instead takes -1 to mean "the first
// one" (and crashes for semaphores).
func detail(b []byte, o Options, src Source, e *Env) ([]byte, error) {
	notFound := &NotFoundError{ID: o.ID}
	if o.ID < 0 {
		return b, notFound
	}
	switch {
	case o.Msg:
		q, err := src.Msg(o.ID)
		if err != nil {
			return b, notFound
		}
		return MsgDetail(b, o.Unit, &q, e), nil
	case o.Shm:
		s, err := src.Shm(o.ID)
		if err != nil {
			return b, notFound
		}
		return ShmDetail(b, o.Unit, &s, e), nil
	default:
		a, err := src.Sem(o.ID)
		if err != nil {
			return b, notFound
		}
		if a.Sems, err = src.SemValues(o.ID); err != nil {
			return b, &SemValuesError{Err: err}
		}
		return SemDetail(b, &a, e), nil
	}
}
