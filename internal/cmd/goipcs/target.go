// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcs

import (
	"errors"
	"math"
	"strconv"

	"golang.org/x/sys/unix"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/container"
	"github.com/gonstools/gonstools/internal/ipcs"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/internal/rawexec"
	"github.com/gonstools/gonstools/pkg/ns"
)

// options is goipcs's command line: what to list, and in which IPC
// namespace.
type options struct {
	ipcs.Options
	target    int               // --target PID; 0: none
	container string            // --container NAME|ID; "": none
	runtime   container.Runtime // --runtime ENGINE
}

// parseNamespace applies --target, --container or --runtime.
func (o *options) parseNamespace(occ cli.Occurrence) error {
	switch {
	case occ.Is("target"):
		if o.container != "" {
			return cli.Errorf("options --container and --target cannot be combined")
		}
		pid, err := numparse.Int(occ.Value, 10, 1, math.MaxInt32)
		if err != nil {
			return cli.Errorf("failed to parse pid: %s", cli.Quote(occ.Value))
		}
		o.target = int(pid)
	case occ.Is("container"):
		if o.target != 0 {
			return cli.Errorf("options --target and --container cannot be combined")
		}
		o.container = occ.Value
	case occ.Is("runtime"):
		rt, err := container.ParseRuntime(occ.Value)
		if err != nil {
			return err
		}
		o.runtime = rt
	}
	return nil
}

// inNamespace runs list in the IPC namespace the options name: on a
// thread that joins the namespace of --target's process, or of the init
// process of --container's container, and is thrown away afterwards; or
// here, without either. Only the IPC namespace is joined, so the output is
// what "gonsenter -t PID -i goipcs" prints: the owners' names come from
// our /etc/passwd, dates in our time zone, and the POSIX shared memory and
// semaphores (files of a mount namespace's /dev/shm) are ours. list must do
// its work on its own goroutine.
func (o *options) inNamespace(list func()) error {
	pid := o.target
	if o.container != "" {
		var err error
		if pid, err = container.ResolvePID(o.container, o.runtime); err != nil {
			return err
		}
	}
	if pid == 0 {
		list()
		return nil
	}
	h, err := ns.Open(pid, &ns.IPC)
	if err != nil {
		var nse *ns.Error
		if errors.As(err, &nse) {
			err = nse.Err
		}
		return cli.PathError("cannot open", "/proc/"+strconv.Itoa(pid)+"/ns/ipc", err)
	}
	defer h.Close()
	err = rawexec.Do([]rawexec.Namespace{{Fd: int(h.Fd()), Type: unix.CLONE_NEWIPC}}, func() error {
		list()
		return nil
	})
	var re *rawexec.Error
	if errors.As(err, &re) {
		return cli.Syserr(re.Err, "reassociate to namespace 'ns/ipc' failed")
	}
	return err
}
