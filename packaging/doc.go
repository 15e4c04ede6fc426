// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package packaging holds what "make package" needs (nfpm.yaml, the Debian
// copyright, changelog and lintian overrides) and the tests of the
// project's conventions: the packages install, pass lintian, run and
// remove cleanly; every source file carries its SPDX line; the version
// stamp is git describe's; scripts/deps.sh says what is missing.
package packaging
