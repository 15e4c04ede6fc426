// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"bytes"
	"testing"
)

// TestNSFiles: the NUL-terminated names written out for the raw system
// calls are those of Types and the files they name.
func TestNSFiles(t *testing.T) {
	for i, typ := range Types {
		if want := cstr(typ.File()); !bytes.Equal(nsFiles[i], want) {
			t.Errorf("nsFiles[%d] = %q, want %q", i, nsFiles[i], want)
		}
	}
	for _, c := range []struct{ got, want []byte }{{empty, cstr("")}, {statFile, cstr("stat")}, {fdDir, cstr("fd")}} {
		if !bytes.Equal(c.got, c.want) {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
