// SPDX-License-Identifier: Apache-2.0

package sysvipc

import (
	"bufio"
	"errors"
	"io"
	"math/bits"
	"os"
)

// The /proc/sysvipc files of the caller's IPC namespace.
const (
	procMsg = "/proc/sysvipc/msg"
	procShm = "/proc/sysvipc/shm"
	procSem = "/proc/sysvipc/sem"
)

// ReadMsgProc parses /proc/sysvipc/msg:
//
//	key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime
//
// The first line is a header and is skipped, as util-linux skips it; lines
// without 14 valid fields are skipped too. QBytes is not in the file and is
// left 0. Only a read error is returned.
func ReadMsgProc(r io.Reader) ([]MsgQueue, error) {
	var qs []MsgQueue
	err := eachRow(r, func(f *fieldScanner) {
		var q MsgQueue
		if !f.perm(&q.Perm) {
			return
		}
		ok := f.u64(&q.CBytes) && f.u64(&q.QNum) && f.i32(&q.LSPID) && f.i32(&q.LRPID) &&
			f.owners(&q.Perm) && f.i64(&q.STime) && f.i64(&q.RTime) && f.i64(&q.CTime)
		if ok {
			qs = append(qs, q)
		}
	})
	return qs, err
}

// ReadShmProc parses /proc/sysvipc/shm:
//
//	key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap
//
// rss and swap (bytes) came in Linux 2.6.32+; when both are present
// MemKnown is set. Lines without the first 14 valid fields are skipped.
func ReadShmProc(r io.Reader) ([]ShmSegment, error) {
	var ss []ShmSegment
	err := eachRow(r, func(f *fieldScanner) {
		var s ShmSegment
		if !f.perm(&s.Perm) {
			return
		}
		ok := f.u64(&s.Size) && f.i32(&s.CPID) && f.i32(&s.LPID) && f.u64(&s.NAttch) &&
			f.owners(&s.Perm) && f.i64(&s.ATime) && f.i64(&s.DTime) && f.i64(&s.CTime)
		if !ok {
			return
		}
		var rss, swap uint64
		if f.u64(&rss) && f.u64(&swap) {
			s.RSS, s.Swap, s.MemKnown = rss, swap, true
		}
		ss = append(ss, s)
	})
	return ss, err
}

// ReadSemProc parses /proc/sysvipc/sem:
//
//	key semid perms nsems uid gid cuid cgid otime ctime
//
// Lines without 10 valid fields are skipped.
func ReadSemProc(r io.Reader) ([]SemArray, error) {
	var as []SemArray
	err := eachRow(r, func(f *fieldScanner) {
		var a SemArray
		if !f.perm(&a.Perm) {
			return
		}
		ok := f.u64(&a.NSems) && f.owners(&a.Perm) && f.i64(&a.OTime) && f.i64(&a.CTime)
		if ok {
			as = append(as, a)
		}
	})
	return as, err
}

func readMsgProcFile() ([]MsgQueue, error) {
	f, err := os.Open(procMsg)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadMsgProc(f)
}

func readShmProcFile() ([]ShmSegment, error) {
	f, err := os.Open(procShm)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadShmProc(f)
}

func readSemProcFile() ([]SemArray, error) {
	f, err := os.Open(procSem)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadSemProc(f)
}

// maxLine bounds a line of a /proc/sysvipc file; real ones are under 250
// bytes. Longer lines are skipped whole.
const maxLine = 4096

// eachRow calls fn for every line of r after the first.
func eachRow(r io.Reader, fn func(*fieldScanner)) error {
	br := bufio.NewReaderSize(r, maxLine)
	first, long := true, false
	for {
		line, err := br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			long = true // skip to the end of this line
			continue
		case err != nil && err != io.EOF:
			return err
		}
		if len(line) > 0 {
			if !first && !long {
				fn(&fieldScanner{rest: line})
			}
			first, long = false, false
		}
		if err == io.EOF {
			return nil
		}
	}
}

// fieldScanner takes the whitespace-separated fields of a line one by one;
// each method reports whether the next field was there and valid.
type fieldScanner struct{ rest []byte }

func (f *fieldScanner) next() []byte {
	i := 0
	for i < len(f.rest) && isSpace(f.rest[i]) {
		i++
	}
	j := i
	for j < len(f.rest) && !isSpace(f.rest[j]) {
		j++
	}
	w := f.rest[i:j]
	f.rest = f.rest[j:]
	return w
}

// isSpace is C's isspace in the C locale.
func isSpace(c byte) bool {
	return c == ' ' || c-'\t' <= '\r'-'\t'
}

// perm reads the leading key, id and octal mode.
func (f *fieldScanner) perm(p *Perm) bool {
	var key int32
	var id int64
	if !f.i32(&key) || !f.int(&id, 31) || id < 0 {
		return false
	}
	mode, ok := parseUint(f.next(), 8, 32)
	if !ok {
		return false
	}
	p.Key, p.ID, p.Mode = key, int(id), uint32(mode)
	return true
}

// owners reads uid, gid, cuid and cgid.
func (f *fieldScanner) owners(p *Perm) bool {
	return f.u32(&p.UID) && f.u32(&p.GID) && f.u32(&p.CUID) && f.u32(&p.CGID)
}

func (f *fieldScanner) u64(v *uint64) bool {
	n, ok := parseUint(f.next(), 10, 64)
	*v = n
	return ok
}

func (f *fieldScanner) u32(v *uint32) bool {
	n, ok := parseUint(f.next(), 10, 32)
	*v = uint32(n)
	return ok
}

func (f *fieldScanner) i64(v *int64) bool { return f.int(v, 63) }

func (f *fieldScanner) i32(v *int32) bool {
	var n int64
	ok := f.int(&n, 31)
	*v = int32(n)
	return ok
}

// int reads a signed decimal that fits in bits bits plus a sign.
func (f *fieldScanner) int(v *int64, bits uint) bool {
	w := f.next()
	neg := len(w) > 0 && w[0] == '-'
	if neg {
		w = w[1:]
	}
	n, ok := parseUint(w, 10, bits+1)
	if !ok {
		return false
	}
	limit := uint64(1) << bits
	switch {
	case neg && n > limit, !neg && n >= limit:
		return false
	case neg:
		*v = -int64(n)
	default:
		*v = int64(n)
	}
	return true
}

// parseUint parses unsigned digits of the given base that fit in bits bits.
func parseUint(w []byte, base uint64, size uint) (uint64, bool) {
	if len(w) == 0 {
		return 0, false
	}
	var n uint64
	limit := uint64(1)<<size - 1
	if size == 64 {
		limit = ^uint64(0)
	}
	for _, c := range w {
		d := uint64(c) - '0'
		if d >= base {
			return 0, false
		}
		hi, lo := bits.Mul64(n, base)
		n = lo + d
		if hi != 0 || n < lo || n > limit {
			return 0, false
		}
	}
	return n, true
}
