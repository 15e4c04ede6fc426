// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// A Filter is a parsed scols-filter(5) expression: lines are kept when it
// evaluates to true. Parsing and evaluation follow libsmartcols 2.42: its
// operators, their precedence (bison's: "or" and "and" share the lowest
// level, every other operator the next one, all left-associative), its
// data types and casts, and the messages of its parser.
type Filter struct {
	root   node
	params []*param // every parameter, in the order the parser made them
}

// DataType is the type of a filter value.
type DataType int

const (
	TypeNone DataType = iota
	TypeString
	TypeNumber // unsigned 64-bit
	TypeFloat  // long double: 64-bit mantissa
	TypeBoolean
)

// TypeOf is the filter type of a column with the given JSON type, as
// libsmartcols assigns it to a holder.
func TypeOf(j JSONType) DataType {
	switch j {
	case JSONNumber:
		return TypeNumber
	case JSONBoolean:
		return TypeBoolean
	case JSONFloat:
		return TypeFloat
	}
	return TypeString
}

// ParseError is a filter that cannot be parsed; its text is what
// libsmartcols reports ("syntax error, unexpected NUMBER, ...").
type ParseError struct{ Msg string }

func (e *ParseError) Error() string { return e.Msg }

// ErrApply is what evaluating a filter fails with when a value cannot be
// cast to the type a comparison needs ("COMMAND > 5").
var ErrApply = errors.New("invalid argument")

type node interface{ isNode() }

type exprKind int

const (
	exprAnd exprKind = iota
	exprOr
	exprNeg
	exprEq
	exprNe
	exprLe
	exprLt
	exprGe
	exprGt
	exprReg
	exprNreg
)

type expr struct {
	kind        exprKind
	left, right node
}

type param struct {
	typ    DataType
	holder string // column name, "" for a literal
	col    int    // the holder's column, -1 until Assign
	ctype  DataType

	str   string
	isNil bool // a string that is NULL: a cell without data
	num   uint64
	fnum  big.Float
	b     bool
	empty bool

	re *compiledRegexp
}

func (*expr) isNode()  {}
func (*param) isNode() {}

// Holders returns the column names the filter refers to, in the order they
// appear, once per appearance.
func (f *Filter) Holders() []string {
	var out []string
	for _, p := range f.params {
		if p.holder != "" {
			out = append(out, p.holder)
		}
	}
	return out
}

// Assign binds the i-th holder (in Holders order) to column col, whose
// values have the type typ.
func (f *Filter) Assign(i, col int, typ DataType) {
	for _, p := range f.params {
		if p.holder == "" {
			continue
		}
		if i == 0 {
			p.col, p.ctype = col, typ
			return
		}
		i--
	}
}

// Empty reports whether the filter has no expression: it keeps every line.
func (f *Filter) Empty() bool { return f.root == nil }

// Cell is how Match reads a line: the text of column col, and whether the
// cell has any (a cell without data is NULL in libsmartcols).
type Cell func(col int) (text string, ok bool)

// Match evaluates the filter for one line. Every holder must have been
// assigned a column.
func (f *Filter) Match(cell Cell) (bool, error) {
	if f.root == nil {
		return true, nil
	}
	e := evaluator{cell: cell, fetched: map[*param]*param{}}
	return e.eval(f.root)
}

// ---------------------------------------------------------------- values

func newFloat() big.Float {
	var f big.Float
	f.SetPrec(64)
	return f
}

// isspaceByte is isspace(3) of the C locale.
func isspaceByte(b byte) bool { return b == ' ' || (b >= '\t' && b <= '\r') }

func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isspaceByte(s[i]) {
		i++
	}
	for j > i && isspaceByte(s[j-1]) {
		j--
	}
	return s[i:j]
}

// setString stores a string as param_set_data does: trimmed, or NULL.
func (p *param) setString(s string, ok bool) {
	p.typ = TypeString
	p.isNil = !ok
	p.empty = !ok
	p.str = ""
	if ok {
		p.str = trimSpace(s)
	}
}

// copyParam is copy_param: a literal copy of the value. Only a string
// keeps being empty: a number copied from an empty cell is 0.
func copyParam(p *param) *param {
	c := &param{typ: p.typ, col: -1, str: p.str, isNil: p.isNil, num: p.num, b: p.b}
	c.fnum = newFloat()
	c.fnum.Set(&p.fnum)
	c.empty = p.typ == TypeString && p.isNil
	return c
}

// strtou64 is ul_strtou64 with base 10.
func strtou64(s string) (uint64, bool) {
	t := s
	for t != "" && isspaceByte(t[0]) {
		t = t[1:]
	}
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	if t == "" || t[0] < '0' || t[0] > '9' {
		return 0, false
	}
	n, err := strconv.ParseUint(t, 10, 64)
	if err != nil || (neg && n != 0) {
		return 0, false
	}
	return n, true
}

// strtold is ul_strtold: the whole string must be a number.
func strtold(s string) (big.Float, bool) {
	f := newFloat()
	t := s
	for t != "" && isspaceByte(t[0]) {
		t = t[1:]
	}
	if t == "" {
		return f, false
	}
	if _, ok := f.SetString(t); !ok {
		return f, false
	}
	return f, true
}

// formatFloat is printf's "%Lg".
func formatFloat(f *big.Float) string {
	if f.IsInf() {
		if f.Sign() < 0 {
			return "-inf"
		}
		return "inf"
	}
	s := f.Text('g', 6)
	// big.Float writes exponents as e+06; C does as well, but drops no
	// zeros of the mantissa that %g drops: normalize through strconv.
	if v, acc := f.Float64(); acc == big.Exact || !math.IsInf(v, 0) {
		s = strconv.FormatFloat(v, 'g', 6, 64)
	}
	return s
}

// cast is cast_param: converts p in place to typ.
func (p *param) cast(typ DataType) error {
	if p.typ == typ {
		return nil
	}
	switch p.typ {
	case TypeString:
		str, isNil := p.str, p.isNil
		switch typ {
		case TypeNumber:
			p.num = 0
			if !isNil {
				n, ok := strtou64(str)
				if !ok {
					return ErrApply
				}
				p.num = n
			}
		case TypeFloat:
			p.fnum = newFloat()
			if !isNil {
				f, ok := strtold(str)
				if !ok {
					return ErrApply
				}
				p.fnum = f
			}
		case TypeBoolean:
			p.b = !isNil && str != "" && (str == "1" || strings.EqualFold(str, "true") ||
				str[0] == 'y' || str[0] == 'Y')
		default:
			return ErrApply
		}
		p.str, p.isNil = "", false
	case TypeNumber:
		switch typ {
		case TypeString:
			p.str, p.isNil = strconv.FormatUint(p.num, 10), false
		case TypeFloat:
			p.fnum = newFloat()
			p.fnum.SetUint64(p.num)
		case TypeBoolean:
			p.b = p.num > 0
		default:
			return ErrApply
		}
	case TypeFloat:
		switch typ {
		case TypeString:
			p.str, p.isNil = formatFloat(&p.fnum), false
		case TypeNumber:
			if p.fnum.Sign() <= 0 {
				p.num = 0
			} else {
				p.num, _ = p.fnum.Uint64()
			}
		case TypeBoolean:
			p.b = p.fnum.Sign() > 0
		default:
			return ErrApply
		}
	case TypeBoolean:
		switch typ {
		case TypeString:
			p.str, p.isNil = "false", false
			if p.b {
				p.str = "true"
			}
		case TypeNumber:
			p.num = 0
			if p.b {
				p.num = 1
			}
		case TypeFloat:
			p.fnum = newFloat()
			if p.b {
				p.fnum.SetInt64(1)
			}
		default:
			return ErrApply
		}
	default:
		return ErrApply
	}
	p.typ = typ
	return nil
}

// ---------------------------------------------------------------- evaluation

type evaluator struct {
	cell    Cell
	fetched map[*param]*param // a holder's value for this line
}

// value is the param as this line sees it: a literal, or the holder's
// cell converted to the holder's column type.
func (e *evaluator) value(p *param) (*param, error) {
	if p.holder == "" {
		return p, nil
	}
	if v, ok := e.fetched[p]; ok {
		return v, nil
	}
	v := &param{col: -1}
	text, ok := e.cell(p.col)
	v.setString(text, ok)
	v.fnum = newFloat()
	err := v.cast(p.ctype)
	if err != nil {
		return nil, err
	}
	e.fetched[p] = v
	return v, nil
}

func (e *evaluator) datatype(n node) DataType {
	switch n := n.(type) {
	case *expr:
		return TypeBoolean
	case *param:
		if n.holder != "" {
			return n.ctype
		}
		return n.typ
	}
	return TypeNone
}

func isHolder(n node) bool {
	p, ok := n.(*param)
	return ok && p.holder != ""
}

// guessType is guess_expr_datatype.
func (e *evaluator) guessType(x *expr) DataType {
	l, r := e.datatype(x.left), e.datatype(x.right)
	if l == r {
		return l
	}
	typ := l
	if lh, rh := isHolder(x.left), isHolder(x.right); lh && !rh {
		typ = r
	}
	if typ == TypeNumber && (r == TypeFloat || l == TypeFloat) {
		typ = TypeFloat
	}
	return typ
}

func (e *evaluator) eval(n node) (bool, error) {
	switch n := n.(type) {
	case *param:
		v, err := e.value(n)
		if err != nil || v.empty {
			return false, err
		}
		switch v.typ {
		case TypeString:
			return !v.isNil && v.str != "", nil
		case TypeNumber:
			return v.num != 0, nil
		case TypeFloat:
			return v.fnum.Sign() != 0, nil
		case TypeBoolean:
			return v.b, nil
		}
		return false, ErrApply
	case *expr:
		return e.evalExpr(n)
	}
	return false, ErrApply
}

// castNode is cast_node: the operand as a value of type typ.
func (e *evaluator) castNode(n node, typ DataType) (*param, error) {
	var v *param
	switch n := n.(type) {
	case *expr:
		ok, err := e.evalExpr(n)
		if err != nil {
			return nil, err
		}
		v = &param{typ: TypeBoolean, b: ok, col: -1}
		v.fnum = newFloat()
	case *param:
		var err error
		if v, err = e.value(n); err != nil {
			return nil, err
		}
	}
	if v.typ == typ {
		return v, nil
	}
	c := copyParam(v)
	return c, c.cast(typ)
}

func (e *evaluator) evalExpr(x *expr) (bool, error) {
	switch x.kind {
	case exprAnd:
		ok, err := e.eval(x.left)
		if err != nil || !ok {
			return false, err
		}
		return e.eval(x.right)
	case exprOr:
		ok, err := e.eval(x.left)
		if err != nil || ok {
			return ok, err
		}
		return e.eval(x.right)
	case exprNeg:
		ok, err := e.eval(x.right)
		return !ok, err
	}
	typ := e.guessType(x)
	l, err := e.castNode(x.left, typ)
	if err != nil {
		return false, err
	}
	r, err := e.castNode(x.right, typ)
	if err != nil {
		return false, err
	}
	if l.typ != r.typ {
		return false, ErrApply
	}
	var c int
	switch l.typ {
	case TypeString:
		switch x.kind {
		case exprReg, exprNreg:
			re := x.right.(*param).re
			m := re.match(l.str)
			return m == (x.kind == exprReg), nil
		}
		switch {
		case l.isNil && r.isNil:
			c = 0
		case l.isNil:
			c = -1
		case r.isNil:
			c = 1
		default:
			c = strings.Compare(l.str, r.str)
		}
	case TypeNumber:
		if l.empty || r.empty {
			return false, nil
		}
		c = cmpUint(l.num, r.num)
	case TypeFloat:
		if l.empty || r.empty {
			return false, nil
		}
		c = l.fnum.Cmp(&r.fnum)
	case TypeBoolean:
		if l.empty || r.empty {
			return false, nil
		}
		c = cmpUint(b2u(l.b), b2u(r.b))
	default:
		return false, ErrApply
	}
	switch x.kind {
	case exprEq:
		return c == 0, nil
	case exprNe:
		return c != 0, nil
	case exprLe:
		return c <= 0, nil
	case exprLt:
		return c < 0, nil
	case exprGe:
		return c >= 0, nil
	case exprGt:
		return c > 0, nil
	}
	return false, ErrApply
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (p *param) String() string {
	if p.holder != "" {
		return p.holder
	}
	switch p.typ {
	case TypeString:
		return strconv.Quote(p.str)
	case TypeNumber:
		return strconv.FormatUint(p.num, 10)
	case TypeFloat:
		return formatFloat(&p.fnum)
	case TypeBoolean:
		return strconv.FormatBool(p.b)
	}
	return fmt.Sprintf("param(%d)", p.typ)
}
