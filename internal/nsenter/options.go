package nsenter

import (
	"fmt"
	"math"
	"strings"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/internal/numparse"
	"github.com/gonstools/gonstools/pkg/ns"
)

// Options is a parsed gonsenter command line. FromArgs fills it without
// touching the system; Prepare opens what it names.
type Options struct {
	Target    int    // --target PID; 0: none
	TargetIno uint64 // the pidfd inode of --target PID:INO; 0: none
	All       bool   // --all

	// NS holds the namespace options, indexed like ns.Types.
	NS [len(ns.Types)]NSOption

	NetSocket  int  // --net-socket FD; -1: none
	UserParent bool // --user-parent

	UID, GID             *uint32 // --setuid, --setgid with a number
	FollowUID, FollowGID bool    // --setuid follow, --setgid follow
	PreserveCred         bool    // --preserve-credentials
	KeepCaps             bool    // --keep-caps

	Root, Wd DirOption // --root, --wd
	Wdns     *string   // --wdns DIR; nil: none

	FollowContext bool // --follow-context

	Env        bool // --env
	JoinCgroup bool // --join-cgroup
	NoFork     bool // --no-fork

	Program []string // program and arguments; empty: the shell
}

// NSOption is one namespace option (-i, --ipc=FILE, --netns NAME...).
type NSOption struct {
	Enabled bool
	HasFile bool   // File names the namespace; otherwise it is the target's
	File    string // a namespace file such as /proc/PID/ns/ipc
	Netns   string // for --netns NAME: NAME (File is /run/netns/NAME)
	// Occ is the option that gave File, so that a failure to open it can
	// say how the command line was read (-iu is --ipc=u).
	Occ *cli.Occurrence
}

// DirOption is --root or --wd: the target's directory, or the one named.
type DirOption struct {
	Set     bool
	HasPath bool
	Path    string
	Occ     *cli.Occurrence
}

// New returns the defaults.
func New() *Options { return &Options{NetSocket: -1} }

// index is t's position in ns.Types.
func index(t *ns.Type) int {
	for i, x := range ns.Types {
		if x == t {
			return i
		}
	}
	panic("nsenter: unknown namespace type " + t.Name)
}

// FromArgs applies a parsed gonsenter command line, option by option in
// order, as util-linux does: a later file for the same namespace replaces
// an earlier one, and a plain -i keeps a file given before.
func FromArgs(res *cli.Result) (*Options, error) {
	o := New()
	for i := range res.Options {
		occ := &res.Options[i]
		v := value(occ)
		if t := ns.ByLong(occ.Option.Long); t != nil {
			n := &o.NS[index(t)]
			n.Enabled = true
			if occ.HasValue {
				n.HasFile, n.File, n.Netns, n.Occ = true, v, "", occ
			}
			continue
		}
		var err error
		switch occ.Option.Long {
		case "all":
			o.All = true
		case "target":
			if o.Target != 0 {
				return nil, fmt.Errorf("option --target may be given only once")
			}
			o.Target, o.TargetIno, err = ParsePID(v)
		case "netns":
			if err = checkNetnsName(v); err == nil {
				o.NS[index(&ns.Net)] = NSOption{Enabled: true, HasFile: true, File: netnsDir + "/" + v, Netns: v, Occ: occ}
			}
		case "net-socket":
			var fd int64
			fd, err = numparse.IntOr(v, 10, 0, math.MaxInt32, "failed to parse file descriptor")
			o.NetSocket = int(fd)
		case "user-parent":
			o.UserParent = true
		case "setuid":
			if v == "follow" {
				o.FollowUID, o.UID = true, nil
			} else {
				var id uint64
				id, err = numparse.UintOr(v, 10, math.MaxUint32, "failed to parse uid")
				uid := uint32(id)
				o.FollowUID, o.UID = false, &uid
			}
		case "setgid":
			if v == "follow" {
				o.FollowGID, o.GID = true, nil
			} else {
				var id uint64
				id, err = numparse.UintOr(v, 10, math.MaxUint32, "failed to parse gid")
				gid := uint32(id)
				o.FollowGID, o.GID = false, &gid
			}
		case "preserve-credentials":
			o.PreserveCred = true
		case "keep-caps":
			o.KeepCaps = true
		case "root":
			o.Root = DirOption{Set: true, HasPath: occ.HasValue, Path: v, Occ: occ}
		case "wd":
			if o.Wdns != nil {
				return nil, errExclusive
			}
			o.Wd = DirOption{Set: true, HasPath: occ.HasValue, Path: v, Occ: occ}
		case "wdns":
			if o.Wd.Set {
				return nil, errExclusive
			}
			o.Wdns = &v
		case "follow-context":
			o.FollowContext = true
		case "env":
			o.Env = true
		case "join-cgroup":
			o.JoinCgroup = true
		case "no-fork":
			o.NoFork = true
		}
		if err != nil {
			return nil, err
		}
	}
	o.Program = res.Args
	return o, nil
}

// errExclusive is util-linux's message for --wd with --wdns.
var errExclusive = fmt.Errorf("mutually exclusive arguments: --wdns --wd")

// value is an option's value without one leading "=", so that -i=FILE
// means --ipc=FILE, as util-linux 2.39 and later read it.
func value(occ *cli.Occurrence) string {
	return strings.TrimPrefix(occ.Value, "=")
}

// ParsePID reads --target's value: PID, or PID:INODE where INODE is the
// inode of a pidfd for the process (util-linux 2.42), which pins down one
// process even if its PID is reused. The PID is read as strtoimax(3) reads
// it, the inode as ul_strtou64 does.
func ParsePID(s string) (pid int, ino uint64, err error) {
	fail := fmt.Errorf("failed to parse pid: '%s'", s)
	num, inoStr, hasIno := strings.Cut(s, ":")
	p, err := numparse.Int(num, 10, 1, math.MaxInt32)
	if err != nil {
		return 0, 0, fail
	}
	if hasIno {
		if ino, err = numparse.Uint(inoStr, 10, math.MaxUint64); err != nil || ino == 0 {
			return 0, 0, fail
		}
	}
	return int(p), ino, nil
}

// netnsDir is where ip-netns(8) keeps named network namespaces.
const netnsDir = "/run/netns"

// checkNetnsName refuses names that would leave /run/netns, as ip-netns
// does.
func checkNetnsName(name string) error {
	if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
		return fmt.Errorf("invalid netns name '%s'", name)
	}
	return nil
}
