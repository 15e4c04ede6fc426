// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// many is sample() with every System V list repeated n times.
func many(n int) *fixed {
	f := sample()
	msgs, shms, sems := f.msgs, f.shms, f.sems
	for range n - 1 {
		f.msgs = append(f.msgs, msgs...)
		f.shms = append(f.shms, shms...)
		f.sems = append(f.sems, sems...)
	}
	return f
}

// chunks records the writes it is given.
type chunks struct {
	bytes.Buffer
	sizes []int
	fail  error // every write fails with it
}

func (c *chunks) Write(b []byte) (int, error) {
	c.sizes = append(c.sizes, len(b))
	if c.fail != nil {
		return 0, c.fail
	}
	return c.Buffer.Write(b)
}

// Write prints exactly what Render makes; a JSON listing comes in chunks
// that stay near jsonChunk whatever its length, the rest in one write.
func TestWriteStreams(t *testing.T) {
	src := many(2000) // about 5 MB of JSON
	for _, o := range []Options{
		{JSON: true},
		{JSON: true, Msg: true, Format: FormatTime, Unit: UnitHuman},
		{JSON: true, Shm: true, Posix: true},
		{JSON: true, Sem: true, Format: FormatCreator},
		{JSON: true, Format: FormatLimits},
		{JSON: true, Format: FormatStatus},
		{JSON: true, ByID: true, Sem: true},
		{},
		{Format: FormatPID, Posix: true},
	} {
		t.Run(fmt.Sprintf("%+v", o), func(t *testing.T) {
			want, wantErr := Render(nil, o, src, sampleEnv())
			var c chunks
			err := Write(&c, o, src, sampleEnv())
			if !bytes.Equal(c.Bytes(), want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("Write = %d bytes, %v; Render = %d bytes, %v", c.Len(), err, len(want), wantErr)
			}
			streamed := o.JSON && !o.ByID && o.Format != FormatLimits && o.Format != FormatStatus
			largest := 0
			for _, n := range c.sizes {
				largest = max(largest, n)
			}
			switch {
			case streamed && (len(c.sizes) < len(want)/jsonChunk || largest > jsonChunk+4096):
				t.Errorf("%d bytes in %d writes of up to %d bytes, want chunks of about %d", len(want), len(c.sizes), largest, jsonChunk)
			case !streamed && len(c.sizes) != 1:
				t.Errorf("%d writes, want one", len(c.sizes))
			}
		})
	}
}

// After a failed write a streamed listing stops: nothing more is written
// and the error is returned.
func TestWriteError(t *testing.T) {
	c := chunks{fail: syscall.ENOSPC}
	err := Write(&c, Options{JSON: true}, many(2000), sampleEnv())
	if !errors.Is(err, syscall.ENOSPC) || len(c.sizes) != 1 {
		t.Errorf("Write = %v after %d writes, want ENOSPC after 1", err, len(c.sizes))
	}
	// The errors of the listing itself come along.
	src := many(1)
	src.posixErr = syscall.EACCES
	err = Write(&c, Options{JSON: true, Posix: true}, src, sampleEnv())
	var pl *PosixListError
	if !errors.Is(err, syscall.ENOSPC) || !errors.As(err, &pl) {
		t.Errorf("Write = %v, want ENOSPC and a PosixListError", err)
	}
}

// later is a Source that lists segments with their memory use in the
// background, and says whether it was asked to.
type later struct {
	*fixed
	asked bool
}

func (l *later) ShmsMemoryLater() func() ([]sysvipc.ShmSegment, error) {
	l.asked = true
	ss, err := l.ShmsMemory()
	return func() ([]sysvipc.ShmSegment, error) { return ss, err }
}

// The segments are read in the background when the queues come first,
// and the document is the same.
func TestShmsLater(t *testing.T) {
	for _, c := range []struct {
		o     Options
		asked bool
	}{
		{Options{JSON: true}, true},
		{Options{JSON: true, Msg: true, Shm: true, Format: FormatTime}, true},
		{Options{JSON: true, Shm: true}, false},
		{Options{JSON: true, Format: FormatStatus}, false},
		{Options{}, false},
	} {
		src := &later{fixed: sample()}
		got, _ := Render(nil, c.o, src, sampleEnv())
		want, _ := Render(nil, c.o, sample(), sampleEnv())
		if !bytes.Equal(got, want) || src.asked != c.asked {
			t.Errorf("%+v: asked %v, want %v; same output: %v", c.o, src.asked, c.asked, bytes.Equal(got, want))
		}
	}
}

// BenchmarkJSON is what a streamed JSON listing costs: 3,000 queues, 4,000
// segments and 2,000 semaphore sets, written to nowhere.
func BenchmarkJSON(b *testing.B) {
	src := many(1000)
	for b.Loop() {
		Write(io.Discard, Options{JSON: true}, src, sampleEnv())
	}
}
