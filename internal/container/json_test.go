// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// toAny converts a parsed value into what encoding/json's Decoder with
// UseNumber makes of the same document.
func toAny(v jsonValue) any {
	switch v.kind {
	case jsonNull:
		return nil
	case jsonFalse:
		return false
	case jsonTrue:
		return true
	case jsonNumber:
		return json.Number(v.text)
	case jsonString:
		return v.text
	case jsonArray:
		a := make([]any, len(v.items))
		for i, item := range v.items {
			a[i] = toAny(item)
		}
		return a
	}
	m := make(map[string]any, len(v.members))
	for _, mem := range v.members {
		m[mem.key] = toAny(mem.value)
	}
	return m
}

// stdDecode decodes with encoding/json, numbers kept as literals.
func stdDecode(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err == nil {
		return nil, errors.New("data after the value")
	}
	return v, nil
}

// checkJSON fails t when parseJSON and encoding/json disagree on doc.
func checkJSON(t *testing.T, doc []byte) {
	t.Helper()
	got, err := parseJSON(doc)
	valid := json.Valid(doc)
	if (err == nil) != valid {
		t.Fatalf("parseJSON(%q): error %v, but json.Valid says %v", doc, err, valid)
	}
	if err != nil {
		return
	}
	want, err := stdDecode(doc)
	if err != nil {
		t.Fatalf("encoding/json cannot decode %q, which it calls valid: %v", doc, err)
	}
	if g := toAny(got); !reflect.DeepEqual(g, want) {
		t.Fatalf("parseJSON(%q) = %#v, encoding/json says %#v", doc, g, want)
	}
}

var jsonSeeds = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `1.5e-3`, `-12E+4`, `"x"`,
	` { "a" : [ 1 , 2 , { "b" : null } ] } `,
	`{"Id":"abc","State":{"Running":true,"Pid":42}}`,
	`{"a":1,"a":2}`,
	`"\u00e9\ud83d\ude00\n\t\"\\\/\b\f\r"`,
	`"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800"`, `"\ud800\udc00"`, `"\ud800\\"`,
	"\"\xff\xfe\"", "\"\xef\xbf\xbd\"", "\"caf\xc3\xa9\"",
	`01`, `1.`, `.5`, `-`, `1e`, `1e+`, `+1`, `tru`, `nul`, `[1,]`, `{"a":1,}`,
	`{"a" 1}`, `{1:2}`, `[1 2]`, `"abc`, `"\x"`, `"\u12"`, `"\u12g4"`,
	"\"a\x01b\"", "[\x00]", `{"a":1}x`, ``, ` `, `[` + strings.Repeat(`[`, 20) + `]`,
	"\t\r\n[\t1\r\n]\n",
}

func TestParseJSON(t *testing.T) {
	for _, doc := range jsonSeeds {
		checkJSON(t, []byte(doc))
	}
}

func TestParseJSONDepth(t *testing.T) {
	deep := func(n int) []byte {
		return []byte(strings.Repeat("[", n) + strings.Repeat("]", n))
	}
	if _, err := parseJSON(deep(jsonMaxDepth)); err != nil {
		t.Errorf("depth %d: %v", jsonMaxDepth, err)
	}
	if _, err := parseJSON(deep(jsonMaxDepth + 1)); err == nil {
		t.Errorf("depth %d accepted", jsonMaxDepth+1)
	}
	checkJSON(t, deep(jsonMaxDepth+1))
	checkJSON(t, []byte(strings.Repeat(`{"a":`, jsonMaxDepth)+"1"+strings.Repeat("}", jsonMaxDepth)))
}

func TestJSONAccessors(t *testing.T) {
	v, err := parseJSON([]byte(`{"s":"x","n":42,"f":4.5,"big":99999999999999999999,"t":true,"z":null,"o":{"k":"last"},"o":{"k":"final"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := v.get("s").str(); !ok || s != "x" {
		t.Errorf("s = %q, %v", s, ok)
	}
	if _, ok := v.get("n").str(); ok {
		t.Error("a number read as a string")
	}
	if n, ok := v.get("n").integer(); !ok || n != 42 {
		t.Errorf("n = %d, %v", n, ok)
	}
	for _, k := range []string{"f", "big", "s", "missing"} {
		if _, ok := v.get(k).integer(); ok {
			t.Errorf("%s read as an integer", k)
		}
	}
	if b, ok := v.get("t").boolean(); !ok || !b {
		t.Errorf("t = %v, %v", b, ok)
	}
	if _, ok := v.get("missing").boolean(); ok {
		t.Error("a missing key read as a boolean")
	}
	if !v.get("z").isNull() || !v.get("missing").isNull() || v.get("s").isNull() {
		t.Error("isNull is wrong")
	}
	if s, _ := v.get("o").get("k").str(); s != "final" {
		t.Errorf("repeated key: got %q, want the last value", s)
	}
	if s, ok := v.get("S").str(); ok {
		t.Errorf("keys matched regardless of case: %q", s)
	}
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		checkJSON(t, doc)
	})
}
