// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

import "strings"

// safeNWidth is mbs_safe_nwidth: the width of s[:n] with special bytes
// counted as \x?? sequences. Like the C function it looks at the first
// byte even when n is 0, and stops at a NUL.
func (c Charset) safeNWidth(s string, n int) int {
	last := max(n-1, 0)
	if last >= len(s) {
		last = len(s) - 1
	}
	w := 0
	for i := 0; i <= last && s[i] != 0; {
		size, escape, cw := c.next(s, i, last)
		if escape {
			w += 4 * size
		} else {
			w += cw
		}
		i += size
	}
	return w
}

// wrapChunkSize is scols_wrapnl_chunksize: the width of the widest of the
// text's newline-separated chunks.
func (c Charset) wrapChunkSize(s string) int {
	sum := 0
	for s != "" {
		var w int
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			w = c.safeNWidth(s, i)
			s = s[i+1:]
		} else {
			w = c.SafeWidth(s)
			s = ""
		}
		sum = max(sum, w)
	}
	return sum
}

// cellData is the text of a cell as libsmartcols buffers it before
// printing: for a tree column, the line art of the line's ancestors and
// its branch first. art is the length of that art in bytes.
func (t *Table) cellData(l *Line, c *Column) (data string, art int) {
	text := l.cells[c.seq]
	if !c.tree() || l.parent == nil || t.Format == JSON {
		return text, 0
	}
	var b strings.Builder
	sy := t.symbols()
	t.treeArt(&b, l.parent, sy)
	if l.isLastChild() {
		b.WriteString(sy.right)
	} else {
		b.WriteString(sy.branch)
	}
	art = b.Len()
	b.WriteString(text)
	return b.String(), art
}

// treeArt writes the vertical lines that continue l's ancestors' branches.
func (t *Table) treeArt(b *strings.Builder, l *Line, sy symbols) {
	if l.parent == nil {
		return
	}
	t.treeArt(b, l.parent, sy)
	if l.isLastChild() {
		b.WriteString("  ")
	} else {
		b.WriteString(sy.vertical)
	}
}

// walk calls fn for every line, parents before children, roots in table
// order (scols_walk_tree); it keeps the state scols_walk_is_last needs.
func (t *Table) walk(fn func(*Line)) {
	t.lastTreeRoot = nil
	t.lastDone = false
	for _, l := range t.lines {
		if t.lastTreeRoot == nil {
			t.lastTreeRoot = l
		}
		if l.parent != nil {
			continue
		}
		t.lastTreeRoot = l
	}
	var walkLine func(l *Line)
	walkLine = func(l *Line) {
		fn(l)
		for _, ch := range l.children {
			walkLine(ch)
		}
	}
	for _, l := range t.lines {
		if l.parent != nil {
			continue
		}
		if t.lastTreeRoot == l {
			t.lastDone = true
		}
		walkLine(l)
	}
	t.lastDone = false
}

// walkIsLast is scols_walk_is_last: l is the last line the walk prints.
func (t *Table) walkIsLast(l *Line) bool {
	if !t.lastDone || len(l.children) > 0 {
		return false
	}
	if l.parent == nil && t.lastTreeRoot != l {
		return false
	}
	if l.parent != nil {
		if !l.isLastChild() {
			return false
		}
		p := l.parent
		for {
			if p.parent != nil && !p.isLastChild() {
				return false
			}
			if p.parent == nil {
				break
			}
			p = p.parent
		}
		if t.lastTreeRoot != p {
			return false
		}
	}
	return true
}

// countCellWidth is count_cell_width.
func (t *Table) countCellWidth(l *Line, c *Column) {
	data, art := t.cellData(l, c)
	n := 0
	switch {
	case data == "":
	case c.wrap():
		n = t.Charset.wrapChunkSize(data)
	default:
		n = t.Charset.SafeWidth(data)
	}
	c.widthMax = max(c.widthMax, n)
	c.width = max(c.width, n)
	if c.tree() && art > 0 {
		c.widthTreeart = max(c.widthTreeart, t.Charset.safeNWidth(data, art))
	}
}

// countColumnWidth is count_column_width.
func (t *Table) countColumnWidth(c *Column) {
	c.width = 0
	if c.widthMin == 0 {
		if c.Name != "" {
			c.widthMin = t.Charset.SafeWidth(c.Name)
		}
		if c.widthMin == 0 {
			c.widthMin = 1
		}
	}
	if t.isTree() {
		t.walk(func(l *Line) { t.countCellWidth(l, c) })
	} else {
		for _, l := range t.lines {
			t.countCellWidth(l, c)
		}
	}
	if c.width < c.widthMin {
		c.width = c.widthMin
	} else if c.WHint >= 1 && c.width < int(c.WHint) && c.widthMin < int(c.WHint) {
		c.width = int(c.WHint)
	}
	if c.widthMax == 0 && c.Name == "" && c.widthMin == 1 && c.width <= 1 {
		c.width, c.widthMin = 0, 0
	}
}

// calculate is __scols_calculate: the width of every column, fitted to
// the terminal when the output is one.
func (t *Table) calculate() {
	const colsep = 1
	width := 0
	for _, c := range t.cols {
		if c.hidden() {
			continue
		}
		t.countColumnWidth(c)
		sep := colsep
		if t.isLastColumn(c) {
			sep = 0
		}
		width += c.width + sep
	}
	if !t.IsTerm {
		return
	}
	term := t.TermWidth
	if width < term {
		// Enlarge the last column, unless it is right aligned; it is not
		// padded, so this only matters for how much of it may be cut.
		if last := t.cols[len(t.cols)-1]; !last.right() {
			last.width += term - width
			width = term
		}
	}
	// Reduce: first relative columns that may be cut, then every column
	// that may be cut, then relative columns.
	for stage := 1; width > term && stage <= 3; {
		orgWidth := width
		for _, c := range t.cols {
			if c.hidden() {
				continue
			}
			if width <= term {
				break
			}
			if c.width == c.widthMin {
				continue
			}
			if c.tree() && width <= c.widthTreeart {
				continue
			}
			if c.width == 0 {
				continue
			}
			truncFlag := c.trunc()
			relative := c.WHint > 0 && c.WHint < 1
			switch stage {
			case 1:
				if !truncFlag || !relative || c.width < int(c.WHint*float64(term)) {
					continue
				}
			case 2:
				if !truncFlag {
					continue
				}
			case 3:
				if !relative {
					continue
				}
			}
			c.width--
			width--
			if c.width == 0 {
				c.flags |= Hidden
			}
		}
		if orgWidth == width {
			stage++
		}
	}
}
