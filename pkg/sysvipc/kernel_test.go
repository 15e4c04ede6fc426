//go:build linux && (amd64 || arm64)

package sysvipc

import (
	"runtime"
	"testing"
	"unsafe"
)

// The kernel's structure sizes, from its uapi headers.
func TestStructSizes(t *testing.T) {
	semSize := uintptr(88)
	if runtime.GOARCH == "amd64" {
		semSize = 104
	}
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"ipc64_perm", unsafe.Sizeof(ipc64Perm{}), 48},
		{"msqid64_ds", unsafe.Sizeof(msqid64DS{}), 120},
		{"shmid64_ds", unsafe.Sizeof(shmid64DS{}), 112},
		{"semid64_ds", unsafe.Sizeof(semid64DS{}), semSize},
		{"msginfo", unsafe.Sizeof(msginfo{}), 32},
		{"shminfo64", unsafe.Sizeof(shminfo64{}), 72},
		{"shm_info", unsafe.Sizeof(shmInfo{}), 48},
		{"seminfo", unsafe.Sizeof(seminfo{}), 40},
		{"sembuf", unsafe.Sizeof(SemBuf{}), 6},
	} {
		if c.got != c.want {
			t.Errorf("sizeof(%s) = %d, want %d", c.name, c.got, c.want)
		}
	}
	// Offsets ipcs depends on.
	var m msqid64DS
	var s shmid64DS
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"ipc64_perm.mode", unsafe.Offsetof(m.perm.mode), 20},
		{"ipc64_perm.seq", unsafe.Offsetof(m.perm.seq), 24},
		{"msqid64_ds.msg_stime", unsafe.Offsetof(m.stime), 48},
		{"msqid64_ds.msg_cbytes", unsafe.Offsetof(m.cbytes), 72},
		{"msqid64_ds.msg_lspid", unsafe.Offsetof(m.lspid), 96},
		{"shmid64_ds.shm_segsz", unsafe.Offsetof(s.segsz), 48},
		{"shmid64_ds.shm_cpid", unsafe.Offsetof(s.cpid), 80},
		{"shmid64_ds.shm_nattch", unsafe.Offsetof(s.nattch), 88},
	} {
		if c.got != c.want {
			t.Errorf("offsetof(%s) = %d, want %d", c.name, c.got, c.want)
		}
	}
}
