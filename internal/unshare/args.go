package unshare

import (
	"os"

	"github.com/gonstools/gonstools/internal/cli"
	"github.com/gonstools/gonstools/pkg/ns"
)

// FromArgs applies a parsed gounshare command line, option by option in
// order, as util-linux does.
func FromArgs(res *cli.Result) (*Options, error) {
	o := New()
	var err error
	for _, occ := range res.Options {
		if t := ns.ByLong(occ.Option.Long); t != nil {
			o.Namespace(t, occ.Value, occ.HasValue)
			continue
		}
		v := occ.Value
		switch occ.Option.Long {
		case "fork":
			o.Fork = true
		case "kill-child":
			o.Fork = true
			o.KillChild = 9
			if occ.HasValue {
				o.KillChild, err = ParseSignal(v)
			}
		case "forward-signals":
			o.Fork, o.ForwardSignals = true, true
		case "mount-proc":
			o.Namespace(&ns.Mount, "", false)
			o.MountProc = ptr("/proc")
			if occ.HasValue {
				o.MountProc = &v
			}
		case "mount-binfmt":
			o.Namespace(&ns.Mount, "", false)
			o.Namespace(&ns.User, "", false)
			o.MountBinfmt = &v
			if !occ.HasValue {
				o.defaultBinfmt()
			}
		case "load-interp":
			o.Namespace(&ns.Mount, "", false)
			o.Namespace(&ns.User, "", false)
			if o.MountBinfmt == nil {
				o.defaultBinfmt()
			}
			o.LoadInterp = v
		case "propagation":
			o.Propagation, err = ParsePropagation(v)
		case "root":
			o.Root = &v
		case "wd":
			o.Wd = &v
		case "setuid":
			var id uint32
			id, err = ParseUint(v, "failed to parse uid")
			o.SetUID = &id
		case "setgid":
			var id uint32
			id, err = ParseUint(v, "failed to parse gid")
			o.SetGID = &id
		case "map-user":
			o.Namespace(&ns.User, "", false)
			o.MapUser, err = lookup(v, false)
		case "map-group":
			o.Namespace(&ns.User, "", false)
			o.MapGroup, err = lookup(v, true)
		case "map-root-user":
			o.Namespace(&ns.User, "", false)
			o.MapUser, o.MapGroup = 0, 0
		case "map-current-user":
			o.Namespace(&ns.User, "", false)
			o.MapUser, o.MapGroup = int64(os.Geteuid()), int64(os.Getegid())
		case "map-auto", "map-subids":
			o.Namespace(&ns.User, "", false)
			kind := "auto"
			if occ.Option.Long == "map-subids" {
				kind = "subids"
			}
			err = o.AddMaps(kind, kind)
		case "map-users":
			o.Namespace(&ns.User, "", false)
			err = o.AddMaps(v, "")
		case "map-groups":
			o.Namespace(&ns.User, "", false)
			err = o.AddMaps("", v)
		case "owner":
			o.Namespace(&ns.User, "", false)
			o.Owner, err = ParseOwner(v)
		case "setgroups":
			o.Setgroups, err = ParseSetgroups(v)
		case "keep-caps":
			o.KeepCaps = true
		case "monotonic":
			var n int64
			n, err = ParseOffset(v, "monotonic")
			o.Monotonic = &n
		case "boottime":
			var n int64
			n, err = ParseOffset(v, "boottime")
			o.Boottime = &n
		case "clear-env":
			o.ClearEnv = true
		case "whitelist-env":
			o.AddWhitelist(v)
		}
		if err != nil {
			return nil, err
		}
	}
	o.Program = res.Args
	return o, nil
}

func ptr(s string) *string { return &s }

// lookup resolves --map-user and --map-group values.
func lookup(v string, group bool) (int64, error) {
	id, err := LookupID(v, group)
	return int64(id), err
}

// defaultBinfmt mounts binfmt_misc at its place in /proc, which needs a
// /proc of the new namespaces.
func (o *Options) defaultBinfmt() {
	if o.MountProc == nil {
		o.MountProc = ptr("/proc")
	}
	o.MountBinfmt = ptr(defaultBinfmt)
}
