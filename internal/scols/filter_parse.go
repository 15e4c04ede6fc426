// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

import (
	"math/big"
	"strconv"
	"strings"
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokInvalid
	tokNumber
	tokString
	tokHolder
	tokFloat
	tokOr
	tokAnd
	tokEq
	tokNe
	tokLt
	tokLe
	tokGt
	tokGe
	tokReg
	tokNreg
	tokTrue
	tokFalse
	tokNeg
	tokInvalidNumber
	tokLParen
	tokRParen
)

// tokNames are the names libsmartcols' parser uses in its messages (its
// bison token names with the "T_" it strips).
var tokNames = [...]string{
	tokEOF: "end of file", tokInvalid: "invalid token", tokNumber: "NUMBER", tokString: "STRING",
	tokHolder: "HOLDER", tokFloat: "FLOAT", tokOr: "OR", tokAnd: "AND", tokEq: "EQ", tokNe: "NE",
	tokLt: "LT", tokLe: "LE", tokGt: "GT", tokGe: "GE", tokReg: "REG", tokNreg: "NREG",
	tokTrue: "TRUE", tokFalse: "FALSE", tokNeg: "NEG", tokInvalidNumber: "INVALID_NUMBER",
	tokLParen: "'('", tokRParen: "')'",
}

type token struct {
	kind tokKind
	text string
	num  uint64
	fnum big.Float
}

// lexer splits an expression into tokens as libsmartcols' flex scanner
// does: the longest match wins, keywords before names of equal length, and
// a character that starts no token is skipped.
type lexer struct {
	s   string
	pos int
	err string // the message of the last number that could not be read
	cs  Charset
}

// keyword is the token of a keyword of the filter language (a switch, not
// a map: nothing to build at start-up).
func keyword(s string) (tokKind, bool) {
	switch s {
	case "and", "AND":
		return tokAnd, true
	case "or", "OR":
		return tokOr, true
	case "not", "NOT":
		return tokNeg, true
	case "eq", "EQ":
		return tokEq, true
	case "ne", "NE":
		return tokNe, true
	case "le", "LE":
		return tokLe, true
	case "lt", "LT":
		return tokLt, true
	case "ge", "GE":
		return tokGe, true
	case "gt", "GT":
		return tokGt, true
	case "false", "FALSE":
		return tokFalse, true
	case "true", "TRUE":
		return tokTrue, true
	}
	return 0, false
}

var operators = []struct {
	text string
	kind tokKind
}{
	// longest first
	{"&&", tokAnd}, {"||", tokOr}, {"==", tokEq}, {"!=", tokNe}, {"<=", tokLe}, {">=", tokGe},
	{"=~", tokReg}, {"!~", tokNreg}, {"!", tokNeg}, {"<", tokLt}, {">", tokGt},
	{"(", tokLParen}, {")", tokRParen},
}

func isDigit(b byte) bool  { return b >= '0' && b <= '9' }
func isLetter(b byte) bool { return (b|0x20) >= 'a' && (b|0x20) <= 'z' }
func isIDChar(b byte) bool {
	return isLetter(b) || isDigit(b) || strings.IndexByte("_.%:/-", b) >= 0
}

func (l *lexer) next() token {
	for l.pos < len(l.s) {
		s := l.s[l.pos:]
		c := s[0]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			l.pos++
			continue
		case isLetter(c):
			n := 1
			for n < len(s) && isIDChar(s[n]) {
				n++
			}
			l.pos += n
			if k, ok := keyword(s[:n]); ok {
				return token{kind: k}
			}
			return token{kind: tokHolder, text: s[:n]}
		case isDigit(c):
			return l.number(s)
		case c == '"' || c == '\'':
			if end := strings.IndexAny(s[1:], string(c)+"\n"); end >= 0 && s[1+end] == c {
				l.pos += end + 2
				return token{kind: tokString, text: s[:end+2]}
			}
			if c == '\'' {
				l.pos++
				return token{kind: tokInvalid}
			}
			l.pos++ // an unmatched '"' starts no token
			continue
		}
		matched := false
		for _, op := range operators {
			if strings.HasPrefix(s, op.text) {
				l.pos += len(op.text)
				return token{kind: op.kind}
			}
		}
		if !matched {
			l.pos++ // no rule matches: flex skips the character
		}
	}
	return token{kind: tokEOF}
}

// number reads the longest of: digits "." digits (a float), digits and a
// size suffix, digits.
func (l *lexer) number(s string) token {
	d := 0
	for d < len(s) && isDigit(s[d]) {
		d++
	}
	if d+1 < len(s) && s[d] == '.' && isDigit(s[d+1]) {
		e := d + 1
		for e < len(s) && isDigit(s[e]) {
			e++
		}
		l.pos += e
		t := token{kind: tokFloat, fnum: newFloat()}
		t.fnum.SetString(s[:e])
		return t
	}
	if d < len(s) && strings.IndexByte("KMGTPEZY", s[d]) >= 0 {
		e := d + 1
		if strings.HasPrefix(s[e:], "iB") {
			e += 2
		}
		l.pos += e
		n, msg := strtosize(s[:e])
		if msg != "" {
			l.err = `"` + s[:e] + `" token error: ` + msg
			return token{kind: tokInvalidNumber}
		}
		return token{kind: tokNumber, num: n}
	}
	l.pos += d
	n, err := strconv.ParseUint(s[:d], 10, 64)
	if err != nil {
		n = ^uint64(0) // strtoumax saturates
	}
	return token{kind: tokNumber, num: n}
}

// strtosize is util-linux's strtosize() for what the scanner passes it:
// digits (octal with a leading 0, as strtoumax with base 0 reads them) and
// a binary suffix. msg is strerror's text on failure.
func strtosize(s string) (uint64, string) {
	const erange = "Numerical result out of range"
	const einval = "Invalid argument"
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	digits, suffix := s[:i], s[i:]
	base := 10
	if len(digits) > 1 && digits[0] == '0' {
		base = 8
		digits = digits[1:]
		j := 0
		for j < len(digits) && digits[j] < '8' {
			j++
		}
		if j < len(digits) {
			// strtoumax stops at the 8 or 9, which is then an unknown suffix
			return 0, einval
		}
	}
	x, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		return 0, erange
	}
	power := strings.IndexByte("KMGTPEZY", suffix[0]) + 1
	for ; power > 0; power-- {
		if x > ^uint64(0)/1024 {
			return 0, erange
		}
		x *= 1024
	}
	return x, ""
}

// parser is a precedence-climbing parser that accepts, rejects and words
// its errors exactly as libsmartcols' LALR(1) bison parser does.
type parser struct {
	lex    lexer
	tok    token
	peeked bool
	f      *Filter
	err    string
}

type parseFail struct{}

func (p *parser) peek() token {
	if !p.peeked {
		p.tok = p.lex.next()
		p.peeked = true
	}
	return p.tok
}

func (p *parser) take() token {
	t := p.peek()
	p.peeked = false
	return t
}

func (p *parser) fail(msg string) {
	p.err = msg
	panic(parseFail{})
}

// unexpected reports a token the parser cannot use. After a complete
// expression at the top level, bison's default reductions leave "end of
// file" as the only expected token, which it then names; everywhere else
// more than four tokens would do and it names none.
func (p *parser) unexpected(t token, expectEOF bool) {
	msg := "syntax error, unexpected " + tokNames[t.kind]
	if expectEOF {
		msg += ", expecting end of file"
	}
	p.fail(msg)
}

// ParseFilter parses a scols-filter(5) expression. An empty one keeps
// every line. A *ParseError carries libsmartcols' message.
func ParseFilter(expr string, cs Charset) (f *Filter, err error) {
	f = &Filter{}
	if expr == "" {
		return f, nil
	}
	p := &parser{lex: lexer{s: expr, cs: cs}, f: f}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(parseFail); !ok {
				panic(r)
			}
			f, err = nil, &ParseError{Msg: p.err}
		}
	}()
	root := p.expr(0, 0)
	if t := p.take(); t.kind != tokEOF {
		p.unexpected(t, true)
	}
	f.root = root
	return f, nil
}

func precedence(k tokKind) int {
	switch k {
	case tokOr, tokAnd:
		return 1
	case tokEq, tokNe, tokLt, tokLe, tokGt, tokGe, tokReg, tokNreg:
		return 2
	}
	return 0
}

var exprKinds = [...]exprKind{
	tokAnd: exprAnd, tokOr: exprOr, tokEq: exprEq, tokNe: exprNe, tokLe: exprLe, tokLt: exprLt,
	tokGe: exprGe, tokGt: exprGt, tokReg: exprReg, tokNreg: exprNreg,
}

func (p *parser) expr(minPrec, depth int) node {
	left := p.unary(depth)
	for {
		t := p.peek()
		prec := precedence(t.kind)
		if prec == 0 || prec < minPrec {
			return left
		}
		p.take()
		right := p.expr(prec+1, depth)
		if t.kind == tokReg || t.kind == tokNreg {
			p.compileRegexp(right)
		}
		left = &expr{kind: exprKinds[t.kind], left: left, right: right}
	}
}

func (p *parser) unary(depth int) node {
	t := p.take()
	switch t.kind {
	case tokNeg:
		return &expr{kind: exprNeg, right: p.unary(depth)}
	case tokLParen:
		e := p.expr(0, depth+1)
		if c := p.take(); c.kind != tokRParen {
			p.unexpected(c, false)
		}
		return e
	case tokNumber:
		return p.param(&param{typ: TypeNumber, num: t.num})
	case tokFloat:
		return p.param(&param{typ: TypeFloat, fnum: t.fnum})
	case tokHolder:
		return p.param(&param{typ: TypeNone, holder: t.text})
	case tokString:
		s := t.text[1 : len(t.text)-1]
		x := &param{}
		x.setString(s, true)
		return p.param(x)
	case tokTrue, tokFalse:
		return p.param(&param{typ: TypeBoolean, b: t.kind == tokTrue})
	case tokInvalidNumber:
		p.fail(p.lex.err)
	}
	p.unexpected(t, false)
	return nil
}

func (p *parser) param(x *param) *param {
	x.col = -1
	if x.typ != TypeFloat {
		x.fnum = newFloat()
	}
	p.f.params = append(p.f.params, x)
	return x
}

// compileRegexp compiles the right side of =~ or !~, which must be a
// string. (libsmartcols takes any operand there for a string: it reports
// "(null)" for a column name or 0 and crashes on other numbers.)
func (p *parser) compileRegexp(n node) {
	x, ok := n.(*param)
	if !ok || x.holder != "" || x.typ != TypeString {
		p.fail("syntax error, the right side of =~ and !~ must be a string")
	}
	re, msg := compileERE(x.str, p.lex.cs)
	if msg != "" {
		p.fail(msg)
	}
	x.re = re
}
