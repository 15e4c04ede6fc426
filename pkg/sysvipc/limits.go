// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// sysctlDir holds the IPC sysctls, which are per IPC namespace.
const sysctlDir = "/proc/sys/kernel/"

// ReadMsgLimits returns the message queue limits as util-linux reads them:
// /proc/sys/kernel/msgmni, msgmnb and msgmax when all three exist, else
// msgctl(IPC_INFO).
func ReadMsgLimits() (MsgLimits, error) {
	var vals [3]string
	err := readSysctls(vals[:], "msgmni", "msgmnb", "msgmax")
	if errors.Is(err, fs.ErrNotExist) {
		info, _, err := MsgCtlInfo(IPC_INFO)
		if err != nil {
			return MsgLimits{}, err
		}
		return MsgLimits{MNI: info.MNI, MNB: info.MNB, Max: uint64(info.Max)}, nil
	}
	if err != nil {
		return MsgLimits{}, err
	}
	return parseMsgLimits(vals)
}

// parseMsgLimits reads the values of msgmni, msgmnb and msgmax.
func parseMsgLimits(vals [3]string) (MsgLimits, error) {
	mni, err1 := strconv.ParseInt(vals[0], 10, 32)
	mnb, err2 := strconv.ParseInt(vals[1], 10, 32)
	max, err3 := strconv.ParseUint(vals[2], 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil {
		return MsgLimits{}, err
	}
	return MsgLimits{MNI: int32(mni), MNB: int32(mnb), Max: max}, nil
}

// ReadShmLimits returns the shared memory limits as util-linux reads them:
// /proc/sys/kernel/shmmni, shmmax and shmall when all three exist, else
// shmctl(IPC_INFO). Min is always 1 (SHMMIN).
func ReadShmLimits() (ShmLimits, error) {
	var vals [3]string
	err := readSysctls(vals[:], "shmmni", "shmmax", "shmall")
	if errors.Is(err, fs.ErrNotExist) {
		info, _, err := ShmCtlInfo()
		if err != nil {
			return ShmLimits{}, err
		}
		return ShmLimits{MNI: info.MNI, Max: info.Max, All: info.All, Min: 1}, nil
	}
	if err != nil {
		return ShmLimits{}, err
	}
	return parseShmLimits(vals)
}

// parseShmLimits reads the values of shmmni, shmmax and shmall.
func parseShmLimits(vals [3]string) (ShmLimits, error) {
	var l ShmLimits
	var errs [3]error
	l.MNI, errs[0] = strconv.ParseUint(vals[0], 10, 64)
	l.Max, errs[1] = strconv.ParseUint(vals[1], 10, 64)
	l.All, errs[2] = strconv.ParseUint(vals[2], 10, 64)
	if err := errors.Join(errs[:]...); err != nil {
		return ShmLimits{}, err
	}
	l.Min = 1
	return l, nil
}

// ReadSemLimits returns the semaphore limits as util-linux reads them: the
// four numbers of /proc/sys/kernel/sem (semmsl, semmns, semopm, semmni),
// else semctl(IPC_INFO). VMX is always SEMVMX.
func ReadSemLimits() (SemLimits, error) {
	if b, err := os.ReadFile(sysctlDir + "sem"); err == nil {
		if l, ok := parseSemLimits(string(b)); ok {
			return l, nil
		}
	}
	info, _, err := SemCtlInfo(IPC_INFO)
	if err != nil {
		return SemLimits{}, err
	}
	l := SemLimits{VMX: SEMVMX}
	l.MNI, l.MSL, l.MNS, l.OPM = info.MNI, info.MSL, info.MNS, info.OPM
	return l, nil
}

// parseSemLimits reads /proc/sys/kernel/sem: semmsl, semmns, semopm and
// semmni. ok is false when it does not hold four such numbers.
func parseSemLimits(s string) (l SemLimits, ok bool) {
	f := strings.Fields(s)
	var v [4]int64
	if len(f) < 4 {
		return l, false
	}
	for i := range v {
		var err error
		if v[i], err = strconv.ParseInt(f[i], 10, 32); err != nil {
			return l, false
		}
	}
	return SemLimits{MSL: int32(v[0]), MNS: int32(v[1]), OPM: int32(v[2]), MNI: int32(v[3]), VMX: SEMVMX}, true
}

// readSysctls reads the named files of sysctlDir into vals, trimmed. It
// fails with fs.ErrNotExist when one of them is missing.
func readSysctls(vals []string, names ...string) error {
	for i, n := range names {
		b, err := os.ReadFile(sysctlDir + n)
		if err != nil {
			return err
		}
		vals[i] = strings.TrimSpace(string(b))
	}
	return nil
}
