// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

// Flags are a column's layout properties (SCOLS_FL_*).
type Flags uint

const (
	// Trunc lets the column be narrowed when the table is wider than the
	// terminal; its text is then cut.
	Trunc Flags = 1 << iota
	// Tree makes the column carry the tree's line art.
	Tree
	// Right aligns the column's text to the right.
	Right
	// Wrap makes the column's text continue on extra lines, broken at its
	// newlines, which are then not escaped (what lsns sets up with
	// scols_wrapnl_chunksize, scols_wrapnl_nextchunk and the safe
	// character "\n").
	Wrap
	// Hidden columns are neither printed nor counted; they can still hold
	// data, for a filter.
	Hidden
)

// JSONType is how a column's cells are written in JSON output.
type JSONType int

const (
	JSONString          JSONType = iota // "text", or null when empty
	JSONNumber                          // the text unquoted, or null when empty
	JSONBoolean                         // true or false
	JSONBooleanOptional                 // true, false, or null when empty or "-"
	JSONArrayString                     // the text's chunks as an array of strings
	JSONArrayNumber                     // the text's chunks as an array of numbers
	JSONFloat                           // the text unquoted, as JSONNumber
)

// Format is the output format of a table.
type Format int

const (
	Human Format = iota // aligned columns
	Raw                 // one space between columns, special bytes as \x??
	JSON                // one object per line, trees as "children" arrays
)

// Column is one column of a table.
type Column struct {
	Name         string
	WHint        float64 // width hint: N >= 1 absolute, 0 < N < 1 part of the terminal
	Flags        Flags
	JSONType     JSONType
	seq          int
	table        *Table
	width        int
	widthMin     int
	widthMax     int
	widthTreeart int
	flags        Flags // Flags as changed by the layout (hidden when reduced to nothing)
	pending      string
	hasPending   bool
}

func (c *Column) hidden() bool { return c.flags&Hidden != 0 }
func (c *Column) trunc() bool  { return c.flags&Trunc != 0 }
func (c *Column) tree() bool   { return c.flags&Tree != 0 }
func (c *Column) right() bool  { return c.flags&Right != 0 }
func (c *Column) wrap() bool   { return c.flags&Wrap != 0 }

// safeChars are the bytes that are printed as they are even when they are
// control characters: the newlines of a Wrap column.
func (c *Column) safeChars() string {
	if c.wrap() {
		return "\n"
	}
	return ""
}

// Line is one row of a table; in a tree it may have a parent and children.
type Line struct {
	cells    []string
	parent   *Line
	children []*Line
	table    *Table
	removed  bool
}

// Set stores the text of the line's cell in column col.
func (l *Line) Set(col int, text string) { l.cells[col] = text }

// Get returns the text of the line's cell in column col.
func (l *Line) Get(col int) string { return l.cells[col] }

// Parent returns the line's parent in the tree, or nil.
func (l *Line) Parent() *Line { return l.parent }

func (l *Line) isLastChild() bool {
	if l.parent == nil {
		return false
	}
	ch := l.parent.children
	return ch[len(ch)-1] == l
}

// Table is a libsmartcols table: columns, lines and how to print them.
type Table struct {
	Name       string // the JSON document's array name
	Format     Format
	NoHeadings bool
	// IsTerm is whether standard output is a terminal: only then is the
	// table fitted to TermWidth.
	IsTerm    bool
	TermWidth int
	Charset   Charset

	cols  []*Column
	lines []*Line

	// printing state
	buf          []byte
	lastTreeRoot *Line
	lastDone     bool
	json         jsonWriter
}

// AddColumn appends a column and returns its index.
func (t *Table) AddColumn(c *Column) int {
	c.seq = len(t.cols)
	c.table = t
	c.flags = c.Flags
	t.cols = append(t.cols, c)
	for _, l := range t.lines {
		l.cells = append(l.cells, "")
	}
	return c.seq
}

// Columns returns the table's columns in order.
func (t *Table) Columns() []*Column { return t.cols }

// Column returns the first column with exactly this name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.cols {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// NewLine adds a line at the end of the table, as a child of parent when
// parent is not nil.
func (t *Table) NewLine(parent *Line) *Line {
	l := &Line{cells: make([]string, len(t.cols)), table: t}
	t.lines = append(t.lines, l)
	if parent != nil {
		l.parent = parent
		parent.children = append(parent.children, l)
	}
	return l
}

// RemoveLine takes a line (which must have no children) out of the table
// and out of its parent.
func (t *Table) RemoveLine(l *Line) {
	if p := l.parent; p != nil {
		for i, c := range p.children {
			if c == l {
				p.children = append(p.children[:i:i], p.children[i+1:]...)
				break
			}
		}
		l.parent = nil
	}
	for i, x := range t.lines {
		if x == l {
			t.lines = append(t.lines[:i:i], t.lines[i+1:]...)
			break
		}
	}
	l.removed = true
}

// Lines is the number of lines in the table.
func (t *Table) Lines() int { return len(t.lines) }

func (t *Table) isTree() bool {
	for _, c := range t.cols {
		if c.Flags&Tree != 0 {
			return true
		}
	}
	return false
}

// isLastColumn: c is the last column, or only hidden columns follow it.
func (t *Table) isLastColumn(c *Column) bool {
	if c.seq == len(t.cols)-1 {
		return true
	}
	next := t.cols[c.seq+1]
	return next.hidden() && t.isLastColumn(next)
}

// symbols of the tree's line art
type symbols struct{ branch, vertical, right string }

func (t *Table) symbols() symbols {
	if t.Charset.UTF8 {
		return symbols{"\u251c\u2500", "\u2502 ", "\u2514\u2500"}
	}
	return symbols{"|-", "| ", "`-"}
}
