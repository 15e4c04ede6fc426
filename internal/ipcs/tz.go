// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import "github.com/gonstools/gonstools/internal/tz"

// Zone gives the local time of dates, as util-linux's ipcs gets it from
// glibc's ctime_r.
type Zone interface {
	// CtimeR appends what ctime_r(&t, buf) leaves in a 26-byte buf,
	// without its newline ("Mon Nov 23 20:00:11 2026"), and reports false
	// where ctime_r leaves buf as it was.
	CtimeR(b []byte, t int64) ([]byte, bool)
}

// LocalZone is this process's zone as glibc reads it from TZ and TZDIR
// (unset, /etc/localtime; zone files with leap seconds; POSIX rules with
// glibc's limits and defaults), so that dates match util-linux's. It
// reads neither the environment nor a file until a date is printed (the
// first look at the environment copies all of it into a map, which a
// listing without dates does without).
func LocalZone() Zone { return &localZone{} }

// localZone is LocalZone's zone, read on first use.
type localZone struct{ z *tz.Zone }

func (l *localZone) CtimeR(b []byte, t int64) ([]byte, bool) {
	if l.z == nil {
		l.z = tz.FromEnv()
	}
	return l.z.CtimeR(b, t)
}

// ctime is util-linux's ctime64: ctime_r into one static buffer, which
// is printed whatever ctime_r returned, so that a date ctime_r cannot
// give shows the previous one (or nothing). A nil Zone is UTC.
func (e *Env) ctime(sec int64) []byte {
	z := e.Zone
	if z == nil {
		z = tz.UTC()
	}
	var tmp [32]byte
	if b, ok := z.CtimeR(tmp[:0], sec); ok {
		e.ctimeBuf = append(e.ctimeBuf[:0], b...)
	}
	return e.ctimeBuf
}
