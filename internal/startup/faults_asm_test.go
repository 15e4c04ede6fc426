// SPDX-License-Identifier: Apache-2.0

//go:build linux && (amd64 || arm64)

package startup

import (
	"syscall"
	"testing"
)

// TestCatchFaults installs the fault handler in the test process itself:
// the kernel then calls it, a nil dereference still becomes a panic
// through it, and Catch's saved actions put the runtime's handler back.
func TestCatchFaults(t *testing.T) {
	if !catchFaults(Faults) {
		t.Fatal("catchFaults refused the runtime's handlers")
	}
	defer func() {
		for _, s := range Faults {
			rtSigaction(int(s), &saved[s], nil)
			saved[s] = kernelSigaction{}
		}
	}()
	for _, s := range Faults {
		var now kernelSigaction
		if err := rtSigaction(int(s), nil, &now); err != nil || now[sigactHandler] != faultHandlerPC() {
			t.Errorf("signal %d: handler %#x (%v), want faultHandler at %#x", s, now[sigactHandler], err, faultHandlerPC())
		}
		if saved[s][sigactHandler] != goFaultHandler || goFaultHandler == 0 {
			t.Errorf("signal %d: saved handler %#x, runtime's %#x", s, saved[s][sigactHandler], goFaultHandler)
		}
	}
	if got := recoverNil(); got == nil {
		t.Error("a nil dereference did not panic")
	}
	// A second call finds its own handler installed, not the runtime's:
	// it must refuse rather than chain to itself.
	if catchFaults(Faults) {
		t.Error("catchFaults accepted its own handler as the runtime's")
	}
	var now kernelSigaction
	rtSigaction(int(syscall.SIGSEGV), nil, &now)
	if now[sigactHandler] != faultHandlerPC() {
		t.Errorf("the refused call changed the handler to %#x", now[sigactHandler])
	}
}

//go:noinline
func recoverNil() (r any) {
	defer func() { r = recover() }()
	var p *int
	*p = 1
	return nil
}
