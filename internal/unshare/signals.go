// SPDX-License-Identifier: Apache-2.0

//go:build linux

package unshare

import (
	"fmt"
	"syscall"

	"github.com/gonstools/gonstools/internal/numparse"
)

// signalNames are the names util-linux accepts, in signal-number order;
// aliases follow.
var signalNames = [...]struct {
	name string
	sig  syscall.Signal
}{
	{"HUP", 1}, {"INT", 2}, {"QUIT", 3}, {"ILL", 4}, {"TRAP", 5}, {"ABRT", 6}, {"BUS", 7},
	{"FPE", 8}, {"KILL", 9}, {"USR1", 10}, {"SEGV", 11}, {"USR2", 12}, {"PIPE", 13},
	{"ALRM", 14}, {"TERM", 15}, {"STKFLT", 16}, {"CHLD", 17}, {"CONT", 18}, {"STOP", 19},
	{"TSTP", 20}, {"TTIN", 21}, {"TTOU", 22}, {"URG", 23}, {"XCPU", 24}, {"XFSZ", 25},
	{"VTALRM", 26}, {"PROF", 27}, {"WINCH", 28}, {"IO", 29}, {"PWR", 30}, {"SYS", 31},
	{"IOT", 6}, {"CLD", 17}, {"POLL", 29},
}

const sigRTMIN, sigRTMAX = 34, 64

// ParseSignal reads a signal name as util-linux's signame_to_signum does:
// without regard to ASCII case (C locale: "kıll" is no KILL), with or
// without "SIG", and RTMIN+N, RTMAX-N or RTN. As strtol reads N there, it
// starts with a digit and may be followed by anything ("RTMIN+2x" is
// RTMIN+2); an N beyond a C int is refused (util-linux truncates it).
// Plain numbers are not accepted (util-linux does not either).
func ParseSignal(s string) (syscall.Signal, error) {
	name := s
	if hasPrefixFold(name, "SIG") {
		name = name[3:]
	}
	if hasPrefixFold(name, "RT") {
		if sig, ok := rtSignal(name[2:]); ok {
			return sig, nil
		}
		return 0, fmt.Errorf("unknown signal: %s", s)
	}
	for _, n := range signalNames {
		if len(n.name) == len(name) && hasPrefixFold(name, n.name) {
			return n.sig, nil
		}
	}
	return 0, fmt.Errorf("unknown signal: %s", s)
}

// rtSignal reads what follows "RT": "MIN+N", "MAX-N" or "N".
func rtSignal(s string) (syscall.Signal, bool) {
	base, sign := sigRTMIN, 1
	switch {
	case hasPrefixFold(s, "MIN+"):
		s = s[4:]
	case hasPrefixFold(s, "MAX-"):
		s, base, sign = s[4:], sigRTMAX, -1
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	n, _, err := numparse.Strtol(s, 10)
	if err != nil || n > sigRTMAX-sigRTMIN {
		return 0, false
	}
	sig := base + sign*int(n)
	return syscall.Signal(sig), sig >= sigRTMIN && sig <= sigRTMAX
}

// hasPrefixFold reports whether s starts with upper, an upper-case ASCII
// word, in any ASCII case.
func hasPrefixFold(s, upper string) bool {
	if len(s) < len(upper) {
		return false
	}
	for i := 0; i < len(upper); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != upper[i] {
			return false
		}
	}
	return true
}
