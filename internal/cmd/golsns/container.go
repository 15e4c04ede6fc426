// SPDX-License-Identifier: Apache-2.0

//go:build linux

package golsns

import (
	"context"
	"io"

	"github.com/gonstools/gonstools/internal/container"
	"github.com/gonstools/gonstools/internal/lsns"
)

// debugEnv, when set, makes golsns report the container engines it could
// not ask for the CONTAINER column.
const debugEnv = "GOLSNS_DEBUG"

// usesContainers reports whether the table shows or filters on CONTAINER,
// the only reason to ask the container engines anything.
func usesContainers(cfg *lsns.Config) bool {
	for _, c := range cfg.Columns {
		if c == lsns.ColContainer {
			return true
		}
	}
	if cfg.Filter != nil {
		for _, h := range cfg.Filter.Holders() {
			if c, ok := lsns.ColumnByName(h); ok && c == lsns.ColContainer {
				return true
			}
		}
	}
	return false
}

// nameContainers asks every container engine present for its running
// containers and names their namespaces in m. An engine that cannot be
// asked (not running, not ours to ask, answering nonsense) leaves its
// containers' cells empty without a word, as lsns passes over the
// processes it cannot read; with GOLSNS_DEBUG set, each says why on
// stderr, one line each.
func nameContainers(m *lsns.Model, getenv func(string) string, stderr io.Writer) {
	cs, err := container.Default().List(context.Background())
	if err != nil && getenv(debugEnv) != "" {
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		for _, e := range errs {
			io.WriteString(stderr, spec.Name+": "+e.Error()+"\n")
		}
	}
	inits := make([]lsns.ContainerInit, 0, len(cs))
	for _, c := range cs {
		inits = append(inits, lsns.ContainerInit{Name: c.Name, PID: c.PID})
	}
	m.NameContainers(inits)
}
