// SPDX-License-Identifier: Apache-2.0

//go:build linux

package nsenter

import (
	"io"
	"os"
	"strings"

	"github.com/gonstools/gonstools/internal/passwd"
	"golang.org/x/sys/unix"
)

// containerShell is the default shell of a program that starts in a
// container's root directory, root: chosen as util-linux's
// ul_default_shell chooses (SHELL of the program's environment, else the
// login shell of uid, else /bin/sh), but with every file looked up in the
// container, where the program runs. A SHELL the container lacks (the
// caller's /bin/bash in a busybox image) is passed over, and so is a login
// shell it lacks; a SHELL without a slash is searched in PATH there and
// taken as it is. Where the kernel cannot resolve paths inside a root
// (openat2, Linux 5.6), the choice is ul_default_shell's.
func containerShell(root *os.File, env []string, uid uint32) string {
	shell := passwd.EnvShell(env)
	if shell != "" && !strings.HasPrefix(shell, "/") {
		return shell
	}
	if shell != "" {
		ok, err := executableIn(root, shell)
		if err == unix.ENOSYS {
			return passwd.DefaultShell(env, uid, passwdFile)
		}
		if ok {
			return shell
		}
	}
	if b, err := readIn(root, passwd.PasswdPath); err == nil {
		if e, ok := passwd.Parsed(b).ByID(uid); ok { // glibc's first entry for the uid
			if ok, _ := executableIn(root, e.Shell); ok {
				return e.Shell
			}
		}
	} else if err == unix.ENOSYS {
		return passwd.DefaultShell(env, uid, passwdFile)
	}
	return "/bin/sh"
}

// openIn opens path as seen by a process whose root directory is root:
// symbolic links and ".." stay inside it.
func openIn(root *os.File, path string, flags uint64) (int, error) {
	return unix.Openat2(int(root.Fd()), path, &unix.OpenHow{
		Flags:   flags | unix.O_CLOEXEC,
		Resolve: unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_MAGICLINKS,
	})
}

// executableIn reports whether path, under root, is a regular file that
// someone may execute.
func executableIn(root *os.File, path string) (bool, error) {
	if path == "" {
		return false, nil
	}
	fd, err := openIn(root, path, unix.O_PATH)
	if err != nil {
		return false, err
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return false, err
	}
	return st.Mode&unix.S_IFMT == unix.S_IFREG && st.Mode&0o111 != 0, nil
}

// readIn reads the file at path under root.
func readIn(root *os.File, path string) ([]byte, error) {
	fd, err := openIn(root, path, unix.O_RDONLY)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 1<<20))
}
