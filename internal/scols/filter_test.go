// SPDX-License-Identifier: Apache-2.0

//go:build linux

package scols

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// ereCases are glibc 2.36's regcomp(REG_EXTENDED|REG_NOSUB) and regexec
// results for each pattern, in the C and C.UTF-8 locales: its message, or
// the subjects (ereSubjects) it matches, each as " [subject]".
var ereCases = []struct {
	utf8      bool
	pat, want string
}{
	{false, "[", "ERR Invalid regular expression"},
	{false, "]", "ok [a]b]"},
	{false, "a]b", "ok [a]b]"},
	{false, "[]a]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "[a", "ERR Unmatched [, [^, [:, [., or [="},
	{false, "(", "ERR Unmatched ( or \\("},
	{false, ")", "ok [)]"},
	{false, "a)", "ok"},
	{false, "(a", "ERR Unmatched ( or \\("},
	{false, "*a", "ERR Invalid preceding regular expression"},
	{false, "a**", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "+a", "ERR Invalid preceding regular expression"},
	{false, "?", "ERR Invalid preceding regular expression"},
	{false, "a{1", "ERR Unmatched \\{"},
	{false, "a{1,2", "ERR Unmatched \\{"},
	{false, "a{,2}", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "a{2,1}", "ERR Invalid content of \\{\\}"},
	{false, "{", "ERR Invalid preceding regular expression"},
	{false, "}", "ok [}] [a{,2}]"},
	{false, "a{x}", "ERR Invalid content of \\{\\}"},
	{false, "a{", "ERR Unmatched \\{"},
	{false, "\\", "ERR Trailing backslash"},
	{false, "a\\", "ERR Trailing backslash"},
	{false, "\\d", "ok [d] [word here]"},
	{false, "\\w", "ok [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [word here] [aa] [a{,2}]"},
	{false, "\\<a", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "a\\>", "ok [a] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "\\1", "ERR Invalid back reference"},
	{false, "[[:foo:]]", "ERR Invalid character class name"},
	{false, "[[:alpha:]]", "ok [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [word here] [aa] [a{,2}]"},
	{false, "[z-a]", "ERR Invalid range end"},
	{false, "[a-", "ERR Unmatched [, [^, [:, [., or [="},
	{false, "[[.a.]]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "[[=a=]]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "[\\]", "ok [\\]"},
	{false, "x|", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "|x", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "()", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "a||b", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "^*", "ERR Invalid preceding regular expression"},
	{false, "a|*b", "ERR Invalid preceding regular expression"},
	{false, "(*a)", "ERR Invalid preceding regular expression"},
	{false, "(+)", "ERR Invalid preceding regular expression"},
	{false, "a{1}{2}", "ok [aa]"},
	{false, "a+*", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "[[.ab.]]", "ERR Invalid collation character"},
	{false, "[[:alpha:]-z]", "ERR Invalid range end"},
	{false, "\\{", "ok [a{1] [{] [a{,2}]"},
	{false, "a\\{1", "ok [a{1]"},
	{false, ".", "ok [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "^$", "ok []"},
	{false, "$a", "ok"},
	{false, "a^", "ok"},
	{false, "a^*", "ERR Invalid preceding regular expression"},
	{false, "$*", "ERR Invalid preceding regular expression"},
	{false, "a$*", "ERR Invalid preceding regular expression"},
	{false, "[^]a]", "ok [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [+] [a{,2}] [é]"},
	{false, "[a-]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "[-a]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "[]-a]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "a{x", "ERR Unmatched \\{"},
	{false, "a{,}", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "a{1,}", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "[[:alpha:]]+", "ok [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [word here] [aa] [a{,2}]"},
	{false, "é", "ok [é]"},
	{false, "^.$", "ok [a] [d] [\\] [(] [)] [{] [}] [+]"},
	{false, "[é]", "ok [é]"},
	{false, "\\W", "ok [a{1] [x*y] [a.b] [a]b] [\\] [word here] [(] [)] [{] [}] [+] [a{,2}] [é]"},
	{false, "\\s", "ok [word here]"},
	{false, "a\\b", "ok [a] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "x{0}", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "(a|)", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "a|", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{false, "[[:digit:]]", "ok [a{1] [a{,2}]"},
	{false, "\\.", "ok [a.b]"},
	{false, "a.c", "ok [abc]"},
	{false, "[[:upper:]]", "ok"},
	{false, "\\`a", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{false, "a\\'", "ok [a] [aa]"},
	{false, "[[:space:]]", "ok [word here]"},
	{false, "(a)(b)", "ok [ab] [abc]"},
	{false, "[^a]", "ok [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [+] [a{,2}] [é]"},
	{false, "((a)", "ERR Unmatched ( or \\("},
	{false, "a))", "ok"},
	{false, "a{1x}", "ERR Invalid content of \\{\\}"},
	{false, "[a-c-e]", "ERR Invalid range end"},
	{false, "[%--]", "ok [x*y] [(] [)] [+] [a{,2}]"},
	{false, "a{99999}", "ERR Regular expression too big"},
	{false, "(a){2}", "ok [aa]"},
	{false, "[[:alpha:]", "ERR Unmatched [, [^, [:, [., or [="},
	{false, "[[:alpha", "ERR Unmatched [, [^, [:, [., or [="},
	{false, "[[.", "ERR Unmatched [, [^, [:, [., or [="},
	{false, "a|b|", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "[", "ERR Invalid regular expression"},
	{true, "]", "ok [a]b]"},
	{true, "a]b", "ok [a]b]"},
	{true, "[]a]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "[a", "ERR Unmatched [, [^, [:, [., or [="},
	{true, "(", "ERR Unmatched ( or \\("},
	{true, ")", "ok [)]"},
	{true, "a)", "ok"},
	{true, "(a", "ERR Unmatched ( or \\("},
	{true, "*a", "ERR Invalid preceding regular expression"},
	{true, "a**", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "+a", "ERR Invalid preceding regular expression"},
	{true, "?", "ERR Invalid preceding regular expression"},
	{true, "a{1", "ERR Unmatched \\{"},
	{true, "a{1,2", "ERR Unmatched \\{"},
	{true, "a{,2}", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "a{2,1}", "ERR Invalid content of \\{\\}"},
	{true, "{", "ERR Invalid preceding regular expression"},
	{true, "}", "ok [}] [a{,2}]"},
	{true, "a{x}", "ERR Invalid content of \\{\\}"},
	{true, "a{", "ERR Unmatched \\{"},
	{true, "\\", "ERR Trailing backslash"},
	{true, "a\\", "ERR Trailing backslash"},
	{true, "\\d", "ok [d] [word here]"},
	{true, "\\w", "ok [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [word here] [aa] [a{,2}] [é]"},
	{true, "\\<a", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "a\\>", "ok [a] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "\\1", "ERR Invalid back reference"},
	{true, "[[:foo:]]", "ERR Invalid character class name"},
	{true, "[[:alpha:]]", "ok [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [word here] [aa] [a{,2}] [é]"},
	{true, "[z-a]", "ERR Invalid range end"},
	{true, "[a-", "ERR Unmatched [, [^, [:, [., or [="},
	{true, "[[.a.]]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "[[=a=]]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "[\\]", "ok [\\]"},
	{true, "x|", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "|x", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "()", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "a||b", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "^*", "ERR Invalid preceding regular expression"},
	{true, "a|*b", "ERR Invalid preceding regular expression"},
	{true, "(*a)", "ERR Invalid preceding regular expression"},
	{true, "(+)", "ERR Invalid preceding regular expression"},
	{true, "a{1}{2}", "ok [aa]"},
	{true, "a+*", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "[[.ab.]]", "ERR Invalid collation character"},
	{true, "[[:alpha:]-z]", "ERR Invalid range end"},
	{true, "\\{", "ok [a{1] [{] [a{,2}]"},
	{true, "a\\{1", "ok [a{1]"},
	{true, ".", "ok [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "^$", "ok []"},
	{true, "$a", "ok"},
	{true, "a^", "ok"},
	{true, "a^*", "ERR Invalid preceding regular expression"},
	{true, "$*", "ERR Invalid preceding regular expression"},
	{true, "a$*", "ERR Invalid preceding regular expression"},
	{true, "[^]a]", "ok [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [+] [a{,2}] [é]"},
	{true, "[a-]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "[-a]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "[]-a]", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "a{x", "ERR Unmatched \\{"},
	{true, "a{,}", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "a{1,}", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "[[:alpha:]]+", "ok [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [word here] [aa] [a{,2}] [é]"},
	{true, "é", "ok [é]"},
	{true, "^.$", "ok [a] [d] [\\] [(] [)] [{] [}] [+] [é]"},
	{true, "[é]", "ok [é]"},
	{true, "\\W", "ok [a{1] [x*y] [a.b] [a]b] [\\] [word here] [(] [)] [{] [}] [+] [a{,2}]"},
	{true, "\\s", "ok [word here]"},
	{true, "a\\b", "ok [a] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "x{0}", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "(a|)", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "a|", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
	{true, "[[:digit:]]", "ok [a{1] [a{,2}]"},
	{true, "\\.", "ok [a.b]"},
	{true, "a.c", "ok [abc]"},
	{true, "[[:upper:]]", "ok"},
	{true, "\\`a", "ok [a] [ab] [abc] [a{1] [a.b] [a]b] [aa] [a{,2}]"},
	{true, "a\\'", "ok [a] [aa]"},
	{true, "[[:space:]]", "ok [word here]"},
	{true, "(a)(b)", "ok [ab] [abc]"},
	{true, "[^a]", "ok [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [+] [a{,2}] [é]"},
	{true, "((a)", "ERR Unmatched ( or \\("},
	{true, "a))", "ok"},
	{true, "a{1x}", "ERR Invalid content of \\{\\}"},
	{true, "[a-c-e]", "ERR Invalid range end"},
	{true, "[%--]", "ok [x*y] [(] [)] [+] [a{,2}]"},
	{true, "a{99999}", "ERR Regular expression too big"},
	{true, "(a){2}", "ok [aa]"},
	{true, "[[:alpha:]", "ERR Unmatched [, [^, [:, [., or [="},
	{true, "[[:alpha", "ERR Unmatched [, [^, [:, [., or [="},
	{true, "[[.", "ERR Unmatched [, [^, [:, [., or [="},
	{true, "a|b|", "ok [] [a] [ab] [abc] [a{1] [x*y] [a.b] [a]b] [d] [\\] [word here] [(] [)] [{] [}] [aa] [+] [a{,2}] [é]"},
}

var ereSubjects = []string{"", "a", "ab", "abc", "a{1", "x*y", "a.b", "a]b", "d", "\\", "word here", "(", ")", "{", "}", "aa", "+", "a{,2}", "é"}

func TestERE(t *testing.T) {
	for _, c := range ereCases {
		re, msg := compileERE(c.pat, Charset{UTF8: c.utf8})
		got := "ERR " + msg
		if msg == "" {
			got = "ok"
			for _, s := range ereSubjects {
				if re.match(s) {
					got += " [" + s + "]"
				}
			}
		}
		if got != c.want {
			t.Errorf("utf8 %v, %q:\n glibc: %s\n   ours: %s", c.utf8, c.pat, c.want, got)
		}
	}
}

// TestFilterMessages: what lsns 2.42 prints for bad filters (the text
// after "lsns: failed to parse ...: ").
func TestFilterMessages(t *testing.T) {
	for _, c := range []struct{ expr, msg string }{
		{"NPROCS = 1", "syntax error, unexpected NUMBER, expecting end of file"},
		{"NPROCS ==", "syntax error, unexpected end of file"},
		{"a b", "syntax error, unexpected HOLDER, expecting end of file"},
		{"(", "syntax error, unexpected end of file"},
		{")", "syntax error, unexpected ')'"},
		{"(NS NS)", "syntax error, unexpected HOLDER"},
		{"NS)", "syntax error, unexpected ')', expecting end of file"},
		{"'", "syntax error, unexpected invalid token"},
		{"and", "syntax error, unexpected AND"},
		{"1 2 3", "syntax error, unexpected NUMBER, expecting end of file"},
		{"NS == 1.5.5", "syntax error, unexpected NUMBER, expecting end of file"},
		{"NPROCS > 10K99999999999999999999", "syntax error, unexpected NUMBER, expecting end of file"},
		{"NS > 99999999999999999999999K", `"99999999999999999999999K" token error: Numerical result out of range`},
		{"08K", `"08K" token error: Invalid argument`},
		{"NS 1Y", "syntax error, unexpected INVALID_NUMBER, expecting end of file"},
		{"NS > 1Y", `"1Y" token error: Numerical result out of range`},
		{`COMMAND =~ "["`, "Invalid regular expression"},
		{`COMMAND =~ "a{1"`, `Unmatched \{`},
		{`COMMAND =~ "[" 99999999999999999999999K`, "Invalid regular expression"},
		{`COMMAND =~ NS`, "syntax error, the right side of =~ and !~ must be a string"},
	} {
		_, err := ParseFilter(c.expr, Charset{})
		if err == nil || err.Error() != c.msg {
			t.Errorf("%q: error %v, want %q", c.expr, err, c.msg)
		}
	}
}

// TestFilterPrecedence: "or" and "and" share a level and group to the
// left; "!" binds tighter than both and as tight as comparisons.
func TestFilterPrecedence(t *testing.T) {
	for _, c := range []struct{ expr, tree string }{
		{"a or b and c", "(AND (OR a b) c)"},
		{"a and b or c", "(OR (AND a b) c)"},
		{"a == b == c", "(EQ (EQ a b) c)"},
		{"!a == b", "(EQ (NOT a) b)"},
		{"a == !b == c", "(EQ (EQ a (NOT b)) c)"},
		{"a and !b == c", "(AND a (EQ (NOT b) c))"},
		{"a || b && c == d", "(AND (OR a b) (EQ c d))"},
		{"!(a || b)", "(NOT (OR a b))"},
		{"NOT NOT a", "(NOT (NOT a))"},
		{`a =~ "x" && b`, `(AND (REG a "x") b)`},
		{"1.5 < 2KiB", "(LT 1.5 2048)"},
		{"010K == 8K", "(EQ 8192 8192)"},
		{"a\t==\n'b c'", `(EQ a "b c")`},
		{`x == "  padded "`, `(EQ x "padded")`},
		{"x&&y", "(AND x y)"},
		{"x&y", ""},   // a lone "&" is skipped: "x y"
		{"x = y", ""}, // the "=" is skipped: "x y"
	} {
		f, err := ParseFilter(c.expr, Charset{})
		got := ""
		if err == nil {
			got = dumpNode(f.root)
		}
		if c.tree == "" {
			if err == nil {
				t.Errorf("%q parsed as %s, want an error", c.expr, got)
			}
			continue
		}
		if got != c.tree {
			t.Errorf("%q: %s (error %v), want %s", c.expr, got, err, c.tree)
		}
	}
}

func dumpNode(n node) string {
	switch n := n.(type) {
	case *param:
		return n.String()
	case *expr:
		names := map[exprKind]string{exprAnd: "AND", exprOr: "OR", exprNeg: "NOT", exprEq: "EQ", exprNe: "NE",
			exprLe: "LE", exprLt: "LT", exprGe: "GE", exprGt: "GT", exprReg: "REG", exprNreg: "NREG"}
		if n.kind == exprNeg {
			return "(NOT " + dumpNode(n.right) + ")"
		}
		return "(" + names[n.kind] + " " + dumpNode(n.left) + " " + dumpNode(n.right) + ")"
	}
	return "?"
}

// TestFilterHolders lists column names in the order they appear, once per
// appearance.
func TestFilterHolders(t *testing.T) {
	f, err := ParseFilter(`USER != "root" and (NPROCS > 1 or USER == NS)`, Charset{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.Holders(), ","); got != "USER,NPROCS,USER,NS" {
		t.Errorf("holders %s", got)
	}
	if f, _ := ParseFilter("", Charset{}); !f.Empty() {
		t.Error("an empty expression is not empty")
	}
}

// FuzzFilter: parsing and evaluating never panics, and what parses once
// parses again to the same tree.
func FuzzFilter(f *testing.F) {
	for _, c := range ereCases[:20] {
		f.Add(`NAME =~ "` + c.pat + `"`)
	}
	for _, s := range []string{"NUM > 1K && !(STR == 'x') || FLT <= 2.5", "BOOL", "(((", `"abc`, "99999999999999999999999999", "1.0.0", "NAME !~ \"[[:alpha:]]+$\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		for _, utf := range []bool{false, true} {
			flt, err := ParseFilter(expr, Charset{UTF8: utf})
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Msg == "" {
					t.Fatalf("%q: error %T %v", expr, err, err)
				}
				continue
			}
			again, err := ParseFilter(expr, Charset{UTF8: utf})
			if err != nil || dumpNode(again.root) != dumpNode(flt.root) {
				t.Fatalf("%q parses differently the second time", expr)
			}
			if flt.Empty() {
				continue
			}
			for i, h := range flt.Holders() {
				for j, c := range filterCols {
					if c.name == h {
						flt.Assign(i, j, TypeOf(c.json))
					}
				}
			}
			known := true
			for _, h := range flt.Holders() {
				found := false
				for _, c := range filterCols {
					found = found || c.name == h
				}
				known = known && found
			}
			if !known {
				continue
			}
			for _, row := range filterData {
				flt.Match(func(col int) (string, bool) { return row[col], row[col] != "" })
			}
		}
	})
}

// FuzzERE: any pattern compiles or is refused with one of glibc's
// messages, and a compiled one matches as Go's regexp does with the same
// pattern in Go's syntax (see TestEREAgainstGo).
func FuzzERE(f *testing.F) {
	for _, c := range ereCases {
		f.Add(c.pat, c.utf8)
	}
	f.Fuzz(func(t *testing.T, pat string, utf bool) {
		re, msg := compileERE(pat, Charset{UTF8: utf})
		if msg != "" {
			if re != nil {
				t.Fatalf("%q: both a regexp and %q", pat, msg)
			}
			return
		}
		var goRe *regexp.Regexp
		if node, _ := parseERE(pat, utf); node != nil && len(re.prog) < 10000 {
			goRe, _ = regexp.Compile("(?s)" + goSyntax(node))
		}
		for _, s := range append(ereSubjects, pat) {
			got := re.match(s)
			if goRe == nil {
				continue
			}
			if !utf {
				s = bytesToRunes(s)
			}
			if want := goRe.MatchString(s); got != want {
				t.Errorf("utf8 %v: %q =~ %q: %v, Go's regexp: %v", utf, s, pat, got, want)
			}
		}
	})
}
