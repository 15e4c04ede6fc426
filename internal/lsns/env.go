// SPDX-License-Identifier: Apache-2.0

//go:build linux

package lsns

import (
	"encoding/binary"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Terminal reports whether standard output is a terminal and the width
// libsmartcols would use: the terminal's, else $COLUMNS, else 80.
func Terminal(getenv func(string) string) (isTerm bool, width int) {
	_, err := unix.IoctlGetTermios(1, unix.TCGETS)
	isTerm = err == nil
	if ws, err := unix.IoctlGetWinsize(1, unix.TIOCGWINSZ); err == nil && ws.Col > 0 {
		return isTerm, int(ws.Col)
	}
	if s := getenv("COLUMNS"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 && n <= 1<<31-1 {
			return isTerm, int(n)
		}
	}
	return isTerm, 80
}

// localeCategories are the categories setlocale(LC_ALL, "") sets; if the
// locale of any of them is missing, the call fails and the C locale stays.
var localeCategories = []string{"LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY",
	"LC_MESSAGES", "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION"}

// LocaleDir is where glibc looks for compiled locales.
var LocaleDir = "/usr/lib/locale"

// UTF8Locale reports whether a C program calling setlocale(LC_ALL, "")
// would get a UTF-8 LC_CTYPE, as glibc decides it from LC_ALL, LC_* and
// LANG and the locales installed. That decides the tree's line art and
// how wide characters are.
func UTF8Locale(getenv func(string) string) bool {
	names := map[string]string{}
	for _, c := range localeCategories {
		v := getenv("LC_ALL")
		if v == "" {
			v = getenv(c)
		}
		if v == "" {
			v = getenv("LANG")
		}
		names[c] = v
	}
	for _, v := range names {
		if !localeExists(v) {
			return false
		}
	}
	_, codeset, _ := splitLocale(names["LC_CTYPE"])
	return normalizeCodeset(codeset) == "utf8"
}

// splitLocale splits language[_territory][.codeset][@modifier].
func splitLocale(name string) (lang, codeset, modifier string) {
	lang, modifier, _ = strings.Cut(name, "@")
	lang, codeset, _ = strings.Cut(lang, ".")
	return lang, codeset, modifier
}

// normalizeCodeset is glibc's _nl_normalize_codeset: letters in lower
// case, digits kept, the rest dropped; all digits gain an "iso" prefix.
func normalizeCodeset(cs string) string {
	var b strings.Builder
	digits := true
	for i := 0; i < len(cs); i++ {
		c := cs[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			continue
		}
		digits = digits && c >= '0' && c <= '9'
	}
	if digits && b.Len() > 0 {
		return "iso" + b.String()
	}
	return b.String()
}

func localeExists(name string) bool {
	if name == "" || name == "C" || name == "POSIX" {
		return true
	}
	if strings.Contains(name, "/") {
		return false
	}
	lang, codeset, mod := splitLocale(name)
	cands := []string{name}
	if codeset != "" {
		n := lang + "." + normalizeCodeset(codeset)
		if mod != "" {
			n += "@" + mod
		}
		cands = append(cands, n)
	}
	for _, c := range cands {
		if _, err := os.Stat(LocaleDir + "/" + c + "/LC_CTYPE"); err == nil {
			return true
		}
	}
	f, err := os.Open(LocaleDir + "/locale-archive")
	if err != nil {
		return false
	}
	defer f.Close()
	for _, c := range cands {
		if InLocaleArchive(f, c) {
			return true
		}
	}
	return false
}

// InLocaleArchive looks a locale name up in glibc's locale archive: its
// header, then the table of names (struct locarhead and namehashent).
func InLocaleArchive(f io.ReaderAt, name string) bool {
	var head [32]byte
	if _, err := f.ReadAt(head[:], 0); err != nil {
		return false
	}
	le := binary.LittleEndian
	if le.Uint32(head[0:]) != 0xde020109 {
		return false
	}
	hashOff, hashSize := le.Uint32(head[8:]), le.Uint32(head[16:])
	if hashSize > 1<<16 {
		return false
	}
	table := make([]byte, 12*int(hashSize))
	if _, err := f.ReadAt(table, int64(hashOff)); err != nil {
		return false
	}
	buf := make([]byte, len(name)+1)
	for i := 0; i < int(hashSize); i++ {
		e := table[12*i:]
		nameOff, rec := le.Uint32(e[4:]), le.Uint32(e[8:])
		if rec == 0 {
			continue
		}
		if _, err := f.ReadAt(buf, int64(nameOff)); err != nil {
			continue
		}
		if string(buf[:len(name)]) == name && buf[len(name)] == 0 {
			return true
		}
	}
	return false
}
