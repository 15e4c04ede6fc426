package lsns

import (
	"strconv"

	"github.com/vishvananda/netlink"
)

// netnsidUnusable is lsns's LSNS_NETNS_UNUSABLE: no NETNSID to show.
// NETNSA_NSID_NOT_ASSIGNED (-1) shows as "unassigned".
const netnsidUnusable = -2

// netnsid asks the kernel (RTM_GETNSID, in the caller's network namespace)
// for the ID that it gives the network namespace fd refers to.
func netnsid(fd int) int {
	id, err := netlink.GetNetNsIdByFd(fd)
	if err != nil {
		return netnsidUnusable
	}
	return id
}

// formatNetNSID is lsns's netnsid_xasputs.
func formatNetNSID(id int) (string, bool) {
	switch {
	case id >= 0:
		return strconv.Itoa(id), true
	case id == -1:
		return "unassigned", true
	}
	return "", false
}
