//go:build scolsoracle

package scols

// A developer's check, not part of "make test": random tables are printed
// by this package and by libsmartcols itself, through the "fromfile"
// sample program of util-linux (libsmartcols/samples/fromfile.c, built
// against the libsmartcols that /usr/bin/lsns uses), and must match byte
// for byte. Run it with
//
//	SCOLS_FROMFILE=/path/to/fromfile go test -tags scolsoracle -run Oracle ./internal/scols
//
// SCOLS_ORACLE_N sets the number of random tables (default 2000).

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var oracleWords = []string{
	"", "a", "sleep", "/usr/bin/bash -l", "kthreadd", "x y  z", "tab\there", "ctl\x01x", `back\xslash`,
	"é", "日本語テキスト", "e\u0301", "zero\u200bwidth", "\x80bad", "abcdefghijklmnopqrstuvwxyz0123456789",
	"/run/netns/one", "4026531840", "12", "root", "unassigned", "emoji😀", "nbsp\u00a0x", "del\x7f",
}

func randText(r *rand.Rand, nl bool) string {
	n := r.Intn(4)
	var parts []string
	for i := 0; i < n; i++ {
		w := oracleWords[r.Intn(len(oracleWords))]
		if nl && strings.Contains(w, `\`) {
			continue // fromfile cannot read a backslash before an escaped newline
		}
		parts = append(parts, w)
	}
	sep := " "
	if nl && r.Intn(2) == 0 {
		sep = "\n"
	}
	s := strings.Join(parts, sep)
	if r.Intn(5) == 0 {
		s = strings.Repeat(s, 1+r.Intn(4))
	}
	return s
}

type oracleCol struct {
	name  string
	whint float64
	flags string
}

func TestOracle(t *testing.T) {
	bin := os.Getenv("SCOLS_FROMFILE")
	if bin == "" {
		t.Skip("SCOLS_FROMFILE is not set")
	}
	n := 2000
	if s := os.Getenv("SCOLS_ORACLE_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	seed := int64(1)
	if s := os.Getenv("SCOLS_ORACLE_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	r := rand.New(rand.NewSource(seed))
	dir := t.TempDir()
	fails, hangs := 0, 0
	defer func() { t.Logf("%d tables; libsmartcols hung on %d", n, hangs) }()
	for iter := 0; iter < n && fails < 5; iter++ {
		ncols := 1 + r.Intn(5)
		nlines := 1 + r.Intn(8)
		var cols []oracleCol
		tree := r.Intn(2) == 0
		treeCol := r.Intn(ncols)
		for i := 0; i < ncols; i++ {
			c := oracleCol{name: []string{"NS", "TYPE", "COMMAND", "NSFS", "X", "LONGHEADERNAME", "é"}[r.Intn(7)]}
			c.whint = []float64{0, 0, 5, 10, 0.3, 0.5}[r.Intn(6)]
			fl := []string{"none", "trunc", "right", "wrapnl", "trunc", "none", "hidden", "wrapnl"}[r.Intn(8)]
			if tree && i == treeCol {
				fl = "tree"
				if r.Intn(3) == 0 {
					fl = "tree,trunc"
				}
			}
			c.flags = fl
			cols = append(cols, c)
		}
		// two extra hidden columns hold the tree's ids and parents
		args := []string{"--nlines", strconv.Itoa(nlines)}
		format := Human
		switch r.Intn(5) {
		case 0:
			format = Raw
			args = append(args, "--raw")
		case 1:
			format = JSON
			args = append(args, "--json")
		}
		width := 0
		if format == Human && r.Intn(4) != 0 {
			width = 10 + r.Intn(90)
			args = append(args, "--width", strconv.Itoa(width))
		}
		utf := r.Intn(2) == 0

		tb := &Table{Format: format, IsTerm: width > 0, TermWidth: width, Charset: Charset{UTF8: utf}, Name: "testtable"}
		for i, c := range cols {
			f := filepath.Join(dir, fmt.Sprintf("col%d", i))
			os.WriteFile(f, []byte(fmt.Sprintf("%s\n%v\n%s\n", c.name, c.whint, c.flags)), 0o644)
			args = append(args, "--column", f)
			col := &Column{Name: c.name, WHint: c.whint}
			for _, fl := range strings.Split(c.flags, ",") {
				switch fl {
				case "trunc":
					col.Flags |= Trunc
				case "tree":
					col.Flags |= Tree
				case "right":
					col.Flags |= Right
				case "wrapnl":
					col.Flags |= Wrap
				case "hidden":
					col.Flags |= Hidden
				}
			}
			tb.AddColumn(col)
		}
		if tree {
			tb.AddColumn(&Column{Name: "ID", Flags: Hidden})
			tb.AddColumn(&Column{Name: "PARENT", Flags: Hidden})
		}
		var parents []int
		lines := make([]*Line, nlines)
		data := make([][]string, ncols+2)
		for i := 0; i < nlines; i++ {
			p := -1
			if tree && i > 0 && r.Intn(3) != 0 {
				p = r.Intn(i)
			}
			parents = append(parents, p)
			var parent *Line
			if p >= 0 {
				parent = lines[p]
			}
			lines[i] = tb.NewLine(parent)
			for j, c := range cols {
				s := randText(r, c.flags == "wrapnl")
				lines[i].Set(j, s)
				data[j] = append(data[j], strings.ReplaceAll(s, "\n", `\n`))
			}
			data[ncols] = append(data[ncols], fmt.Sprintf("id%d", i))
			pid := ""
			if p >= 0 {
				pid = fmt.Sprintf("id%d", p)
			}
			if tree {
				lines[i].Set(ncols, fmt.Sprintf("id%d", i))
				lines[i].Set(ncols+1, pid)
			}
			data[ncols+1] = append(data[ncols+1], pid)
		}
		if tree {
			for j, name := range []string{"ID", "PARENT"} {
				f := filepath.Join(dir, "col"+name)
				os.WriteFile(f, []byte(name+"\n0\nhidden\n"), 0o644)
				args = append(args, "--column", f)
				_ = j
			}
			args = append(args, "--tree-id-column", strconv.Itoa(ncols), "--tree-parent-column", strconv.Itoa(ncols+1))
		}
		for j := range data {
			if j >= ncols && !tree {
				break
			}
			f := filepath.Join(dir, fmt.Sprintf("data%d", j))
			content := strings.Join(data[j], "\n")
			if len(data[j]) > 0 {
				content += "\n"
			}
			os.WriteFile(f, []byte(content), 0o644)
			args = append(args, f)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		cmd := exec.CommandContext(ctx, bin, args...)
		defer cancel()
		loc := "C"
		if utf {
			loc = "C.UTF-8"
		}
		cmd.Env = append(os.Environ(), "LC_ALL="+loc)
		want, err := cmd.Output()
		if ctx.Err() != nil {
			tb.Print() // libsmartcols loops forever here; this package must not
			hangs++
			continue
		}
		if err != nil {
			t.Fatalf("%s %q: %v", bin, args, err)
		}
		got := tb.Print()
		if !bytes.Equal(got, want) {
			fails++
			t.Errorf("iteration %d (%s, width %d, format %d):\nargs %q\n--- libsmartcols\n%s--- ours\n%s", iter, loc, width, format, args, want, got)
		}
	}
}
