// SPDX-License-Identifier: Apache-2.0

//go:build linux

package ipcrm

import (
	"errors"
	"io"
	"strconv"
	"syscall"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/pkg/posixipc"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// Remover carries out removals and reports them the way util-linux's ipcrm
// does: "-v" lines on Stdout, one warning per failure on Stderr.
type Remover struct {
	Stdout, Stderr io.Writer
	ShmDir         string // where POSIX shared memory and semaphores live
	MqueueDir      string // where --all looks for POSIX message queues
	verbose        bool
	failed         bool
}

func (r *Remover) warn(msg string) {
	io.WriteString(r.Stderr, cli.ProgName("goipcrm")+": "+msg+"\n")
	r.failed = true
}

func (r *Remover) say(msg string) {
	if r.verbose {
		io.WriteString(r.Stdout, msg+"\n")
	}
}

// result is the exit status: 1 when any removal failed.
func (r *Remover) result() error {
	if r.failed {
		return cli.Exit(cli.ExitFailure)
	}
	return nil
}

// do performs the planned steps in order.
func (r *Remover) Do(steps []Step) error {
	for _, s := range steps {
		r.verbose = s.verbose
		var err error
		switch s.by {
		case byID:
			err = r.removeID(s.kind, int(s.id), false)
		case byKey:
			err = r.removeKey(s.kind, s.key, s.word)
		case byName:
			err = r.removeName(s.kind, s.name, s.word)
		case byAll:
			err = r.removeAll(s.all)
		}
		if err != nil {
			return err
		}
	}
	return r.result()
}

// legacy is the old form: "ipcrm shm|msg|sem ID...". It says "resource(s)
// deleted" when every id went.
func (r *Remover) Legacy(k Kind, words []string) error {
	if len(words) == 0 {
		return cli.Usagef("not enough arguments")
	}
	for _, w := range words {
		id, ok := numparse.LegacyID(w)
		if !ok {
			r.warn("invalid id: " + w)
			continue
		}
		if err := r.removeID(k, int(id), false); err != nil {
			return err
		}
	}
	if r.failed {
		return cli.Exit(cli.ExitFailure)
	}
	_, err := io.WriteString(r.Stdout, "resource(s) deleted\n")
	return err
}

var sysvNames = [...]string{shm: "shared memory segment", msg: "message queue", sem: "semaphore"}

// removeID removes a System V object by id. A refusal the kernel explains
// (no permission, no such id, already removed) is a warning; any other
// error ends the command, as in util-linux.
func (r *Remover) removeID(k Kind, id int, isKey bool) error {
	if r.verbose { // the message is not made for nothing: --all calls this per object
		r.say("removing " + sysvNames[k] + " id `" + strconv.Itoa(id) + "'")
	}
	var err error
	switch k {
	case shm:
		err = sysvipc.ShmRemove(id)
	case msg:
		err = sysvipc.MsgRemove(id)
	default:
		err = sysvipc.SemRemove(id)
	}
	what := "id"
	if isKey {
		what = "key"
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		r.warn("permission denied for " + what + " (" + strconv.Itoa(id) + ")")
	case errors.Is(err, syscall.EINVAL):
		r.warn("invalid " + what + " (" + strconv.Itoa(id) + ")")
	case errors.Is(err, syscall.EIDRM):
		r.warn("already removed " + what + " (" + strconv.Itoa(id) + ")")
	default:
		return cli.Errorf("%s failed: %s", what, cli.Errno(err))
	}
	return nil
}

// removeKey finds the object of key and removes it.
func (r *Remover) removeKey(k Kind, key int32, word string) error {
	if key == sysvipc.IPC_PRIVATE {
		r.warn("illegal key (" + word + ")")
		return nil
	}
	var id int
	var err error
	switch k {
	case shm:
		id, err = sysvipc.ShmGet(key, 0, 0)
	case msg:
		id, err = sysvipc.MsgGet(key, 0)
	default:
		id, err = sysvipc.SemGet(key, 0, 0)
	}
	switch {
	case err == nil:
		return r.removeID(k, id, true)
	case errors.Is(err, syscall.EACCES):
		r.warn("permission denied for key (" + word + ")")
	case errors.Is(err, syscall.EIDRM):
		r.warn("already removed key (" + word + ")")
	case errors.Is(err, syscall.ENOENT):
		r.warn("invalid key (" + word + ")")
	default:
		return cli.Errorf("key failed: %s", cli.Errno(err))
	}
	return nil
}

var posixNames = [...]string{pshm: "POSIX shared memory", pmsg: "POSIX message queue", psem: "POSIX semaphore"}

// removeName removes a POSIX object; name is "" when it was too long to
// exist, and word is how the user wrote it.
func (r *Remover) removeName(k Kind, name, word string) error {
	r.say("removing " + posixNames[k] + " `" + word + "'")
	err := error(syscall.ENAMETOOLONG)
	if name != "" {
		switch k {
		case pshm:
			err = posixipc.UnlinkShm(r.ShmDir, name)
		case pmsg:
			err = posixipc.MqUnlink(name)
		default:
			err = posixipc.UnlinkSem(r.ShmDir, name)
		}
	}
	switch {
	case err == nil:
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		r.warn("permission denied for name `" + word + "'")
	case errors.Is(err, syscall.ENOENT):
		r.warn("name `" + word + "' not found")
	case errors.Is(err, syscall.ENAMETOOLONG):
		r.warn("name `" + word + "' too long")
	default:
		return cli.Errorf("name failed: %s", cli.Errno(err))
	}
	return nil
}

// removeAll empties each kind in turn.
func (r *Remover) removeAll(kinds []Kind) error {
	for _, k := range kinds {
		var err error
		switch k {
		case shm, msg, sem:
			err = r.removeAllSysV(k)
		case pmsg:
			err = r.removeAllQueues()
		default:
			err = r.removeAllFiles(k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// removeAllSysV removes every object of a System V kind that the caller
// can read, as util-linux does: two calls per object, *_STAT by index
// (which fails for an empty index and for an object the caller may not
// read, and gives the object's id) and then IPC_RMID. An object that
// vanishes between the two, or that the caller may read but not remove,
// is a warning from removeID. The walk (the *_STAT calls) of a large table
// runs beside the removals.
func (r *Remover) removeAllSysV(k Kind) error {
	var maxIdx int
	var err error
	var stat func(i int) (id int, err error)
	switch k {
	case shm:
		_, maxIdx, err = sysvipc.ShmCtlInfo() // not SHM_INFO, which adds up every segment's memory
		stat = sysvipc.ShmIndexID
	case msg:
		_, maxIdx, err = sysvipc.MsgCtlInfo(sysvipc.MSG_INFO)
		stat = sysvipc.MsgIndexID
	default:
		_, maxIdx, err = sysvipc.SemCtlInfo(sysvipc.SEM_INFO)
		stat = sysvipc.SemIndexID
	}
	if err != nil {
		return cli.Errorf("kernel not configured for %s", kernelNames[k])
	}
	// A large table is walked by a second goroutine, so that the *_STAT
	// of later indexes runs on one CPU while this one removes the
	// objects found before; a small one is walked first, in line. The
	// removals and their messages keep the table's order.
	batches := make(chan []int, maxIdx/walkBatch+1) // room for all: the walk never waits
	stop := make(chan struct{})
	defer close(stop)
	if maxIdx < pipelineFrom {
		walkTable(stat, maxIdx, batches, stop)
	} else {
		go walkTable(stat, maxIdx, batches, stop)
	}
	for ids := range batches {
		for _, id := range ids {
			if err := r.removeID(k, id, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// pipelineFrom is the highest index from which removeAllSysV walks the
// table beside its removals; walkBatch is how many indexes the walk
// stats before it hands their ids over.
const (
	pipelineFrom = 1024
	walkBatch    = 256
)

// walkTable sends, a batch at a time, the ids of the objects at indexes
// 0 to maxIdx that stat can read, and closes out when it is done or when
// stop is closed.
func walkTable(stat func(int) (int, error), maxIdx int, out chan<- []int, stop <-chan struct{}) {
	defer close(out)
	for lo := 0; lo <= maxIdx; lo += walkBatch {
		select {
		case <-stop:
			return
		default:
		}
		ids := make([]int, 0, walkBatch)
		for i := lo; i <= min(lo+walkBatch-1, maxIdx); i++ {
			if id, err := stat(i); err == nil { // else empty, unreadable, or gone meanwhile
				ids = append(ids, id)
			}
		}
		out <- ids
	}
}

var kernelNames = [...]string{shm: "shared memory", msg: "message queues", sem: "semaphores"}

// removeAllFiles removes every POSIX shared memory object or semaphore of
// the tmpfs.
func (r *Remover) removeAllFiles(k Kind) error {
	list := posixipc.ListShm
	if k == psem {
		list = posixipc.ListSem
	}
	objs, err := list(r.ShmDir)
	if err != nil {
		r.warn(cli.PathError("cannot open", r.ShmDir, err).Error())
		return nil
	}
	for _, o := range objs {
		if err := r.removeName(k, o.Name, o.Name); err != nil {
			return err
		}
	}
	return nil
}

// removeAllQueues removes every POSIX message queue of the mqueue mount.
// Without one it warns, as util-linux does, and that is not a failure.
func (r *Remover) removeAllQueues() error {
	if !posixipc.IsMqueue(r.MqueueDir) {
		io.WriteString(r.Stderr, cli.ProgName("goipcrm")+": "+r.MqueueDir+" does not seem to be mounted. Use 'mount -t mqueue none "+
			r.MqueueDir+"' to mount it.\n")
		return nil
	}
	qs, err := posixipc.ListQueues(r.MqueueDir)
	if err != nil {
		r.warn(cli.PathError("cannot open", r.MqueueDir, err).Error())
		return nil
	}
	for _, q := range qs {
		if err := r.removeName(pmsg, q.Name, q.Name); err != nil {
			return err
		}
	}
	return nil
}
