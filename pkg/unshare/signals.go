package unshare

import (
	"fmt"
	"strings"
	"syscall"

	"github.com/gonstools/gonstools/pkg/numparse"
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
// case-insensitive, with or without "SIG", and RTMIN+N / RTMAX-N. Plain
// numbers are not accepted (util-linux does not either).
func ParseSignal(s string) (syscall.Signal, error) {
	name := strings.ToUpper(s)
	name = strings.TrimPrefix(name, "SIG")
	for _, n := range signalNames {
		if n.name == name {
			return n.sig, nil
		}
	}
	for _, rt := range []struct {
		prefix string
		base   int
		sign   int
	}{{"RTMIN+", sigRTMIN, 1}, {"RTMAX-", sigRTMAX, -1}} {
		if off, ok := strings.CutPrefix(name, rt.prefix); ok {
			n, err := numparse.Int(off, 10, 0, sigRTMAX-sigRTMIN)
			sig := rt.base + rt.sign*int(n)
			if err == nil && sig >= sigRTMIN && sig <= sigRTMAX {
				return syscall.Signal(sig), nil
			}
		}
	}
	return 0, fmt.Errorf("unknown signal: %s", s)
}
