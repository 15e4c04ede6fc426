// SPDX-License-Identifier: Apache-2.0

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

// A member is how a member of an object of the document's lists begins
// (at depth 3, where nearly all of them are): the comma after the one
// before, the newline and indentation, the quoted key and ": ", all
// copied at once. Members of objects at other depths are written with
// key.
type member string

const memberPrefix, memberSuffix = ",\n      \"", "\": "

// name is m's key.
func (m member) name() string { return string(m[len(memberPrefix) : len(m)-len(memberSuffix)]) }

// put starts member m of the current object.
func (w *jsonWriter) put(m member) {
	switch {
	case w.depth != 3:
		w.key(m.name())
	case w.fresh:
		w.b = append(w.b, m[1:]...)
	default:
		w.b = append(w.b, m...)
	}
	w.fresh = false
}

func (w *jsonWriter) int(m member, v int64) {
	w.put(m)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jsonWriter) uint(m member, v uint64) {
	w.put(m)
	w.b = strconv.AppendUint(w.b, v, 10)
}

func (w *jsonWriter) str(m member, v string) {
	w.put(m)
	w.b = jsonString(w.b, v)
}

func (w *jsonWriter) bool(m member, v bool) {
	w.put(m)
	w.b = strconv.AppendBool(w.b, v)
}

func (w *jsonWriter) null(m member) {
	w.put(m)
	w.b = append(w.b, "null"...)
}

// name is a resolved name, or null.
func (w *jsonWriter) name(m member, v string, ok bool) {
	if ok {
		w.str(m, v)
	} else {
		w.null(m)
	}
}

// The members of the document.
const (
	mArrays                member = memberPrefix + "arrays" + memberSuffix
	mAttachTime            member = memberPrefix + "attach_time" + memberSuffix
	mAttached              member = memberPrefix + "attached" + memberSuffix
	mBytes                 member = memberPrefix + "bytes" + memberSuffix
	mCGID                  member = memberPrefix + "cgid" + memberSuffix
	mCgroup                member = memberPrefix + "cgroup" + memberSuffix
	mChangeTime            member = memberPrefix + "change_time" + memberSuffix
	mCreatorPID            member = memberPrefix + "creator_pid" + memberSuffix
	mCUID                  member = memberPrefix + "cuid" + memberSuffix
	mCuser                 member = memberPrefix + "cuser" + memberSuffix
	mDefaultMaxQueueBytes  member = memberPrefix + "default_max_queue_bytes" + memberSuffix
	mDest                  member = memberPrefix + "dest" + memberSuffix
	mDetachTime            member = memberPrefix + "detach_time" + memberSuffix
	mGID                   member = memberPrefix + "gid" + memberSuffix
	mGroup                 member = memberPrefix + "group" + memberSuffix
	mID                    member = memberPrefix + "id" + memberSuffix
	mKey                   member = memberPrefix + "key" + memberSuffix
	mLastPID               member = memberPrefix + "last_pid" + memberSuffix
	mLastRecvPID           member = memberPrefix + "last_recv_pid" + memberSuffix
	mLastSendPID           member = memberPrefix + "last_send_pid" + memberSuffix
	mLocked                member = memberPrefix + "locked" + memberSuffix
	mMaxArrays             member = memberPrefix + "max_arrays" + memberSuffix
	mMaxBytes              member = memberPrefix + "max_bytes" + memberSuffix
	mMaxMessageBytes       member = memberPrefix + "max_message_bytes" + memberSuffix
	mMaxMessages           member = memberPrefix + "max_messages" + memberSuffix
	mMaxOpsPerCall         member = memberPrefix + "max_ops_per_call" + memberSuffix
	mMaxQueues             member = memberPrefix + "max_queues" + memberSuffix
	mMaxSegmentBytes       member = memberPrefix + "max_segment_bytes" + memberSuffix
	mMaxSegments           member = memberPrefix + "max_segments" + memberSuffix
	mMaxSemaphores         member = memberPrefix + "max_semaphores" + memberSuffix
	mMaxSemaphoresPerArray member = memberPrefix + "max_semaphores_per_array" + memberSuffix
	mMaxTotalPages         member = memberPrefix + "max_total_pages" + memberSuffix
	mMaxValue              member = memberPrefix + "max_value" + memberSuffix
	mMessages              member = memberPrefix + "messages" + memberSuffix
	mMinSegmentBytes       member = memberPrefix + "min_segment_bytes" + memberSuffix
	mMode                  member = memberPrefix + "mode" + memberSuffix
	mName                  member = memberPrefix + "name" + memberSuffix
	mNcount                member = memberPrefix + "ncount" + memberSuffix
	mNotifyPID             member = memberPrefix + "notify_pid" + memberSuffix
	mNsems                 member = memberPrefix + "nsems" + memberSuffix
	mNum                   member = memberPrefix + "num" + memberSuffix
	mOpTime                member = memberPrefix + "op_time" + memberSuffix
	mPageSize              member = memberPrefix + "page_size" + memberSuffix
	mPages                 member = memberPrefix + "pages" + memberSuffix
	mPID                   member = memberPrefix + "pid" + memberSuffix
	mQueues                member = memberPrefix + "queues" + memberSuffix
	mRecvTime              member = memberPrefix + "recv_time" + memberSuffix
	mResidentBytes         member = memberPrefix + "resident_bytes" + memberSuffix
	mResidentPages         member = memberPrefix + "resident_pages" + memberSuffix
	mSegments              member = memberPrefix + "segments" + memberSuffix
	mSemaphores            member = memberPrefix + "semaphores" + memberSuffix
	mSendTime              member = memberPrefix + "send_time" + memberSuffix
	mSwappedBytes          member = memberPrefix + "swapped_bytes" + memberSuffix
	mSwappedPages          member = memberPrefix + "swapped_pages" + memberSuffix
	mUID                   member = memberPrefix + "uid" + memberSuffix
	mUsedBytes             member = memberPrefix + "used_bytes" + memberSuffix
	mUser                  member = memberPrefix + "user" + memberSuffix
	mValue                 member = memberPrefix + "value" + memberSuffix
	mZcount                member = memberPrefix + "zcount" + memberSuffix
)

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
	w.uint(mKey, uint64(uint32(p.Key)))
	w.int(mID, int64(p.ID))
	w.uint(mMode, uint64(p.Mode))
	for _, o := range [4]struct {
		idKey, nameKey member
		id             uint32
		user           bool
	}{
		{mUID, mUser, p.UID, true},
		{mGID, mGroup, p.GID, false},
		{mCUID, mCuser, p.CUID, true},
		{mCGID, mCgroup, p.CGID, false},
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
	w.uint(mUsedBytes, q.CBytes)
	w.uint(mMessages, q.QNum)
	w.uint(mMaxBytes, q.QBytes)
	w.int(mLastSendPID, int64(q.LSPID))
	w.int(mLastRecvPID, int64(q.LRPID))
	w.int(mSendTime, q.STime)
	w.int(mRecvTime, q.RTime)
	w.int(mChangeTime, q.CTime)
	w.close('}')
}

func (w *jsonWriter) shm(s *sysvipc.ShmSegment, e *Env) {
	w.item()
	w.open('{')
	w.perm(&s.Perm, e)
	w.uint(mBytes, s.Size)
	w.uint(mAttached, s.NAttch)
	w.bool(mDest, s.Mode&sysvipc.SHM_DEST != 0)
	w.bool(mLocked, s.Mode&sysvipc.SHM_LOCKED != 0)
	w.int(mCreatorPID, int64(s.CPID))
	w.int(mLastPID, int64(s.LPID))
	w.int(mAttachTime, s.ATime)
	w.int(mDetachTime, s.DTime)
	w.int(mChangeTime, s.CTime)
	if s.MemKnown {
		w.uint(mResidentBytes, s.RSS)
		w.uint(mSwappedBytes, s.Swap)
	}
	w.close('}')
}

func (w *jsonWriter) sem(a *sysvipc.SemArray, e *Env) {
	w.item()
	w.open('{')
	w.perm(&a.Perm, e)
	w.uint(mNsems, a.NSems)
	w.int(mOpTime, a.OTime)
	w.int(mChangeTime, a.CTime)
	if a.Sems != nil {
		w.key("semaphores")
		w.open('[')
		for i, s := range a.Sems {
			w.item()
			w.open('{')
			w.int(mNum, int64(i))
			w.int(mValue, int64(s.Value))
			w.int(mNcount, int64(s.NCount))
			w.int(mZcount, int64(s.ZCount))
			w.int(mPID, int64(s.PID))
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
				w.int(mMaxQueues, int64(l.MNI))
				w.uint(mMaxMessageBytes, l.Max)
				w.int(mDefaultMaxQueueBytes, int64(l.MNB))
				w.close('}')
			}
		case FormatStatus:
			w.key("message_queue_status")
			if i, err := src.MsgStatus(); err != nil {
				w.b = append(w.b, "null"...)
			} else {
				w.open('{')
				w.int(mQueues, int64(i.Pool))
				w.int(mMessages, int64(i.Map))
				w.int(mBytes, int64(i.TQL))
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
				w.uint(mMaxSegments, l.MNI)
				w.uint(mMaxSegmentBytes, l.Max)
				w.uint(mMaxTotalPages, l.All)
				w.uint(mPageSize, e.PageSize)
				w.uint(mMinSegmentBytes, l.Min)
				w.close('}')
			}
		case FormatStatus:
			w.key("shared_memory_status")
			if i, err := src.ShmStatus(); err != nil {
				w.b = append(w.b, "null"...)
			} else {
				w.open('{')
				w.int(mSegments, int64(i.UsedIDs))
				w.uint(mPages, i.Tot)
				w.uint(mResidentPages, i.RSS)
				w.uint(mSwappedPages, i.Swp)
				w.uint(mPageSize, e.PageSize)
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
				w.int(mMaxArrays, int64(l.MNI))
				w.int(mMaxSemaphoresPerArray, int64(l.MSL))
				w.int(mMaxSemaphores, int64(l.MNS))
				w.int(mMaxOpsPerCall, int64(l.OPM))
				w.uint(mMaxValue, uint64(l.VMX))
				w.close('}')
			}
		case FormatStatus:
			w.key("semaphore_status")
			if i, err := src.SemStatus(); err != nil {
				w.b = append(w.b, "null"...)
			} else {
				w.open('{')
				w.int(mArrays, int64(i.Usz))
				w.int(mSemaphores, int64(i.Aem))
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
	w.str(mName, name)
	w.uint(mMode, uint64(mode))
	w.uint(mUID, uint64(uid))
	u, ok := e.Names.User(uid)
	w.name(mUser, u, ok)
	w.uint(mGID, uint64(gid))
	g, ok := e.Names.Group(gid)
	w.name(mGroup, g, ok)
}

func (w *jsonWriter) posixQueue(q *posixipc.Queue, e *Env) {
	w.item()
	w.open('{')
	w.posixOwner(q.Name, q.UID, q.GID, q.Mode, e)
	if q.Known {
		w.uint(mUsedBytes, q.QSize)
		w.int(mMessages, q.CurMsgs)
		w.int(mMaxMessages, q.MaxMsg)
		w.int(mMaxMessageBytes, q.MsgSize)
		w.int(mNotifyPID, int64(q.NotifyPID))
	} else {
		for _, k := range [...]member{mUsedBytes, mMessages, mMaxMessages, mMaxMessageBytes, mNotifyPID} {
			w.null(k)
		}
	}
	w.int(mChangeTime, q.ModTime.Unix())
	w.close('}')
}

// posixObject is a shared memory object, or a semaphore when sem is set.
func (w *jsonWriter) posixObject(o *posixipc.Object, e *Env, sem *PosixSem) {
	w.item()
	w.open('{')
	w.posixOwner(o.Name, o.UID, o.GID, o.Mode, e)
	if sem == nil {
		w.int(mBytes, o.Size)
	} else if sem.Known {
		w.uint(mValue, uint64(sem.Value))
	} else {
		w.null(mValue)
	}
	w.int(mChangeTime, o.ModTime.Unix())
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
