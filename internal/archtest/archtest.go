// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package archtest lets tests on the build machine check the code of other
// architectures: structure layouts against the kernel's and glibc's C
// headers, compiled by Debian's cross compilers, and against what the Go
// compiler lays out for that GOARCH.
//
// A layout check is a package-level array of uint64 in a _test.go file,
// one element per line, each followed by a comment holding the same
// quantity as a C expression:
//
//	var layout = [...]uint64{
//		uint64(unsafe.Sizeof(msqid64DS{})),          // sizeof(struct msqid64_ds)
//		uint64(unsafe.Offsetof(msqid64DS{}.cbytes)), // offsetof(struct msqid64_ds, msg_cbytes)
//	}
//
// [CheckLayout] compiles the comments into a C object for every
// architecture in [Arches] and the package's test binary with that GOARCH
// (neither is run: both values are read from the ELF files), and compares.
// Architectures whose cross compiler is missing are skipped, except under
// CI=true, whose .ci/run installs them all.
package archtest

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/nstest"
)

// Arch is one Linux architecture the tools are built for.
type Arch struct {
	GOARCH string
	// Triplet names Debian's cross toolchain for it: Triplet-gcc.
	Triplet string
	// QEMU is the qemu-user emulator that runs its programs.
	QEMU string
	// HeadersOf, when set, names the architecture whose compiler stands
	// in for this one's in layout checks, because Debian has none for
	// it and both take every structure checked here from the same
	// asm-generic headers with the same C ABI.
	HeadersOf string
}

// Arches are the architectures the tools are built and vetted for
// ("make cross").
var Arches = []Arch{
	{GOARCH: "amd64", Triplet: "x86_64-linux-gnu", QEMU: "qemu-x86_64"},
	{GOARCH: "arm64", Triplet: "aarch64-linux-gnu", QEMU: "qemu-aarch64"},
	{GOARCH: "386", Triplet: "i686-linux-gnu", QEMU: "qemu-i386"},
	{GOARCH: "arm", Triplet: "arm-linux-gnueabihf", QEMU: "qemu-arm"},
	{GOARCH: "riscv64", Triplet: "riscv64-linux-gnu", QEMU: "qemu-riscv64"},
	{GOARCH: "ppc64le", Triplet: "powerpc64le-linux-gnu", QEMU: "qemu-ppc64le"},
	{GOARCH: "s390x", Triplet: "s390x-linux-gnu", QEMU: "qemu-s390x"},
	// LoongArch's uapi headers have no ipcbuf.h, msgbuf.h, sembuf.h,
	// shmbuf.h, posix_types.h or mqueue.h of their own, like RISC-V's;
	// both are LP64 little-endian with natural alignment, and glibc's
	// sem_t is the same 32 bytes on both.
	{GOARCH: "loong64", Triplet: "loongarch64-linux-gnu", QEMU: "qemu-loongarch64", HeadersOf: "riscv64"},
	{GOARCH: "mips64le", Triplet: "mips64el-linux-gnuabi64", QEMU: "qemu-mips64el"},
}

// ArchOf returns the entry of Arches for goarch.
func ArchOf(goarch string) (Arch, bool) {
	for _, a := range Arches {
		if a.GOARCH == goarch {
			return a, true
		}
	}
	return Arch{}, false
}

// CC returns the path of the C compiler for a, or skips t when it is not
// installed (fails under CI=true, except where Debian has none).
func CC(t testing.TB, a Arch) string {
	t.Helper()
	if a.HeadersOf != "" {
		t.Skipf("Debian has no C compiler for %s", a.GOARCH)
	}
	return nstest.Tool(t, a.Triplet+"-gcc")
}

// layoutCC is the compiler whose headers and ABI stand for a's.
func layoutCC(t testing.TB, a Arch) string {
	t.Helper()
	if a.HeadersOf != "" {
		a, _ = ArchOf(a.HeadersOf)
	}
	return CC(t, a)
}

// CheckLayout compares the array variable name of the _test.go file
// (in the current directory, the package's) with its comments compiled as
// C, for every architecture in Arches. prelude holds the C #include lines;
// vals is the variable itself (which also keeps the linker from dropping
// it from the test binaries).
func CheckLayout(t *testing.T, file, name, prelude string, vals []uint64) {
	exprs, err := Comments(file, name)
	if err != nil {
		t.Fatal(err)
	}
	var c strings.Builder
	c.WriteString(prelude)
	c.WriteString("\nconst unsigned long long gonstools_layout[] = {\n")
	for _, e := range exprs {
		fmt.Fprintf(&c, "\t%s,\n", e)
	}
	c.WriteString("};\n")
	for _, a := range Arches {
		t.Run(a.GOARCH, func(t *testing.T) {
			cVals := CValues(t, a, c.String(), "gonstools_layout")
			goVals := vals
			if a.GOARCH != runtime.GOARCH {
				goVals = GoValues(t, a, name)
			}
			if len(cVals) != len(exprs) || len(goVals) != len(exprs) {
				t.Fatalf("%d C values and %d Go values for %d expressions", len(cVals), len(goVals), len(exprs))
			}
			for i, e := range exprs {
				if cVals[i] != goVals[i] {
					t.Errorf("%s: C %d, Go %d", e, cVals[i], goVals[i])
				}
			}
		})
	}
}

// Comments returns the trailing comment of each element of the composite
// literal assigned to the package-level variable name in file.
func Comments(file, name string) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	byLine := map[int]string{}
	for _, g := range f.Comments {
		for _, c := range g.List {
			byLine[fset.Position(c.Pos()).Line] = strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
		}
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			if len(vs.Names) != 1 || vs.Names[0].Name != name || len(vs.Values) != 1 {
				continue
			}
			lit, ok := vs.Values[0].(*ast.CompositeLit)
			if !ok {
				return nil, fmt.Errorf("%s: %s is not a composite literal", file, name)
			}
			var exprs []string
			for _, e := range lit.Elts {
				line := fset.Position(e.End()).Line
				c, ok := byLine[line]
				if !ok || c == "" {
					return nil, fmt.Errorf("%s:%d: element of %s without its C expression", file, line, name)
				}
				exprs = append(exprs, c)
			}
			return exprs, nil
		}
	}
	return nil, fmt.Errorf("%s: no variable %s", file, name)
}

// CValues compiles src for a (into an object file, never run) and returns
// the uint64 array sym that it defines. For an architecture with
// HeadersOf, the other architecture's compiler does it.
func CValues(t testing.TB, a Arch, src, sym string) []uint64 {
	t.Helper()
	cc := layoutCC(t, a)
	dir := t.TempDir()
	in, obj := filepath.Join(dir, "layout.c"), filepath.Join(dir, "layout.o")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(cc, "-c", "-o", obj, in).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s\n%s", cc, err, out, src)
	}
	return readArray(t, obj, sym)
}

// GoValues returns the array variable name of the current package's test
// binary built for a (with CGO_ENABLED=0; never run).
func GoValues(t testing.TB, a Arch, name string) []uint64 {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pkg.test")
	cmd := exec.Command("go", "test", "-c", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "GOARCH="+a.GOARCH, "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("GOARCH=%s go test -c: %v\n%s", a.GOARCH, err, out)
	}
	pkg, err := exec.Command("go", "list", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	return readArray(t, bin, strings.TrimSpace(string(pkg))+"."+name)
}

// readArray reads the uint64 array that symbol sym of the ELF file names,
// in the file's byte order.
func readArray(t testing.TB, file, sym string) []uint64 {
	t.Helper()
	f, err := elf.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for _, s := range syms {
		if s.Name != sym || int(s.Section) >= len(f.Sections) {
			continue
		}
		sec := f.Sections[s.Section]
		data, err := sec.Data()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		off := s.Value
		if f.Type != elf.ET_REL {
			off -= sec.Addr
		}
		if off+s.Size > uint64(len(data)) || s.Size%8 != 0 {
			t.Fatalf("%s: symbol %s lies outside %s", file, sym, sec.Name)
		}
		vals := make([]uint64, s.Size/8)
		if err := binary.Read(bytes.NewReader(data[off:off+s.Size]), f.ByteOrder, vals); err != nil {
			t.Fatal(err)
		}
		return vals
	}
	t.Fatalf("%s: no symbol %s", file, sym)
	return nil
}
