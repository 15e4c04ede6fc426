// SPDX-License-Identifier: Apache-2.0

//go:build linux

package sysvipc

import (
	"testing"
	"unsafe"

	"github.com/gonstools/gonstools/internal/archtest"
)

// layout is what the Go declarations say of each quantity in the comments,
// which TestLayout compiles as C for every architecture.
var layout = [...]uint64{
	uint64(unsafe.Sizeof(ipc64Perm{})),               // sizeof(struct ipc64_perm)
	uint64(unsafe.Offsetof(ipc64Perm{}.uid)),         // offsetof(struct ipc64_perm, uid)
	uint64(unsafe.Offsetof(ipc64Perm{}.gid)),         // offsetof(struct ipc64_perm, gid)
	uint64(unsafe.Offsetof(ipc64Perm{}.cuid)),        // offsetof(struct ipc64_perm, cuid)
	uint64(unsafe.Offsetof(ipc64Perm{}.cgid)),        // offsetof(struct ipc64_perm, cgid)
	uint64(unsafe.Offsetof(ipc64Perm{}.mode)),        // offsetof(struct ipc64_perm, mode)
	uint64(unsafe.Sizeof(ipc64Perm{}.mode)),          // sizeof(((struct ipc64_perm *)0)->mode)
	uint64(unsafe.Offsetof(ipc64Perm{}.seq)),         // offsetof(struct ipc64_perm, seq)
	uint64(unsafe.Sizeof(ipc64Perm{}.seq)),           // sizeof(((struct ipc64_perm *)0)->seq)
	uint64(unsafe.Sizeof(msqid64DS{})),               // sizeof(struct msqid64_ds)
	uint64(unsafe.Offsetof(msqid64DS{}.stime)),       // offsetof(struct msqid64_ds, msg_stime)
	uint64(unsafe.Offsetof(msqid64DS{}.rtime)),       // offsetof(struct msqid64_ds, msg_rtime)
	uint64(unsafe.Offsetof(msqid64DS{}.ctime)),       // offsetof(struct msqid64_ds, msg_ctime)
	uint64(unsafe.Offsetof(msqid64DS{}.cbytes)),      // offsetof(struct msqid64_ds, msg_cbytes)
	uint64(unsafe.Offsetof(msqid64DS{}.qnum)),        // offsetof(struct msqid64_ds, msg_qnum)
	uint64(unsafe.Offsetof(msqid64DS{}.qbytes)),      // offsetof(struct msqid64_ds, msg_qbytes)
	uint64(unsafe.Sizeof(msqid64DS{}.qbytes)),        // sizeof(((struct msqid64_ds *)0)->msg_qbytes)
	uint64(unsafe.Offsetof(msqid64DS{}.lspid)),       // offsetof(struct msqid64_ds, msg_lspid)
	uint64(unsafe.Offsetof(msqid64DS{}.lrpid)),       // offsetof(struct msqid64_ds, msg_lrpid)
	uint64(unsafe.Sizeof(semid64DS{})),               // sizeof(struct semid64_ds)
	uint64(unsafe.Offsetof(semid64DS{}.otime)),       // offsetof(struct semid64_ds, sem_otime)
	uint64(unsafe.Offsetof(semid64DS{}.ctime)),       // offsetof(struct semid64_ds, sem_ctime)
	uint64(unsafe.Offsetof(semid64DS{}.nsems)),       // offsetof(struct semid64_ds, sem_nsems)
	uint64(unsafe.Sizeof(semid64DS{}.nsems)),         // sizeof(((struct semid64_ds *)0)->sem_nsems)
	uint64(unsafe.Sizeof(shmid64DS{})),               // sizeof(struct shmid64_ds)
	uint64(unsafe.Offsetof(shmid64DS{}.segsz)),       // offsetof(struct shmid64_ds, shm_segsz)
	uint64(unsafe.Sizeof(shmid64DS{}.segsz)),         // sizeof(((struct shmid64_ds *)0)->shm_segsz)
	uint64(unsafe.Offsetof(shmid64DS{}.atime)),       // offsetof(struct shmid64_ds, shm_atime)
	uint64(unsafe.Offsetof(shmid64DS{}.dtime)),       // offsetof(struct shmid64_ds, shm_dtime)
	uint64(unsafe.Offsetof(shmid64DS{}.ctime)),       // offsetof(struct shmid64_ds, shm_ctime)
	uint64(unsafe.Offsetof(shmid64DS{}.cpid)),        // offsetof(struct shmid64_ds, shm_cpid)
	uint64(unsafe.Offsetof(shmid64DS{}.lpid)),        // offsetof(struct shmid64_ds, shm_lpid)
	uint64(unsafe.Offsetof(shmid64DS{}.nattch)),      // offsetof(struct shmid64_ds, shm_nattch)
	uint64(unsafe.Sizeof(shmid64DS{}.nattch)),        // sizeof(((struct shmid64_ds *)0)->shm_nattch)
	uint64(unsafe.Sizeof(msginfo{})),                 // sizeof(struct msginfo)
	uint64(unsafe.Offsetof(msginfo{}.mni)),           // offsetof(struct msginfo, msgmni)
	uint64(unsafe.Offsetof(msginfo{}.tql)),           // offsetof(struct msginfo, msgtql)
	uint64(unsafe.Offsetof(msginfo{}.seg)),           // offsetof(struct msginfo, msgseg)
	uint64(unsafe.Sizeof(seminfo{})),                 // sizeof(struct seminfo)
	uint64(unsafe.Offsetof(seminfo{}.usz)),           // offsetof(struct seminfo, semusz)
	uint64(unsafe.Offsetof(seminfo{}.aem)),           // offsetof(struct seminfo, semaem)
	uint64(unsafe.Sizeof(shminfo64{})),               // sizeof(struct shminfo64)
	uint64(unsafe.Offsetof(shminfo64{}.min)),         // offsetof(struct shminfo64, shmmin)
	uint64(unsafe.Offsetof(shminfo64{}.all)),         // offsetof(struct shminfo64, shmall)
	uint64(unsafe.Sizeof(shmInfo{})),                 // sizeof(struct shm_info)
	uint64(unsafe.Offsetof(shmInfo{}.tot)),           // offsetof(struct shm_info, shm_tot)
	uint64(unsafe.Offsetof(shmInfo{}.swapSuccesses)), // offsetof(struct shm_info, swap_successes)
	uint64(unsafe.Sizeof(SemBuf{})),                  // sizeof(struct sembuf)
	uint64(unsafe.Offsetof(SemBuf{}.Op)),             // offsetof(struct sembuf, sem_op)
	uint64(unsafe.Offsetof(SemBuf{}.Flg)),            // offsetof(struct sembuf, sem_flg)
	uint64(mtypeSize),                                // offsetof(struct msgbuf, mtext)
	uint64(unsafe.Sizeof(ipcKludge{})),               // sizeof(struct ipc_kludge)
	uint64(unsafe.Offsetof(ipcKludge{}.msgtyp)),      // offsetof(struct ipc_kludge, msgtyp)
	ipc64,         // IPC_64
	ipcSemop,      // SEMOP
	ipcSemget,     // SEMGET
	ipcSemctl,     // SEMCTL
	ipcMsgsnd,     // MSGSND
	ipcMsgrcv,     // MSGRCV
	ipcMsgget,     // MSGGET
	ipcMsgctl,     // MSGCTL
	ipcShmat,      // SHMAT
	ipcShmdt,      // SHMDT
	ipcShmget,     // SHMGET
	ipcShmctl,     // SHMCTL
	IPC_CREAT,     // IPC_CREAT
	IPC_EXCL,      // IPC_EXCL
	IPC_NOWAIT,    // IPC_NOWAIT
	IPC_INFO,      // IPC_INFO
	MSG_STAT_ANY,  // MSG_STAT_ANY
	MSG_NOERROR,   // MSG_NOERROR
	MSG_EXCEPT,    // MSG_EXCEPT
	MSG_COPY,      // MSG_COPY
	SHM_STAT_ANY,  // SHM_STAT_ANY
	SHM_RDONLY,    // SHM_RDONLY
	SHM_HUGETLB,   // SHM_HUGETLB
	SHM_NORESERVE, // SHM_NORESERVE
	SETALL,        // SETALL
	SEM_STAT_ANY,  // SEM_STAT_ANY
	SEM_UNDO,      // SEM_UNDO
	SEMVMX,        // SEMVMX
}

const layoutHeaders = `#include <stddef.h>
#include <linux/ipc.h>
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>
`

// TestLayout checks the kernel structures and constants, as declared for
// every architecture of archtest.Arches, against the kernel's uapi
// headers compiled for that architecture.
func TestLayout(t *testing.T) {
	archtest.CheckLayout(t, "layout_test.go", "layout", layoutHeaders, layout[:])
}
