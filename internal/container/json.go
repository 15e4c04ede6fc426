// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A small JSON reader. Engines answer in JSON, and their state files are
// JSON; the package reads a handful of fields from them. encoding/json would
// do, but linking it adds to the start-up of every tool that links this
// package, whether or not it ever asks an engine (see the package
// documentation), so the documents are parsed here into a tree of
// jsonValue and read with get.
//
// The grammar is RFC 8259's, exactly as encoding/json accepts it: the same
// documents are valid, strings decode to the same text (invalid UTF-8 and
// lone surrogates become U+FFFD), a repeated key means its last value, and
// nesting stops at the same depth. Keys match exactly, never by case.

// jsonKind is the type of a JSON value.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonFalse
	jsonTrue
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// jsonValue is one parsed JSON value. A missing value (get on a key that
// is not there) is the zero jsonValue with ok false.
type jsonValue struct {
	kind    jsonKind
	ok      bool
	text    string      // a string's decoded text, a number's literal
	items   []jsonValue // an array's elements
	members []jsonMember
}

type jsonMember struct {
	key   string
	value jsonValue
}

// jsonMaxDepth is encoding/json's nesting limit.
const jsonMaxDepth = 10000

var errJSONDepth = errors.New("exceeded max depth")

// parseJSON parses one JSON document.
func parseJSON(b []byte) (jsonValue, error) {
	p := jsonParser{b: b}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return jsonValue{}, err
	}
	p.space()
	if p.i != len(p.b) {
		return jsonValue{}, p.errorf("invalid character %s after top-level value")
	}
	return v, nil
}

// parseJSONAs parses a document that must be an object or an array.
func parseJSONAs(b []byte, kind jsonKind) (jsonValue, error) {
	v, err := parseJSON(b)
	switch {
	case err != nil:
		return jsonValue{}, err
	case v.kind == kind:
		return v, nil
	case kind == jsonArray:
		return jsonValue{}, errors.New("not a JSON array")
	}
	return jsonValue{}, errors.New("not a JSON object")
}

// get returns the member key of an object (its last one, when repeated).
func (v jsonValue) get(key string) jsonValue {
	for i := len(v.members) - 1; i >= 0; i-- {
		if v.members[i].key == key {
			return v.members[i].value
		}
	}
	return jsonValue{}
}

// str returns a string value's text; ok is false for any other kind.
func (v jsonValue) str() (string, bool) {
	return v.text, v.kind == jsonString && v.ok
}

// integer returns a number that is an integer of at most 64 bits.
func (v jsonValue) integer() (int64, bool) {
	if v.kind != jsonNumber {
		return 0, false
	}
	n, err := strconv.ParseInt(v.text, 10, 64)
	return n, err == nil
}

// boolean returns true or false; ok is false for any other kind.
func (v jsonValue) boolean() (b, ok bool) {
	switch v.kind {
	case jsonTrue:
		return true, v.ok
	case jsonFalse:
		return false, v.ok
	}
	return false, false
}

// isNull reports a JSON null or a missing value.
func (v jsonValue) isNull() bool { return v.kind == jsonNull }

type jsonParser struct {
	b []byte
	i int
}

// jsonSyntaxError is a malformed document, with the offset of the fault.
type jsonSyntaxError struct {
	msg    string
	offset int
}

func (e *jsonSyntaxError) Error() string {
	return e.msg + " at offset " + strconv.Itoa(e.offset)
}

// errorf reports msg, with %s replaced by the quoted character at the
// current position; at the end of the input, whatever msg says, the
// document is cut short.
func (p *jsonParser) errorf(msg string) error {
	if p.i >= len(p.b) {
		return &jsonSyntaxError{msg: "unexpected end of JSON input", offset: p.i}
	}
	c := strconv.QuoteRune(rune(p.b[p.i]))
	if p.b[p.i] >= utf8.RuneSelf {
		c = strconv.Quote(string(p.b[p.i : p.i+1]))
	}
	return &jsonSyntaxError{msg: strings.Replace(msg, "%s", c, 1), offset: p.i}
}

func (p *jsonParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (jsonValue, error) {
	if p.i >= len(p.b) {
		return jsonValue{}, p.errorf("unexpected end of JSON input")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, err := p.string()
		return jsonValue{kind: jsonString, ok: true, text: s}, err
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true", jsonTrue)
	case c == 'f':
		return p.literal("false", jsonFalse)
	case c == 'n':
		return p.literal("null", jsonNull)
	}
	return jsonValue{}, p.errorf("invalid character %s looking for beginning of value")
}

func (p *jsonParser) literal(word string, kind jsonKind) (jsonValue, error) {
	for j := 0; j < len(word); j++ {
		if p.i >= len(p.b) || p.b[p.i] != word[j] {
			return jsonValue{}, p.errorf("invalid character %s in literal " + word)
		}
		p.i++
	}
	return jsonValue{kind: kind, ok: true}, nil
}

func (p *jsonParser) object(depth int) (jsonValue, error) {
	if depth > jsonMaxDepth {
		return jsonValue{}, errJSONDepth
	}
	p.i++ // {
	v := jsonValue{kind: jsonObject, ok: true}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return v, nil
	}
	for {
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return jsonValue{}, p.errorf("invalid character %s looking for beginning of object key string")
		}
		key, err := p.string()
		if err != nil {
			return jsonValue{}, err
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return jsonValue{}, p.errorf("invalid character %s after object key")
		}
		p.i++
		p.space()
		item, err := p.value(depth)
		if err != nil {
			return jsonValue{}, err
		}
		v.members = append(v.members, jsonMember{key, item})
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ',' {
			p.i++
			p.space()
			continue
		}
		if p.i < len(p.b) && p.b[p.i] == '}' {
			p.i++
			return v, nil
		}
		return jsonValue{}, p.errorf("invalid character %s after object key:value pair")
	}
}

func (p *jsonParser) array(depth int) (jsonValue, error) {
	if depth > jsonMaxDepth {
		return jsonValue{}, errJSONDepth
	}
	p.i++ // [
	v := jsonValue{kind: jsonArray, ok: true}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return v, nil
	}
	for {
		item, err := p.value(depth)
		if err != nil {
			return jsonValue{}, err
		}
		v.items = append(v.items, item)
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ',' {
			p.i++
			p.space()
			continue
		}
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			return v, nil
		}
		return jsonValue{}, p.errorf("invalid character %s after array element")
	}
}

// number checks a number's grammar and keeps its literal.
func (p *jsonParser) number() (jsonValue, error) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case digits() == 0:
		return jsonValue{}, p.errorf("invalid character %s in numeric literal")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return jsonValue{}, p.errorf("invalid character %s after decimal point in numeric literal")
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return jsonValue{}, p.errorf("invalid character %s in exponent of numeric literal")
		}
	}
	return jsonValue{kind: jsonNumber, ok: true, text: string(p.b[start:p.i])}, nil
}

// string decodes a string literal, as encoding/json does.
func (p *jsonParser) string() (string, error) {
	p.i++ // opening quote
	start := p.i
	// Fast path: no escapes, valid UTF-8, no control characters.
	for p.i < len(p.b) {
		c := p.b[p.i]
		if c == '"' {
			s := string(p.b[start:p.i])
			p.i++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		p.i++
	}
	out := append([]byte(nil), p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return string(out), nil
		case c < 0x20:
			return "", p.errorf("invalid character %s in string literal")
		case c == '\\':
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			out = utf8.AppendRune(out, r)
		case c < utf8.RuneSelf:
			out = append(out, c)
			p.i++
		default:
			r, size := utf8.DecodeRune(p.b[p.i:])
			p.i += size
			out = utf8.AppendRune(out, r) // RuneError for invalid bytes, as encoding/json
		}
	}
	return "", p.errorf("unexpected end of JSON input")
}

// escape decodes the escape sequence at p.i (a backslash).
func (p *jsonParser) escape() (rune, error) {
	p.i++
	if p.i >= len(p.b) {
		return 0, p.errorf("unexpected end of JSON input")
	}
	c := p.b[p.i]
	p.i++
	switch c {
	case '"', '\\', '/':
		return rune(c), nil
	case 'b':
		return '\b', nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return 0, p.errorf("invalid character %s in \\u hexadecimal character escape")
		}
		if r < 0xd800 || r >= 0xe000 {
			return r, nil
		}
		// A surrogate: only a high one followed by an escaped low one
		// makes a character; anything else is U+FFFD, and what follows
		// is read on its own.
		if r < 0xdc00 && p.i+1 < len(p.b) && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
			save := p.i
			p.i += 2
			if r2, ok := p.hex4(); ok && r2 >= 0xdc00 && r2 < 0xe000 {
				return 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00), nil
			}
			p.i = save
		}
		return utf8.RuneError, nil
	}
	p.i--
	return 0, p.errorf("invalid character %s in string escape code")
}

// hex4 reads four hexadecimal digits.
func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.b) {
		p.i = len(p.b)
		return 0, false
	}
	var r rune
	for _, c := range p.b[p.i : p.i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
		p.i++
	}
	return r, true
}
