// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The filter's =~ and !~ match POSIX extended regular expressions as
// glibc's regcomp(REG_EXTENDED|REG_NOSUB) and regexec do. A pattern is
// parsed here into a small tree and matched by a Thompson NFA (a Pike VM
// without captures: REG_NOSUB asks only whether there is a match), in time
// linear in the subject.
//
// Go's regexp is not used: linking it makes every program that holds this
// package build regexp/syntax's tables and unicode's category maps at
// start-up (about 14 KB and 5% of a tool's start-up), which the multi-call
// binary would pay for every tool, not only golsns. TestEREAgainstGo checks
// this matcher against Go's regexp on random patterns and subjects.

// compiledRegexp matches as glibc's regexec does for a pattern compiled
// with REG_EXTENDED|REG_NOSUB: anywhere in the string.
type compiledRegexp struct {
	prog []reInst
	utf8 bool // the subject is UTF-8; otherwise each byte is a character
	// the matcher's thread lists and stack, kept from one match to the
	// next (a filter is applied to one row at a time)
	clist, nlist *reThreads
	stack        []int
}

// glibc's regerror(3) texts.
const (
	reBadPat   = "Invalid regular expression"
	reECollate = "Invalid collation character"
	reECtype   = "Invalid character class name"
	reEEscape  = "Trailing backslash"
	reESubreg  = "Invalid back reference"
	reEBrack   = "Unmatched [, [^, [:, [., or [="
	reEParen   = "Unmatched ( or \\("
	reEBrace   = "Unmatched \\{"
	reBadBr    = "Invalid content of \\{\\}"
	reERange   = "Invalid range end"
	reBadRpt   = "Invalid preceding regular expression"
	reESize    = "Regular expression too big"
)

// Limits, those that this package had when it matched with Go's regexp:
// at most 1000 repetitions of one atom ({1000}) and 1000 chained
// repetition operators (a***...); and, new, at most maxInsts instructions
// once repetitions are expanded (Go's regexp allowed fifty times as many,
// which made a pattern like (a?){500}{100} cost seconds per row). Beyond
// them a pattern is "too big", where glibc accepts counts up to 32767.
const (
	maxRepeat = 1000
	maxDepth  = 1000
	maxInsts  = 1 << 16
)

// bytesToRunes turns every byte into one character, as the C locale sees
// a string: bytes above 0x7f become U+0080..U+00FF.
func bytesToRunes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// compileERE compiles a POSIX extended regular expression with glibc's
// syntax (RE_SYNTAX_POSIX_EXTENDED and the GNU operators \w \W \s \S \b
// \B \< \> \` \'). msg is glibc's message for a pattern it refuses. Back
// references are refused as invalid; \< and \> match any word boundary,
// and word boundaries are those of ASCII letters, digits and "_".
func compileERE(pat string, cs Charset) (*compiledRegexp, string) {
	if !cs.UTF8 {
		pat = bytesToRunes(pat)
	}
	p := ereParser{pat: pat, utf8: cs.UTF8}
	prog, msg := p.compile()
	if msg != "" {
		return nil, msg
	}
	return &compiledRegexp{prog: prog, utf8: cs.UTF8}, ""
}

// reKind is the kind of a node of a parsed pattern.
type reKind uint8

const (
	reEmpty   reKind = iota // the empty string
	reChar                  // one character of a class
	reAny                   // any character
	reConcat                // subs, one after the other
	reAlt                   // one of subs
	reRepeat                // subs[0], min to max times (max -1: no limit)
	reBOT                   // the beginning of the text: ^ and \`
	reEOT                   // the end of the text: $ and \'
	reWordB                 // a word boundary: \b \< \>
	reNoWordB               // not a word boundary: \B
)

type reNode struct {
	kind     reKind
	cls      *reClass
	subs     []*reNode
	min, max int
}

// reClass is a set of characters: ranges and named classes, or all but
// those.
type reClass struct {
	neg    bool
	ranges []rune // lo, hi pairs
	named  []posixClass
	utf8   bool // which definition the named classes have
}

func (c *reClass) has(r rune) bool {
	for i := 0; i+1 < len(c.ranges); i += 2 {
		if c.ranges[i] <= r && r <= c.ranges[i+1] {
			return !c.neg
		}
	}
	for _, n := range c.named {
		if n.has(r, c.utf8) {
			return !c.neg
		}
	}
	return c.neg
}

// posixClass is a character class of a bracket expression, [:alpha:].
type posixClass uint8

const (
	classNone posixClass = iota
	classAlpha
	classDigit
	classAlnum
	classUpper
	classLower
	classSpace
	classBlank
	classPunct
	classPrint
	classGraph
	classCntrl
	classXdigit
)

var classNames = [...]string{classAlpha: "alpha", classDigit: "digit", classAlnum: "alnum", classUpper: "upper",
	classLower: "lower", classSpace: "space", classBlank: "blank", classPunct: "punct", classPrint: "print",
	classGraph: "graph", classCntrl: "cntrl", classXdigit: "xdigit"}

func lookupClass(name string) posixClass {
	for i, n := range classNames {
		if n != "" && n == name {
			return posixClass(i)
		}
	}
	return classNone
}

// has reports whether r is in the class: ASCII's in the C locale, as glibc
// defines it for a UTF-8 locale otherwise (from Unicode's categories).
func (c posixClass) has(r rune, utf bool) bool {
	digit := '0' <= r && r <= '9'
	if !utf {
		upper, lower := 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z'
		switch c {
		case classAlpha:
			return upper || lower
		case classDigit:
			return digit
		case classAlnum:
			return upper || lower || digit
		case classUpper:
			return upper
		case classLower:
			return lower
		case classSpace:
			return r == ' ' || '\t' <= r && r <= '\r'
		case classBlank:
			return r == ' ' || r == '\t'
		case classPunct:
			return '!' <= r && r <= '~' && !upper && !lower && !digit
		case classPrint:
			return ' ' <= r && r <= '~'
		case classGraph:
			return '!' <= r && r <= '~'
		case classCntrl:
			return r < ' ' || r == 0x7f
		case classXdigit:
			return digit || 'A' <= r && r <= 'F' || 'a' <= r && r <= 'f'
		}
		return false
	}
	switch c {
	case classAlpha:
		return unicode.Is(unicode.L, r) || unicode.Is(unicode.Nl, r)
	case classDigit:
		return digit
	case classAlnum:
		return digit || unicode.Is(unicode.L, r) || unicode.Is(unicode.Nl, r)
	case classUpper:
		return unicode.Is(unicode.Lu, r)
	case classLower:
		return unicode.Is(unicode.Ll, r)
	case classSpace:
		return r == ' ' || '\t' <= r && r <= '\r' || r == 0x2028 || r == 0x2029 || isBlankUTF8(r)
	case classBlank:
		return r == ' ' || r == '\t' || isBlankUTF8(r)
	case classPunct:
		return unicode.Is(unicode.P, r) || unicode.Is(unicode.S, r)
	case classPrint:
		return !unicode.Is(unicode.C, r)
	case classGraph:
		return unicode.Is(unicode.L, r) || unicode.Is(unicode.M, r) || unicode.Is(unicode.N, r) ||
			unicode.Is(unicode.P, r) || unicode.Is(unicode.S, r)
	case classCntrl:
		return unicode.Is(unicode.Cc, r) || r == 0x2028 || r == 0x2029
	case classXdigit:
		return digit || 'A' <= r && r <= 'F' || 'a' <= r && r <= 'f'
	}
	return false
}

// isBlankUTF8: glibc's blanks beyond ASCII (Unicode's spaces but the
// no-break ones).
func isBlankUTF8(r rune) bool {
	return r == 0x1680 || 0x2000 <= r && r <= 0x2006 || 0x2008 <= r && r <= 0x200a || r == 0x205f || r == 0x3000
}

// isWordChar is a character of a word for \b and \B: an ASCII letter or
// digit, or "_".
func isWordChar(r rune) bool {
	return 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_'
}

type ereParser struct {
	pat    string
	pos    int
	utf8   bool
	depth  int
	tooBig bool // a limit was passed: "too big" if nothing else is wrong
}

type ereError string

func (t *ereParser) eof() bool { return t.pos >= len(t.pat) }

func (t *ereParser) peekRune() (rune, int) {
	return utf8.DecodeRuneInString(t.pat[t.pos:])
}

// compile parses the pattern and compiles it, or returns glibc's message.
func (t *ereParser) compile() (prog []reInst, msg string) {
	defer func() {
		if r := recover(); r != nil {
			m, ok := r.(ereError)
			if !ok {
				panic(r)
			}
			prog, msg = nil, string(m)
		}
	}()
	n := t.alternation()
	if !t.eof() {
		// only an unmatched ")" can stop the top level, and it is literal
		panic(ereError(reBadPat))
	}
	if t.tooBig {
		return nil, reESize
	}
	var c reCompiler
	c.node(n)
	c.emit(reInst{op: opMatch})
	return c.prog, ""
}

func (t *ereParser) alternation() *reNode {
	var branches []*reNode
	for {
		branches = append(branches, t.branch())
		if t.eof() || t.pat[t.pos] != '|' {
			break
		}
		t.pos++
	}
	if len(branches) == 1 {
		return branches[0]
	}
	return &reNode{kind: reAlt, subs: branches}
}

func (t *ereParser) branch() *reNode {
	var seq []*reNode
	start := true // a repetition here has nothing to repeat
	for !t.eof() {
		c := t.pat[t.pos]
		if c == '|' {
			break
		}
		if c == ')' && t.depth > 0 {
			break
		}
		switch c {
		case '*', '+', '?', '{':
			if start {
				panic(ereError(reBadRpt))
			}
		}
		var atom *reNode
		switch c {
		case '(':
			t.pos++
			t.depth++
			inner := t.alternation()
			if t.eof() || t.pat[t.pos] != ')' {
				panic(ereError(reEParen))
			}
			t.pos++
			t.depth--
			atom = inner
		case '[':
			t.pos++
			atom = &reNode{kind: reChar, cls: t.bracket()}
		case '.':
			t.pos++
			atom = &reNode{kind: reAny}
		case '^', '$':
			t.pos++
			kind := reBOT
			if c == '$' {
				kind = reEOT
			}
			seq = append(seq, &reNode{kind: kind})
			start = true
			continue
		case '\\':
			t.pos++
			if t.eof() {
				panic(ereError(reEEscape))
			}
			atom = t.escape()
		default:
			r, n := t.peekRune()
			t.pos += n
			atom = t.literal(r)
		}
		seq = append(seq, t.repetitions(atom))
		start = false
	}
	switch len(seq) {
	case 0:
		return &reNode{kind: reEmpty}
	case 1:
		return seq[0]
	}
	return &reNode{kind: reConcat, subs: seq}
}

func (t *ereParser) literal(r rune) *reNode {
	return &reNode{kind: reChar, cls: &reClass{ranges: []rune{r, r}}}
}

// repetitions applies the repetition operators that follow an atom; each
// further one repeats the repetition before it.
func (t *ereParser) repetitions(atom *reNode) *reNode {
	for n := 0; !t.eof(); n++ {
		if n == maxDepth {
			panic(ereError(reESize))
		}
		lo, hi := 0, -1
		switch t.pat[t.pos] {
		case '*':
			t.pos++
		case '+':
			lo = 1
			t.pos++
		case '?':
			hi = 1
			t.pos++
		case '{':
			t.pos++
			lo, hi = t.interval()
		default:
			return atom
		}
		if lo > maxRepeat || hi > maxRepeat {
			t.tooBig = true
		}
		atom = &reNode{kind: reRepeat, subs: []*reNode{atom}, min: lo, max: hi}
	}
	return atom
}

func (t *ereParser) number() (int, bool) {
	n, digits := 0, 0
	for !t.eof() && isDigit(t.pat[t.pos]) {
		if n <= 0x7fff {
			n = n*10 + int(t.pat[t.pos]-'0')
		}
		t.pos++
		digits++
	}
	return n, digits > 0
}

// interval reads "{lo}", "{lo,}", "{lo,hi}" or "{,hi}" after the "{";
// hi is -1 for no limit.
func (t *ereParser) interval() (int, int) {
	if !strings.Contains(t.pat[t.pos:], "}") {
		panic(ereError(reEBrace))
	}
	lo, hasLo := t.number()
	hi, hasHi, comma := lo, hasLo, false
	if !t.eof() && t.pat[t.pos] == ',' {
		comma = true
		t.pos++
		hi, hasHi = t.number()
	}
	if t.eof() {
		panic(ereError(reEBrace))
	}
	if t.pat[t.pos] != '}' {
		panic(ereError(reBadBr))
	}
	t.pos++
	if !hasLo {
		if !comma {
			panic(ereError(reBadBr))
		}
		lo = 0
	}
	if comma && !hasHi {
		if lo > 0x7fff {
			panic(ereError(reESize))
		}
		return lo, -1
	}
	if lo > hi {
		panic(ereError(reBadBr))
	}
	if hi > 0x7fff {
		panic(ereError(reESize))
	}
	return lo, hi
}

func (t *ereParser) escape() *reNode {
	r, n := t.peekRune()
	t.pos += n
	switch r {
	case 'w', 'W':
		return &reNode{kind: reChar, cls: &reClass{neg: r == 'W', ranges: []rune{'_', '_'}, named: []posixClass{classAlnum}, utf8: t.utf8}}
	case 's', 'S':
		return &reNode{kind: reChar, cls: &reClass{neg: r == 'S', named: []posixClass{classSpace}, utf8: t.utf8}}
	case 'b', '<', '>':
		return &reNode{kind: reWordB}
	case 'B':
		return &reNode{kind: reNoWordB}
	case '`':
		return &reNode{kind: reBOT}
	case '\'':
		return &reNode{kind: reEOT}
	}
	if r >= '1' && r <= '9' {
		panic(ereError(reESubreg))
	}
	return t.literal(r)
}

// bracket reads a bracket expression; the "[" is read already.
func (t *ereParser) bracket() *reClass {
	cls := &reClass{utf8: t.utf8}
	if !t.eof() && t.pat[t.pos] == '^' {
		cls.neg = true
		t.pos++
	}
	if t.eof() {
		panic(ereError(reBadPat))
	}
	first := true
	for {
		if t.eof() {
			panic(ereError(reEBrack))
		}
		c := t.pat[t.pos]
		if c == ']' && !first {
			t.pos++
			break
		}
		first = false
		lo, named := t.bracketElement()
		if named != classNone {
			if t.pos+1 < len(t.pat) && t.pat[t.pos] == '-' && t.pat[t.pos+1] != ']' {
				panic(ereError(reERange))
			}
			cls.named = append(cls.named, named)
			continue
		}
		// a range?
		if t.pos+1 < len(t.pat) && t.pat[t.pos] == '-' && t.pat[t.pos+1] != ']' {
			t.pos++
			hi, hiNamed := t.bracketElement()
			if hiNamed != classNone || hi < lo {
				panic(ereError(reERange))
			}
			cls.ranges = append(cls.ranges, lo, hi)
			if t.pos+1 < len(t.pat) && t.pat[t.pos] == '-' && t.pat[t.pos+1] != ']' {
				panic(ereError(reERange))
			}
			continue
		}
		cls.ranges = append(cls.ranges, lo, lo)
	}
	return cls
}

// bracketElement reads one element of a bracket expression: a character,
// a collating element [.c.], an equivalence class [=c=] (both of one
// character), or a character class [:name:].
func (t *ereParser) bracketElement() (rune, posixClass) {
	if t.pat[t.pos] == '[' && t.pos+1 < len(t.pat) {
		switch kind := t.pat[t.pos+1]; kind {
		case '.', '=', ':':
			end := strings.Index(t.pat[t.pos+2:], string(kind)+"]")
			if end < 0 {
				panic(ereError(reEBrack))
			}
			body := t.pat[t.pos+2 : t.pos+2+end]
			t.pos += 2 + end + 2
			if kind == ':' {
				cl := lookupClass(body)
				if cl == classNone {
					panic(ereError(reECtype))
				}
				return 0, cl
			}
			if utf8.RuneCountInString(body) != 1 {
				panic(ereError(reECollate))
			}
			r, _ := utf8.DecodeRuneInString(body)
			return r, classNone
		}
	}
	r, n := t.peekRune()
	t.pos += n
	return r, classNone
}

// The matcher's program.
type reOp uint8

const (
	opChar   reOp = iota // a character of cls, then the next instruction
	opAny                // any character
	opSplit              // go on at x and at y
	opJmp                // go on at x
	opAssert             // an empty-width assertion (kind), then the next
	opMatch              // a match
)

type reInst struct {
	op   reOp
	kind reKind
	x, y int
	cls  *reClass
}

type reCompiler struct {
	prog []reInst
}

func (c *reCompiler) emit(in reInst) int {
	if len(c.prog) >= maxInsts {
		panic(ereError(reESize))
	}
	c.prog = append(c.prog, in)
	return len(c.prog) - 1
}

func (c *reCompiler) node(n *reNode) {
	switch n.kind {
	case reEmpty:
	case reChar:
		c.emit(reInst{op: opChar, cls: n.cls})
	case reAny:
		c.emit(reInst{op: opAny})
	case reConcat:
		for _, s := range n.subs {
			c.node(s)
		}
	case reAlt:
		var jumps []int
		for i, s := range n.subs {
			if i == len(n.subs)-1 {
				c.node(s)
				break
			}
			split := c.emit(reInst{op: opSplit})
			c.prog[split].x = len(c.prog)
			c.node(s)
			jumps = append(jumps, c.emit(reInst{op: opJmp}))
			c.prog[split].y = len(c.prog)
		}
		for _, j := range jumps {
			c.prog[j].x = len(c.prog)
		}
	case reRepeat:
		sub := n.subs[0]
		for range n.min {
			c.node(sub)
		}
		if n.max < 0 {
			loop := c.emit(reInst{op: opSplit})
			c.prog[loop].x = len(c.prog)
			c.node(sub)
			c.emit(reInst{op: opJmp, x: loop})
			c.prog[loop].y = len(c.prog)
			return
		}
		var splits []int
		for range n.max - n.min {
			split := c.emit(reInst{op: opSplit})
			c.prog[split].x = len(c.prog)
			c.node(sub)
			splits = append(splits, split)
		}
		for _, s := range splits {
			c.prog[s].y = len(c.prog)
		}
	default: // the assertions
		c.emit(reInst{op: opAssert, kind: n.kind})
	}
}

// reThreads is a set of instructions (a sparse set), in the order added.
type reThreads struct {
	dense  []int
	sparse []int
}

func newThreads(n int) *reThreads {
	return &reThreads{dense: make([]int, 0, n), sparse: make([]int, n)}
}

func (s *reThreads) has(pc int) bool {
	i := s.sparse[pc]
	return i < len(s.dense) && s.dense[i] == pc
}

func (s *reThreads) insert(pc int) {
	s.sparse[pc] = len(s.dense)
	s.dense = append(s.dense, pc)
}

// reContext is what the empty-width assertions look at: the position and
// the characters around it (-1 beyond the text).
type reContext struct {
	bot, eot      bool
	before, after rune
}

func (c reContext) holds(kind reKind) bool {
	switch kind {
	case reBOT:
		return c.bot
	case reEOT:
		return c.eot
	case reWordB, reNoWordB:
		boundary := (c.before >= 0 && isWordChar(c.before)) != (c.after >= 0 && isWordChar(c.after))
		return boundary == (kind == reWordB)
	}
	return false
}

// add follows the empty transitions from pc at a position, putting every
// instruction reached in s; it reports whether a match is reached.
func (re *compiledRegexp) add(s *reThreads, pc int, ctx reContext, stack []int) ([]int, bool) {
	stack = append(stack[:0], pc)
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.has(pc) {
			continue
		}
		s.insert(pc)
		in := &re.prog[pc]
		switch in.op {
		case opMatch:
			return stack, true
		case opJmp:
			stack = append(stack, in.x)
		case opSplit:
			stack = append(stack, in.y, in.x)
		case opAssert:
			if ctx.holds(in.kind) {
				stack = append(stack, pc+1)
			}
		}
	}
	return stack, false
}

// next decodes the character at i of s: a byte in the C locale, UTF-8
// otherwise (an invalid byte is U+FFFD); -1 at the end.
func (re *compiledRegexp) next(s string, i int) (rune, int) {
	if i >= len(s) {
		return -1, 0
	}
	if !re.utf8 {
		return rune(s[i]), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func (re *compiledRegexp) match(s string) bool {
	if re.clist == nil {
		re.clist, re.nlist = newThreads(len(re.prog)), newThreads(len(re.prog))
	}
	clist, nlist, stack := re.clist, re.nlist, re.stack
	clist.dense = clist.dense[:0]
	defer func() { re.stack = stack }()
	var matched bool
	before := rune(-1)
	for i := 0; ; {
		r, w := re.next(s, i)
		ctx := reContext{bot: i == 0, eot: i == len(s), before: before, after: r}
		// a match may start anywhere
		if stack, matched = re.add(clist, 0, ctx, stack); matched {
			return true
		}
		if r < 0 {
			return false
		}
		after, _ := re.next(s, i+w)
		nctx := reContext{eot: i+w == len(s), before: r, after: after}
		nlist.dense = nlist.dense[:0]
		for _, pc := range clist.dense {
			in := &re.prog[pc]
			if in.op == opAny || in.op == opChar && in.cls.has(r) {
				if stack, matched = re.add(nlist, pc+1, nctx, stack); matched {
					return true
				}
			}
		}
		clist, nlist = nlist, clist
		before = r
		i += w
	}
}
