// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

import "strings"

// jsonWriter writes JSON the way util-linux's ul_jsonwrt does: three
// spaces per level, ",{" between objects of an array, and keys in lower
// case.
type jsonWriter struct {
	indent     int
	afterClose bool
}

type jsonKind int

const (
	jsonObject jsonKind = iota
	jsonArray
	jsonValue
)

func (j *jsonWriter) putIndent(b *[]byte) {
	for i := 0; i < j.indent; i++ {
		*b = append(*b, "   "...)
	}
}

// open starts an object, array or value, named unless name is "".
func (j *jsonWriter) open(b *[]byte, name string, kind jsonKind) {
	if name != "" {
		if j.afterClose {
			*b = append(*b, ",\n"...)
		}
		j.putIndent(b)
		quoteJSON(b, strings.ToLower(name))
	} else {
		if j.afterClose {
			*b = append(*b, ',')
		} else {
			j.putIndent(b)
		}
	}
	switch kind {
	case jsonObject:
		if name != "" {
			*b = append(*b, ": {\n"...)
		} else {
			*b = append(*b, "{\n"...)
		}
		j.indent++
	case jsonArray:
		if name != "" {
			*b = append(*b, ": [\n"...)
		} else {
			*b = append(*b, "[\n"...)
		}
		j.indent++
	case jsonValue:
		if name != "" {
			*b = append(*b, ": "...)
		} else {
			*b = append(*b, ' ')
		}
	}
	j.afterClose = false
}

// close ends what open started; the outermost object ends the document.
func (j *jsonWriter) close(b *[]byte, kind jsonKind) {
	if j.indent == 1 {
		*b = append(*b, "\n}\n"...)
		j.indent--
		j.afterClose = true
		return
	}
	switch kind {
	case jsonObject:
		j.indent--
		*b = append(*b, '\n')
		j.putIndent(b)
		*b = append(*b, '}')
	case jsonArray:
		j.indent--
		*b = append(*b, '\n')
		j.putIndent(b)
		*b = append(*b, ']')
	}
	j.afterClose = true
}

// valueRaw writes data unquoted, or null when it is empty.
func (j *jsonWriter) valueRaw(b *[]byte, name, data string) {
	j.open(b, name, jsonValue)
	if data != "" {
		*b = append(*b, data...)
	} else {
		*b = append(*b, "null"...)
	}
	j.close(b, jsonValue)
}

// valueString writes data quoted, or null when it is empty.
func (j *jsonWriter) valueString(b *[]byte, name, data string) {
	j.open(b, name, jsonValue)
	if data != "" {
		quoteJSON(b, data)
	} else {
		*b = append(*b, "null"...)
	}
	j.close(b, jsonValue)
}

func (j *jsonWriter) valueLiteral(b *[]byte, name, lit string) {
	j.open(b, name, jsonValue)
	*b = append(*b, lit...)
	j.close(b, jsonValue)
}

// quoteJSON writes s as a JSON string: quotes and backslashes escaped,
// control characters as \b \t \n \f \r or \u00XX, every other byte as it
// is.
func quoteJSON(b *[]byte, s string) {
	const digits = "0123456789abcdef"
	*b = append(*b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			*b = append(*b, '\\', c)
		case c >= 0x20:
			*b = append(*b, c)
		case c == '\b':
			*b = append(*b, `\b`...)
		case c == '\t':
			*b = append(*b, `\t`...)
		case c == '\n':
			*b = append(*b, `\n`...)
		case c == '\f':
			*b = append(*b, `\f`...)
		case c == '\r':
			*b = append(*b, `\r`...)
		default:
			*b = append(*b, '\\', 'u', '0', '0', digits[c>>4], digits[c&15])
		}
	}
	*b = append(*b, '"')
}

// printJSONData is print_json_data: one cell as a JSON member.
func (t *Table) printJSONData(c *Column, data string) {
	b := &t.buf
	name := c.Name
	switch c.JSONType {
	case JSONString:
		t.json.valueString(b, name, data)
	case JSONNumber, JSONFloat:
		t.json.valueRaw(b, name, data)
	case JSONBoolean, JSONBooleanOptional:
		if c.JSONType == JSONBooleanOptional && (data == "" || data == "-") {
			t.json.valueLiteral(b, name, "null")
			break
		}
		v := "true"
		if data == "" || data[0] == '0' || data[0] == 'N' || data[0] == 'n' {
			v = "false"
		}
		t.json.valueLiteral(b, name, v)
	case JSONArrayString, JSONArrayNumber:
		t.json.open(b, name, jsonArray)
		if !c.wrap() {
			t.json.valueString(b, "", data)
			t.json.close(b, jsonArray)
			break
		}
		for {
			chunk, rest, more := strings.Cut(data, "\n")
			if c.JSONType == JSONArrayString {
				t.json.valueString(b, "", chunk)
			} else {
				t.json.valueRaw(b, "", chunk)
			}
			if !more {
				break
			}
			data = rest
		}
		t.json.close(b, jsonArray)
	}
}
