// SPDX-License-Identifier: Apache-2.0

//go:build linux

package unshare

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/idmap"
	"github.com/gonstools/gonstools/internal/nsopt"
	"github.com/gonstools/gonstools/internal/numparse"
	"golang.org/x/sys/unix"
)

// hasPrefixASCII is c_strncasecmp(s, prefix, len(prefix)) == 0: case is
// folded for ASCII letters only, as in the C locale.
func hasPrefixASCII(s, prefix string) bool {
	return len(s) >= len(prefix) && equalASCII(s[:len(prefix)], prefix)
}

func equalASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// refSignal is util-linux's signame_to_signum (lib/signames.c) written
// out: an optional "SIG", then "RT" followed by "MIN+N", "MAX-N" or "N"
// (strtol: digits first, anything may follow them), else a name of the
// table, all without regard to ASCII case. known is false where
// util-linux's behaviour is not followed on purpose: an N beyond a C int,
// which util-linux truncates.
func refSignal(s string) (sig int, known bool) {
	if hasPrefixASCII(s, "SIG") {
		s = s[3:]
	}
	if hasPrefixASCII(s, "RT") {
		s = s[2:]
		max := false
		switch {
		case hasPrefixASCII(s, "MIN+"):
			s = s[4:]
		case hasPrefixASCII(s, "MAX-"):
			s, max = s[4:], true
		}
		if s == "" || s[0] < '0' || s[0] > '9' {
			return -1, true
		}
		n, _, err := numparse.Strtol(s, 10)
		if err != nil {
			return -1, true
		}
		if n > math.MaxInt32 {
			return -1, false
		}
		num := sigRTMIN + int(n)
		if max {
			num = sigRTMAX - int(n)
		}
		if num < sigRTMIN || num > sigRTMAX {
			return -1, true
		}
		return num, true
	}
	for _, n := range signalNames {
		if equalASCII(n.name, s) {
			return int(n.sig), true
		}
	}
	return -1, true
}

// signalName is a name ParseSignal must read back as sig.
func signalName(sig syscall.Signal) string {
	for _, n := range signalNames {
		if n.sig == sig {
			return "SIG" + n.name
		}
	}
	return "RTMIN+" + strconv.Itoa(int(sig)-sigRTMIN)
}

// FuzzParseSignal: ParseSignal agrees with util-linux's signame_to_signum,
// accepts only signals 1 to 64, and reads back the canonical name of what
// it accepted.
func FuzzParseSignal(f *testing.F) {
	for _, s := range []string{"KILL", "kill", "SIGTERM", "sigusr1", "IOT", "CLD", "POLL", "RTMIN+2", "RTMAX-1",
		"9", "RTMIN", "bogus", "SIG", "RTMIN+40", "RT5", "sigrt30", "RTMIN+2x", "RTMIN+0x1", "RTMIN+07",
		"rtmax-0", "RTMAX-31", "RTMIN+31", "RTMIN+-1", "RTMIN+ 3", "RT+5", "RTMIN+99999999999999999999",
		"RTMIN+4294967296", "kıll", "ſigkill", "SIGSIGKILL", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.IndexByte(s, 0) >= 0 {
			return // argv never holds a NUL
		}
		got, err := ParseSignal(s)
		if err != nil {
			if got != 0 || err.Error() != "unknown signal: "+s {
				t.Fatalf("ParseSignal(%q) = %d, %v", s, got, err)
			}
		} else if got < 1 || got > sigRTMAX {
			t.Fatalf("ParseSignal(%q) = %d", s, got)
		}
		if want, known := refSignal(s); known && ((want < 0) != (err != nil) || want > 0 && int(got) != want) {
			t.Fatalf("ParseSignal(%q) = %d, %v; util-linux reads %d", s, got, err, want)
		}
		if err == nil {
			if again, err := ParseSignal(signalName(got)); err != nil || again != got {
				t.Fatalf("%q is %d, but its name %q reads as %d, %v", s, got, signalName(got), again, err)
			}
		}
	})
}

// FuzzParseOwner: --owner reads as --map-users reads its first two
// numbers (both are sscanf's %u in util-linux), and what it accepts
// renders back to itself.
func FuzzParseOwner(f *testing.F) {
	for _, s := range []string{"1:1", "0:0", "1000:100", " 1: 2", "+1:+2", "-0:0", "-1:1", "1:", ":1", "1", "1:2:3",
		"4294967295:4294967295", "4294967296:0", "1 :2", "1:2 ", "0x1:1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		owner, err := ParseOwner(s)
		r, rerr := idmap.ParseRange(s + ":1")
		if (err == nil) != (rerr == nil) || err == nil && (owner[0] != r.Inner || owner[1] != r.Outer) {
			t.Fatalf("ParseOwner(%q) = %v, %v; ParseRange(%q) = %+v, %v", s, owner, err, s+":1", r, rerr)
		}
		if err != nil {
			if err.Error() != "failed to parse owner" {
				t.Fatalf("ParseOwner(%q): %v", s, err)
			}
			return
		}
		again, err := ParseOwner(strconv.FormatUint(uint64(owner[0]), 10) + ":" + strconv.FormatUint(uint64(owner[1]), 10))
		if err != nil || *again != *owner {
			t.Fatalf("ParseOwner(%q) = %v, but its rendering reads as %v, %v", s, owner, again, err)
		}
	})
}

var plainInt = regexp.MustCompile(`^[+-]?[0-9]+$`)

// FuzzParseOffset: a time offset is read as strtos64_or_err reads it;
// plain decimal numbers agree with strconv, and what is accepted renders
// back to itself.
func FuzzParseOffset(f *testing.F) {
	for _, s := range []string{"5", "-3", "+7", " 9", "9 ", "0x10", "9223372036854775807", "-9223372036854775808",
		"9223372036854775808", "", "-", "1e3", "007"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseOffset(s, "boottime")
		if plainInt.MatchString(s) {
			want, werr := strconv.ParseInt(s, 10, 64)
			if (err == nil) != (werr == nil) || err == nil && got != want {
				t.Fatalf("ParseOffset(%q) = %d, %v; strconv reads %d, %v", s, got, err, want, werr)
			}
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "failed to parse boottime offset: '"+s+"'") {
				t.Fatalf("ParseOffset(%q): %v", s, err)
			}
			return
		}
		if again, err := ParseOffset(strconv.FormatInt(got, 10), "boottime"); err != nil || again != got {
			t.Fatalf("ParseOffset(%q) = %d, but its rendering reads as %d, %v", s, got, again, err)
		}
	})
}

// FuzzKeywords: --propagation and --setgroups take exactly util-linux's
// words (strcmp), and --load-interp's F flag is found where util-linux's
// is_fixed finds it (after the last colon).
func FuzzKeywords(f *testing.F) {
	for _, s := range []string{"slave", "private", "shared", "unchanged", "allow", "deny", "Slave", "deny ", "",
		":x:E::x::/bin/cat:F", ":x:E::x::/bin/cat:OC", "F", ":F:E::x::/bin/cat:", "x:F"} {
		f.Add(s)
	}
	props := map[string]uintptr{"slave": unix.MS_REC | unix.MS_SLAVE, "private": unix.MS_REC | unix.MS_PRIVATE,
		"shared": unix.MS_REC | unix.MS_SHARED, "unchanged": 0}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePropagation(s)
		if want, ok := props[s]; ok != (err == nil) || p != want || err != nil && err.Error() != "unsupported propagation mode: "+s {
			t.Fatalf("ParsePropagation(%q) = %#x, %v", s, p, err)
		}
		g, err := ParseSetgroups(s)
		if ok := s == "allow" || s == "deny"; ok != (err == nil) || ok && g != s || !ok && (g != "" || err.Error() != "unsupported --setgroups argument '"+s+"'") {
			t.Fatalf("ParseSetgroups(%q) = %q, %v", s, g, err)
		}
		fixed := false
		if i := strings.LastIndex(s, ":"); i >= 0 {
			fixed = strings.Contains(s[i:], "F")
		}
		if fixedInterp(s) != fixed {
			t.Fatalf("fixedInterp(%q) = %v", s, !fixed)
		}
	})
}

// FuzzAddMaps: a --map-users or --map-groups range is ParseRange's, added
// after the ones given before. (auto, subids and all read the system's
// files and are left to the table tests.)
func FuzzAddMaps(f *testing.F) {
	for _, s := range []string{"0:100000:65536", "100000,0,65536", "1,2", "a,b,c", "1:2:0", "auto", ""} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, group bool) {
		if s == "auto" || s == "subids" || s == "all" {
			return
		}
		o := New()
		users, groups := s, ""
		if group {
			users, groups = "", s
		}
		err := o.AddMaps(users, groups)
		want, werr := idmap.ParseRange(s)
		got := o.UserMaps
		if group {
			got = o.GroupMaps
		}
		switch {
		case s == "":
			if err != nil || len(o.UserMaps)+len(o.GroupMaps) != 0 {
				t.Fatalf("an empty value added %v %v, %v", o.UserMaps, o.GroupMaps, err)
			}
		case (err == nil) != (werr == nil):
			t.Fatalf("AddMaps(%q): %v; ParseRange: %v", s, err, werr)
		case err == nil && (len(got) != 1 || got[0] != want || len(o.UserMaps)+len(o.GroupMaps) != 1):
			t.Fatalf("AddMaps(%q) gave %v %v, want %+v", s, o.UserMaps, o.GroupMaps, want)
		}
	})
}

// checkMessage fails on an error text that is not one line of
// util-linux-style prose: a format mistake or a Go package name that
// the command line did not bring in.
func checkMessage(t *testing.T, line string, err error) {
	t.Helper()
	msg := err.Error()
	if msg == "" || strings.ContainsAny(msg, "\n") {
		t.Fatalf("bad message %q", msg)
	}
	for _, bad := range []string{"%!", "strconv.", "unshare.", "idmap.", "numparse."} {
		if strings.Contains(msg, bad) && !strings.Contains(line, bad) {
			t.Fatalf("bad message %q", msg)
		}
	}
}

// FuzzFromArgs: any command line either fails with one line of text or
// gives options that match what was written: the namespaces of every
// namespace option (and of the options that imply one), the last value of
// each valued option, the operands as the program; and a plan can be made
// of them without a panic.
func FuzzFromArgs(f *testing.F) {
	for _, s := range []string{"-i -m -p", "-f -p -T", "--kill-child -i", "--kill-child=SIGRTMIN+1 -i", "--forward-signals -i",
		"-r -p -i", "--owner 1:1 -f -p", "-r -m --mount-proc --propagation slave -T --boottime 5 --monotonic -3 sh",
		"-R /srv -w /tmp", "--whitelist-env B,C true", "--monotonic 5", "-r --setgroups allow",
		"--map-users 0:100000:10", "--mount-binfmt", "--mount-binfmt=/b -l :x:E::x::/bin/cat:F",
		"-R / -l :x:E::x::/bin/cat:OC", "--ipc=/run/x -S 5 ls -l", "--kill-child=bogus", "--owner x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		res, err := Spec().Parse(strings.Fields(line))
		if err != nil {
			return
		}
		o, err := FromArgs(res)
		if err != nil {
			checkMessage(t, line, err)
			return
		}
		if strings.Join(o.Program, "\x00") != strings.Join(res.Args, "\x00") {
			t.Fatalf("%q: program %q, operands %q", line, o.Program, res.Args)
		}
		want := uintptr(0)
		kill := syscall.Signal(0)
		var setuid *string
		for _, occ := range res.Options {
			if typ := nsopt.ByLong(occ.Option.Long); typ != nil {
				want |= typ.Flag
			}
			switch occ.Option.Long {
			case "mount-proc":
				want |= unix.CLONE_NEWNS
			case "mount-binfmt", "load-interp":
				want |= unix.CLONE_NEWNS | unix.CLONE_NEWUSER
			case "map-root-user", "map-current-user", "map-user", "map-group", "map-auto", "map-subids", "owner", "map-users", "map-groups":
				want |= unix.CLONE_NEWUSER
			case "kill-child":
				kill = 9
				if occ.HasValue {
					kill, _ = ParseSignal(occ.Value)
				}
			case "setuid":
				setuid = &occ.Value
			}
		}
		if o.Flags != want {
			t.Fatalf("%q: flags %#x, want %#x", line, o.Flags, want)
		}
		if o.KillChild != kill || kill != 0 && !o.Fork {
			t.Fatalf("%q: kill-child %d fork %v, want %d", line, o.KillChild, o.Fork, kill)
		}
		if setuid != nil {
			if id, _ := ParseUint(*setuid, ""); o.SetUID == nil || *o.SetUID != id {
				t.Fatalf("%q: setuid %v", line, o.SetUID)
			}
		}
		if _, err := o.Config(nil); err != nil {
			checkMessage(t, line, err)
		}
	})
}
