// SPDX-License-Identifier: Apache-2.0

//go:build linux

package enginetest

import "testing"

// DockerAndContainerd is the start of a test that runs its tool against
// every engine: it runs t in a sandbox (see [Isolated]) that needs
// dockerd's and containerd's programs, starts dockerd, then the
// sandbox's containerd, and returns them with the sandbox, whose
// [Sandbox.Podman] the test calls where it wants podman too. Under -short
// it skips t. In the test's own process it returns nils once the
// sandbox's child ran the test:
//
//	sb, docker, ctrd := enginetest.DockerAndContainerd(t)
//	if sb == nil {
//		return // the test ran in a private sandbox, and left nothing behind
//	}
func DockerAndContainerd(t *testing.T) (*Sandbox, *Docker, *Containerd) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts dockerd, containerd and podman")
	}
	sb := Isolated(t, NeedsDocker, NeedsContainerd)
	if sb == nil {
		return nil, nil, nil
	}
	docker := sb.StartDocker()
	return sb, docker, sb.StartContainerd()
}
