// SPDX-License-Identifier: Apache-2.0

//go:build linux

package enginetest

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/gonstools/gonstools/internal/nstest"
)

// ImageRef is the name every engine gives the sandbox's busybox image:
// fully qualified, so that podman never looks for a short-name alias.
const ImageRef = "localhost/gonstools/busybox:test"

// busyboxApplets are linked to /bin/busybox in the image.
var busyboxApplets = []string{"sh", "sleep", "true", "hostname", "cat", "ls", "ps"}

// busybox returns the path of a static busybox (package busybox-static),
// or stops t.
func busybox(t testing.TB) string {
	t.Helper()
	bb := nstest.Tool(t, "busybox")
	f, err := elf.Open(bb)
	if err != nil {
		t.Fatalf("%s: %v", bb, err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			nstest.Require(t, false, bb+" is not static (install busybox-static)")
		}
	}
	return bb
}

// Rootfs returns a tar file of a minimal root file system: a static
// busybox as /bin/busybox, its applets as links, and the directories a
// runtime mounts on.
func (sb *Sandbox) Rootfs(t testing.TB) string {
	t.Helper()
	if sb.rootfs != "" {
		return sb.rootfs
	}
	bin, err := os.ReadFile(busybox(t))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	mtime := time.Unix(0, 0)
	for _, d := range []string{"bin", "dev", "etc", "proc", "sys", "tmp", "run"} {
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, ModTime: mtime})
	}
	tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: "bin/busybox", Mode: 0o755, Size: int64(len(bin)), ModTime: mtime})
	tw.Write(bin)
	for _, a := range busyboxApplets {
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeSymlink, Name: "bin/" + a, Linkname: "busybox", Mode: 0o777, ModTime: mtime})
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	sb.rootfs = filepath.Join(sb.Dir, "rootfs.tar")
	if err := os.WriteFile(sb.rootfs, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return sb.rootfs
}

// OCIArchive returns an OCI image layout, as a tar file, holding the
// rootfs as one uncompressed layer under the name ref: what
// "ctr image import" reads.
func (sb *Sandbox) OCIArchive(t testing.TB, ref string) string {
	t.Helper()
	layer, err := os.ReadFile(sb.Rootfs(t))
	if err != nil {
		t.Fatal(err)
	}
	blobs := map[string][]byte{}
	add := func(b []byte) (digest string, size int) {
		sum := sha256.Sum256(b)
		digest = "sha256:" + hex.EncodeToString(sum[:])
		blobs[digest] = b
		return digest, len(b)
	}
	mustJSON := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	type desc struct {
		MediaType   string            `json:"mediaType"`
		Digest      string            `json:"digest"`
		Size        int               `json:"size"`
		Annotations map[string]string `json:"annotations,omitempty"`
	}
	layerDigest, layerSize := add(layer)
	config := mustJSON(map[string]any{
		"architecture": runtime.GOARCH,
		"os":           "linux",
		"config":       map[string]any{"Cmd": []string{"sleep", "1000"}},
		"rootfs":       map[string]any{"type": "layers", "diff_ids": []string{layerDigest}},
	})
	configDigest, configSize := add(config)
	manifest := mustJSON(map[string]any{
		"schemaVersion": 2,
		"mediaType":     "application/vnd.oci.image.manifest.v1+json",
		"config":        desc{MediaType: "application/vnd.oci.image.config.v1+json", Digest: configDigest, Size: configSize},
		"layers":        []desc{{MediaType: "application/vnd.oci.image.layer.v1.tar", Digest: layerDigest, Size: layerSize}},
	})
	manifestDigest, manifestSize := add(manifest)
	index := mustJSON(map[string]any{
		"schemaVersion": 2,
		"manifests": []desc{{
			MediaType: "application/vnd.oci.image.manifest.v1+json", Digest: manifestDigest, Size: manifestSize,
			Annotations: map[string]string{"org.opencontainers.image.ref.name": ref},
		}},
	})

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	file := func(name string, b []byte) {
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: int64(len(b)), ModTime: time.Unix(0, 0)})
		tw.Write(b)
	}
	for _, d := range []string{"blobs/", "blobs/sha256/"} {
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d, Mode: 0o755, ModTime: time.Unix(0, 0)})
	}
	file("oci-layout", []byte(`{"imageLayoutVersion":"1.0.0"}`))
	file("index.json", index)
	for digest, b := range blobs {
		file("blobs/sha256/"+digest[len("sha256:"):], b)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(sb.Dir, "oci.tar")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
