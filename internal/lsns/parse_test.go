// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"encoding/binary"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestParseStat(t *testing.T) {
	for _, c := range []struct {
		line        string
		pid, ppid   int
		state       byte
		ok          bool
		description string
	}{
		{"1234 (sleep) S 1 1234 1234 0 -1 4194560\n", 1234, 1, 'S', true, "plain"},
		{"77 (a) b) (c) R 12 0", 77, 12, 'R', true, "parentheses in the name: the last ) counts"},
		{"5 (with space) Z -3", 5, -3, 'Z', true, "negative parent (as sscanf reads it)"},
		{"  9 (x)\tD\t4", 9, 4, 'D', true, "blanks"},
		{"9 (x) S", 0, 0, 0, false, "no parent"},
		{"9 (x S 1", 0, 0, 0, false, "no )"},
		{"x (y) S 1", 0, 0, 0, false, "no PID"},
		{"9 (y)", 0, 0, 0, false, "nothing after the name"},
		{"99999999999 (y) S 1", 0, 0, 0, false, "PID out of range"},
	} {
		pid, state, ppid, ok := ParseStat([]byte(c.line))
		if ok != c.ok || (ok && (pid != c.pid || ppid != c.ppid || state != c.state)) {
			t.Errorf("%s: ParseStat(%q) = %d %c %d %v, want %d %c %d %v", c.description, c.line, pid, state, ppid, ok, c.pid, c.state, c.ppid, c.ok)
		}
	}
}

func FuzzParseStat(f *testing.F) {
	for _, s := range []string{"1 (init) S 0 1 1 0 -1", "2 ((x)) R 1", "(", ")", "1 ) S 2", "3 (a) S -2147483648"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		pid, state, ppid, ok := ParseStat(line)
		if !ok {
			return
		}
		// the same values written plainly read the same
		again := []byte(strconv.Itoa(pid) + " (x) " + string([]byte{state}) + " " + strconv.Itoa(ppid))
		p2, s2, pp2, ok2 := ParseStat(again)
		if state > ' ' && (!ok2 || p2 != pid || s2 != state || pp2 != ppid) {
			t.Fatalf("%q: %d %c %d, then %q: %d %c %d %v", line, pid, state, ppid, again, p2, s2, pp2, ok2)
		}
	})
}

func TestParseMountinfoLine(t *testing.T) {
	for _, c := range []struct {
		line, root, target, fstype string
		ok                         bool
	}{
		{"37 28 0:4 net:[4026532281] /run/netns/x rw shared:5 - nsfs nsfs rw", "net:[4026532281]", "/run/netns/x", "nsfs", true},
		{"38 28 0:4 uts:[4026532282] /tmp/with\\040space\\134 rw - nsfs nsfs rw", "uts:[4026532282]", "/tmp/with space\\", "nsfs", true},
		{"22 1 8:1 / / rw,relatime master:1 shared:2 - ext4 /dev/sda1 rw", "/", "/", "ext4", true},
		{"22 1 8:1 / / rw - ", "", "", "", false},
		{"22 1 8:1 / /", "", "", "", false},
		{"22 1 8:1 / / rw no separator here ext4", "", "", "", false},
		{"1 2 3 \\12x \\7777 x - t", "\\12x", "\xff7", "t", true}, // as C truncates 0777 to a byte
	} {
		root, target, fstype, ok := ParseMountinfoLine(c.line)
		if ok != c.ok || root != c.root || target != c.target || fstype != c.fstype {
			t.Errorf("ParseMountinfoLine(%q) = %q %q %q %v, want %q %q %q %v", c.line, root, target, fstype, ok, c.root, c.target, c.fstype, c.ok)
		}
	}
	mounts, err := ReadNSFSMounts(strings.NewReader("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n" +
		"37 28 0:4 net:[1] /a rw - nsfs nsfs rw\n38 28 0:4 net:[1] /b rw - nsfs nsfs rw\n"))
	if err != nil || !slices.Equal(mounts, []Mount{{"net:[1]", "/a"}, {"net:[1]", "/b"}}) {
		t.Errorf("ReadNSFSMounts: %v %v", mounts, err)
	}
}

func FuzzParseMountinfoLine(f *testing.F) {
	for _, s := range []string{"37 28 0:4 net:[4026532281] /run/netns/x rw shared:5 - nsfs nsfs rw", "1 2 3 \\040 \\ - -", "- - - - - - -"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		root, target, fstype, ok := ParseMountinfoLine(line)
		if !ok {
			return
		}
		// unescaping never makes a field longer
		if len(root) > len(line) || len(target) > len(line) || len(fstype) > len(line) {
			t.Fatalf("%q", line)
		}
		if _, ok := mountIno(root); ok && !strings.Contains(root, "[") {
			t.Fatalf("inode from %q", root)
		}
	})
}

func TestMountIno(t *testing.T) {
	for root, want := range map[string]uint64{"net:[4026532281]": 4026532281, "mnt:[1]": 1, "x[2]y": 2} {
		if got, ok := mountIno(root); !ok || got != want {
			t.Errorf("mountIno(%q) = %d %v", root, got, ok)
		}
	}
	for _, root := range []string{"net:[]", "net:[12", "net:[1a]", "/", "net:[99999999999999999999]"} {
		if got, ok := mountIno(root); ok {
			t.Errorf("mountIno(%q) = %d", root, got)
		}
	}
}

func TestParsePasswdLine(t *testing.T) {
	for _, c := range []struct {
		line string
		name string
		uid  uint32
		ok   bool
	}{
		{"root:x:0:0:root:/root:/bin/bash", "root", 0, true},
		{"daemon:x:1:1::/:", "daemon", 1, true},
		{"nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin", "nobody", 65534, true},
		{"+nis::::::", "", 0, false},
		{"#comment:x:1:1", "", 0, false},
		{"bad:x:-1:1:::", "", 0, false},
		{"short:x:1", "", 0, false},
		{":x:5:5:::", "", 0, false},
	} {
		name, uid, ok := ParsePasswdLine([]byte(c.line))
		if ok != c.ok || name != c.name || uid != c.uid {
			t.Errorf("ParsePasswdLine(%q) = %q %d %v", c.line, name, uid, ok)
		}
	}
}

func FuzzParsePasswdLine(f *testing.F) {
	f.Add([]byte("root:x:0:0:root:/root:/bin/bash"))
	f.Fuzz(func(t *testing.T, line []byte) {
		name, uid, ok := ParsePasswdLine(line)
		if !ok {
			return
		}
		f := strings.SplitN(string(line), ":", 4)
		if n, err := strconv.ParseUint(f[2], 10, 32); name == "" || name != f[0] || err != nil || uint32(n) != uid {
			t.Fatalf("%q: %q %d", line, name, uid)
		}
	})
}

func TestParseColumns(t *testing.T) {
	defaults := []Column{ColNS, ColType}
	for _, c := range []struct {
		list string
		want []Column
		err  string
	}{
		{"NS,TYPE,PATH", []Column{ColNS, ColType, ColPath}, ""},
		{"ns,Type,id", []Column{ColNS, ColType, ColID}, ""},
		{"+PATH", []Column{ColNS, ColType, ColPath}, ""},
		{"NS,NS", []Column{ColNS, ColNS}, ""},
		{"FOO", nil, "unknown column: FOO"},
		{"NS,FOO,TYPE", nil, "unknown column: FOO,TYPE"},
		{"NS,", nil, "unknown column: NS,"},
		{"NS,,", nil, "unknown column: ,"},
		{"NSX", nil, "unknown column: NSX"},
		{"N\u017f", nil, "unknown column: N\u017f"}, // no Unicode case folding
		{"", nil, "empty list of columns: ''"},
		{"+", nil, "empty list of columns: '+'"},
		{"NS,,TYPE", nil, "empty column name in 'NS,,TYPE'"},
		{",NS", nil, "empty column name in ',NS'"},
		{strings.Repeat("NS,", 25) + "NS", slices.Repeat([]Column{ColNS}, 26), ""},
		{strings.Repeat("NS,", 26) + "NS", nil, "too many columns specified, the limit is 26 columns"},
		{"+" + strings.Repeat("NS,", 23) + "NS", append(slices.Clone(defaults), slices.Repeat([]Column{ColNS}, 24)...), ""},
		{"+" + strings.Repeat("NS,", 24) + "NS", nil, "too many columns specified, the limit is 26 columns"},
	} {
		got, err := ParseColumns(c.list, defaults)
		var ce *ColumnError
		switch {
		case c.err != "" && (err == nil || !errors.As(err, &ce) || err.Error() != c.err):
			t.Errorf("ParseColumns(%q): error %v, want %q", c.list, err, c.err)
		case c.err == "" && (err != nil || !slices.Equal(got, c.want)):
			t.Errorf("ParseColumns(%q) = %v, %v; want %v", c.list, got, err, c.want)
		}
	}
}

func FuzzParseColumns(f *testing.F) {
	for _, s := range []string{"NS,TYPE", "+PATH,id", "", ",", "NS,,", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		cols, err := ParseColumns(list, []Column{ColNS})
		if err != nil {
			return
		}
		if len(cols) == 0 || len(cols) > MaxColumns {
			t.Fatalf("%q: %d columns", list, len(cols))
		}
		var names []string
		for _, c := range cols {
			names = append(names, Columns[c].Name)
		}
		if !strings.HasPrefix(list, "+") && !strings.EqualFold(strings.Join(names, ","), list) {
			t.Fatalf("%q read as %v", list, names)
		}
	})
}

func TestParseNumbers(t *testing.T) {
	for _, c := range []struct {
		s   string
		pid int
		err error
	}{
		{"1", 1, nil}, {" 42", 42, nil}, {"+7", 7, nil}, {"-5", -5, nil}, {"0", 0, nil},
		{"2147483647", 2147483647, nil}, {"-2147483648", -2147483648, nil},
		{"2147483648", 0, ErrRange}, {"99999999999999999999", 0, ErrRange},
		{"", 0, errInvalid}, {"abc", 0, errInvalid}, {"1x", 0, errInvalid}, {"1 ", 0, errInvalid}, {"- 1", 0, errInvalid}, {"0x10", 0, errInvalid},
	} {
		pid, err := ParsePID(c.s)
		if pid != c.pid || (err == nil) != (c.err == nil) || (c.err == ErrRange) != errors.Is(err, ErrRange) {
			t.Errorf("ParsePID(%q) = %d, %v", c.s, pid, err)
		}
	}
	for _, c := range []struct {
		s   string
		ino uint64
		err error
	}{
		{"4026531837", 4026531837, nil}, {" 12", 12, nil}, {"+3", 3, nil}, {"-0", 0, nil},
		{"18446744073709551615", 18446744073709551615, nil},
		{"18446744073709551616", 0, ErrRange}, {"-1", 0, ErrRange}, {"-99999999999999999999", 0, ErrRange},
		{"", 0, errInvalid}, {"-", 0, errInvalid}, {"-x", 0, errInvalid}, {"12a", 0, errInvalid}, {"+-1", 0, errInvalid},
	} {
		ino, err := ParseNamespaceArg(c.s)
		if ino != c.ino || (err == nil) != (c.err == nil) || (c.err == ErrRange) != errors.Is(err, ErrRange) {
			t.Errorf("ParseNamespaceArg(%q) = %d, %v", c.s, ino, err)
		}
	}
}

var errInvalid = errors.New("any other error")

func FuzzParseNumbers(f *testing.F) {
	for _, s := range []string{"1", "-1", " +0", "99999999999999999999", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if pid, err := ParsePID(s); err == nil {
			if n, perr := strconv.ParseInt(strings.TrimLeft(s, " \t\n\v\f\r"), 10, 32); perr != nil || int(n) != pid {
				t.Fatalf("ParsePID(%q) = %d", s, pid)
			}
		}
		if ino, err := ParseNamespaceArg(s); err == nil {
			trimmed := strings.TrimLeft(s, " \t\n\v\f\r")
			if n, perr := strconv.ParseUint(strings.TrimPrefix(trimmed, "+"), 10, 64); (perr != nil || n != ino) && trimmed != "-0" && !strings.HasPrefix(trimmed, "-0") {
				t.Fatalf("ParseNamespaceArg(%q) = %d", s, ino)
			}
		}
	})
}

func TestParseNSIDReply(t *testing.T) {
	reply := func(typ uint16, attr uint16, id int32, alen uint16) []byte {
		b := make([]byte, 28)
		ne := binary.NativeEndian
		ne.PutUint32(b[0:], 28)
		ne.PutUint16(b[4:], typ)
		ne.PutUint16(b[20:], alen)
		ne.PutUint16(b[22:], attr)
		ne.PutUint32(b[24:], uint32(id))
		return b
	}
	for _, c := range []struct {
		b  []byte
		id int
		ok bool
	}{
		{reply(unix.RTM_NEWNSID, unix.NETNSA_NSID, 7, 8), 7, true},
		{reply(unix.RTM_NEWNSID, unix.NETNSA_NSID, -1, 8), -1, true},
		{reply(unix.NLMSG_ERROR, unix.NETNSA_NSID, 7, 8), 0, false},
		{reply(unix.RTM_NEWNSID, unix.NETNSA_CURRENT_NSID, 7, 8), 0, false},
		{reply(unix.RTM_NEWNSID, unix.NETNSA_NSID, 7, 40), 0, false},
		{reply(unix.RTM_NEWNSID, unix.NETNSA_NSID, 7, 8)[:20], 0, false},
		{nil, 0, false},
	} {
		id, ok := ParseNSIDReply(c.b)
		if id != c.id || ok != c.ok {
			t.Errorf("ParseNSIDReply(%x) = %d %v", c.b, id, ok)
		}
	}
	// the request reads back as one message with the descriptor
	req := nsidRequest(5)
	if binary.NativeEndian.Uint32(req) != uint32(len(req)) || binary.NativeEndian.Uint32(req[24:]) != 5 {
		t.Errorf("request %x", req)
	}
}

func FuzzParseNSIDReply(f *testing.F) {
	f.Add(nsidRequest(3))
	f.Fuzz(func(t *testing.T, b []byte) {
		if id, ok := ParseNSIDReply(b); ok && int(int32(binary.NativeEndian.Uint32(b[24:]))) != id {
			t.Fatalf("%x: %d", b, id)
		}
	})
}

// TestNetNSID asks the kernel for the ID of this network namespace as
// seen from itself, which it never has.
func TestNetNSID(t *testing.T) {
	fd, err := nsOpen("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	var c netlinkConn
	defer c.close()
	if id := c.netnsid(fd); id != -1 {
		t.Errorf("NETNSID of the own namespace: %d, want -1 (unassigned)", id)
	}
	if id := c.netnsid(1 << 20); id != netnsidUnusable {
		t.Errorf("NETNSID of a closed descriptor: %d", id)
	}
}
