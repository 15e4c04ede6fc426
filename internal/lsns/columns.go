// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"fmt"
	"strings"

	"github.com/gonstools/gonstools/internal/scols"
)

// Column identifies one of lsns's output columns.
type Column int

// The columns, in lsns's order; ID and CONTAINER are ours and come last.
const (
	ColNS Column = iota
	ColType
	ColPath
	ColNProcs
	ColPID
	ColPPID
	ColCommand
	ColUID
	ColUser
	ColNetNSID
	ColNSFS
	ColPNS
	ColONS
	ColID
	ColContainer
	numColumns
)

// ColumnInfo describes a column: its header, width hint, flags, JSON type
// and help text (lsns's infos[]).
type ColumnInfo struct {
	Name  string
	WHint float64
	Flags scols.Flags
	JSON  scols.JSONType
	Help  string
}

// Columns is the column table.
var Columns = [numColumns]ColumnInfo{
	ColNS:        {"NS", 10, scols.Right, scols.JSONNumber, "namespace identifier (inode number)"},
	ColType:      {"TYPE", 5, 0, scols.JSONString, "kind of namespace"},
	ColPath:      {"PATH", 0, 0, scols.JSONString, "path to the namespace"},
	ColNProcs:    {"NPROCS", 5, scols.Right, scols.JSONNumber, "number of processes in the namespace"},
	ColPID:       {"PID", 5, scols.Right, scols.JSONNumber, "lowest PID in the namespace"},
	ColPPID:      {"PPID", 5, scols.Right, scols.JSONNumber, "PPID of the PID"},
	ColCommand:   {"COMMAND", 0, scols.Trunc, scols.JSONString, "command line of the PID"},
	ColUID:       {"UID", 0, scols.Right, scols.JSONNumber, "UID of the PID"},
	ColUser:      {"USER", 0, 0, scols.JSONString, "username of the PID"},
	ColNetNSID:   {"NETNSID", 0, scols.Right, scols.JSONString, "namespace ID as used by network subsystem"},
	ColNSFS:      {"NSFS", 0, scols.Wrap, scols.JSONString, "nsfs mountpoint (usually used network subsystem)"},
	ColPNS:       {"PNS", 10, scols.Right, scols.JSONNumber, "parent namespace identifier (inode number)"},
	ColONS:       {"ONS", 10, scols.Right, scols.JSONNumber, "owner namespace identifier (inode number)"},
	ColID:        {"ID", 0, scols.Right, scols.JSONNumber, "namespace ID (ioctl NS_GET_ID), as nsenter --net=:ID takes it"},
	ColContainer: {"CONTAINER", 0, 0, scols.JSONString, "containers whose namespace it is (docker, podman, CRI-O, containerd)"},
}

// MaxColumns is how many columns lsns's column array holds, --output and
// --filter's hidden columns included (twice its number of columns).
const MaxColumns = 26

// lsnsColumns is the number of util-linux's columns: --output-all prints
// these, and not ID or CONTAINER.
const lsnsColumns = int(ColONS) + 1

// AllColumns is the column list of --output-all.
func AllColumns() []Column {
	out := make([]Column, lsnsColumns)
	for i := range out {
		out[i] = Column(i)
	}
	return out
}

// ColumnByName finds a column by its name, ignoring ASCII case.
func ColumnByName(name string) (Column, bool) {
	for i, c := range Columns {
		if asciiEqualFold(c.Name, name) {
			return Column(i), true
		}
	}
	return 0, false
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// ColumnError is a bad --output list. Unknown names read as lsns's
// "unknown column: NAME,REST" (the rest of the list after the name, as
// util-linux prints it).
type ColumnError struct{ Msg string }

func (e *ColumnError) Error() string { return e.Msg }

// ParseColumns reads an --output list as lsns does: "A,B" replaces cur,
// "+A,B" appends to it. Names are case-insensitive and may repeat. An
// empty list or name, or more than MaxColumns columns, is an error too
// (util-linux exits 1 without a word there).
func ParseColumns(list string, cur []Column) ([]Column, error) {
	add := list
	out := []Column(nil)
	if strings.HasPrefix(list, "+") {
		add = list[1:]
		out = append(out, cur...)
	}
	if add == "" {
		return nil, &ColumnError{Msg: fmt.Sprintf("empty list of columns: '%s'", list)}
	}
	for rest := add; ; {
		name, tail, more := strings.Cut(rest, ",")
		if more && tail == "" {
			// "A," reads as the name "A," as util-linux reads it
			name, more = rest, false
		}
		if name == "" {
			return nil, &ColumnError{Msg: fmt.Sprintf("empty column name in '%s'", list)}
		}
		if len(out) >= MaxColumns {
			return nil, &ColumnError{Msg: fmt.Sprintf("too many columns specified, the limit is %d columns", MaxColumns)}
		}
		c, ok := ColumnByName(name)
		if !ok {
			return nil, &ColumnError{Msg: "unknown column: " + rest}
		}
		out = append(out, c)
		if !more {
			return out, nil
		}
		rest = tail
	}
}

// ColumnsTable is the table of --list-columns: each column's name, type
// and description, as util-linux 2.42's column list.
func ColumnsTable(raw, json bool, cs scols.Charset, isTerm bool, width int) *scols.Table {
	tb := &scols.Table{Name: "lsns-columns", NoHeadings: true, Charset: cs, IsTerm: isTerm, TermWidth: width}
	switch {
	case json:
		tb.Format = scols.JSON
	case raw:
		tb.Format = scols.Raw
	}
	tb.AddColumn(&scols.Column{Name: "HOLDER", Flags: scols.Right})
	tb.AddColumn(&scols.Column{Name: "TYPE"})
	tb.AddColumn(&scols.Column{Name: "DESCRIPTION"})
	for _, c := range Columns {
		l := tb.NewLine(nil)
		l.Set(0, c.Name)
		typ := "<string>"
		if c.JSON == scols.JSONNumber {
			typ = "<integer>"
		}
		l.Set(1, typ)
		l.Set(2, c.Help)
	}
	return tb
}
