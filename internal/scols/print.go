// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

import "strings"

// Print renders the table as scols_print_table does and returns the bytes.
// A table without lines prints nothing, except in JSON, which prints an
// empty array.
func (t *Table) Print() []byte {
	t.buf = t.buf[:0]
	if len(t.lines) == 0 {
		if t.Format == JSON {
			t.json = jsonWriter{}
			t.json.open(&t.buf, "", jsonObject)
			t.json.open(&t.buf, t.Name, jsonArray)
			t.json.close(&t.buf, jsonArray)
			t.json.close(&t.buf, jsonObject)
		}
		return t.buf
	}
	for _, c := range t.cols {
		c.flags = c.Flags
		c.width, c.widthMin, c.widthMax, c.widthTreeart = 0, 0, 0, 0
		c.pending, c.hasPending = "", false
	}
	if t.Format == JSON {
		t.json = jsonWriter{}
		t.json.open(&t.buf, "", jsonObject)
		t.json.open(&t.buf, t.Name, jsonArray)
	}
	if t.Format == Human {
		t.calculate()
	}
	t.printHeader()
	if t.isTree() {
		t.walk(t.printTreeLine)
	} else {
		for i, l := range t.lines {
			if t.Format == JSON {
				t.json.open(&t.buf, "", jsonObject)
			}
			t.printLine(l)
			if t.Format == JSON {
				t.json.close(&t.buf, jsonObject)
			} else if i != len(t.lines)-1 {
				t.buf = append(t.buf, '\n')
			}
		}
	}
	if t.Format == JSON {
		t.json.close(&t.buf, jsonArray)
		t.json.close(&t.buf, jsonObject)
	} else {
		t.buf = append(t.buf, '\n')
	}
	return t.buf
}

func (t *Table) pad(n int) {
	for ; n > 0; n-- {
		t.buf = append(t.buf, ' ')
	}
}

// printHeader is __scols_print_header.
func (t *Table) printHeader() {
	if t.NoHeadings || t.Format == JSON {
		return
	}
	for _, c := range t.cols {
		if c.hidden() {
			continue
		}
		t.printData(c, nil, c.Name)
	}
	t.buf = append(t.buf, '\n')
}

// printTreeLine prints a line of a tree, and what separates it from the
// next one.
func (t *Table) printTreeLine(l *Line) {
	if t.Format == JSON {
		t.json.open(&t.buf, "", jsonObject)
	}
	t.printLine(l)
	if len(l.children) > 0 {
		if t.Format == JSON {
			t.json.open(&t.buf, "children", jsonArray)
		} else {
			t.buf = append(t.buf, '\n')
		}
		return
	}
	if t.Format == JSON {
		// Close this object and every enclosing one it ends.
		for ln := l; ln != nil; {
			last := (ln.parent != nil && ln.isLastChild()) || (ln.parent == nil && ln == t.lastTreeRoot)
			t.json.close(&t.buf, jsonObject)
			if last && ln.parent != nil {
				t.json.close(&t.buf, jsonArray)
			}
			ln = ln.parent
			if !last {
				break
			}
		}
		return
	}
	if !t.walkIsLast(l) {
		t.buf = append(t.buf, '\n')
	}
}

// printLine is print_line: the line's cells, then the extra lines of the
// cells that continue.
func (t *Table) printLine(l *Line) {
	pending := false
	for _, c := range t.cols {
		if c.hidden() {
			continue
		}
		data, _ := t.cellData(l, c)
		t.printData(c, l, data)
		if c.hasPending {
			pending = true
		}
	}
	for pending {
		pending = false
		t.buf = append(t.buf, '\n')
		for _, c := range t.cols {
			if c.hidden() {
				continue
			}
			if c.hasPending {
				t.printPendingData(c)
				if c.hasPending {
					pending = true
				}
			} else {
				t.printEmptyCell(c, l)
			}
		}
	}
}

func (t *Table) setPending(c *Column, data string) {
	c.pending, c.hasPending = data, data != ""
}

// printData is print_data: one cell (or the header, when l is nil) in the
// table's format.
func (t *Table) printData(c *Column, l *Line, data string) {
	isLast := t.isLastColumn(c)
	switch t.Format {
	case Raw:
		t.putsNonblank(data)
		if !isLast {
			t.buf = append(t.buf, ' ')
		}
		return
	case JSON:
		t.printJSONData(c, data)
		return
	}

	data, n := t.Charset.SafeEncode(data, c.safeChars())
	if n == 0 {
		data = ""
	}
	width := c.width

	if data != "" && c.wrap() {
		if i := strings.IndexByte(data, '\n'); i >= 0 {
			t.setPending(c, data[i+1:])
			data = data[:i]
			n = t.Charset.SafeWidth(data)
		}
	}
	if isLast && n < width && !c.right() {
		width = n
	}
	if n > width && c.trunc() {
		data, n = t.Charset.truncate(data, width)
	}
	if data != "" {
		if c.right() {
			t.pad(width - n)
			n = width
		}
		t.buf = append(t.buf, data...)
	}
	if isLast {
		return
	}
	t.pad(width - n)
	if n > width && !c.trunc() {
		t.newlinePadding(c, l)
	} else {
		t.buf = append(t.buf, ' ')
	}
}

// stepPending moves past the bytes of the pending text printed already.
func (t *Table) stepPending(c *Column, bytes int) {
	if bytes >= len(c.pending) {
		t.setPending(c, "")
		return
	}
	c.pending = c.pending[bytes:]
}

// printPendingData prints the next chunk of a cell that continues.
func (t *Table) printPendingData(c *Column) {
	width := c.width
	data := c.pending
	var n int
	if i := strings.IndexByte(data, '\n'); i >= 0 {
		t.stepPending(c, i+1)
		data = data[:i]
		n = t.Charset.SafeWidth(data)
	} else {
		// The last chunk goes on as long as it is wider than the column.
		// (libsmartcols loops forever when not even its first character
		// fits; that chunk is dropped here.)
		data, n = t.Charset.truncate(data, width)
		if len(data) == 0 {
			t.setPending(c, "")
		} else {
			t.stepPending(c, len(data))
		}
	}
	t.buf = append(t.buf, data...)
	if t.isLastColumn(c) {
		return
	}
	t.pad(width - n)
	t.buf = append(t.buf, ' ')
}

// printEmptyCell is print_empty_cell: padding, or for a tree column the
// lines that continue the tree next to a cell printed over several lines.
func (t *Table) printEmptyCell(c *Column, l *Line) {
	n := 0
	if l != nil && c.tree() {
		var b strings.Builder
		sy := t.symbols()
		t.treeArt(&b, l, sy)
		if len(l.children) > 0 && t.hasPendingData() {
			b.WriteString(sy.vertical)
		}
		art, w := t.Charset.SafeEncode(b.String(), "")
		if w > 0 {
			t.buf = append(t.buf, art...)
			n = w
		}
	}
	if t.isLastColumn(c) {
		return
	}
	t.pad(c.width - n)
	t.buf = append(t.buf, ' ')
}

func (t *Table) hasPendingData() bool {
	for _, c := range t.cols {
		if !c.hidden() && c.hasPending {
			return true
		}
	}
	return false
}

// newlinePadding ends the line after a cell wider than its column and
// continues on the next one below the following column.
func (t *Table) newlinePadding(c *Column, l *Line) {
	t.buf = append(t.buf, '\n')
	for i := 0; i <= c.seq; i++ {
		t.printEmptyCell(t.cols[i], l)
	}
}

// putsNonblank writes data for the raw format: blanks, backslashes and
// bytes that are not printable become \x??.
func (t *Table) putsNonblank(data string) {
	const digits = "0123456789abcdef"
	for i := 0; i < len(data); i++ {
		b := data[i]
		if isblankByte(b) || b == '\\' || !isprintByte(b) || iscntrlByte(b) {
			t.buf = append(t.buf, '\\', 'x', digits[b>>4], digits[b&15])
		} else {
			t.buf = append(t.buf, b)
		}
	}
}
