//go:build linux

package ipcs

import (
	"errors"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/gonstools/gonstools/pkg/posixipc"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// jsonWriter appends indented JSON. Containers track whether they hold an
// item yet, so callers never place commas themselves. With out set, a
// listing is written out in chunks of about jsonChunk bytes as it is made
// (see flush), so that the whole document is never in memory.
type jsonWriter struct {
	b     []byte
	depth int
	fresh bool // a container was just opened

	out io.Writer // nil: everything stays in b
	err error     // the first error from out
}

// jsonChunk is how much a streamed document holds before it is written.
const jsonChunk = 64 << 10

// flush writes what b holds once it reaches jsonChunk. It is called
// between the objects of a listing.
func (w *jsonWriter) flush() {
	if w.out != nil && len(w.b) >= jsonChunk {
		w.writeOut()
	}
}

// writeOut writes b and empties it; after a write error nothing more is
// written.
func (w *jsonWriter) writeOut() {
	if w.err == nil {
		_, w.err = w.out.Write(w.b)
	}
	w.b = w.b[:0]
}

// indent is a newline and the indentation of the deepest container.
const indent = "\n            "

func (w *jsonWriter) newline() {
	if n := 1 + 2*w.depth; n <= len(indent) {
		w.b = append(w.b, indent[:n]...)
		return
	}
	w.b = append(w.b, '\n')
	w.b = pad(w.b, 2*w.depth)
}

func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.fresh = true
}

func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.fresh {
		w.newline()
	}
	w.b = append(w.b, c)
	w.fresh = false
}

// item starts the next element of the current container.
func (w *jsonWriter) item() {
	if !w.fresh {
		w.b = append(w.b, ',')
	}
	w.newline()
	w.fresh = false
}

// key starts a member. Keys are this package's constants, plain ASCII
// that needs no escaping.
func (w *jsonWriter) key(k string) {
	b := w.b // one load and one store of w.b: this is the hot path
	if !w.fresh {
		b = append(b, ',')
	}
	w.fresh = false
	if n := 1 + 2*w.depth; n <= len(indent) {
		b = append(b, indent[:n]...)
	} else {
		b = append(b, '\n')
		b = pad(b, 2*w.depth)
	}
	b = append(b, '"')
	b = append(b, k...)
	w.b = append(b, '"', ':', ' ')
}

func (w *jsonWriter) int(k string, v int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jsonWriter) uint(k string, v uint64) {
	w.key(k)
	w.b = strconv.AppendUint(w.b, v, 10)
}

func (w *jsonWriter) str(k, v string) {
	w.key(k)
	w.b = jsonString(w.b, v)
}

func (w *jsonWriter) bool(k string, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
}

func (w *jsonWriter) null(k string) {
	w.key(k)
	w.b = append(w.b, "null"...)
}

// name is a resolved name, or null.
func (w *jsonWriter) name(k, v string, ok bool) {
	if ok {
		w.str(k, v)
	} else {
		w.null(k)
	}
}

// jsonString appends s as a JSON string; bytes that are not UTF-8 become
// U+FFFD.
func jsonString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	plain := 0 // printable ASCII needing no escape, the usual name
	for plain < len(s) && s[plain] >= 0x20 && s[plain] < 0x7f && s[plain] != '"' && s[plain] != '\\' {
		plain++
	}
	b = append(b, s[:plain]...)
	for i := plain; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, r) // RuneError for invalid bytes
		i += n
	}
	return append(b, '"')
}

func (w *jsonWriter) perm(p *sysvipc.Perm, e *Env) {
	w.uint("key", uint64(uint32(p.Key)))
	w.int("id", int64(p.ID))
	w.uint("mode", uint64(p.Mode))
	for _, o := range [4]struct {
		idKey, nameKey string
		id             uint32
		user           bool
	}{
		{"uid", "user", p.UID, true},
		{"gid", "group", p.GID, false},
		{"cuid", "cuser", p.CUID, true},
		{"cgid", "cgroup", p.CGID, false},
	} {
		w.uint(o.idKey, uint64(o.id))
		var name string
		var ok bool
		if o.user {
			name, ok = e.Names.User(o.id)
		} else {
			name, ok = e.Names.Group(o.id)
		}
		w.name(o.nameKey, name, ok)
	}
}

func (w *jsonWriter) msg(q *sysvipc.MsgQueue, e *Env) {
	w.item()
	w.open('{')
	w.perm(&q.Perm, e)
	w.uint("used_bytes", q.CBytes)
	w.uint("messages", q.QNum)
	w.uint("max_bytes", q.QBytes)
	w.int("last_send_pid", int64(q.LSPID))
	w.int("last_recv_pid", int64(q.LRPID))
	w.int("send_time", q.STime)
	w.int("recv_time", q.RTime)
	w.int("change_time", q.CTime)
	w.close('}')
}

func (w *jsonWriter) shm(s *sysvipc.ShmSegment, e *Env) {
	w.item()
	w.open('{')
	w.perm(&s.Perm, e)
	w.uint("bytes", s.Size)
	w.uint("attached", s.NAttch)
	w.bool("dest", s.Mode&sysvipc.SHM_DEST != 0)
	w.bool("locked", s.Mode&sysvipc.SHM_LOCKED != 0)
	w.int("creator_pid", int64(s.CPID))
	w.int("last_pid", int64(s.LPID))
	w.int("attach_time", s.ATime)
	w.int("detach_time", s.DTime)
	w.int("change_time", s.CTime)
	if s.MemKnown {
		w.uint("resident_bytes", s.RSS)
		w.uint("swapped_bytes", s.Swap)
	}
	w.close('}')
}

func (w *jsonWriter) sem(a *sysvipc.SemArray, e *Env) {
	w.item()
	w.open('{')
	w.perm(&a.Perm, e)
	w.uint("nsems", a.NSems)
	w.int("op_time", a.OTime)
	w.int("change_time", a.CTime)
	if a.Sems != nil {
		w.key("semaphores")
		w.open('[')
		for i, s := range a.Sems {
			w.item()
			w.open('{')
			w.int("num", int64(i))
			w.int("value", int64(s.Value))
			w.int("ncount", int64(s.NCount))
			w.int("zcount", int64(s.ZCount))
			w.int("pid", int64(s.PID))
			w.close('}')
		}
		w.close(']')
	}
	w.close('}')
}

// jsonListing is the JSON of a listing, -l or -u. With out set, the
// document is written there as it is made (the returned bytes are what
// is left to write) and the first write error joins the others.
func jsonListing(b []byte, out io.Writer, o Options, src Source, e *Env) ([]byte, error) {
	var errs []error
	w := &jsonWriter{b: b, out: out}
	// The segments' memory use comes from /proc, whose kernel side costs
	// more than the rest of a segment's JSON: read it while the queues
	// are listed.
	shms := src.ShmsMemory
	if l, ok := src.(shmsLater); ok && o.Msg && o.Shm && o.Format != FormatLimits && o.Format != FormatStatus {
		shms = l.ShmsMemoryLater()
	}
	w.open('{')
	if o.Msg {
		switch o.Format {
		case FormatLimits:
			w.key("message_queue_limits")
			if l, err := src.MsgLimits(); err != nil {
				w.b = append(w.b, "null"...)
			} else {
				w.open('{')
				w.int("max_queues", int64(l.MNI))
				w.uint("max_message_bytes", l.Max)
				w.int("default_max_queue_bytes", int64(l.MNB))
				w.close('}')
			}
		case FormatStatus:
			w.key("message_queue_status")
			if i, err := src.MsgStatus(); err != nil {
				w.b = append(w.b, "null"...)
			} else {
				w.open('{')
				w.int("queues", int64(i.Pool))
				w.int("messages", int64(i.Map))
				w.int("bytes", int64(i.TQL))
				w.close('}')
			}
		default:
			qs, _ := src.Msgs()
			w.key("message_queues")
			w.open('[')
			for i := 0; i < len(qs) && w.err == nil; i++ {
				w.msg(&qs[i], e)
				w.flush()
			}
			w.close(']')
		}
		if o.posix() {
			qs, err := src.PosixQueues()
			errs = posixErr(errs, "POSIX message queues", err)
			w.key("posix_message_queues")
			w.open('[')
			for i := 0; i < len(qs) && w.err == nil; i++ {
				w.posixQueue(&qs[i], e)
				w.flush()
			}
			w.close(']')
		}
	}
	if o.Shm {
		switch o.Format {
		case FormatLimits:
			w.key("shared_memory_limits")
			if l, err := src.ShmLimits(); err != nil {
				w.b = append(w.b, "null"...)
			} else {
				w.open('{')
				w.uint("max_segments", l.MNI)
				w.uint("max_segment_bytes", l.Max)
				w.uint("max_total_pages", l.All)
				w.uint("page_size", e.PageSize)
				w.uint("min_segment_bytes", l.Min)
				w.close('}')
			}
		case FormatStatus:
			w.key("shared_memory_status")
			if i, err := src.ShmStatus(); err != nil {
				w.b = append(w.b, "null"...)
			} else {
				w.open('{')
				w.int("segments", int64(i.UsedIDs))
				w.uint("pages", i.Tot)
				w.uint("resident_pages", i.RSS)
				w.uint("swapped_pages", i.Swp)
				w.uint("page_size", e.PageSize)
				w.close('}')
			}
		default:
			ss, _ := shms()
			w.key("shared_memory")
			w.open('[')
			for i := 0; i < len(ss) && w.err == nil; i++ {
				w.shm(&ss[i], e)
				w.flush()
			}
			w.close(']')
		}
		if o.posix() {
			objs, err := src.PosixShm()
			errs = posixErr(errs, "POSIX shared memory", err)
			w.key("posix_shared_memory")
			w.open('[')
			for i := 0; i < len(objs) && w.err == nil; i++ {
				w.posixObject(&objs[i], e, nil)
				w.flush()
			}
			w.close(']')
		}
	}
	if o.Sem {
		switch o.Format {
		case FormatLimits:
			w.key("semaphore_limits")
			if l, err := src.SemLimits(); err != nil {
				w.b = append(w.b, "null"...)
			} else {
				w.open('{')
				w.int("max_arrays", int64(l.MNI))
				w.int("max_semaphores_per_array", int64(l.MSL))
				w.int("max_semaphores", int64(l.MNS))
				w.int("max_ops_per_call", int64(l.OPM))
				w.uint("max_value", uint64(l.VMX))
				w.close('}')
			}
		case FormatStatus:
			w.key("semaphore_status")
			if i, err := src.SemStatus(); err != nil {
				w.b = append(w.b, "null"...)
			} else {
				w.open('{')
				w.int("arrays", int64(i.Usz))
				w.int("semaphores", int64(i.Aem))
				w.close('}')
			}
		default:
			as, _ := src.Sems()
			w.key("semaphores")
			w.open('[')
			for i := 0; i < len(as) && w.err == nil; i++ {
				w.sem(&as[i], e)
				w.flush()
			}
			w.close(']')
		}
		if o.posix() {
			sems, err := src.PosixSems()
			errs = posixErr(errs, "POSIX semaphores", err)
			w.key("posix_semaphores")
			w.open('[')
			for i := 0; i < len(sems) && w.err == nil; i++ {
				w.posixObject(&sems[i].Object, e, &sems[i])
				w.flush()
			}
			w.close(']')
		}
	}
	w.close('}')
	w.b = append(w.b, '\n')
	if out != nil {
		w.writeOut()
		errs = append(errs, w.err)
	}
	return w.b, errors.Join(errs...)
}

// posixOwner is the name and owner members of a POSIX object.
func (w *jsonWriter) posixOwner(name string, uid, gid, mode uint32, e *Env) {
	w.str("name", name)
	w.uint("mode", uint64(mode))
	w.uint("uid", uint64(uid))
	u, ok := e.Names.User(uid)
	w.name("user", u, ok)
	w.uint("gid", uint64(gid))
	g, ok := e.Names.Group(gid)
	w.name("group", g, ok)
}

func (w *jsonWriter) posixQueue(q *posixipc.Queue, e *Env) {
	w.item()
	w.open('{')
	w.posixOwner(q.Name, q.UID, q.GID, q.Mode, e)
	if q.Known {
		w.uint("used_bytes", q.QSize)
		w.int("messages", q.CurMsgs)
		w.int("max_messages", q.MaxMsg)
		w.int("max_message_bytes", q.MsgSize)
		w.int("notify_pid", int64(q.NotifyPID))
	} else {
		for _, k := range [...]string{"used_bytes", "messages", "max_messages", "max_message_bytes", "notify_pid"} {
			w.null(k)
		}
	}
	w.int("change_time", q.ModTime.Unix())
	w.close('}')
}

// posixObject is a shared memory object, or a semaphore when sem is set.
func (w *jsonWriter) posixObject(o *posixipc.Object, e *Env, sem *PosixSem) {
	w.item()
	w.open('{')
	w.posixOwner(o.Name, o.UID, o.GID, o.Mode, e)
	if sem == nil {
		w.int("bytes", o.Size)
	} else if sem.Known {
		w.uint("value", uint64(sem.Value))
	} else {
		w.null("value")
	}
	w.int("change_time", o.ModTime.Unix())
	w.close('}')
}

// jsonByID is the JSON of -i: the resource's list with the one object, or
// empty when there is none (with a *NotFoundError, as for the tables).
func jsonByID(b []byte, o Options, src Source, e *Env) ([]byte, error) {
	w := &jsonWriter{b: b}
	w.open('{')
	var err error
	notFound := &NotFoundError{ID: o.ID}
	switch {
	case o.Msg:
		w.key("message_queues")
		w.open('[')
		if q, lerr := src.Msg(o.ID); lerr == nil && o.ID >= 0 {
			w.msg(&q, e)
		} else {
			err = notFound
		}
	case o.Shm:
		w.key("shared_memory")
		w.open('[')
		if s, lerr := src.Shm(o.ID); lerr == nil && o.ID >= 0 {
			w.shm(&s, e)
		} else {
			err = notFound
		}
	default:
		w.key("semaphores")
		w.open('[')
		a, lerr := src.Sem(o.ID)
		switch {
		case lerr != nil || o.ID < 0:
			err = notFound
		default:
			if a.Sems, lerr = src.SemValues(o.ID); lerr != nil {
				return b, &SemValuesError{Err: lerr}
			}
			w.sem(&a, e)
		}
	}
	w.close(']')
	w.close('}')
	return append(w.b, '\n'), err
}
