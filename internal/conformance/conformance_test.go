package conformance

import (
	"os"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/pkg/nstest"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) { nstest.Main(m) }

// tools pairs each tool with its util-linux counterpart.
var tools = map[string]string{
	"gounshare": "unshare", "gonsenter": "nsenter", "goipcs": "ipcs", "goipcmk": "ipcmk", "goipcrm": "ipcrm",
}

// TestWriteErrors: output that cannot be written ends the run with
// util-linux's "write error" line and status 1, like close_stdout.
func TestWriteErrors(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC) {
		return
	}
	_, err := os.Stat("/dev/full")
	nstest.Require(t, err == nil, "no /dev/full")
	cases := [][]string{{"--help"}, {"-V"}}
	for ours, theirs := range tools {
		nstest.Tool(t, theirs)
		for _, args := range append(cases, extra[ours]...) {
			g := nstest.Run(t, nil, "", "sh", "-c", nstest.Binary(t, ours)+" "+strings.Join(args, " ")+" >/dev/full")
			u := nstest.Run(t, nil, "", "sh", "-c", theirs+" "+strings.Join(args, " ")+" >/dev/full")
			if g.Code != u.Code || g.Code != 1 || strings.ReplaceAll(g.Stderr, ours, theirs) != u.Stderr {
				t.Errorf("%s %q >/dev/full: %v\nutil-linux: %v", ours, args, g, u)
			}
		}
	}
}

// extra are more commands that print, per tool.
var extra = map[string][][]string{
	"goipcs":  {{}, {"-q"}, {"-l"}},
	"goipcmk": {{"-Q"}},
}
