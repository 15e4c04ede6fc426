// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcmk

import (
	"syscall"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/pkg/posixipc"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// FromArgs turns goipcmk's parsed command line into a request, checking
// every value before anything is created.
func FromArgs(res *cli.Result) (*Request, error) {
	if len(res.Args) > 0 {
		return nil, cli.Usagef("unknown argument: %s", res.Args[0])
	}
	req := &Request{Mode: 0o644}
	var nsemsWord string
	for _, o := range res.Options {
		switch {
		case o.Is("shmem"), o.Is("posix-shmem"):
			size, err := numparse.Size(o.Value)
			if err != nil {
				return nil, cli.Errorf("failed to parse size: %s: %s", cli.Quote(o.Value), cli.Errno(err))
			}
			if size == 0 {
				return nil, cli.Errorf("size must be at least 1 byte: %s", cli.Quote(o.Value))
			}
			if o.Is("shmem") {
				req.Shm, req.ShmSize = true, size
			} else {
				req.PShm, req.PShmSize = true, size
			}
		case o.Is("semaphore"):
			n, err := numparse.ID(o.Value)
			switch {
			case err == syscall.ERANGE:
				return nil, cli.Errorf("failed to parse elements: %s: %s", cli.Quote(o.Value), cli.Errno(err))
			case err != nil:
				return nil, cli.Errorf("failed to parse elements: %s", cli.Quote(o.Value))
			}
			req.Sem, req.NSems, nsemsWord = true, int(n), o.Value
		case o.Is("posix-semaphore"):
			req.PSem = true
		case o.Is("queue"):
			req.Msg = true
		case o.Is("posix-mqueue"):
			req.PMsg = true
		case o.Is("mode"):
			m, err := numparse.Mode(o.Value)
			if err != nil {
				return nil, cli.Errorf("failed to parse mode: %s", cli.Quote(o.Value))
			}
			req.Mode = m
		case o.Is("name"):
			req.Name, req.hasName = o.Value, true
		}
	}
	posix := req.PShm || req.PMsg || req.PSem
	switch {
	case !posix && !req.Shm && !req.Msg && !req.Sem:
		return nil, cli.Usagef("bad usage")
	case posix && !req.hasName:
		return nil, cli.Usagef("name is required for POSIX IPC")
	case !posix && req.hasName:
		return nil, cli.Usagef("--name is for POSIX objects: add -m, -q or -s")
	}
	if posix {
		max := posixipc.NameMax
		if req.PSem {
			max = posixipc.SemNameMax
		}
		name, err := posixipc.CleanName(req.Name, max)
		switch {
		case err == syscall.ENAMETOOLONG:
			return nil, cli.Errorf("name too long (at most %d bytes): %s", max, cli.Quote(req.Name))
		case err != nil:
			return nil, cli.Errorf("invalid name: %s: a POSIX IPC name is one word without '/', after an optional leading '/'", cli.Quote(req.Name))
		}
		req.Name = "/" + name
	}
	if req.Sem {
		if err := checkNsems(req.NSems, nsemsWord); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// checkNsems refuses counts the kernel would refuse (below 1, above the
// namespace's SEMMSL) with a message that says why. SEMMSL comes from
// semctl(IPC_INFO), one system call, rather than /proc/sys/kernel/sem,
// whose reading through package os sets up the poller.
func checkNsems(n int, word string) error {
	if info, _, err := sysvipc.SemCtlInfo(sysvipc.IPC_INFO); err == nil {
		if n < 1 || n > int(info.MSL) {
			return cli.Errorf("number of elements must be between 1 and %d: %s", info.MSL, cli.Quote(word))
		}
		return nil
	}
	if n < 1 {
		return cli.Errorf("number of elements must be at least 1: %s", cli.Quote(word))
	}
	return nil
}
