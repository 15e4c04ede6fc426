// SPDX-License-Identifier: Apache-2.0

//go:build linux

package posixipc

import (
	"testing"
	"unsafe"

	"github.com/gonstools/gonstools/internal/archtest"
)

// layout is what the Go declarations say of each quantity in the comments,
// which TestLayout compiles as C for every architecture.
var layout = [...]uint64{
	uint64(unsafe.Sizeof(mqAttr{})),           // sizeof(struct mq_attr)
	uint64(unsafe.Offsetof(mqAttr{}.maxMsg)),  // offsetof(struct mq_attr, mq_maxmsg)
	uint64(unsafe.Offsetof(mqAttr{}.msgSize)), // offsetof(struct mq_attr, mq_msgsize)
	uint64(unsafe.Offsetof(mqAttr{}.curMsgs)), // offsetof(struct mq_attr, mq_curmsgs)
	uint64(unsafe.Sizeof(mqAttr{}.curMsgs)),   // sizeof(((struct mq_attr *)0)->mq_curmsgs)
	semSize,                                   // sizeof(sem_t)
	NameMax,                                   // NAME_MAX
}

const layoutHeaders = `#include <stddef.h>
#include <limits.h>
#include <semaphore.h>
#include <linux/mqueue.h>
`

// TestLayout checks struct mq_attr (the kernel's) and the size of sem_t
// (glibc's) for every architecture of archtest.Arches.
func TestLayout(t *testing.T) {
	archtest.CheckLayout(t, "layout_test.go", "layout", layoutHeaders, layout[:])
}
