// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonstools/gonstools/internal/tz"
	"github.com/gonstools/gonstools/pkg/posixipc"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// mapNames is a fixed Names.
type mapNames struct{ users, groups map[uint32]string }

func (m mapNames) User(uid uint32) (string, bool) {
	n, ok := m.users[uid]
	return n, ok
}

func (m mapNames) Group(gid uint32) (string, bool) {
	n, ok := m.groups[gid]
	return n, ok
}

// fixed is a Source of fixed data; a nil pointer makes that call fail.
type fixed struct {
	msgs    []sysvipc.MsgQueue
	shms    []sysvipc.ShmSegment
	sems    []sysvipc.SemArray
	values  map[int][]sysvipc.Sem
	msgLim  *sysvipc.MsgLimits
	shmLim  *sysvipc.ShmLimits
	semLim  *sysvipc.SemLimits
	msgInfo *sysvipc.MsgInfo
	shmInfo *sysvipc.ShmUsage
	semInfo *sysvipc.SemInfo

	posixQs   []posixipc.Queue
	posixShm  []posixipc.Object
	posixSems []PosixSem
	posixErr  error // every POSIX listing fails with it
}

var errFixed = syscall.ENOSYS

func deref[T any](p *T) (T, error) {
	if p == nil {
		var zero T
		return zero, errFixed
	}
	return *p, nil
}

func find[T any](list []T, id func(*T) int, want int) (T, error) {
	for i := range list {
		if id(&list[i]) == want {
			return list[i], nil
		}
	}
	var zero T
	return zero, syscall.EINVAL
}

func (f *fixed) Msgs() ([]sysvipc.MsgQueue, error)   { return f.msgs, nil }
func (f *fixed) Shms() ([]sysvipc.ShmSegment, error) { return f.shms, nil }
func (f *fixed) ShmsMemory() ([]sysvipc.ShmSegment, error) {
	ss := slices.Clone(f.shms)
	if len(ss) > 0 {
		ss[0].RSS, ss[0].Swap, ss[0].MemKnown = 8192, 0, true
	}
	return ss, nil
}
func (f *fixed) Sems() ([]sysvipc.SemArray, error)     { return f.sems, nil }
func (f *fixed) MsgLimits() (sysvipc.MsgLimits, error) { return deref(f.msgLim) }
func (f *fixed) ShmLimits() (sysvipc.ShmLimits, error) { return deref(f.shmLim) }
func (f *fixed) SemLimits() (sysvipc.SemLimits, error) { return deref(f.semLim) }
func (f *fixed) MsgStatus() (sysvipc.MsgInfo, error)   { return deref(f.msgInfo) }
func (f *fixed) ShmStatus() (sysvipc.ShmUsage, error)  { return deref(f.shmInfo) }
func (f *fixed) SemStatus() (sysvipc.SemInfo, error)   { return deref(f.semInfo) }
func (f *fixed) Msg(id int) (sysvipc.MsgQueue, error) {
	return find(f.msgs, func(q *sysvipc.MsgQueue) int { return q.ID }, id)
}
func (f *fixed) Shm(id int) (sysvipc.ShmSegment, error) {
	return find(f.shms, func(s *sysvipc.ShmSegment) int { return s.ID }, id)
}
func (f *fixed) Sem(id int) (sysvipc.SemArray, error) {
	return find(f.sems, func(a *sysvipc.SemArray) int { return a.ID }, id)
}
func (f *fixed) PosixQueues() ([]posixipc.Queue, error) { return f.posixQs, f.posixErr }
func (f *fixed) PosixShm() ([]posixipc.Object, error)   { return f.posixShm, f.posixErr }
func (f *fixed) PosixSems() ([]PosixSem, error)         { return f.posixSems, f.posixErr }
func (f *fixed) SemValues(id int) ([]sysvipc.Sem, error) {
	if v, ok := f.values[id]; ok {
		return v, nil
	}
	return nil, syscall.EACCES
}

const winter, summer = 1795464011, 1780000000 // in CET and CEST

// sample holds what the tables must cope with: names longer than a
// column, ids without names, extreme keys and sizes, marks, pids wider
// than -p's columns, dates in both halves of the year and unset ones.
func sample() *fixed {
	return &fixed{
		msgs: []sysvipc.MsgQueue{
			{Perm: sysvipc.Perm{Key: 0x1234, ID: 0, Mode: 0o644}, CTime: winter, QBytes: 16384},
			{Perm: sysvipc.Perm{Key: -1, ID: 32769, UID: 1000, GID: 1000, CUID: 0, CGID: 0, Mode: 0o600},
				CBytes: 1005, QNum: 2, QBytes: 4096, LSPID: 4194304, LRPID: 7, STime: summer, RTime: winter, CTime: summer},
			{Perm: sysvipc.Perm{Key: 0, ID: 2, UID: 12345, GID: 54321, CUID: 1001, CGID: 100, Mode: 0o666},
				CBytes: 1996, QNum: 1, LSPID: 1, CTime: winter},
		},
		shms: []sysvipc.ShmSegment{
			{Perm: sysvipc.Perm{Key: 0x55, ID: 0, Mode: 0o644}, Size: 4097, CPID: 100, LPID: 101, NAttch: 1,
				ATime: winter, CTime: winter},
			{Perm: sysvipc.Perm{Key: 0, ID: 1, UID: 1001, GID: 100, CUID: 1000, CGID: 1000, Mode: 0o600 | sysvipc.SHM_DEST},
				Size: 1, CPID: 4194304, NAttch: 3, ATime: summer, DTime: summer, CTime: summer},
			{Perm: sysvipc.Perm{Key: -1092015494, ID: 65538, UID: 4294967295, GID: 1, Mode: 0o640 | sysvipc.SHM_LOCKED | sysvipc.SHM_DEST},
				Size: 1 << 40, CTime: winter},
			{Perm: sysvipc.Perm{Key: 7, ID: 3, Mode: 0o400}, Size: 1048063},
		},
		sems: []sysvipc.SemArray{
			{Perm: sysvipc.Perm{Key: 0x77, ID: 0, Mode: 0o644}, NSems: 3, CTime: winter},
			{Perm: sysvipc.Perm{Key: 0, ID: 1, UID: 65534, GID: 65534, CUID: 1000, CGID: 1000, Mode: 0o600}, NSems: 1,
				OTime: summer, CTime: winter},
		},
		values: map[int][]sysvipc.Sem{
			0: {{Value: 1, PID: 10}, {Value: 32767, NCount: 2, PID: 11}, {ZCount: 1}},
		},
		msgLim:  &sysvipc.MsgLimits{MNI: 32000, MNB: 16384, Max: 8192},
		shmLim:  &sysvipc.ShmLimits{MNI: 4096, Max: 18446744073692774399, All: 18446744073692774399, Min: 1},
		semLim:  &sysvipc.SemLimits{MNI: 32000, MSL: 32000, MNS: 1024000000, OPM: 500, VMX: 32767},
		msgInfo: &sysvipc.MsgInfo{Pool: 3, Map: 3, TQL: 3001},
		shmInfo: &sysvipc.ShmUsage{UsedIDs: 4, Tot: 268435458, RSS: 2, Swp: 1},
		semInfo: &sysvipc.SemInfo{Usz: 2, Aem: 4},
		posixQs: []posixipc.Queue{
			{Name: "/q", Mode: 0o644, ModTime: time.Unix(winter, 0), Known: true,
				QueueStatus: posixipc.QueueStatus{QSize: 2048}, MaxMsg: 10, MsgSize: 8192, CurMsgs: 3},
			{Name: "/a-queue-with-a-long-name", UID: 7000, GID: 7000, Mode: 0o600, ModTime: time.Unix(summer, 0)},
		},
		posixShm: []posixipc.Object{
			{Name: "/shm", UID: 1001, GID: 100, Mode: 0o640, Size: 1996, ModTime: time.Unix(winter, 0)},
		},
		posixSems: []PosixSem{
			{Object: posixipc.Object{Name: "/s", Mode: 0o644, Size: 32, ModTime: time.Unix(winter, 0)}, Value: 5, Known: true},
			{Object: posixipc.Object{Name: "/t", UID: 12345, Mode: 0o600, Size: 32, ModTime: time.Unix(summer, 0)}},
		},
	}
}

func sampleEnv() *Env {
	return &Env{
		Names: mapNames{
			users:  map[uint32]string{0: "root", 1000: "averyverylongusername", 1001: "exactly10c", 65534: "nobody"},
			groups: map[uint32]string{0: "root", 100: "users", 1000: "alongergroupname", 65534: "nogroup"},
		},
		Zone:     tz.New(tz.Config{TZ: "CET-1CEST,M3.5.0,M10.5.0/3", Set: true}),
		PageSize: 4096,
	}
}

// golden compares got with testdata/name.golden, or rewrites it.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

// Every format in every unit, for all three resources, and each alone.
func TestGoldenListings(t *testing.T) {
	formats := []struct {
		name string
		f    Format
	}{{"default", FormatDefault}, {"time", FormatTime}, {"pid", FormatPID},
		{"creator", FormatCreator}, {"limits", FormatLimits}, {"status", FormatStatus}}
	units := []struct {
		name string
		u    Unit
	}{{"", UnitDefault}, {"-bytes", UnitBytes}, {"-human", UnitHuman}}
	for _, f := range formats {
		for _, u := range units {
			name := "all-" + f.name + u.name
			got, err := Render(nil, Options{Format: f.f, Unit: u.u}, sample(), sampleEnv())
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			golden(t, name, got)
		}
	}
	// -q -s: two resources, in util-linux's order whatever the flags' order.
	got, _ := Render(nil, Options{Sem: true, Msg: true}, sample(), sampleEnv())
	golden(t, "msg-sem-default", got)
}

func TestGoldenDetails(t *testing.T) {
	for _, c := range []struct {
		name string
		o    Options
	}{
		{"msg-id-1", Options{Msg: true, ByID: true, ID: 32769}},
		{"msg-id-1-human", Options{Msg: true, ByID: true, ID: 32769, Unit: UnitHuman}},
		{"msg-id-2-bytes", Options{Msg: true, ByID: true, ID: 2, Unit: UnitBytes}},
		{"shm-id-0", Options{Shm: true, ByID: true, ID: 0}},
		{"shm-id-3-human", Options{Shm: true, ByID: true, ID: 3, Unit: UnitHuman}},
		{"shm-id-65538", Options{Shm: true, ByID: true, ID: 65538}},
		{"sem-id-0", Options{Sem: true, ByID: true, ID: 0, Unit: UnitHuman}},
	} {
		got, err := Render(nil, c.o, sample(), sampleEnv())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		golden(t, c.name, got)
	}
}

func TestGoldenJSON(t *testing.T) {
	for _, c := range []struct {
		name string
		o    Options
	}{
		{"json-all", Options{JSON: true, Format: FormatTime, Unit: UnitHuman}},
		{"json-limits", Options{JSON: true, Format: FormatLimits}},
		{"json-status", Options{JSON: true, Format: FormatStatus}},
		{"json-sem-id-0", Options{JSON: true, Sem: true, ByID: true, ID: 0}},
		{"json-shm-id-1", Options{JSON: true, Shm: true, ByID: true, ID: 1}},
	} {
		got, err := Render(nil, c.o, sample(), sampleEnv())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		golden(t, c.name, got)
	}
}

// --posix adds a section after each System V one, for listings only.
func TestGoldenPosix(t *testing.T) {
	for _, c := range []struct {
		name string
		o    Options
	}{
		{"posix-all", Options{Posix: true}},
		{"posix-all-human", Options{Posix: true, Unit: UnitHuman}},
		{"posix-msg-time", Options{Posix: true, Msg: true, Format: FormatTime}},
		{"posix-limits", Options{Posix: true, Format: FormatLimits}}, // no POSIX sections
		{"json-posix", Options{Posix: true, JSON: true}},
	} {
		got, err := Render(nil, c.o, sample(), sampleEnv())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		golden(t, c.name, got)
	}
	// A failed POSIX listing: every section is printed, and the errors,
	// one per kind, come back joined.
	src := sample()
	src.posixQs, src.posixShm, src.posixSems = nil, nil, nil
	src.posixErr = syscall.EPERM
	got, err := Render(nil, Options{Posix: true, Sem: true, Msg: true}, src, sampleEnv())
	golden(t, "posix-failed", got)
	var pe *PosixListError
	if !errors.As(err, &pe) || !errors.Is(err, syscall.EPERM) || strings.Count(err.Error(), "cannot list") != 2 {
		t.Errorf("failed POSIX listings: %v", err)
	}
	got, err = Render(nil, Options{Posix: true, JSON: true, Shm: true}, src, sampleEnv())
	golden(t, "json-posix-failed", got)
	if !errors.As(err, &pe) || pe.What != "POSIX shared memory" {
		t.Errorf("failed POSIX listing in JSON: %v", err)
	}
}

// When the kernel refuses, the sections say so as util-linux's do.
func TestGoldenUnavailable(t *testing.T) {
	empty := &fixed{}
	for _, c := range []struct {
		name string
		o    Options
	}{
		{"unavailable-limits", Options{Format: FormatLimits}},
		{"unavailable-status", Options{Format: FormatStatus}},
		{"empty-default", Options{}},
		{"empty-pid", Options{Format: FormatPID}},
		{"json-unavailable-limits", Options{JSON: true, Format: FormatLimits}},
		{"json-empty", Options{JSON: true}},
	} {
		got, err := Render(nil, c.o, empty, sampleEnv())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		golden(t, c.name, got)
	}
}

func TestRenderErrors(t *testing.T) {
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{ByID: true}, ErrOneResource.Error()},
		{Options{ByID: true, Msg: true, Sem: true}, ErrOneResource.Error()},
		{Options{ByID: true, Msg: true, ID: 99}, "id 99 not found"},
		{Options{ByID: true, Shm: true, ID: -1}, "id -1 not found"},
		{Options{ByID: true, Sem: true, ID: -1}, "id -1 not found"},
		{Options{ByID: true, Msg: true, ID: -1, JSON: true}, "id -1 not found"},
		{Options{ByID: true, Sem: true, ID: 1}, "semctl(GETVAL) failed"}, // no values: EACCES
		{Options{ByID: true, Sem: true, ID: 1, JSON: true}, "semctl(GETVAL) failed"},
	} {
		out, err := Render(nil, c.o, sample(), sampleEnv())
		if err == nil || err.Error() != c.want {
			t.Errorf("Render(%+v) error = %v, want %q", c.o, err, c.want)
		}
		var nf *NotFoundError
		switch {
		case errors.As(err, &nf) && c.o.JSON:
			if !strings.Contains(string(out), "[]") {
				t.Errorf("Render(%+v) = %q, want an empty list", c.o, out)
			}
		case len(out) != 0:
			t.Errorf("Render(%+v) printed %q", c.o, out)
		}
	}
	var sv *SemValuesError
	_, err := Render(nil, Options{ByID: true, Sem: true, ID: 1}, sample(), sampleEnv())
	if !errors.As(err, &sv) || !errors.Is(err, syscall.EACCES) {
		t.Errorf("SemValuesError does not unwrap to EACCES: %v", err)
	}
}

// Names are asked once per distinct id however many rows show it, when the
// resolver caches (FileNames does); here: the renderers do not ask more
// than once per row and column.
func TestNamesLookups(t *testing.T) {
	n := &countingNames{Names: sampleEnv().Names}
	e := sampleEnv()
	e.Names = n
	src := sample()
	for range 100 {
		src.msgs = append(src.msgs, src.msgs[1])
	}
	Render(nil, Options{Msg: true}, src, e)
	if n.calls != len(src.msgs) {
		t.Errorf("%d lookups for %d rows", n.calls, len(src.msgs))
	}
}

type countingNames struct {
	Names
	calls int
}

func (c *countingNames) User(uid uint32) (string, bool) {
	c.calls++
	return c.Names.User(uid)
}

// The JSON is valid and its strings are escaped.
func TestJSONString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"root", `"root"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"tab\there\n", `"tab\there\n"`},
		{"\x01\x7f", `"\u0001\u007f"`},
		{"ü", `"ü"`},
		{"\xff", "\"\uFFFD\""},
	} {
		if got := string(jsonString(nil, c.in)); got != c.want {
			t.Errorf("jsonString(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
