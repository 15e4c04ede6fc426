// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import (
	"errors"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/gonstools/gonstools/internal/nstest"
)

// fresh re-runs the calling test in a new IPC namespace; it returns false
// in the parent, which has nothing more to do.
func fresh(t *testing.T) bool {
	t.Helper()
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC) {
		return false
	}
	checkMultiplexed(t)
	return true
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// build creates a varied state: queues with messages, segments attached,
// locked and marked for destruction, sets with values, objects given away
// with IPC_SET, and holes in the index space.
func build(t *testing.T) {
	t.Helper()
	id := must[int](t)
	q0 := id(MsgGet(0x1234, IPC_CREAT|0o644))
	q1 := id(MsgGet(IPC_PRIVATE, IPC_CREAT|0o600))
	q2 := id(MsgGet(-5, IPC_CREAT|0o640))
	check(t, MsgSnd(q0, 1, []byte("hello"), 0))
	check(t, MsgSnd(q0, 2, make([]byte, 1000), 0))
	check(t, MsgSnd(q2, 7, nil, 0))
	check(t, MsgRemove(q1)) // a hole at index 1
	q, err := MsgStat(q2)
	check(t, err)
	q.UID, q.GID, q.Mode, q.QBytes = 1000, 12345, 0o666, 4096
	check(t, MsgSet(q2, q))

	s0 := id(ShmGet(0x55, 4097, IPC_CREAT|0o644))
	s1 := id(ShmGet(IPC_PRIVATE, 1, IPC_CREAT|0o600))
	s2 := id(ShmGet(0x56, 1<<20, IPC_CREAT|0o640))
	b := must[[]byte](t)(ShmAttach(s0, 0))
	b[0] = 1
	t.Cleanup(func() { ShmDetach(b) })
	b2 := must[[]byte](t)(ShmAttach(s1, SHM_RDONLY))
	t.Cleanup(func() { ShmDetach(b2) })
	check(t, ShmRemove(s1)) // SHM_DEST while attached
	check(t, ShmLock(s2))
	s, err := ShmStat(s2)
	check(t, err)
	s.UID, s.GID = 4000000000, 1
	check(t, ShmSet(s2, s))

	a0 := id(SemGet(0x77, 3, IPC_CREAT|0o644))
	a1 := id(SemGet(IPC_PRIVATE, 1, IPC_CREAT|0o600))
	check(t, SemSetAll(a0, []uint16{1, 2, 32767}))
	check(t, SemOp(a1, []SemBuf{{Num: 0, Op: 5}}))
	a, err := SemStat(a1)
	check(t, err)
	a.UID = 65534
	check(t, SemSet(a1, a))
}

func readProc(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The syscall listings hold exactly what /proc/sysvipc shows.
func TestListMatchesProc(t *testing.T) {
	if !fresh(t) {
		return
	}
	build(t)

	viaStat := statAnyWorks(t)
	msgs, err := ListMsg()
	check(t, err)
	pm, err := ReadMsgProc(strings.NewReader(readProc(t, procMsg)))
	check(t, err)
	if len(msgs) != 2 {
		t.Fatalf("ListMsg found %d queues, want 2", len(msgs))
	}
	for i := range msgs {
		if (msgs[i].QBytes != 0) != viaStat {
			t.Errorf("queue %d: QBytes %d, from MSG_STAT_ANY %v", msgs[i].ID, msgs[i].QBytes, viaStat)
		}
		msgs[i].QBytes = 0 // /proc lacks it
	}
	if !reflect.DeepEqual(msgs, pm) {
		t.Errorf("ListMsg = %+v\n/proc   = %+v", msgs, pm)
	}

	shms, err := ListShm()
	check(t, err)
	ps, err := ReadShmProc(strings.NewReader(readProc(t, procShm)))
	check(t, err)
	stripMem(ps, viaStat)
	if len(shms) != 3 || !reflect.DeepEqual(shms, ps) {
		t.Errorf("ListShm = %+v\n/proc   = %+v", shms, ps)
	}

	sems, err := ListSem()
	check(t, err)
	pa, err := ReadSemProc(strings.NewReader(readProc(t, procSem)))
	check(t, err)
	if len(sems) != 2 || !reflect.DeepEqual(sems, pa) {
		t.Errorf("ListSem = %+v\n/proc   = %+v", sems, pa)
	}

	// What build did is visible.
	if q := msgs[0]; q.Key != 0x1234 || q.QNum != 2 || q.CBytes != 1005 || q.LSPID != int32(os.Getpid()) || q.STime == 0 {
		t.Errorf("queue 0 = %+v", q)
	}
	if q := msgs[1]; q.Key != -5 || q.UID != 1000 || q.GID != 12345 || q.CUID != 0 || q.Mode != 0o666 {
		t.Errorf("queue 2 = %+v", q)
	}
	if s := shms[1]; s.Mode&SHM_DEST == 0 || s.NAttch != 1 || s.Key != 0 {
		t.Errorf("segment 1 = %+v, want SHM_DEST and attached", s)
	}
	if s := shms[2]; s.Mode&SHM_LOCKED == 0 || s.UID != 4000000000 || s.Size != 1<<20 {
		t.Errorf("segment 2 = %+v, want SHM_LOCKED", s)
	}
	if s := shms[0]; s.NAttch != 1 || s.ATime == 0 || s.Size != 4097 {
		t.Errorf("segment 0 = %+v", s)
	}
	if a := sems[1]; a.UID != 65534 || a.NSems != 1 || a.OTime == 0 {
		t.Errorf("set 1 = %+v", a)
	}
}

// statAnyWorks reports whether MSG_STAT_ANY answers for the queue at
// index 0. qemu-user does not translate the *_STAT_ANY commands (nor do
// kernels before 4.17, which the tests do not expect): the listings then
// come from /proc/sysvipc, without QBytes and with RSS and Swap.
func statAnyWorks(t *testing.T) bool {
	t.Helper()
	var ds msqid64DS
	_, err := msgctl(0, MSG_STAT_ANY, unsafe.Pointer(&ds))
	if err == nil {
		return true
	}
	if denied := os.Getenv(noStatAnyEnv); denied == "" && (!errors.Is(err, syscall.EINVAL) || nstest.Emulator() == "") {
		t.Fatalf("MSG_STAT_ANY of index 0: %v", err)
	}
	return false
}

// stripMem clears what a listing by *_STAT_ANY lacks from segments read
// from /proc: RSS and Swap.
func stripMem(ps []ShmSegment, viaStat bool) {
	if !viaStat {
		return
	}
	for i := range ps {
		ps[i].RSS, ps[i].Swap, ps[i].MemKnown = 0, 0, false
	}
}

func TestByID(t *testing.T) {
	if !fresh(t) {
		return
	}
	build(t)
	q := must[MsgQueue](t)(MsgByID(2))
	if q.UID != 1000 || q.QBytes != 4096 {
		t.Errorf("MsgByID(2) = %+v", q)
	}
	s := must[ShmSegment](t)(ShmByID(1))
	if s.Mode&SHM_DEST == 0 {
		t.Errorf("ShmByID(1) = %+v", s)
	}
	a := must[SemArray](t)(SemByID(0))
	if a.Sems != nil {
		t.Errorf("SemByID filled Sems: %+v", a.Sems)
	}
	a.Sems = must[[]Sem](t)(SemValues(0))
	pid := os.Getpid() // SETALL records the caller as last operator
	want := []Sem{{Value: 1, PID: pid}, {Value: 2, PID: pid}, {Value: 32767, PID: pid}}
	if !reflect.DeepEqual(a.Sems, want) || a.NSems != 3 {
		t.Errorf("SemByID(0) = %+v, want sems %+v", a, want)
	}
	if got, want := must[[]Sem](t)(SemValues(1)), []Sem{{Value: 5, PID: os.Getpid()}}; !reflect.DeepEqual(got, want) {
		t.Errorf("SemValues(1) = %+v, want %+v", got, want)
	}
	// Ids that name nothing: removed, never made, an index with another
	// sequence number, negative.
	for _, id := range []int{1, 3, 32768, 32768 + 2, -1, 1 << 30} {
		if _, err := MsgByID(id); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("MsgByID(%d) error = %v, want EINVAL", id, err)
		}
	}
	for _, id := range []int{3, 32768, -1} {
		if _, err := ShmByID(id); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("ShmByID(%d) error = %v, want EINVAL", id, err)
		}
		if _, err := SemByID(id); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("SemByID(%d) error = %v, want EINVAL", id, err)
		}
		if _, err := SemValues(id); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("SemValues(%d) error = %v, want EINVAL", id, err)
		}
	}
}

// Errors are bare errnos, so errors.Is works.
func TestErrors(t *testing.T) {
	if !fresh(t) {
		return
	}
	if _, err := MsgGet(42, 0); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("MsgGet of a missing key: %v, want ENOENT", err)
	}
	id := must[int](t)(ShmGet(42, 10, IPC_CREAT|IPC_EXCL|0o600))
	if _, err := ShmGet(42, 10, IPC_CREAT|IPC_EXCL|0o600); !errors.Is(err, syscall.EEXIST) {
		t.Errorf("second exclusive ShmGet: %v, want EEXIST", err)
	}
	check(t, ShmRemove(id))
	if err := ShmRemove(id); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("ShmRemove twice: %v, want EINVAL", err)
	}
	if err := MsgRemove(12345); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("MsgRemove of nothing: %v, want EINVAL", err)
	}
	if err := SemRemove(12345); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("SemRemove of nothing: %v, want EINVAL", err)
	}
	sid := must[int](t)(SemGet(1, 2, IPC_CREAT|0o600))
	if err := SemSetAll(sid, []uint16{1}); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("SemSetAll with too few values: %v, want EINVAL", err)
	}
	if err := SemOp(sid, []SemBuf{{Num: 0, Op: -1, Flg: IPC_NOWAIT}}); !errors.Is(err, syscall.EAGAIN) {
		t.Errorf("SemOp that would block with IPC_NOWAIT: %v, want EAGAIN", err)
	}
	qid := must[int](t)(MsgGet(2, IPC_CREAT|0o600))
	if _, _, err := MsgRcv(qid, make([]byte, 10), 0, IPC_NOWAIT); !errors.Is(err, syscall.ENOMSG) {
		t.Errorf("MsgRcv on an empty queue with IPC_NOWAIT: %v, want ENOMSG", err)
	}
	check(t, MsgSnd(qid, 3, []byte("0123456789abc"), 0))
	if _, _, err := MsgRcv(qid, make([]byte, 4), 0, IPC_NOWAIT); !errors.Is(err, syscall.E2BIG) {
		t.Errorf("MsgRcv into a short buffer: %v, want E2BIG", err)
	}
	buf := make([]byte, 4)
	typ, n, err := MsgRcv(qid, buf, 0, IPC_NOWAIT|MSG_NOERROR)
	if err != nil || typ != 3 || n != 4 || string(buf) != "0123" {
		t.Errorf("MsgRcv with MSG_NOERROR = %d %d %q %v", typ, n, buf, err)
	}
}

// msgrcv and semop are never restarted after a signal handler; Go's
// runtime signals its threads all the time (SIGURG preemption). The
// wrappers must retry.
func TestEINTRRetried(t *testing.T) {
	if !fresh(t) {
		return
	}
	qid := must[int](t)(MsgGet(IPC_PRIVATE, IPC_CREAT|0o600))
	sid := must[int](t)(SemGet(IPC_PRIVATE, 1, IPC_CREAT|0o600))
	type result struct {
		what string
		err  error
	}
	done := make(chan result, 2)
	tids := make(chan int, 2)
	go func() {
		runtime.LockOSThread()
		tids <- syscall.Gettid()
		buf := make([]byte, 16)
		_, n, err := MsgRcv(qid, buf, 0, 0)
		if err == nil && string(buf[:n]) != "wake" {
			err = errors.New("got " + strconv.Quote(string(buf[:n])))
		}
		done <- result{"MsgRcv", err}
	}()
	go func() {
		runtime.LockOSThread()
		tids <- syscall.Gettid()
		done <- result{"SemOp", SemOp(sid, []SemBuf{{Num: 0, Op: -1}})}
	}()
	// Interrupt the blocked calls on their own threads many times, then
	// let them finish.
	threads := []int{<-tids, <-tids}
	for range 50 {
		for _, tid := range threads {
			syscall.Tgkill(os.Getpid(), tid, syscall.SIGURG)
		}
		time.Sleep(time.Millisecond)
	}
	check(t, MsgSnd(qid, 1, []byte("wake"), 0))
	check(t, SemSetVal(sid, 0, 1))
	for range 2 {
		select {
		case r := <-done:
			if r.err != nil {
				t.Errorf("%s: %v", r.what, r.err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("blocked call did not return")
		}
	}
}

// Limits come from /proc/sys/kernel and agree with IPC_INFO; a change of
// the namespace's sysctl shows.
func TestLimits(t *testing.T) {
	if !fresh(t) {
		return
	}
	check(t, os.WriteFile(sysctlDir+"msgmni", []byte("123\n"), 0))
	check(t, os.WriteFile(sysctlDir+"sem", []byte("250 32000 32 128\n"), 0))
	// The default shmmax and shmall exceed 32 bits, which a 32-bit
	// process's IPC_INFO cannot hold on a 64-bit kernel.
	check(t, os.WriteFile(sysctlDir+"shmmax", []byte("1073741824\n"), 0))
	check(t, os.WriteFile(sysctlDir+"shmall", []byte("262144\n"), 0))
	ml := must[MsgLimits](t)(ReadMsgLimits())
	mi, _, err := MsgCtlInfo(IPC_INFO)
	check(t, err)
	if ml.MNI != 123 || ml.MNI != mi.MNI || ml.MNB != mi.MNB || ml.Max != uint64(mi.Max) {
		t.Errorf("ReadMsgLimits = %+v, IPC_INFO = %+v", ml, mi)
	}
	sl := must[ShmLimits](t)(ReadShmLimits())
	si, _, err := ShmCtlInfo()
	check(t, err)
	if sl.Max != 1<<30 || sl.All != 1<<18 || sl.MNI != si.MNI || sl.Max != si.Max || sl.All != si.All || sl.Min != 1 {
		t.Errorf("ReadShmLimits = %+v, IPC_INFO = %+v", sl, si)
	}
	el := must[SemLimits](t)(ReadSemLimits())
	ei, _, err := SemCtlInfo(IPC_INFO)
	check(t, err)
	want := SemLimits{MSL: 250, MNS: 32000, OPM: 32, MNI: 128, VMX: SEMVMX}
	if el != want || ei.MSL != 250 || ei.MNI != 128 || ei.VMX != SEMVMX {
		t.Errorf("ReadSemLimits = %+v, want %+v; IPC_INFO = %+v", el, want, ei)
	}
}

// The usage summaries count what exists.
func TestUsage(t *testing.T) {
	if !fresh(t) {
		return
	}
	build(t)
	mi, maxIdx, err := MsgCtlInfo(MSG_INFO)
	check(t, err)
	if mi.Pool != 2 || mi.Map != 3 || mi.TQL != 1005 || maxIdx != 2 {
		t.Errorf("MSG_INFO = %+v, max index %d", mi, maxIdx)
	}
	su, maxIdx, err := ShmCtlUsage()
	check(t, err)
	if su.UsedIDs != 3 || su.Tot != 2+1+256 || maxIdx != 2 {
		t.Errorf("SHM_INFO = %+v, max index %d", su, maxIdx)
	}
	ei, maxIdx, err := SemCtlInfo(SEM_INFO)
	check(t, err)
	if ei.Usz != 2 || ei.Aem != 4 || maxIdx != 1 {
		t.Errorf("SEM_INFO = %+v, max index %d", ei, maxIdx)
	}
}

// An empty namespace lists nothing, without error.
func TestEmpty(t *testing.T) {
	if !fresh(t) {
		return
	}
	if qs, err := ListMsg(); err != nil || len(qs) != 0 {
		t.Errorf("ListMsg = %v, %v", qs, err)
	}
	if ss, err := ListShm(); err != nil || len(ss) != 0 {
		t.Errorf("ListShm = %v, %v", ss, err)
	}
	if as, err := ListSem(); err != nil || len(as) != 0 {
		t.Errorf("ListSem = %v, %v", as, err)
	}
}

func TestMain(m *testing.M) {
	noSplitMain()
	noStatAnyMain()
	nstest.Main(m)
}

// Long listings are walked by two threads; the result is still complete
// and in index order, holes included.
func TestListLong(t *testing.T) {
	if !fresh(t) {
		return
	}
	const n = 5000
	for i := range n {
		id := must[int](t)(MsgGet(IPC_PRIVATE, IPC_CREAT|0o600))
		sid := must[int](t)(SemGet(IPC_PRIVATE, 1, IPC_CREAT|0o600))
		if i%7 == 3 {
			check(t, MsgRemove(id))
			check(t, SemRemove(sid))
		}
	}
	for i := range 2100 {
		id := must[int](t)(ShmGet(IPC_PRIVATE, 1, IPC_CREAT|0o600))
		if i%5 == 0 {
			check(t, ShmRemove(id))
		}
	}
	msgs, err := ListMsg()
	check(t, err)
	pm, err := ReadMsgProc(strings.NewReader(readProc(t, procMsg)))
	check(t, err)
	for i := range msgs {
		msgs[i].QBytes = 0
	}
	if len(msgs) != n-n/7 || !reflect.DeepEqual(msgs, pm) {
		t.Errorf("ListMsg: %d queues, /proc %d, equal %v", len(msgs), len(pm), reflect.DeepEqual(msgs, pm))
	}
	sems, err := ListSem()
	check(t, err)
	pa, err := ReadSemProc(strings.NewReader(readProc(t, procSem)))
	check(t, err)
	if !reflect.DeepEqual(sems, pa) {
		t.Errorf("ListSem: %d sets, /proc %d", len(sems), len(pa))
	}
	shms, err := ListShm()
	check(t, err)
	ps, err := ReadShmProc(strings.NewReader(readProc(t, procShm)))
	check(t, err)
	stripMem(ps, statAnyWorks(t))
	if len(shms) != 2100-420 || !reflect.DeepEqual(shms, ps) {
		t.Errorf("ListShm: %d segments, /proc %d", len(shms), len(ps))
	}
}

// A caller on a locked thread in another IPC namespace lists that
// namespace, even when the walk would use a second thread. (The process's
// namespace has more queues, so that a walk that strayed into it would
// find as many objects as expected and not fall back to /proc.)
func TestListFollowsCallerThread(t *testing.T) {
	if !fresh(t) {
		return
	}
	for range 6000 {
		must[int](t)(MsgGet(IPC_PRIVATE, IPC_CREAT|0o600))
	}
	const n = 3001 // enough indexes for two threads
	type result struct {
		qs  []MsgQueue
		err error
	}
	done := make(chan result)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
		if err := syscall.Unshare(syscall.CLONE_NEWIPC); err != nil {
			done <- result{err: err}
			return
		}
		for i := range n {
			if _, err := MsgGet(int32(i+1), IPC_CREAT|0o600); err != nil {
				done <- result{err: err}
				return
			}
		}
		qs, err := ListMsg()
		done <- result{qs, err}
	}()
	r := <-done
	if r.err != nil || len(r.qs) != n {
		t.Fatalf("listing in the thread's namespace: %d queues, %v", len(r.qs), r.err)
	}
	for i, q := range r.qs {
		if q.Key != int32(i+1) {
			t.Fatalf("queue %d of the thread's namespace has key %d: it comes from another namespace", i, q.Key)
		}
	}
	qs, err := ListMsg()
	if err != nil || len(qs) != 6000 {
		t.Errorf("process namespace: %d queues, %v", len(qs), err)
	}
}

// The *_STAT walk by index finds what the listings find, with the same
// fields, and an empty index is EINVAL.
func TestStatIndex(t *testing.T) {
	if !fresh(t) {
		return
	}
	build(t)
	_, maxMsg, err := MsgCtlInfo(MSG_INFO)
	check(t, err)
	_, maxShm, err := ShmCtlUsage()
	check(t, err)
	_, maxSem, err := SemCtlInfo(SEM_INFO)
	check(t, err)
	queues := walkIndex(t, maxMsg, MsgStatIndex)
	if !statAnyWorks(t) { // the listing comes from /proc, which lacks QBytes
		for i := range queues {
			queues[i].QBytes = 0
		}
	}
	if got, want := queues, must[[]MsgQueue](t)(ListMsg()); !reflect.DeepEqual(got, want) {
		t.Errorf("MsgStatIndex walk = %+v\nwant %+v", got, want)
	}
	shms := must[[]ShmSegment](t)(ListShm())
	stripMem(shms, true) // ListShm reads /proc where *_STAT_ANY is missing (qemu-user)
	if got, want := walkIndex(t, maxShm, ShmStatIndex), shms; !reflect.DeepEqual(got, want) {
		t.Errorf("ShmStatIndex walk = %+v\nwant %+v", got, want)
	}
	if got, want := walkIndex(t, maxSem, SemStatIndex), must[[]SemArray](t)(ListSem()); !reflect.DeepEqual(got, want) {
		t.Errorf("SemStatIndex walk = %+v\nwant %+v", got, want)
	}
	// The id-only walks find the same ids.
	var msgIDs, shmIDs, semIDs []int
	for _, q := range queues {
		msgIDs = append(msgIDs, q.ID)
	}
	for _, s := range shms {
		shmIDs = append(shmIDs, s.ID)
	}
	for _, a := range must[[]SemArray](t)(ListSem()) {
		semIDs = append(semIDs, a.ID)
	}
	for _, w := range []struct {
		name string
		stat func(int) (int, error)
		max  int
		want []int
	}{{"MsgIndexID", MsgIndexID, maxMsg, msgIDs}, {"ShmIndexID", ShmIndexID, maxShm, shmIDs}, {"SemIndexID", SemIndexID, maxSem, semIDs}} {
		if got := walkIndex(t, w.max, w.stat); len(got) == 0 || !reflect.DeepEqual(got, w.want) {
			t.Errorf("%s walk = %v, want %v", w.name, got, w.want)
		}
	}
	if _, err := MsgIndexID(1); !errors.Is(err, syscall.EINVAL) { // the hole
		t.Errorf("MsgIndexID(1) error = %v, want EINVAL", err)
	}
	if _, err := MsgStatIndex(1); !errors.Is(err, syscall.EINVAL) { // the hole
		t.Errorf("MsgStatIndex(1) error = %v, want EINVAL", err)
	}
	if _, err := SemStatIndex(maxSem + 1); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("SemStatIndex(%d) error = %v, want EINVAL", maxSem+1, err)
	}
}

// walkIndex calls stat for every index up to maxIdx and keeps what it finds.
func walkIndex[T any](t *testing.T, maxIdx int, stat func(int) (T, error)) []T {
	t.Helper()
	var out []T
	for i := 0; i <= maxIdx; i++ {
		if v, err := stat(i); err == nil {
			out = append(out, v)
		} else if !errors.Is(err, syscall.EINVAL) {
			t.Errorf("stat of index %d: %v", i, err)
		}
	}
	return out
}
