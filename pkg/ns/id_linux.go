// SPDX-License-Identifier: Apache-2.0

package ns

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ID returns the namespace ID of the namespace file f (ioctl NS_GET_ID,
// Linux 6.11): a 64-bit number that, unlike the inode, is never reused.
func ID(f *os.File) (uint64, error) {
	var id uint64
	_, _, e := unix.Syscall(unix.SYS_IOCTL, f.Fd(), unix.NS_GET_ID, uintptr(unsafe.Pointer(&id)))
	if e != 0 {
		return 0, e
	}
	return id, nil
}

// nsfsFileID is FILEID_NSFS, the file handle type of nsfs (Linux 6.18),
// and fdNsfsRoot FD_NSFS_ROOT, the mount descriptor that stands for nsfs
// in open_by_handle_at(2).
const (
	nsfsFileID = 0xf1
	fdNsfsRoot = -10003
)

// OpenByID opens the namespace with the given ID, of any type. The kernel
// opens it from the ID alone since Linux 6.19 (open_by_handle_at with an
// nsfs handle); on older kernels OpenByID looks for it where the
// namespaces that exist can be reached: every process's namespaces, the
// namespace files processes hold open, and nsfs bind mounts (ip netns,
// persistent namespaces). A namespace that none of these reach, or that
// this process may not open, is not found (ErrNoID).
func OpenByID(id uint64) (*os.File, error) {
	var h [16]byte
	*(*uint64)(unsafe.Pointer(&h[0])) = id
	fd, err := unix.OpenByHandleAt(fdNsfsRoot, unix.NewFileHandle(nsfsFileID, h[:]), unix.O_RDONLY|unix.O_CLOEXEC)
	if err == nil {
		return os.NewFile(uintptr(fd), "namespace:"+strconv.FormatUint(id, 10)), nil
	}
	return findByID("/proc", id)
}

// findByID looks for the namespace with the given ID under the proc
// file system at procRoot, opening each distinct namespace once.
func findByID(procRoot string, id uint64) (*os.File, error) {
	seen := map[[2]uint64]bool{}
	try := func(path string) *os.File {
		var st unix.Stat_t
		if unix.Stat(path, &st) != nil {
			return nil
		}
		key := [2]uint64{uint64(st.Dev), uint64(st.Ino)}
		if seen[key] {
			return nil
		}
		seen[key] = true
		fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			return nil
		}
		f := os.NewFile(uintptr(fd), path)
		if got, err := ID(f); err == nil && got == id {
			return f
		}
		f.Close()
		return nil
	}
	pids, _ := os.ReadDir(procRoot)
	for _, p := range pids {
		if _, err := strconv.ParseUint(p.Name(), 10, 32); err != nil {
			continue
		}
		dir := filepath.Join(procRoot, p.Name())
		for _, t := range Types {
			if f := try(filepath.Join(dir, t.File())); f != nil {
				return f, nil
			}
		}
		fds, _ := os.ReadDir(filepath.Join(dir, "fd"))
		for _, fd := range fds {
			path := filepath.Join(dir, "fd", fd.Name())
			// Namespace files read as "net:[4026531840]".
			if l, err := os.Readlink(path); err != nil || !strings.HasSuffix(l, "]") || !strings.Contains(l, ":[") {
				continue
			}
			if f := try(path); f != nil {
				return f, nil
			}
		}
	}
	for _, m := range nsfsMounts(filepath.Join(procRoot, "self/mountinfo")) {
		if f := try(m); f != nil {
			return f, nil
		}
	}
	return nil, ErrNoID
}

// nsfsMounts lists the mount points of nsfs bind mounts in a mountinfo
// file: those whose file system type is nsfs.
func nsfsMounts(mountinfo string) []string {
	f, err := os.Open(mountinfo)
	if err != nil {
		return nil
	}
	defer f.Close()
	return nsfsMountsFrom(f)
}

// nsfsMountsFrom reads mountinfo lines (of any length: a line of an
// overlay mount with many layers passes 64 KiB). The kernel separates the
// fields with one space and escapes only space, tab, newline and
// backslash in them: a carriage return or a non-breaking space is part
// of a mount point.
func nsfsMountsFrom(r io.Reader) []string {
	var out []string
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		if _, after, ok := bytes.Cut(line, []byte(" - ")); ok && bytes.HasPrefix(after, []byte("nsfs ")) {
			if fields := bytes.SplitN(line, []byte(" "), 6); len(fields) > 5 {
				out = append(out, unescapeMount(string(fields[4])))
			}
		}
		if err != nil {
			return out
		}
	}
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
