// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"bytes"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ParseStat reads the PID, state and parent PID from the first line of a
// /proc/PID/stat file, as lsns's parse_proc_stat does: the PID is the
// leading number; state and parent PID follow the last ")" (the command
// name before it may contain anything, parentheses and spaces included).
func ParseStat(line []byte) (pid int, state byte, ppid int, ok bool) {
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	paren := bytes.LastIndexByte(line, ')')
	if paren < 0 {
		return 0, 0, 0, false
	}
	pid, _, ok = scanInt(line)
	if !ok {
		return 0, 0, 0, false
	}
	rest := skipSpace(line[paren+1:])
	if len(rest) == 0 {
		return 0, 0, 0, false
	}
	state = rest[0]
	ppid, _, ok = scanInt(rest[1:])
	if !ok {
		return 0, 0, 0, false
	}
	return pid, state, ppid, true
}

func skipSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || (b[0] >= '\t' && b[0] <= '\r')) {
		b = b[1:]
	}
	return b
}

// scanInt is scanf's %d: blanks, an optional sign, digits.
func scanInt(b []byte) (int, []byte, bool) {
	b = skipSpace(b)
	i := 0
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	j := i
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	if j == i {
		return 0, b, false
	}
	n, err := strconv.ParseInt(string(b[:j]), 10, 32)
	if err != nil {
		return 0, b, false
	}
	return int(n), b[j:], true
}

// readFile reads at most len(buf) bytes of a file, as util-linux's
// read_all does, and returns how many.
func readFile(path string, buf []byte) (int, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	defer unix.Close(fd)
	return readAll(fd, buf)
}

// readAll reads until buf is full or the end of the file.
func readAll(fd int, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR || err == unix.EAGAIN {
			continue
		}
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if m == 0 {
			break
		}
		n += m
	}
	return n, nil
}

// procText is lsns's pid_get_cmdline and pid_get_cmdname: a /proc file of
// at most 8 KiB with its NUL bytes as spaces and its last byte (the final
// NUL of cmdline, the newline of comm) dropped. ok is false when the file
// cannot be read or is empty.
func procText(path string) (string, bool) {
	var buf [8192]byte
	n, err := readFile(path, buf[:])
	if err != nil || n <= 0 {
		return "", false
	}
	b := buf[:n]
	for i := range b {
		if b[i] == 0 {
			b[i] = ' '
		}
	}
	return string(b[:n-1]), true
}

// parseNSLink reads a namespace file's link text, "net:[4026531840]":
// its type and inode.
func parseNSLink(link string) (typ int, ino uint64, ok bool) {
	name, rest, found := strings.Cut(link, ":[")
	if !found || !strings.HasSuffix(rest, "]") {
		return 0, 0, false
	}
	typ = typeByName(name)
	if typ < 0 {
		return 0, 0, false
	}
	ino, err := strconv.ParseUint(rest[:len(rest)-1], 10, 64)
	if err != nil {
		return 0, 0, false
	}
	return typ, ino, true
}
