// SPDX-License-Identifier: Apache-2.0

//go:build linux

package tz

import (
	"encoding/binary"
	"io"
	"math"
	"math/bits"
	"os"
)

// zoneFile is a TZif file (RFC 8536) as glibc's __tzfile_read keeps it.
type zoneFile struct {
	trans []int64 // transition times
	idx   []uint8 // the type each transition starts
	types []ttinfo
	leaps []leap
	spec  string // the footer's POSIX TZ value; "" when there is none

	// stdoff is glibc's rule_stdoff for this file: the offset of the
	// last standard type transitioned to (0 if none; the first type's
	// without transitions). Only a file without transitions sets
	// rule_dstoff (to the same): otherwise glibc keeps the value it had.
	stdoff     int32
	setsDstoff bool

	// info identifies the file (nil for data not read from a file).
	info os.FileInfo

	// A file without types makes glibc read its first type from the
	// memory after the type table: the abbreviations, then the footer.
	// overlay is that type; overlayOK is false where those bytes do not
	// hold it (glibc then reads beyond its data).
	overlay   ttinfo
	overlayOK bool
}

type ttinfo struct {
	offset int32 // seconds east of UTC
	isdst  uint8
	isstd  bool // transitions to it are given in standard time
	isut   bool // transitions to it are given in UTC
}

// leap is a leap-second record: from time at, corr seconds are added.
type leap struct {
	at   int64
	corr int64
}

// typeAt is types[i], or the overlay when there are no types (i is then
// 0, the only index glibc uses).
func (f *zoneFile) typeAt(i int) (ttinfo, bool) {
	if len(f.types) == 0 {
		return f.overlay, f.overlayOK
	}
	return f.types[i], true
}

// maxAlloc is more than glibc's malloc gives for a zone file: a file
// whose tables need more is refused, as glibc refuses it.
const maxAlloc = 1 << 40

// fileReader reads a zone file the way glibc's stdio calls do: exact
// counts, any shortfall is a failure, and the position is known.
type fileReader struct {
	r      io.ReadSeeker
	pos    int64
	failed bool
}

// read reads n bytes. A lying count cannot make it allocate more than the
// file holds: it reads in bounded steps and stops at the end.
func (d *fileReader) read(n uint64) []byte {
	if d.failed {
		return nil
	}
	if n > maxAlloc {
		d.failed = true
		return nil
	}
	const step = 1 << 16
	buf := make([]byte, 0, min(n, step))
	for uint64(len(buf)) < n {
		k := min(n-uint64(len(buf)), step)
		start := len(buf)
		buf = append(buf, make([]byte, k)...)
		m, err := io.ReadFull(d.r, buf[start:])
		d.pos += int64(m)
		if err != nil {
			d.failed = true
			return nil
		}
	}
	return buf
}

// getc is one byte, or -1 at the end (without marking a failure).
func (d *fileReader) getc() int {
	var b [1]byte
	if d.failed {
		return -1
	}
	m, _ := io.ReadFull(d.r, b[:])
	d.pos += int64(m)
	if m != 1 {
		return -1
	}
	return int(b[0])
}

// seek is fseek(off, SEEK_CUR).
func (d *fileReader) seek(off int64) {
	if d.failed {
		return
	}
	target := d.pos + off
	if (off > 0 && target < d.pos) || target < 0 {
		d.failed = true
		return
	}
	p, err := d.r.Seek(target, io.SeekStart)
	if err != nil {
		d.failed = true
		return
	}
	d.pos = p
}

// header is a TZif header's counts, each a C int turned into a size_t as
// glibc does (so a negative count is huge).
type header struct {
	version                                bool
	isut, isstd, leaps, times, types, char uint64
}

func decodeHeader(b []byte) header {
	c := func(i int) uint64 { return uint64(int64(int32(binary.BigEndian.Uint32(b[20+4*i:])))) }
	return header{
		version: b[4] != 0,
		isut:    c(0), isstd: c(1), leaps: c(2), times: c(3), types: c(4), char: c(5),
	}
}

// readZone is glibc's __tzfile_read of an open file of the given size
// (st_size): the version 1 data, or the 64-bit data and footer of a
// version 2 or later file. It accepts and refuses exactly what glibc
// does; false means glibc would not use the file.
func readZone(r io.ReadSeeker, size int64) (*zoneFile, bool) {
	d := &fileReader{r: r}
	width := uint64(4)
	var h header
	for {
		b := d.read(44)
		if d.failed || string(b[:4]) != "TZif" {
			return nil, false
		}
		h = decodeHeader(b)
		if h.isstd > h.types || h.isut > h.types {
			return nil, false
		}
		if width == 8 || !h.version {
			break
		}
		// Skip the version 1 data (sizes computed in wrapping size_t).
		width = 8
		skip := h.times*5 + h.types*6 + h.char + h.leaps*8 + h.isstd + h.isut
		d.seek(int64(skip))
	}

	// The footer's length is what the file holds beyond the tables.
	var specLen uint64
	if width == 8 {
		rem := size - d.pos
		if rem < 0 {
			return nil, false
		}
		need := h.times*9 + h.types*6 + h.char
		if uint64(rem) < need {
			return nil, false
		}
		specLen = uint64(rem) - need
		if h.leaps > math.MaxUint64/12 || specLen < h.leaps*12 {
			return nil, false
		}
		specLen -= h.leaps * 12
		if specLen < h.isstd {
			return nil, false
		}
		specLen -= h.isstd
		if specLen == 0 || specLen-1 < h.isut {
			return nil, false
		}
		specLen -= h.isut + 1
		if specLen == 0 {
			return nil, false
		}
	}
	if !fitsAllocation(h, specLen) {
		return nil, false
	}

	f := &zoneFile{}
	rawTrans := d.read(h.times * width)
	f.idx = d.read(h.times)
	if d.failed {
		return nil, false
	}
	for _, i := range f.idx {
		if uint64(i) >= h.types {
			return nil, false
		}
	}
	f.trans = make([]int64, h.times)
	for i := range f.trans {
		if width == 4 {
			f.trans[i] = int64(int32(binary.BigEndian.Uint32(rawTrans[4*i:])))
		} else {
			f.trans[i] = int64(binary.BigEndian.Uint64(rawTrans[8*i:]))
		}
	}
	for i := uint64(0); i < h.types; i++ {
		x := d.read(4)
		isdst := d.getc()
		abbr := d.getc()
		if d.failed || isdst < 0 || isdst > 1 || abbr < 0 || uint64(abbr) > h.char {
			return nil, false
		}
		f.types = append(f.types, ttinfo{offset: int32(binary.BigEndian.Uint32(x)), isdst: uint8(isdst)})
	}
	names := d.read(h.char)
	for i := uint64(0); i < h.leaps && !d.failed; i++ {
		at := d.read(width)
		corr := d.read(4)
		if d.failed {
			break
		}
		l := leap{corr: int64(int32(binary.BigEndian.Uint32(corr)))}
		if width == 4 {
			l.at = int64(int32(binary.BigEndian.Uint32(at)))
		} else {
			l.at = int64(binary.BigEndian.Uint64(at))
		}
		f.leaps = append(f.leaps, l)
	}
	isstd := d.read(h.isstd)
	isut := d.read(h.isut)
	if d.failed {
		return nil, false
	}
	for i, c := range isstd {
		f.types[i].isstd = c != 0
	}
	for i, c := range isut {
		f.types[i].isut = c != 0
	}

	// The footer: a newline, the value, and one more byte (the closing
	// newline, not checked). Without the first newline there is none.
	var specBuf []byte
	if width == 8 && d.getc() == '\n' {
		if b := d.read(specLen - 1); b != nil {
			specBuf = append(b, 0)
			f.spec = cString(b)
		}
	}

	if len(f.types) == 0 {
		// glibc reads struct ttinfo {int offset; unsigned char isdst; ...}
		// from the memory after its (empty) type table.
		mem := append(append([]byte(nil), names...), specBuf...)
		if len(mem) >= 5 && mem[4] <= 1 {
			f.overlay = ttinfo{offset: int32(binary.LittleEndian.Uint32(mem)), isdst: mem[4]}
			f.overlayOK = true
		}
	}
	f.stdoff, f.setsDstoff = stdOffset(f), len(f.trans) == 0
	return f, true
}

// fitsAllocation reports whether glibc's single allocation for the tables
// can be made: its size must not overflow a size_t, nor exceed what
// malloc gives.
func fitsAllocation(h header, specLen uint64) bool {
	total := uint64(0)
	for _, p := range [][2]uint64{
		{h.times, 8}, {h.leaps, 16}, {h.types, 8}, {h.times, 1}, {h.char, 1}, {specLen, 1},
	} {
		hi, lo := bits.Mul64(p[0], p[1])
		if hi != 0 {
			return false
		}
		var carry uint64
		total, carry = bits.Add64(total, lo, 0)
		if carry != 0 {
			return false
		}
	}
	return total <= maxAlloc
}

// cString is b up to its first NUL.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// stdOffset is glibc's rule_stdoff: the offset of the last standard type
// transitioned to, 0 if there is none, the first type's if there are no
// transitions.
func stdOffset(f *zoneFile) int32 {
	if len(f.trans) == 0 {
		t, _ := f.typeAt(0)
		return t.offset
	}
	for i := len(f.trans) - 1; i >= 0; i-- {
		if t := f.types[f.idx[i]]; t.isdst == 0 {
			return t.offset
		}
	}
	return 0
}
