// SPDX-License-Identifier: Apache-2.0

//go:build linux && (amd64 || arm64)

package startup

import "syscall"

// Shared with faultHandler (faults_*.s).
var (
	goFaultHandler uintptr // the runtime's handler, where real faults go
	//lint:ignore U1000 read by faultHandler: SIG_DFL, and a zero rlimit
	dflAction kernelSigaction
	//lint:ignore U1000 written by faultHandler: the signal to unblock
	dieMask uint64
)

// faultHandler is a signal handler in assembly (faults_*.s), never called
// from Go.
//
//lint:ignore U1000 installed by catchFaults through faultHandlerPC
func faultHandler()

func faultHandlerPC() uintptr

// catchFaults puts faultHandler in front of the runtime's handler of sigs:
// faults still reach the runtime (and become panics), while the same
// signals sent by kill(2) end the process at once, without a goroutine or
// a thread waiting for them as os/signal would need. The runtime's actions
// go into saved, so that Catch can hand a signal back to it. It reports
// false, having changed nothing, if the runtime's handlers are not what it
// expects (one handler for all of sigs, and not this one).
func catchFaults(sigs []syscall.Signal) bool {
	var rt kernelSigaction
	if len(sigs) == 0 || rtSigaction(int(sigs[0]), nil, &rt) != nil ||
		rt[sigactHandler] <= sigIGN || rt[sigactHandler] == faultHandlerPC() {
		return false
	}
	goFaultHandler = rt[sigactHandler]
	act := rt
	act[sigactHandler] = faultHandlerPC()
	for i, s := range sigs {
		var old kernelSigaction
		if rtSigaction(int(s), &act, &old) != nil || old != rt {
			// Put back what was there and let os/signal do it.
			if old != (kernelSigaction{}) {
				rtSigaction(int(s), &old, nil)
			}
			for _, t := range sigs[:i] {
				rtSigaction(int(t), &rt, nil)
				saved[t] = kernelSigaction{}
			}
			return false
		}
		saved[s] = rt
	}
	return true
}
