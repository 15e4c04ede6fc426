// SPDX-License-Identifier: Apache-2.0

//go:build linux

package goipcs

import (
	"encoding/json"
	"strings"
	"syscall"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
	"github.com/gonstools/gonstools/pkg/sysvipc"
)

// --json holds the objects the tables show, with their real values.
func TestJSON(t *testing.T) {
	if !nstest.InNamespaces(t, syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS) {
		return
	}
	goipcs := nstest.Binary(t, "goipcs")
	useNames(t)
	populate(t)

	type obj = map[string]any
	var doc struct {
		Msg []obj `json:"message_queues"`
		Shm []obj `json:"shared_memory"`
		Sem []obj `json:"semaphores"`
	}
	out := runTool(t, goipcs, []string{"--json", "-t", "--human"}, nil)
	if out.code != 0 || out.stderr != "" {
		t.Fatalf("goipcs --json: %+v", out)
	}
	if err := json.Unmarshal([]byte(out.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.stdout)
	}
	qs, _ := sysvipc.ListMsg()
	ss, _ := sysvipc.ListShmProc()
	as, _ := sysvipc.ListSem()
	if len(doc.Msg) != len(qs) || len(doc.Shm) != len(ss) || len(doc.Sem) != len(as) {
		t.Fatalf("--json has %d/%d/%d objects, the kernel %d/%d/%d", len(doc.Msg), len(doc.Shm), len(doc.Sem), len(qs), len(ss), len(as))
	}
	num := func(o obj, k string) uint64 {
		t.Helper()
		f, ok := o[k].(float64)
		if !ok {
			t.Fatalf("%s is %v in %v", k, o[k], o)
		}
		return uint64(f)
	}
	for i, q := range qs {
		o := doc.Msg[i]
		if num(o, "id") != uint64(q.ID) || num(o, "key") != uint64(uint32(q.Key)) || num(o, "used_bytes") != q.CBytes ||
			num(o, "messages") != q.QNum || num(o, "max_bytes") != q.QBytes || num(o, "uid") != uint64(q.UID) ||
			num(o, "send_time") != uint64(q.STime) {
			t.Errorf("queue %d: %v, kernel %+v", q.ID, o, q)
		}
	}
	for i, s := range ss {
		o := doc.Shm[i]
		if num(o, "id") != uint64(s.ID) || num(o, "bytes") != s.Size || num(o, "attached") != s.NAttch ||
			o["dest"] != (s.Mode&sysvipc.SHM_DEST != 0) || o["locked"] != (s.Mode&sysvipc.SHM_LOCKED != 0) ||
			num(o, "resident_bytes") != s.RSS || num(o, "swapped_bytes") != s.Swap {
			t.Errorf("segment %d: %v, kernel %+v", s.ID, o, s)
		}
	}
	if num(doc.Shm[0], "resident_bytes") == 0 {
		t.Errorf("segment 0 was written to, but resident_bytes is 0")
	}
	for i, a := range as {
		if o := doc.Sem[i]; num(o, "id") != uint64(a.ID) || num(o, "nsems") != a.NSems {
			t.Errorf("set %d: %v, kernel %+v", a.ID, o, a)
		}
	}
	// Names as the tables resolve them; null where there is none.
	for _, o := range doc.Msg {
		switch num(o, "uid") {
		case 7000:
			if o["user"] != "averyverylongusername" || o["group"] != "alongergroupname" {
				t.Errorf("names of %v", o)
			}
		case noUID:
			if o["user"] != nil || o["group"] != nil {
				t.Errorf("names of %v", o)
			}
		}
	}

	// -i: one object, with its semaphores.
	var one struct {
		Sem []struct {
			ID         int
			Semaphores []struct{ Num, Value, Ncount, Zcount, Pid int }
		} `json:"semaphores"`
	}
	out = runTool(t, goipcs, []string{"--json", "-s", "-i", "0"}, nil)
	if err := json.Unmarshal([]byte(out.stdout), &one); err != nil || len(one.Sem) != 1 {
		t.Fatalf("-s -i 0 --json: %v\n%s", err, out.stdout)
	}
	sems := one.Sem[0].Semaphores
	if len(sems) != 4 || sems[2].Value != 32767 || sems[0].Ncount != 2 || sems[1].Zcount != 1 {
		t.Errorf("-s -i 0 --json semaphores = %+v", sems)
	}
	// A missing id: an empty list, the warning, status 0.
	out = runTool(t, goipcs, []string{"--json", "-q", "-i", "999"}, nil)
	if out.code != 0 || out.stderr != "goipcs: id 999 not found\n" || !strings.Contains(out.stdout, `"message_queues": []`) {
		t.Errorf("--json -q -i 999 = %+v", out)
	}
	// -l and -u: the limits and the summary, as numbers.
	var lu struct {
		Lim    map[string]float64 `json:"shared_memory_limits"`
		Status map[string]float64 `json:"message_queue_status"`
	}
	for _, args := range [][]string{{"--json", "-l"}, {"--json", "-u"}} {
		out = runTool(t, goipcs, args, nil)
		if err := json.Unmarshal([]byte(out.stdout), &lu); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.stdout)
		}
	}
	if lu.Lim["max_segments"] == 0 || lu.Status["queues"] != float64(len(qs)) {
		t.Errorf("limits %v, status %v", lu.Lim, lu.Status)
	}
}
