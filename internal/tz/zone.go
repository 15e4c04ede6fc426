// SPDX-License-Identifier: Apache-2.0

//go:build linux

package tz

import (
	"os"
	"sync"
)

// Where glibc looks (Debian's build, and glibc's defaults).
const (
	defaultDir   = "/usr/share/zoneinfo" // TZDIR
	localtime    = "/etc/localtime"      // TZDEFAULT: the zone when TZ is unset
	posixRules   = "posixrules"          // TZDEFRULES, under the zone directory
	universal    = "Universal"           // the zone of an empty TZ
	searchPeriod = 15778476              // half a Gregorian year, for glibc's search
)

// Config is what selects a zone: the TZ and TZDIR environment variables.
type Config struct {
	TZ    string // TZ's value
	Set   bool   // whether TZ is set at all (unset: /etc/localtime)
	TZDIR string // where relative zone names are looked up; "": /usr/share/zoneinfo
}

// Environ is the Config of this process's environment.
func Environ() Config {
	tz, set := os.LookupEnv("TZ")
	return Config{TZ: tz, Set: set, TZDIR: os.Getenv("TZDIR")}
}

// Zone converts Unix times to local time as glibc does in a process
// started with the Config's environment. It reads no file until the first
// conversion.
//
// Like glibc, a Zone keeps state between conversions, and a series of
// conversions matches the same series of calls in a fresh process: some
// answers depend on what came before (see the package documentation). A
// Zone is safe for concurrent use.
type Zone struct {
	cfg Config

	mu      sync.Mutex
	started bool      // tzset has run
	reload  bool      // glibc's old_tz is NULL: TZ is read again next time
	file    *zoneFile // glibc's __use_tzfile: the zone file data in use
	rules   rules     // otherwise glibc's tz_rules

	// ruleDstoff is glibc's rule_dstoff, which outlives the file that set
	// it and moves the transitions taken from posixrules.
	ruleDstoff int32

	// Each file is read once: glibc reads again, but the files are taken
	// not to change while a process runs.
	reads map[string]readResult

	// undefined records that glibc's answer for the last conversion
	// depended on memory outside its data: tests have nothing to compare.
	undefined bool
}

type readResult struct {
	f      *zoneFile
	opened bool // the file could be opened
	ok     bool
}

// New returns the zone glibc uses for c.
func New(c Config) *Zone { return &Zone{cfg: c} }

// FromEnv returns the zone of this process's TZ and TZDIR, as New(Environ()).
func FromEnv() *Zone { return New(Environ()) }

// UTC returns Coordinated Universal Time without leap seconds.
func UTC() *Zone { return &Zone{cfg: Config{TZ: "UTC0", Set: true}, started: true} }

// Localtime is glibc's localtime(&t). It reports false where localtime
// returns NULL (a year that does not fit a C int).
func (z *Zone) Localtime(t int64) (Tm, bool) { return z.convert(t, true) }

// LocaltimeR is glibc's localtime_r(&t, &tm). It differs from Localtime
// only in when glibc reads TZ again: localtime_r reads it once per
// process, localtime whenever TZ is unset or glibc forgot it.
func (z *Zone) LocaltimeR(t int64) (Tm, bool) { return z.convert(t, false) }

// Ctime appends glibc's ctime(&t) without its newline: asctime of
// Localtime. It reports false where ctime returns NULL.
func (z *Zone) Ctime(b []byte, t int64) ([]byte, bool) {
	tm, ok := z.Localtime(t)
	if !ok {
		return b, false
	}
	return tm.AppendAsctime(b)
}

// ctimeBuf is the size of the buffer that ctime_r's callers give it (and
// that asctime_r assumes).
const ctimeBuf = 26

// CtimeR appends what glibc's ctime_r(&t, buf) leaves in a 26-byte buf,
// without the newline: asctime of LocaltimeR, cut to 25 bytes when it
// does not fit (ctime_r then returns NULL, but has written buf). It
// reports false where ctime_r leaves buf as it was.
func (z *Zone) CtimeR(b []byte, t int64) ([]byte, bool) {
	tm, ok := z.LocaltimeR(t)
	if !ok {
		return b, false
	}
	n := len(b)
	b, ok = tm.AppendAsctime(b)
	if !ok {
		return b, false
	}
	if len(b)-n+1 >= ctimeBuf { // with the newline, it does not fit
		b = b[:n+ctimeBuf-1]
	}
	return b, true
}

// convert is glibc's __tz_convert for local time: tzset (always for
// localtime, once for localtime_r), the zone's offset and leap-second
// correction at t, and t broken down with them.
func (z *Zone) convert(t int64, always bool) (Tm, bool) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.undefined = false
	z.tzset(always)
	var isdst int
	var off, corr int64
	hit := 0
	if z.file != nil {
		var ok bool
		off, isdst, corr, hit, ok = z.fileOffset(t)
		if !ok {
			return Tm{}, false
		}
	} else {
		utc, ok := offtime(t, 0)
		if !ok {
			return Tm{}, false
		}
		o, dst, defined := z.rules.compute(t, int32(utc.Year-1900)+1900)
		z.undefined = z.undefined || !defined
		off = int64(o)
		if dst {
			isdst = 1
		}
	}
	tm, ok := offtime(t, off-corr)
	if !ok {
		return Tm{}, false
	}
	tm.IsDST, tm.GMTOff = isdst, off
	tm.Sec += hit
	return tm, true
}

// tzset is glibc's tzset_internal(always): it runs the first time, and,
// for localtime (always), again whenever TZ is unset or glibc forgot its
// value (after posixrules gave the rule). TZ unset is /etc/localtime,
// empty is Universal, one leading ':' is dropped; a zone file by that
// name (under the zone directory unless absolute) is used if glibc can
// read it; otherwise no name, or /etc/localtime, is UTC, and anything
// else is a POSIX TZ value.
func (z *Zone) tzset(always bool) {
	if z.started && (!always || z.cfg.Set && !z.reload) {
		return
	}
	z.started, z.reload = true, false
	name := localtime
	if z.cfg.Set {
		name = z.cfg.TZ
		if name == "" {
			name = universal
		}
		if name[0] == ':' {
			name = name[1:]
		}
	}
	z.file = nil
	if f, ok := z.read(name); ok {
		z.file = f
		return
	}
	if name == "" || name == localtime {
		z.rules = rules{} // UTC
		return
	}
	p := parseRule(name, z.defaultRules)
	if p.file != nil {
		z.file, z.reload = p.file, true
		return
	}
	z.rules = p.r
}

// read is glibc's __tzfile_read of a zone file by name: an empty name is
// none, a relative one is under TZDIR. A file without transitions sets
// rule_dstoff, each time it is read.
func (z *Zone) read(name string) (*zoneFile, bool) {
	r, done := z.reads[name]
	if !done {
		if name != "" {
			r.f, r.opened, r.ok = readFile(z.path(name))
		}
		if z.reads == nil {
			z.reads = make(map[string]readResult)
		}
		z.reads[name] = r
	}
	if r.ok && r.f.setsDstoff {
		t, _ := r.f.typeAt(0)
		z.ruleDstoff = t.offset
	}
	return r.f, r.ok
}

// readFile opens and reads a zone file.
func readFile(name string) (f *zoneFile, opened, ok bool) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, false, false
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, true, false
	}
	f, ok = readZone(fh, st.Size())
	if ok {
		f.info = st
	}
	return f, true, ok
}

// defaultRules is glibc's __tzfile_default: for a POSIX value with two
// zone names and no rule, the posixrules file with types 0 and 1 replaced
// by the given standard and daylight offsets and its transitions moved
// to match (by the difference to rule_stdoff and rule_dstoff). nil if
// the file cannot be read or has fewer than two types.
func (z *Zone) defaultRules(stdoff, dstoff int32) (adjusted, raw *zoneFile) {
	if cur := z.file; cur != nil && cur.info != nil {
		if st, err := os.Stat(z.path(posixRules)); err == nil && os.SameFile(cur.info, st) {
			// glibc takes the file for unchanged and writes the names
			// through a pointer it never set.
			z.undefined = true
		}
	}
	src, ok := z.read(posixRules)
	if !ok {
		return nil, nil
	}
	if len(src.types) < 2 {
		return nil, src
	}
	f := &zoneFile{
		trans:  make([]int64, len(src.trans)),
		idx:    make([]uint8, len(src.idx)),
		types:  []ttinfo{{offset: stdoff}, {offset: dstoff, isdst: 1}},
		leaps:  src.leaps,
		spec:   src.spec,
		stdoff: stdoff,
	}
	// Transitions given in local time move with the offset in force
	// before them: daylight (unless given in standard time) or standard.
	var isdst uint8
	for i, at := range src.trans {
		tt := src.types[src.idx[i]]
		f.idx[i] = tt.isdst
		switch {
		case tt.isut:
		case isdst != 0 && !tt.isstd:
			at += int64(dstoff) - int64(z.ruleDstoff)
		default:
			at += int64(stdoff) - int64(src.stdoff)
		}
		f.trans[i] = at
		isdst = tt.isdst
	}
	z.ruleDstoff = dstoff
	return f, src
}

// path is where glibc looks for a zone file by name.
func (z *Zone) path(name string) string {
	if name[0] == '/' {
		return name
	}
	dir := z.cfg.TZDIR
	if dir == "" {
		dir = defaultDir
	}
	return dir + "/" + name
}

// fileOffset is glibc's __tzfile_compute for the zone file in use: the
// offset and daylight flag at t, and the leap-second correction (and how
// many leap seconds t is inside of).
func (z *Zone) fileOffset(t int64) (off int64, isdst int, corr int64, hit int, ok bool) {
	f := z.file
	leaps := f.leaps // the leap records of the data glibc holds at the end
	n := len(f.trans)
	var info ttinfo
	defined, freed := true, false
	switch {
	case n == 0 || t < f.trans[0]:
		// The first standard type (the first type if all are daylight).
		i := 0
		for i < len(f.types) && f.types[i].isdst != 0 {
			i++
		}
		if i == len(f.types) {
			i = 0
		}
		info, defined = f.typeAt(i)
	case t >= f.trans[n-1] && f.spec != "":
		// After the last transition: the footer's rule.
		p := parseRule(f.spec, z.defaultRules)
		last := f // the data glibc holds now, for its last transition
		switch {
		case p.file != nil:
			// glibc now holds posixrules' data, and reads TZ again
			// next time.
			last, leaps = p.file, p.file.leaps
			z.file, z.reload = p.file, true
		case p.triedDefault:
			// glibc dropped the zone file when it looked for posixrules;
			// from now on it uses the footer's rule alone.
			z.file, z.rules = nil, p.r
			if p.raw != nil {
				last, leaps = p.raw, p.raw.leaps
			} else {
				// glibc freed its tables, and still reads them: the leap
				// seconds (none is safe if posixrules was never opened,
				// as the count stays) and the last transition's type.
				freed = true
				defined = len(leaps) == 0 && !z.reads[posixRules].opened
			}
		}
		utc, uok := offtime(t, 0)
		if !uok {
			// glibc falls back to the type of the last transition.
			if freed || len(last.idx) == 0 {
				defined = false
			} else {
				info = last.types[last.idx[len(last.idx)-1]]
			}
			break
		}
		r := &p.r
		if p.triedDefault {
			r = &z.rules
		}
		o, dst, rdef := r.compute(t, int32(utc.Year-1900)+1900)
		info.offset = o
		if dst {
			info.isdst = 1
		}
		defined = defined && rdef
	case t >= f.trans[n-1]:
		info = f.types[f.idx[n-1]]
	default:
		info = f.types[f.idx[searchTransition(f.trans, t)-1]]
	}
	z.undefined = z.undefined || !defined

	// The last leap-second record at or before t.
	i := len(leaps)
	for {
		if i == 0 {
			return int64(info.offset), int(info.isdst), 0, 0, true
		}
		i--
		if t >= leaps[i].at {
			break
		}
	}
	corr = leaps[i].corr
	prev := int64(0)
	if i > 0 {
		prev = leaps[i-1].corr
	}
	if t == leaps[i].at && leaps[i].corr > prev {
		// Inside an inserted leap second (or a run of them).
		hit = 1
		for i > 0 && leaps[i].at == leaps[i-1].at+1 && leaps[i].corr == leaps[i-1].corr+1 {
			hit++
			i--
		}
	}
	return int64(info.offset), int(info.isdst), corr, hit, true
}

// searchTransition is the index of the first transition after t, found
// as glibc finds it: a guess from t's distance to the last transition
// (two changes a year), a short linear walk near the guess, else a binary
// search. trans[0] <= t < trans[len-1]. For transitions out of order the
// answer is glibc's, whatever that is.
func searchTransition(trans []int64, t int64) int {
	n := len(trans)
	lo, hi := 0, n-1
	g := uint64((trans[n-1] - t) / searchPeriod)
	if g < uint64(n) {
		i := n - 1 - int(g)
		if t < trans[i] {
			if i < 10 || t >= trans[i-10] {
				for t < trans[i-1] {
					i--
				}
				return i
			}
			hi = i - 10
		} else {
			if i+10 >= n || t < trans[i+10] {
				for t >= trans[i] {
					i++
				}
				return i
			}
			lo = i + 10
		}
	}
	for lo+1 < hi {
		i := (lo + hi) / 2
		if t < trans[i] {
			hi = i
		} else {
			lo = i
		}
	}
	return hi
}
