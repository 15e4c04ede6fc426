// SPDX-License-Identifier: Apache-2.0

//go:build !linux

package sysvipc

import "errors"

// ReadMsgLimits fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ReadMsgLimits() (MsgLimits, error) {
	return MsgLimits{}, errors.ErrUnsupported
}

// ReadShmLimits fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ReadShmLimits() (ShmLimits, error) {
	return ShmLimits{}, errors.ErrUnsupported
}

// ReadSemLimits fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ReadSemLimits() (SemLimits, error) {
	return SemLimits{}, errors.ErrUnsupported
}

// ListMsg fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ListMsg() ([]MsgQueue, error) {
	return nil, errors.ErrUnsupported
}

// ListShm fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ListShm() ([]ShmSegment, error) {
	return nil, errors.ErrUnsupported
}

// ListShmProc fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ListShmProc() ([]ShmSegment, error) {
	return nil, errors.ErrUnsupported
}

// ListSem fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ListSem() ([]SemArray, error) {
	return nil, errors.ErrUnsupported
}

// MsgByID fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func MsgByID(id int) (MsgQueue, error) {
	return MsgQueue{}, errors.ErrUnsupported
}

// ShmByID fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmByID(id int) (ShmSegment, error) {
	return ShmSegment{}, errors.ErrUnsupported
}

// SemByID fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemByID(id int) (SemArray, error) {
	return SemArray{}, errors.ErrUnsupported
}

// SemValues fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemValues(id int) ([]Sem, error) {
	return nil, errors.ErrUnsupported
}

// MsgGet fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func MsgGet(key int32, flags int) (id int, err error) {
	return 0, errors.ErrUnsupported
}

// ShmGet fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmGet(key int32, size uint64, flags int) (int, error) {
	return 0, errors.ErrUnsupported
}

// SemGet fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemGet(key int32, nsems int, flags int) (int, error) {
	return 0, errors.ErrUnsupported
}

// MsgRemove fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func MsgRemove(id int) error {
	return errors.ErrUnsupported
}

// ShmRemove fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmRemove(id int) error {
	return errors.ErrUnsupported
}

// SemRemove fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemRemove(id int) error {
	return errors.ErrUnsupported
}

// MsgStatIndex fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func MsgStatIndex(i int) (MsgQueue, error) {
	return MsgQueue{}, errors.ErrUnsupported
}

// MsgIndexID fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func MsgIndexID(i int) (int, error) { return 0, errors.ErrUnsupported }

// ShmIndexID fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmIndexID(i int) (int, error) { return 0, errors.ErrUnsupported }

// SemIndexID fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemIndexID(i int) (int, error) { return 0, errors.ErrUnsupported }

// ShmStatIndex fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmStatIndex(i int) (ShmSegment, error) {
	return ShmSegment{}, errors.ErrUnsupported
}

// SemStatIndex fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemStatIndex(i int) (SemArray, error) {
	return SemArray{}, errors.ErrUnsupported
}

// MsgStat fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func MsgStat(id int) (MsgQueue, error) {
	return MsgQueue{}, errors.ErrUnsupported
}

// MsgSet fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func MsgSet(id int, q MsgQueue) error {
	return errors.ErrUnsupported
}

// ShmStat fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmStat(id int) (ShmSegment, error) {
	return ShmSegment{}, errors.ErrUnsupported
}

// ShmSet fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmSet(id int, s ShmSegment) error {
	return errors.ErrUnsupported
}

// ShmLock fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmLock(id int) error {
	return errors.ErrUnsupported
}

// ShmUnlock fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmUnlock(id int) error {
	return errors.ErrUnsupported
}

// ShmAttach fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmAttach(id int, flags int) ([]byte, error) {
	return nil, errors.ErrUnsupported
}

// ShmDetach fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmDetach(b []byte) error {
	return errors.ErrUnsupported
}

// SemStat fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemStat(id int) (SemArray, error) {
	return SemArray{}, errors.ErrUnsupported
}

// SemSet fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemSet(id int, a SemArray) error {
	return errors.ErrUnsupported
}

// SemGetVal fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemGetVal(id, num int) (int, error) {
	return 0, errors.ErrUnsupported
}

// SemSetVal fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemSetVal(id, num, val int) error {
	return errors.ErrUnsupported
}

// SemGetNCnt fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemGetNCnt(id, num int) (int, error) {
	return 0, errors.ErrUnsupported
}

// SemGetZCnt fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemGetZCnt(id, num int) (int, error) {
	return 0, errors.ErrUnsupported
}

// SemGetPID fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemGetPID(id, num int) (int, error) {
	return 0, errors.ErrUnsupported
}

// SemGetAll fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemGetAll(id int) ([]uint16, error) {
	return nil, errors.ErrUnsupported
}

// SemSetAll fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemSetAll(id int, vals []uint16) error {
	return errors.ErrUnsupported
}

// SemOp fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemOp(id int, ops []SemBuf) error {
	return errors.ErrUnsupported
}

// MsgSnd fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func MsgSnd(id int, mtype int64, text []byte, flags int) error {
	return errors.ErrUnsupported
}

// MsgRcv fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func MsgRcv(id int, text []byte, mtype int64, flags int) (gotType int64, n int, err error) {
	return 0, 0, errors.ErrUnsupported
}

// MsgCtlInfo fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func MsgCtlInfo(cmd int) (MsgInfo, int, error) {
	return MsgInfo{}, 0, errors.ErrUnsupported
}

// ShmCtlInfo fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmCtlInfo() (ShmInfo, int, error) {
	return ShmInfo{}, 0, errors.ErrUnsupported
}

// ShmCtlUsage fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func ShmCtlUsage() (ShmUsage, int, error) {
	return ShmUsage{}, 0, errors.ErrUnsupported
}

// SemCtlInfo fails with errors.ErrUnsupported: System V IPC is read here with Linux calls.
func SemCtlInfo(cmd int) (SemInfo, int, error) {
	return SemInfo{}, 0, errors.ErrUnsupported
}
