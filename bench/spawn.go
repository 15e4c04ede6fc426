// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// spawner runs and times programs: through bench/spawner, a
// single-threaded program of its own (see its doc), or, where that is not
// built (on other architectures than amd64), from this process.
type spawner struct {
	argvs [][]string
	proc  *exec.Cmd
	req   *os.File // its descriptor 3
	res   *os.File // its descriptor 4
}

// spawnerPath is where buildRefs put bench/spawner, or "" when it is not
// built for this architecture.
func spawnerPath(cfg *config) string {
	if runtime.GOARCH != "amd64" {
		return ""
	}
	return filepath.Join(cfg.refs, "spawner")
}

// startSpawner starts the spawner of path for the given programs; with
// path "", the programs run from this process.
func startSpawner(path string, argvs [][]string) (*spawner, error) {
	s := &spawner{argvs: argvs}
	if path == "" {
		return s, nil
	}
	args := []string{}
	for i, argv := range argvs {
		if i > 0 {
			args = append(args, "\x01")
		}
		args = append(args, argv...)
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	resR, resW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	s.proc = exec.Command(path, args...)
	s.proc.Stdin, s.proc.Stdout, s.proc.Stderr = devNull, devNull, devNull
	s.proc.ExtraFiles = []*os.File{reqR, resW}
	err = s.proc.Start()
	reqR.Close()
	resW.Close()
	if err != nil {
		reqW.Close()
		resR.Close()
		return nil, err
	}
	s.req, s.res = reqW, resR
	return s, nil
}

// run runs program i and returns its wall time and peak RSS (KiB). A
// program that fails is an error.
func (s *spawner) run(i int) (time.Duration, int64, error) {
	argv := s.argvs[i]
	if s.proc == nil {
		return spawnHere(argv)
	}
	if _, err := s.req.Write([]byte{byte(i)}); err != nil {
		return 0, 0, fmt.Errorf("spawner: %v", err)
	}
	var out [3]int64
	if err := binary.Read(s.res, binary.NativeEndian, &out); err != nil {
		return 0, 0, fmt.Errorf("spawner: %v", err)
	}
	if ws := syscall.WaitStatus(out[1]); !ws.Exited() || ws.ExitStatus() != 0 {
		return 0, 0, fmt.Errorf("%s: %v (run it by hand to see why)", strings.Join(argv, " "), ws)
	}
	return time.Duration(out[0]), out[2], nil
}

// close ends the spawner.
func (s *spawner) close() {
	if s.proc != nil {
		s.req.Close()
		io.Copy(io.Discard, s.res)
		s.res.Close()
		s.proc.Wait()
	}
}

var devNull, _ = os.OpenFile(os.DevNull, os.O_RDWR, 0)

// spawnHere runs argv from this process, with its output to /dev/null:
// syscall.ForkExec clones with CLONE_VM|CLONE_VFORK, as posix_spawn does.
// The child's peak RSS then starts from this process's.
func spawnHere(argv []string) (time.Duration, int64, error) {
	fds := []uintptr{devNull.Fd(), devNull.Fd(), devNull.Fd()}
	start := time.Now()
	pid, err := syscall.ForkExec(argv[0], argv, &syscall.ProcAttr{Env: os.Environ(), Files: fds})
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v", argv[0], err)
	}
	var ws syscall.WaitStatus
	var ru syscall.Rusage
	for {
		_, err = syscall.Wait4(pid, &ws, 0, &ru)
		if err != syscall.EINTR {
			break
		}
	}
	d := time.Since(start)
	if err != nil {
		return 0, 0, err
	}
	if !ws.Exited() || ws.ExitStatus() != 0 {
		return 0, 0, fmt.Errorf("%s: %v (run it by hand to see why)", strings.Join(argv, " "), ws)
	}
	return d, int64(ru.Maxrss), nil // int32 on 32-bit systems
}
