// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gonstools/gonstools/internal/scols"
)

// Config says how to list the namespaces of a Model.
type Config struct {
	Columns    []Column
	Tree       Tree
	Raw        bool
	JSON       bool
	NoHeadings bool
	NoTrunc    bool
	NoWrap     bool
	Persistent bool          // only namespaces without processes
	TaskPID    int           // only namespaces of this process (0: all)
	Namespace  uint64        // list the processes of this namespace (0: list namespaces)
	Filter     *scols.Filter // nil: none

	Charset   scols.Charset
	IsTerm    bool // standard output is a terminal
	TermWidth int
}

// NotFoundError is a namespace argument that names no namespace.
type NotFoundError struct{ Ino uint64 }

func (e *NotFoundError) Error() string { return fmt.Sprintf("not found namespace: %d", e.Ino) }

// FilterColumnsError is a filter whose columns cannot be bound: each
// unknown name is reported ("unknown column: FOO"), then Msg.
type FilterColumnsError struct {
	Unknown []string
	Msg     string
}

func (e *FilterColumnsError) Error() string { return e.Msg }

// ErrApplyFilter is a filter that fails on a line ("COMMAND > 5").
var ErrApplyFilter = errors.New("failed to apply filter: Invalid argument")

type printer struct {
	m     *Model
	c     *Config
	cols  []Column // the table's columns, hidden filter columns last
	tb    *scols.Table
	cells []cell
	err   error
}

type cell struct {
	text string
	ok   bool
}

// Print lists the model as lsns would with the configuration, and returns
// the bytes to write.
func (m *Model) Print(c *Config) ([]byte, error) {
	p := &printer{m: m, c: c, cols: append([]Column(nil), c.Columns...)}
	p.initTable()
	if c.Namespace != 0 {
		ns := m.byIno[c.Namespace]
		if ns == nil {
			return nil, &NotFoundError{Ino: c.Namespace}
		}
		for _, proc := range ns.Procs {
			if proc.outline == nil {
				p.showProcess(proc, ns)
			}
		}
	} else {
		if err := p.initFilter(); err != nil {
			return nil, err
		}
		for _, ns := range m.Namespaces {
			if c.TaskPID != 0 && !ns.hasProcess(c.TaskPID) {
				continue
			}
			if c.Persistent && len(ns.Procs) != 0 {
				continue
			}
			if ns.outline == nil {
				p.showNamespace(ns, ns.Proc)
			}
		}
	}
	if p.err != nil {
		return nil, p.err
	}
	return p.tb.Print(), nil
}

func (ns *Namespace) hasProcess(pid int) bool {
	for _, p := range ns.Procs {
		if p.PID == pid {
			return true
		}
	}
	return false
}

// initTable is init_scols_table.
func (p *printer) initTable() {
	c := p.c
	p.tb = &scols.Table{
		Name:       "namespaces",
		NoHeadings: c.NoHeadings,
		IsTerm:     c.IsTerm,
		TermWidth:  c.TermWidth,
		Charset:    c.Charset,
	}
	switch {
	case c.JSON:
		p.tb.Format = scols.JSON
	case c.Raw:
		p.tb.Format = scols.Raw
	}
	for _, id := range p.cols {
		info := Columns[id]
		flags := info.Flags
		if c.NoTrunc {
			flags &^= scols.Trunc
		}
		if c.Tree == TreeProcess && id == ColCommand {
			flags |= scols.Tree
		}
		if c.NoWrap {
			flags &^= scols.Wrap
		}
		if (c.Tree == TreeOwner || c.Tree == TreeParent) && id == ColNS {
			flags |= scols.Tree
			flags &^= scols.Right
		}
		p.tb.AddColumn(&scols.Column{Name: info.Name, WHint: info.WHint, Flags: flags, JSONType: info.JSON})
	}
}

// initFilter binds the filter's column names to columns, adding hidden
// ones for those not printed (init_scols_filter).
func (p *printer) initFilter() error {
	f := p.c.Filter
	if f == nil {
		return nil
	}
	var unknown []string
	for i, name := range f.Holders() {
		id, ok := ColumnByName(name)
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		idx := -1
		for j, col := range p.tb.Columns() {
			if col.Name == name {
				idx = j
				break
			}
		}
		if idx < 0 {
			if len(p.cols) >= MaxColumns {
				return &FilterColumnsError{Unknown: unknown,
					Msg: fmt.Sprintf("too many columns specified, the limit is %d columns", MaxColumns-1)}
			}
			info := Columns[id]
			p.cols = append(p.cols, id)
			idx = p.tb.AddColumn(&scols.Column{Name: info.Name, WHint: info.WHint, Flags: scols.Hidden, JSONType: info.JSON})
		}
		f.Assign(i, idx, scols.TypeOf(Columns[p.cols[idx]].JSON))
	}
	if len(unknown) > 0 {
		return &FilterColumnsError{Unknown: unknown, Msg: "failed to initialize filter"}
	}
	return nil
}

// showNamespace adds a namespace's line, after the line of its owner or
// parent when the tree needs that one first (show_namespace).
func (p *printer) showNamespace(ns *Namespace, proc *Process) {
	switch p.c.Tree {
	case TreeOwner:
		if o := ns.rel[relOwner]; o != nil && o.outline == nil {
			p.showNamespace(o, o.Proc)
		}
	case TreeParent:
		if par := ns.rel[relParent]; par != nil {
			if par.outline == nil {
				p.showNamespace(par, par.Proc)
			}
		} else if o := ns.rel[relOwner]; o != nil && o.outline == nil {
			p.showNamespace(o, o.Proc)
		}
	}
	p.addLine(ns, proc)
}

// showProcess adds a process's line, after its parent's when that is in
// the same namespace and the tree is one of processes (show_process).
func (p *printer) showProcess(proc *Process, ns *Namespace) {
	if p.c.Tree == TreeProcess && proc.parent != nil && proc.parent.outline == nil &&
		proc.parent.ns[ns.Type] == proc.ns[ns.Type] {
		p.showProcess(proc.parent, ns)
	}
	p.addLine(ns, proc)
}

// addLine is add_scols_line.
func (p *printer) addLine(ns *Namespace, proc *Process) {
	if p.err != nil {
		return
	}
	var parent *scols.Line
	switch p.c.Tree {
	case TreeProcess:
		if proc != nil && proc.parent != nil {
			parent = proc.parent.outline
		}
	case TreeParent:
		if r := ns.rel[relParent]; r != nil {
			parent = r.outline
		}
	case TreeOwner:
		if r := ns.rel[relOwner]; r != nil {
			parent = r.outline
		}
	}
	line := p.tb.NewLine(parent)
	p.cells = p.cells[:0]
	for _, id := range p.cols {
		text, ok := p.m.value(ns, proc, id, p.c.NoWrap)
		p.cells = append(p.cells, cell{text, ok})
	}
	if f := p.c.Filter; f != nil {
		keep, err := f.Match(func(col int) (string, bool) {
			if col < 0 || col >= len(p.cells) {
				return "", false
			}
			return p.cells[col].text, p.cells[col].ok
		})
		if err != nil {
			p.err = ErrApplyFilter
			return
		}
		if !keep {
			p.tb.RemoveLine(line)
			return
		}
	}
	for i, c := range p.cells {
		if c.ok {
			line.Set(i, c.text)
		}
	}
	if p.c.Tree == TreeOwner || p.c.Tree == TreeParent {
		ns.outline = line
	} else if proc != nil {
		proc.outline = line
	}
}

// value is the text of a column for a namespace and process (fill_column);
// ok is false for a cell without data.
func (m *Model) value(ns *Namespace, proc *Process, id Column, noWrap bool) (string, bool) {
	switch id {
	case ColNS:
		return strconv.FormatUint(ns.Ino, 10), true
	case ColPID:
		if proc != nil {
			return strconv.Itoa(proc.PID), true
		}
	case ColPPID:
		if proc != nil {
			return strconv.Itoa(proc.PPID), true
		}
	case ColType:
		return Types[ns.Type].Name, true
	case ColNProcs:
		return strconv.Itoa(len(ns.Procs)), true
	case ColCommand:
		if proc != nil {
			base := m.proc + "/" + strconv.Itoa(proc.PID)
			if s, ok := procText(base + "/cmdline"); ok {
				return s, true
			}
			return procText(base + "/comm")
		}
	case ColPath:
		if proc != nil {
			return "/proc/" + strconv.Itoa(proc.PID) + "/ns/" + Types[ns.Type].Name, true
		}
	case ColUID:
		return strconv.Itoa(int(int32(m.uid(ns, proc)))), true
	case ColUser:
		return m.users.name(m.uid(ns, proc)), true
	case ColNetNSID:
		if ns.Type == typeNet {
			return formatNetNSID(ns.netnsid)
		}
	case ColNSFS:
		sep := "\n"
		if noWrap {
			sep = ","
		}
		return m.nsfs(ns, sep)
	case ColPNS:
		return strconv.FormatUint(ns.relID[relParent], 10), true
	case ColONS:
		return strconv.FormatUint(ns.relID[relOwner], 10), true
	case ColID:
		if ns.hasID {
			return strconv.FormatUint(ns.id, 10), true
		}
	case ColContainer:
		if len(ns.containers) > 0 {
			return strings.Join(ns.containers, ","), true
		}
	}
	return "", false
}

func (m *Model) uid(ns *Namespace, proc *Process) uint32 {
	if proc != nil {
		return proc.UID
	}
	return ns.ownerUID
}

// nsfs lists the mount points of a namespace, without repeating one
// (lsns's nsfs_xasputs and its is_path_included).
func (m *Model) nsfs(ns *Namespace, sep string) (string, bool) {
	root := Types[ns.Type].Name + ":[" + strconv.FormatUint(ns.Ino, 10) + "]"
	set, found := "", false
	for _, mnt := range m.Mounts {
		if mnt.Root != root {
			continue
		}
		switch {
		case !found:
			set, found = mnt.Target, true
		case !pathIncluded(set, mnt.Target, sep[0]):
			set += sep + mnt.Target
		}
	}
	return set, found
}

// pathIncluded is lsns's is_path_included: whether the first place elt
// occurs in set is a whole element of it.
func pathIncluded(set, elt string, sep byte) bool {
	i := strings.Index(set, elt)
	if i < 0 {
		return false
	}
	end := i + len(elt)
	if i == 0 && (len(set) == len(elt) || set[len(elt)] == sep) {
		return true
	}
	return i > 0 && set[i-1] == sep && (end == len(set) || set[end] == sep)
}
