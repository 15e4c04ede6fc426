// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package ipctest holds helpers for tests that make System V objects.
// It is apart from nstest, which pkg/sysvipc's own tests import.
package ipctest

import (
	"fmt"

	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// SetOwner gives the System V object id of kind ("msg", "shm" or
// "sem") the owner uid:gid and the permission bits mode, with IPC_SET
// after IPC_STAT.
func SetOwner(kind string, id int, uid, gid, mode uint32) error {
	switch kind {
	case "msg":
		q, err := sysvipc.MsgStat(id)
		if err != nil {
			return err
		}
		q.UID, q.GID, q.Mode = uid, gid, mode
		return sysvipc.MsgSet(id, q)
	case "shm":
		s, err := sysvipc.ShmStat(id)
		if err != nil {
			return err
		}
		s.UID, s.GID, s.Mode = uid, gid, mode
		return sysvipc.ShmSet(id, s)
	case "sem":
		a, err := sysvipc.SemStat(id)
		if err != nil {
			return err
		}
		a.UID, a.GID, a.Mode = uid, gid, mode
		return sysvipc.SemSet(id, a)
	}
	return fmt.Errorf("SetOwner: no System V kind %q", kind)
}
