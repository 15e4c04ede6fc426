// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command ipcs prints the default listing of the System V kinds it is
// given (q, m, s; a: all three) in ipcs's layout, with owners' names from
// /etc/passwd, the way a minimal Go program would: one walk of each table,
// the rows appended to one buffer, one write.
package main

import (
	"bytes"
	"os"
	"strconv"

	"github.com/gonstools/gonstools/pkg/sysvipc"
)

func main() {
	kinds := os.Args[1]
	if kinds == "a" {
		kinds = "qms"
	}
	b := append(make([]byte, 0, 64<<10), '\n')
	for _, k := range kinds {
		switch k {
		case 'q':
			qs, _ := sysvipc.ListMsg()
			b = append(b, "------ Message Queues --------\nkey        msqid      owner      perms      used-bytes   messages    \n"...)
			for i := range qs {
				b = perm(b, &qs[i].Perm)
				b = pad(strconv.AppendUint(b, qs[i].CBytes, 10), len(b), 13)
				b = pad(strconv.AppendUint(b, qs[i].QNum, 10), len(b), 12)
				b = append(b, '\n')
			}
		case 'm':
			ss, _ := sysvipc.ListShm()
			b = append(b, "------ Shared Memory Segments --------\nkey        shmid      owner      perms      bytes      nattch     status      \n"...)
			for i := range ss {
				b = perm(b, &ss[i].Perm)
				b = pad(strconv.AppendUint(b, ss[i].Size, 10), len(b), 11)
				b = pad(strconv.AppendUint(b, ss[i].NAttch, 10), len(b), 11)
				b = append(b, "             \n"...)
			}
		case 's':
			as, _ := sysvipc.ListSem()
			b = append(b, "------ Semaphore Arrays --------\nkey        semid      owner      perms      nsems     \n"...)
			for i := range as {
				b = perm(b, &as[i].Perm)
				b = pad(strconv.AppendUint(b, as[i].NSems, 10), len(b), 10)
				b = append(b, '\n')
			}
		}
		b = append(b, '\n')
	}
	os.Stdout.Write(b)
}

// pad pads b, whose last cell starts at start, to w bytes from there.
func pad(b []byte, start, w int) []byte {
	for n := len(b) - start; n < w; n++ {
		b = append(b, ' ')
	}
	return b
}

// perm appends the key, id, owner and perms columns.
func perm(b []byte, p *sysvipc.Perm) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '0', 'x')
	for s := 28; s >= 0; s -= 4 {
		b = append(b, hex[uint32(p.Key)>>s&0xf])
	}
	b = append(b, ' ')
	b = pad(strconv.AppendInt(b, int64(p.ID), 10), len(b), 11)
	start := len(b)
	if name, ok := user(p.UID); ok {
		b = append(b, name...)
	} else {
		b = strconv.AppendUint(b, uint64(p.UID), 10)
	}
	b = pad(b, start, 11)
	return pad(strconv.AppendUint(b, uint64(p.Mode&0o777), 8), len(b), 11)
}

var users map[uint32]string

// user looks uid up in /etc/passwd, read once.
func user(uid uint32) (string, bool) {
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
	name, ok := users[uid]
	return name, ok
}
