// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nsenter

import (
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nsopt"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/pkg/ns"
)

var plainPID = regexp.MustCompile(`^[0-9]+(:[0-9]+)?$`)

// FuzzParsePID: --target's PID and PID:INODE agree with strconv on plain
// numbers, stay in range, render back to themselves, and fail with
// util-linux's message.
func FuzzParsePID(f *testing.F) {
	for _, s := range []string{"1", "\t 12", "+3", "2147483647", "5:7", "5:18446744073709551615", "5: 7", "", "+", "0",
		"-1", "2147483648", "1 ", "0x10", "1_0", "5:", "5:0", ":5", "5:-1", "5:7:8", "5:+7", "007:08"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pid, ino, err := ParsePID(s)
		if plainPID.MatchString(s) {
			num, inoStr, hasIno := strings.Cut(s, ":")
			p, perr := strconv.ParseInt(num, 10, 32)
			i, ierr := uint64(0), error(nil)
			if hasIno {
				i, ierr = strconv.ParseUint(inoStr, 10, 64)
			}
			ok := perr == nil && ierr == nil && p >= 1 && (!hasIno || i > 0)
			if ok != (err == nil) || ok && (int64(pid) != p || ino != i) {
				t.Fatalf("ParsePID(%q) = %d, %d, %v; strconv reads %d, %d", s, pid, ino, err, p, i)
			}
		}
		if err != nil {
			if pid != 0 || ino != 0 || err.Error() != "failed to parse pid: '"+s+"'" {
				t.Fatalf("ParsePID(%q) = %d, %d, %v", s, pid, ino, err)
			}
			return
		}
		if pid < 1 || pid > 1<<31-1 {
			t.Fatalf("ParsePID(%q) = %d", s, pid)
		}
		again := strconv.Itoa(pid)
		if ino != 0 {
			again += ":" + strconv.FormatUint(ino, 10)
		}
		if p, i, err := ParsePID(again); err != nil || p != pid || i != ino {
			t.Fatalf("ParsePID(%q) = %d, %d, but %q reads as %d, %d, %v", s, pid, ino, again, p, i, err)
		}
	})
}

// FuzzNetnsName: a name ip-netns could have made is accepted, and an
// accepted name names a file directly in /run/netns.
func FuzzNetnsName(f *testing.F) {
	for _, s := range []string{"blue", "", ".", "..", "../x", "a/b", "/", ".x", "..x", "x..", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		err := checkNetnsName(name)
		p := filepath.Join(netnsDir, name)
		inside := filepath.Dir(p) == netnsDir && filepath.Base(p) == name && netnsDir+"/"+name == p
		if (err == nil) != inside {
			t.Fatalf("checkNetnsName(%q) = %v, but the file is %q", name, err, p)
		}
		if err != nil && err.Error() != "invalid netns name '"+name+"'" {
			t.Fatalf("checkNetnsName(%q): %v", name, err)
		}
	})
}

// refEnviron is what util-linux 2.42's nsenter --env gives the program:
// env_list_from_fd prepends each NAME=VALUE (skipping strings without
// "="), and env_list_setenv(ls, 0) sets them from the head, so the first
// one set (the last in the file) is kept; setenv fails on an empty name.
// It returns the name → value map, and the names in the order of their
// last string in the file.
func refEnviron(data string) (map[string]string, []string, bool) {
	var list []string
	for _, kv := range strings.Split(data, "\x00") {
		if kv != "" && strings.Contains(kv, "=") {
			list = append([]string{kv}, list...)
		}
	}
	vals := map[string]string{}
	var order []string
	for _, kv := range list {
		name, val, _ := strings.Cut(kv, "=")
		if name == "" {
			return nil, nil, false
		}
		if _, set := vals[name]; !set {
			vals[name] = val
			order = append([]string{name}, order...)
		}
	}
	return vals, order, true
}

// FuzzEnviron: /proc/PID/environ gives the variables util-linux's
// nsenter --env gives, in the order of the file, each once.
func FuzzEnviron(f *testing.F) {
	for _, s := range []string{"", "\x00", "A=1\x00B=2\x00", "A=1\x00A=2\x00", "A=1\x00B=2\x00A=3", "NOEQUALS\x00A=1",
		"=x\x00A=1", "A==\x00", "A=\x00", "\x00\x00A=1\x00\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := parseEnviron(data)
		vals, order, ok := refEnviron(string(data))
		if !ok {
			if err == nil || err.Error() != "failed to set environment variables: Invalid argument" {
				t.Fatalf("parseEnviron(%q) = %q, %v; util-linux fails", data, env, err)
			}
			return
		}
		if err != nil || len(env) != len(order) {
			t.Fatalf("parseEnviron(%q) = %q, %v; util-linux gives %q in the order %q", data, env, err, vals, order)
		}
		for i, kv := range env {
			name, val, _ := strings.Cut(kv, "=")
			if name != order[i] || val != vals[name] {
				t.Fatalf("parseEnviron(%q) = %q; util-linux gives %q in the order %q", data, env, vals, order)
			}
		}
	})
}

// FuzzUnifiedPath: the cgroup v2 line "0::PATH" is found among v1 lines,
// whatever they hold; the first such line counts.
func FuzzUnifiedPath(f *testing.F) {
	f.Add("9:name=systemd:/\n4:memory:/x\n", "/user.slice/a b")
	f.Add("", "/")
	f.Add("0::/first\n", "/second")
	f.Add("10::/x\n", "/y")
	f.Fuzz(func(t *testing.T, v1, path string) {
		p, ok := unifiedPath(v1)
		lines := strings.Split(v1, "\n")
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "0::") })
		if ok != (i >= 0) || ok && lines[i] != "0::"+p {
			t.Fatalf("unifiedPath(%q) = %q, %v", v1, p, ok)
		}
		if strings.Contains(path, "\n") {
			return
		}
		if !strings.HasSuffix(v1, "\n") && v1 != "" {
			v1 += "\n"
		}
		got, ok := unifiedPath(v1 + "0::" + path + "\n")
		if want := strings.TrimPrefix(lines[max(i, 0)], "0::"); !ok || i >= 0 && got != want || i < 0 && got != path {
			t.Fatalf("unifiedPath(%q + 0::%s) = %q, %v", v1, path, got, ok)
		}
	})
}

// FuzzFromArgs: a command line either fails with one line of text or
// gives options that match it: each namespace has the file of its last
// option with a value (--netns names one in /run/netns), --target is
// ParsePID's, the last --setuid and --net-socket count, --wd and --wdns
// never both, and the operands are the program.
func FuzzFromArgs(f *testing.F) {
	for _, s := range []string{"-t 42 -i -u ls -l", "-t 42:7", "-t 1 -t 2", "-t abc", "-i/x -i", "-i/x -i/y", "-i=/x",
		"--netns blue", "--netns ../x", "--netns blue --net=/y", "-U --user-parent --preserve-credentials --keep-caps",
		"-S 5 -G follow", "-S follow -S 7", "-w/x -W /y", "-W /y -w", "-r -w/tmp -e -F -c -Z", "-N 3 -t 1", "-N -1",
		"-a -t 1 sh -c x", "-n -- -x"} {
		f.Add(s)
	}
	spec := Spec()
	f.Fuzz(func(t *testing.T, line string) {
		res, err := spec.Parse(strings.Fields(line))
		if err != nil {
			return
		}
		o, err := FromArgs(res)
		if err != nil {
			if msg := err.Error(); msg == "" || strings.ContainsAny(msg, "\n") || strings.Contains(msg, "%!") && !strings.Contains(line, "%!") {
				t.Fatalf("%q: bad message %q", line, msg)
			}
			return
		}
		if strings.Join(o.Program, "\x00") != strings.Join(res.Args, "\x00") {
			t.Fatalf("%q: program %q, operands %q", line, o.Program, res.Args)
		}
		var want [len(ns.Types)]NSOption
		uid, sock := "", ""
		for _, occ := range res.Options {
			v := strings.TrimPrefix(occ.Value, "=")
			if typ := nsopt.ByLong(occ.Option.Long); typ != nil {
				want[index(typ)].Enabled = true
				if occ.HasValue {
					want[index(typ)] = NSOption{Enabled: true, HasFile: true, File: v}
				}
			}
			switch occ.Option.Long {
			case "netns":
				want[index(&ns.Net)] = NSOption{Enabled: true, HasFile: true, File: netnsDir + "/" + v, Netns: v}
			case "target":
				if pid, ino, _ := ParsePID(v); o.Target != pid || o.TargetIno != ino {
					t.Fatalf("%q: target %d:%d, want %d:%d", line, o.Target, o.TargetIno, pid, ino)
				}
			case "setuid":
				uid = v
			case "net-socket":
				sock = v
			}
		}
		for i := range want {
			got := o.NS[i]
			got.Occ = nil
			if got != want[i] {
				t.Fatalf("%q: %s %+v, want %+v", line, nsopt.Long(ns.Types[i]), got, want[i])
			}
			if n := got.Netns; n != "" && filepath.Dir(filepath.Clean(got.File)) != netnsDir {
				t.Fatalf("%q: netns %q is %q", line, n, got.File)
			}
		}
		if uid != "" && uid != "follow" {
			if id, _ := numparse.Uint(uid, 10, 1<<32-1); o.UID == nil || uint64(*o.UID) != id || o.FollowUID {
				t.Fatalf("%q: setuid %v follow %v", line, o.UID, o.FollowUID)
			}
		}
		if n, _ := strconv.Atoi(strings.TrimSpace(sock)); sock != "" && strings.TrimSpace(sock) == strconv.Itoa(n) && o.NetSocket != n {
			t.Fatalf("%q: net socket %d", line, o.NetSocket)
		}
		if o.Wd.Set && o.Wdns != nil {
			t.Fatalf("%q: --wd and --wdns both", line)
		}
	})
}
