// SPDX-License-Identifier: Apache-2.0

//go:build linux

package posixipc

import (
	"encoding/binary"
	"math/rand/v2"
	"unsafe"

	"golang.org/x/sys/unix"
)

// mqueueMagic is the mqueue filesystem's f_type (MQUEUE_MAGIC).
const mqueueMagic = 0x19800202

// mqAttr is the kernel's struct mq_attr, whose fields are C longs: 32 bits
// wide on 32-bit machines.
type mqAttr struct {
	flags   int
	maxMsg  int
	msgSize int
	curMsgs int
	_       [4]int
}

// MqOpen is mq_open(3) without libc: it opens or creates the queue name
// ("/x" or "x") with open(2)-style flags and returns its descriptor. attr
// may be nil for the system's defaults (only MaxMsg and MsgSize count). The
// kernel applies the umask to mode, as it does for files. Values that do
// not fit a C long give EINVAL.
func MqOpen(name string, flags int, mode uint32, attr *MqAttr) (int, error) {
	p, err := mqName(name)
	if err != nil {
		return -1, err
	}
	var ka *mqAttr
	if attr != nil {
		ka = &mqAttr{flags: int(attr.Flags), maxMsg: int(attr.MaxMsg), msgSize: int(attr.MsgSize), curMsgs: int(attr.CurMsgs)}
		if int64(ka.flags) != attr.Flags || int64(ka.maxMsg) != attr.MaxMsg ||
			int64(ka.msgSize) != attr.MsgSize || int64(ka.curMsgs) != attr.CurMsgs {
			return -1, unix.EINVAL
		}
	}
	fd, _, errno := unix.Syscall6(unix.SYS_MQ_OPEN, uintptr(unsafe.Pointer(p)),
		uintptr(flags), uintptr(mode), uintptr(unsafe.Pointer(ka)), 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

// mqName is the name argument of mq_open(2) and mq_unlink(2): the name
// without its slash, as a C string. Like glibc, it points just after a
// slash, which qemu-user relies on: it hands the host's mq_open the string
// from one byte before.
func mqName(name string) (*byte, error) {
	n, err := CleanName(name, NameMax)
	if err != nil {
		return nil, err
	}
	b := make([]byte, len(n)+2)
	b[0] = '/'
	copy(b[1:], n)
	return &b[1], nil
}

// MqUnlink is mq_unlink(3): it removes the queue name from the caller's IPC
// namespace. Processes that have it open keep it until they close it.
func MqUnlink(name string) error {
	p, err := mqName(name)
	if err != nil {
		return err
	}
	if _, _, errno := unix.Syscall(unix.SYS_MQ_UNLINK, uintptr(unsafe.Pointer(p)), 0, 0); errno != 0 {
		return errno
	}
	return nil
}

// MqGetattr is mq_getattr(3) on a queue descriptor. The descriptor may also
// come from open(2) on a file of an mqueue mount.
func MqGetattr(fd int) (MqAttr, error) {
	var a mqAttr
	if _, _, errno := unix.Syscall(unix.SYS_MQ_GETSETATTR, uintptr(fd), 0, uintptr(unsafe.Pointer(&a))); errno != 0 {
		return MqAttr{}, errno
	}
	return MqAttr{Flags: int64(a.flags), MaxMsg: int64(a.maxMsg), MsgSize: int64(a.msgSize), CurMsgs: int64(a.curMsgs)}, nil
}

// CreateQueue creates the message queue name with the system's default
// limits and permission mode (less the umask), failing with EEXIST if it
// exists already.
func CreateQueue(name string, mode uint32) error {
	fd, err := MqOpen(name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, mode, nil)
	if err != nil {
		return err
	}
	unix.Close(fd)
	return nil
}

// CreateShm creates the shared memory object name in dir (normally
// [ShmDir]) with size bytes and permission mode (less the umask), as
// shm_open(O_CREAT|O_EXCL) and ftruncate do; it fails with EEXIST if the
// object exists. If the size cannot be set, the object is removed again.
func CreateShm(dir, name string, size int64, mode uint32) error {
	n, err := CleanName(name, NameMax)
	if err != nil {
		return err
	}
	path := dir + "/" + n
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, mode)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	if err := unix.Ftruncate(fd, size); err != nil {
		unix.Unlink(path)
		return err
	}
	return nil
}

// UnlinkShm is shm_unlink(3) for dir.
func UnlinkShm(dir, name string) error {
	n, err := CleanName(name, NameMax)
	if err != nil {
		return err
	}
	return unix.Unlink(dir + "/" + n)
}

// glibc's sem_t (struct new_sem in nptl/internaltypes.h) depends on
// whether the machine has 64-bit atomics, which glibc assumes exactly on
// 64-bit machines:
//
//   - 64-bit: 32 bytes; a 64-bit word whose low half is the value and high
//     half the number of waiters, then the futex flags ("private");
//   - 32-bit: 16 bytes; a 32-bit word holding the value shifted left by
//     one above a "has waiters" bit, the futex flags, a pad word and the
//     number of waiters.
//
// sem_open writes zeros after the structure up to sizeof(sem_t).
const (
	wide    = unsafe.Sizeof(uintptr(0)) == 8
	semSize = 16 << (unsafe.Sizeof(uintptr(0)) / 8)
)

// futexShared is glibc's FUTEX_SHARED, the "private" field of a sem_t that
// processes share.
const futexShared = 128

// semImage is the sem_t that glibc's sem_open writes for a new semaphore
// with the given value.
func semImage(value uint32) []byte {
	b := make([]byte, semSize)
	if wide {
		binary.NativeEndian.PutUint64(b[0:], uint64(value))
		binary.NativeEndian.PutUint32(b[8:], futexShared)
	} else {
		binary.NativeEndian.PutUint32(b[0:], value<<1)
		binary.NativeEndian.PutUint32(b[4:], futexShared)
	}
	return b
}

// semImageValue is the value held by a sem_t image.
func semImageValue(b []byte) uint32 {
	if wide {
		return uint32(binary.NativeEndian.Uint64(b))
	}
	return binary.NativeEndian.Uint32(b) >> 1
}

// CreateSem creates the named semaphore name in dir (normally [ShmDir])
// with the given initial value and permission mode (less the umask), as
// glibc's sem_open(O_CREAT|O_EXCL) does: the sem_t is written to a
// temporary file that is then linked into place, so that no process ever
// opens a half-made semaphore. It fails with EEXIST if the semaphore
// exists.
func CreateSem(dir, name string, mode uint32, value uint32) error {
	n, err := CleanName(name, SemNameMax)
	if err != nil {
		return err
	}
	if value > 0x7fffffff { // SEM_VALUE_MAX
		return unix.EINVAL
	}
	var tmp string
	var fd int
	for range 100 {
		tmp = dir + "/" + semPrefix + tempSuffix()
		fd, err = unix.Open(tmp, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, mode)
		if err != unix.EEXIST {
			break
		}
	}
	if err != nil {
		return err
	}
	defer unix.Unlink(tmp)
	defer unix.Close(fd)
	img := semImage(value)
	for len(img) > 0 {
		w, err := unix.Write(fd, img)
		if err != nil {
			return err
		}
		img = img[w:]
	}
	return unix.Link(tmp, dir+"/"+semPrefix+n)
}

// tempSuffix is six random letters and digits, like mkstemp's.
func tempSuffix() string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b [6]byte
	r := rand.Uint64()
	for i := range b {
		b[i] = chars[r%uint64(len(chars))]
		r /= uint64(len(chars))
	}
	return string(b[:])
}

// UnlinkSem is sem_unlink(3) for dir.
func UnlinkSem(dir, name string) error {
	n, err := CleanName(name, SemNameMax)
	if err != nil {
		return err
	}
	return unix.Unlink(dir + "/" + semPrefix + n)
}

// SemValue reads the value of the semaphore name in dir, as sem_getvalue
// would after sem_open.
func SemValue(dir, name string) (uint32, error) {
	n, err := CleanName(name, SemNameMax)
	if err != nil {
		return 0, err
	}
	fd, err := unix.Open(dir+"/"+semPrefix+n, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	defer unix.Close(fd)
	var b [semSize]byte
	if n, err := unix.Pread(fd, b[:], 0); err != nil {
		return 0, err
	} else if n < 8 {
		return 0, unix.EINVAL
	}
	return semImageValue(b[:]), nil
}

// IsMqueue reports whether dir is the root of an mqueue filesystem mount.
func IsMqueue(dir string) bool {
	var st unix.Statfs_t
	return unix.Statfs(dir, &st) == nil && st.Type == mqueueMagic
}
