// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

const msgHeader = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n"

func TestReadMsgProc(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []MsgQueue
	}{
		{"empty", "", nil},
		{"header only", msgHeader, nil},
		{"one", msgHeader +
			"-1092015494          0   644          10          2  1234  1235     0     0     0     0 1795464011 1795464012 1795464013\n",
			[]MsgQueue{{Perm: Perm{Key: -1092015494, ID: 0, Mode: 0o644}, CBytes: 10, QNum: 2, LSPID: 1234, LRPID: 1235,
				STime: 1795464011, RTime: 1795464012, CTime: 1795464013}}},
		{"no final newline, tabs, owners", msgHeader +
			"5\t32768\t600\t0\t0\t0\t0\t1000\t100\t0\t0\t0\t0\t7",
			[]MsgQueue{{Perm: Perm{Key: 5, ID: 32768, Mode: 0o600, UID: 1000, GID: 100}, CTime: 7}}},
		{"odd lines are skipped", msgHeader +
			"\n" +
			"garbage\n" +
			"1 2 644 0 0 0 0 0 0 0 0 0 0\n" + // 13 fields
			"1 2 648 0 0 0 0 0 0 0 0 0 0 0\n" + // 8 is not octal
			"1 -2 644 0 0 0 0 0 0 0 0 0 0 0\n" + // negative id
			"2147483648 2 644 0 0 0 0 0 0 0 0 0 0 0\n" + // key out of range
			"1 2 644 0 0 0 0 4294967296 0 0 0 0 0 0\n" + // uid out of range
			"1 2 644 0x1 0 0 0 0 0 0 0 0 0 0\n" +
			"-2147483648 3 644 0 0 0 0 4294967295 0 0 0 -5 0 0 extra\n",
			[]MsgQueue{{Perm: Perm{Key: -2147483648, ID: 3, Mode: 0o644, UID: 4294967295}, STime: -5}}},
		{"header is whatever the first line is", "1 2 644 0 0 0 0 0 0 0 0 0 0 0\n", nil},
	}
	for _, c := range cases {
		got, err := ReadMsgProc(strings.NewReader(c.in))
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: ReadMsgProc = %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
}

func TestReadShmProc(t *testing.T) {
	header := "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
	in := header +
		"-816273697          0   644                  1000 16986     0      0     0     0     0     0          0          0 1795464011                     0                     0\n" +
		"         0      32769  3600                  5000    10    11      2     1     2     3     4          5          6          7                  4096                  8192\n" +
		"         1          2   600                     1     1     1      1     1     1     1     1          1          1          1\n" + // Linux < 2.6.32: no rss/swap
		"         1          3   600                     1     1     1      1     1     1     1     1          1          1\n" // too short
	want := []ShmSegment{
		{Perm: Perm{Key: -816273697, ID: 0, Mode: 0o644}, Size: 1000, CPID: 16986, CTime: 1795464011, MemKnown: true},
		{Perm: Perm{ID: 32769, Mode: 0o3600, UID: 1, GID: 2, CUID: 3, CGID: 4}, Size: 5000, CPID: 10, LPID: 11, NAttch: 2,
			ATime: 5, DTime: 6, CTime: 7, RSS: 4096, Swap: 8192, MemKnown: true},
		{Perm: Perm{Key: 1, ID: 2, Mode: 0o600, UID: 1, GID: 1, CUID: 1, CGID: 1}, Size: 1, CPID: 1, LPID: 1, NAttch: 1,
			ATime: 1, DTime: 1, CTime: 1},
	}
	got, err := ReadShmProc(strings.NewReader(in))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ReadShmProc = %+v, %v\nwant %+v", got, err, want)
	}
}

func TestReadSemProc(t *testing.T) {
	in := "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n" +
		" 733982886          0   644          3     0     0     0     0          0 1795464011\n" +
		"-831767141          1   644          1  1000  1001  1002  1003         17 1795464011\n" +
		"-831767141          1   644          1  1000  1001  1002  1003         17\n"
	want := []SemArray{
		{Perm: Perm{Key: 733982886, ID: 0, Mode: 0o644}, NSems: 3, CTime: 1795464011},
		{Perm: Perm{Key: -831767141, ID: 1, Mode: 0o644, UID: 1000, GID: 1001, CUID: 1002, CGID: 1003}, NSems: 1, OTime: 17, CTime: 1795464011},
	}
	got, err := ReadSemProc(strings.NewReader(in))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ReadSemProc = %+v, %v\nwant %+v", got, err, want)
	}
}

// A line longer than the reader's buffer is skipped whole, and the lines
// around it still count.
func TestReadProcLongLine(t *testing.T) {
	in := msgHeader + "1 1 644 0 0 0 0 0 0 0 0 0 0 0\n" +
		strings.Repeat("7 ", 3*maxLine) + "\n" +
		"2 2 644 0 0 0 0 0 0 0 0 0 0 0\n"
	got, err := ReadMsgProc(iotest.OneByteReader(strings.NewReader(in)))
	if err != nil || len(got) != 2 || got[0].ID != 1 || got[1].ID != 2 {
		t.Errorf("ReadMsgProc = %+v, %v; want ids 1 and 2", got, err)
	}
}

func TestReadProcError(t *testing.T) {
	boom := errors.New("boom")
	r := iotest.ErrReader(boom)
	if _, err := ReadSemProc(r); !errors.Is(err, boom) {
		t.Errorf("ReadSemProc error = %v, want %v", err, boom)
	}
}

var procSeeds = []string{
	"",
	"\n",
	msgHeader,
	msgHeader + "1 2 644 0 0 0 0 0 0 0 0 0 0 0\n",
	"h\n-1 0 3600 1 2 3 4 5 6 7 8 9 10 11 12 13\n",
	"h\n 733982886          0   644          3     0     0     0     0          0 1795464011",
	"h\n1 2 644 18446744073709551615 18446744073709551616 0 0 0 0 0 0 0 0 0\n",
	"h\n\x00\xff 1 2\r\n\v\f",
}

// The parsers never fail on content and never return an object with a
// negative id; a valid line always yields exactly one object.
func FuzzReadMsgProc(f *testing.F) {
	for _, s := range procSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := ReadMsgProc(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			if q.ID < 0 {
				t.Fatalf("negative id in %+v", q)
			}
		}
		if len(qs) > strings.Count(in, "\n") {
			t.Fatalf("%d queues from %d lines", len(qs), strings.Count(in, "\n"))
		}
	})
}

func FuzzReadShmProc(f *testing.F) {
	for _, s := range procSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ss, err := ReadShmProc(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			if s.ID < 0 || (!s.MemKnown && (s.RSS != 0 || s.Swap != 0)) {
				t.Fatalf("bad segment %+v", s)
			}
		}
	})
}

func FuzzReadSemProc(f *testing.F) {
	for _, s := range procSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		as, err := ReadSemProc(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			if a.ID < 0 || a.Sems != nil {
				t.Fatalf("bad set %+v", a)
			}
		}
	})
}

// parseUint agrees with strconv.ParseUint for every input, base and size
// the parsers use.
func FuzzParseUint(f *testing.F) {
	for _, s := range []string{"0", "644", "4294967295", "4294967296", "18446744073709551615",
		"18446744073709551616", "99999999999999999999", "0777", "8", "", "-1", "1 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, base := range []uint64{8, 10} {
			for _, size := range []uint{32, 63, 64} {
				got, ok := parseUint([]byte(in), base, size)
				want, err := strconv.ParseUint(in, int(base), int(size))
				if ok != (err == nil) || (ok && got != want) {
					t.Fatalf("parseUint(%q, %d, %d) = %d, %v; strconv: %d, %v", in, base, size, got, ok, want, err)
				}
			}
		}
	})
}
