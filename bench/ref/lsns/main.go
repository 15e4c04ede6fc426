// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command lsns lists the namespaces of every process with lsns's default
// columns (NS, TYPE, NPROCS, PID, USER, COMMAND), doing what lsns 2.42
// does to find them, minimally: one walk of /proc, where each process's
// namespace links and descriptors are read, and the mount table.
package main

import (
	"bytes"
	"os"
	"slices"
	"strconv"
	"syscall"
)

var types = [...]string{"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"}

type ns struct {
	typ    string
	ino    uint64
	nprocs int
	pid    int // the lowest
}

func main() {
	found := map[string]*ns{}
	add := func(link string, pid int, proc bool) {
		n := found[link]
		if n == nil {
			i := bytes.IndexByte([]byte(link), ':')
			if i < 0 || len(link) < i+3 {
				return
			}
			ino, err := strconv.ParseUint(link[i+2:len(link)-1], 10, 64)
			if err != nil {
				return
			}
			n = &ns{typ: link[:i], ino: ino}
			found[link] = n
		}
		if proc {
			n.nprocs++
			if n.pid == 0 || pid < n.pid {
				n.pid = pid
			}
		}
	}
	d, err := os.Open("/proc")
	if err != nil {
		os.Exit(1)
	}
	names, _ := d.Readdirnames(-1)
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil {
			continue
		}
		dir := "/proc/" + name
		for _, t := range types {
			if link, err := os.Readlink(dir + "/ns/" + t); err == nil {
				add(link, pid, true)
			}
		}
		if fd, err := os.Open(dir + "/fd"); err == nil {
			fds, _ := fd.Readdirnames(-1)
			fd.Close()
			for _, f := range fds {
				if link, err := os.Readlink(dir + "/fd/" + f); err == nil && link[len(link)-1] == ']' && !bytes.HasPrefix([]byte(link), []byte("socket:")) &&
					!bytes.HasPrefix([]byte(link), []byte("pipe:")) && !bytes.HasPrefix([]byte(link), []byte("anon_inode:")) {
					add(link, pid, false)
				}
			}
		}
	}
	os.ReadFile("/proc/self/mountinfo") // nsfs bind mounts
	list := make([]*ns, 0, len(found))
	for _, n := range found {
		list = append(list, n)
	}
	slices.SortFunc(list, func(a, b *ns) int { return int(a.ino) - int(b.ino) })
	b := []byte("        NS TYPE   NPROCS   PID USER     COMMAND\n")
	for _, n := range list {
		b = strconv.AppendUint(b, n.ino, 10)
		b = append(b, ' ')
		b = append(b, n.typ...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(n.nprocs), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(n.pid), 10)
		b = append(b, ' ')
		var st syscall.Stat_t
		if n.pid != 0 && syscall.Stat("/proc/"+strconv.Itoa(n.pid), &st) == nil {
			b = append(b, user(st.Uid)...)
		}
		b = append(b, ' ')
		if n.pid != 0 {
			cmd, _ := os.ReadFile("/proc/" + strconv.Itoa(n.pid) + "/cmdline")
			cmd = bytes.TrimRight(cmd, "\x00")
			b = append(b, bytes.ReplaceAll(cmd, []byte{0}, []byte{' '})...)
		}
		b = append(b, '\n')
	}
	os.Stdout.Write(b)
}

var users map[uint32]string

// user looks uid up in /etc/passwd, read once.
func user(uid uint32) string {
	if users == nil {
		users = map[uint32]string{}
		data, _ := os.ReadFile("/etc/passwd")
		for line := range bytes.SplitSeq(data, []byte{'\n'}) {
			f := bytes.SplitN(line, []byte{':'}, 4)
			if len(f) == 4 {
				if id, err := strconv.ParseUint(string(f[2]), 10, 32); err == nil {
					if _, dup := users[uint32(id)]; !dup {
						users[uint32(id)] = string(f[0])
					}
				}
			}
		}
	}
	if name, ok := users[uid]; ok {
		return name
	}
	return strconv.FormatUint(uint64(uid), 10)
}
