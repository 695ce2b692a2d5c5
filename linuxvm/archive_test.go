package linuxvm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/ulikunitz/xz"
)

// signer is an OpenPGP key of a test, in a GnuPG home of its own.
type signer struct {
	home    string
	keyring string // the public key, exported, for gpgv
}

// newSigner makes an Ed25519 signing key with gpg.
func newSigner(t *testing.T, name string) signer {
	t.Helper()
	home, err := os.MkdirTemp("", "lvgpg")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(home, 0o700))
	t.Cleanup(func() {
		exec.Command("gpgconf", "--homedir", home, "--kill", "gpg-agent").Run()
		os.RemoveAll(home)
	})
	s := signer{home: home, keyring: filepath.Join(home, "public.gpg")}
	s.gpg(t, "--passphrase", "", "--quick-gen-key", name+" <"+name+"@example.org>", "ed25519", "sign", "never")
	s.gpg(t, "--output", s.keyring, "--export")
	return s
}

func (s signer) gpg(t *testing.T, args ...string) {
	t.Helper()
	out, err := exec.Command("gpg", append([]string{"--homedir", s.home, "--batch", "--pinentry-mode", "loopback"}, args...)...).CombinedOutput()
	require.NoError(t, err, "gpg %s: %s", strings.Join(args, " "), out)
}

// clearsign returns text clear-signed with s's key.
func (s signer) clearsign(t *testing.T, text string) []byte {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "Release"), filepath.Join(dir, "InRelease")
	require.NoError(t, os.WriteFile(in, []byte(text), 0o644))
	s.gpg(t, "--passphrase", "", "--output", out, "--clearsign", in)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	return b
}

// fakeMirror serves files from a map that tests may change.
type fakeMirror struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *fakeMirror) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	b, ok := m.files[r.URL.Path]
	m.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Write(b)
}

func (m *fakeMirror) set(path string, b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[path] = b
}

// kernelDeb builds a package holding boot/vmlinuz-6.1.0-99-arm64.
func kernelDeb(t *testing.T, image []byte) []byte {
	t.Helper()
	root := filepath.Join(t.TempDir(), "pkg")
	require.NoError(t, os.MkdirAll(filepath.Join(root, "DEBIAN"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "boot"), 0o755))
	control := "Package: linux-image-6.1.0-99-arm64\nVersion: 6.1.999-1\nArchitecture: arm64\nMaintainer: test <test@example.org>\nDescription: a test kernel\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "DEBIAN", "control"), []byte(control), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "boot", "vmlinuz-6.1.0-99-arm64"), image, 0o644))
	deb := root + ".deb"
	out, err := exec.Command("dpkg-deb", "--root-owner-group", "--build", root, deb).CombinedOutput()
	require.NoError(t, err, "%s", out)
	b, err := os.ReadFile(deb)
	require.NoError(t, err)
	return b
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// archiveFiles is a suite "test" whose arm64 index has linux-image-arm64
// and the kernel package it depends on.
type archiveFiles struct {
	deb, index, indexXZ []byte
	release             string
}

func newArchiveFiles(t *testing.T, image []byte) archiveFiles {
	t.Helper()
	var f archiveFiles
	f.deb = kernelDeb(t, image)
	f.index = []byte(fmt.Sprintf(`Package: linux-image-arm64
Version: 6.1.999-1
Depends: linux-image-6.1.0-99-arm64 (= 6.1.999-1)
Description: Linux for 64-bit ARMv8 machines (meta-package)
 with a continuation line
Filename: pool/main/l/linux-signed-arm64/linux-image-arm64_6.1.999-1_arm64.deb
Size: 10
SHA256: %s

Package: linux-image-6.1.0-99-arm64
Version: 6.1.999-1
Filename: pool/main/l/linux-signed-arm64/linux-image-6.1.0-99-arm64_6.1.999-1_arm64.deb
Size: %d
SHA256: %s
`, strings.Repeat("0", 64), len(f.deb), sha256Hex(f.deb)))
	var xzBuf bytes.Buffer
	w, err := xz.NewWriter(&xzBuf)
	require.NoError(t, err)
	_, err = w.Write(f.index)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	f.indexXZ = xzBuf.Bytes()
	f.release = fmt.Sprintf(`Origin: Test
Suite: test
Architectures: arm64
Components: main
MD5Sum:
 00000000000000000000000000000000 %[1]d main/binary-arm64/Packages.xz
SHA256:
 %[2]s %[3]d main/binary-arm64/Packages
 %[4]s %[1]d main/binary-arm64/Packages.xz
`, len(f.indexXZ), sha256Hex(f.index), len(f.index), sha256Hex(f.indexXZ))
	return f
}

// TestFetchKernelChecksEverything serves a signed suite from a fake
// mirror: the kernel arrives when every signature and hash holds, and
// nothing arrives when InRelease is signed by another key or altered
// after signing, or when Packages.xz or the .deb differ from what the
// signed chain says.
func TestFetchKernelChecksEverything(t *testing.T) {
	trusted, other := newSigner(t, "trusted"), newSigner(t, "other")
	image := []byte("an arm64 Image, for the test")
	files := newArchiveFiles(t, image)
	const (
		inRelease = "/debian/dists/test/InRelease"
		indexPath = "/debian/dists/test/main/binary-arm64/Packages.xz"
		debPath   = "/debian/pool/main/l/linux-signed-arm64/linux-image-6.1.0-99-arm64_6.1.999-1_arm64.deb"
	)
	goodRelease := trusted.clearsign(t, files.release)
	mirror := &fakeMirror{files: map[string][]byte{inRelease: goodRelease, indexPath: files.indexXZ, debPath: files.deb}}
	srv := httptest.NewServer(mirror)
	defer srv.Close()
	a := Archive{Mirror: srv.URL + "/debian/", Suite: "test", Component: "main", Keyring: trusted.keyring, Client: srv.Client()}
	ctx := context.Background()

	dir := t.TempDir()
	kernel, err := FetchKernel(ctx, a, "arm64", dir)
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, "vmlinuz-6.1.0-99-arm64"), kernel)
	got, err := os.ReadFile(kernel)
	require.NoError(t, err)
	require.Equal(t, image, got)

	pkgs, err := a.Packages(ctx, "arm64")
	require.NoError(t, err)
	require.Len(t, pkgs, 2)
	require.Equal(t, int64(len(files.deb)), pkgs["linux-image-6.1.0-99-arm64"].Size)

	refused := func(what, wantErr string) {
		t.Helper()
		dir := t.TempDir()
		_, err := FetchKernel(ctx, a, "arm64", dir)
		require.ErrorContains(t, err, wantErr, what)
		left, _ := filepath.Glob(filepath.Join(dir, "vmlinuz-*"))
		require.Empty(t, left, what)
	}

	mirror.set(inRelease, other.clearsign(t, files.release))
	refused("InRelease signed by a key not in the keyring", "signature not good")
	mirror.set(inRelease, bytes.Replace(goodRelease, []byte("Origin: Test"), []byte("Origin: Evil"), 1))
	refused("InRelease changed after signing", "signature not good")
	mirror.set(inRelease, goodRelease)

	tampered := append([]byte{}, files.indexXZ...)
	tampered[len(tampered)/2] ^= 1
	mirror.set(indexPath, tampered)
	refused("Packages.xz not the one InRelease names", "SHA-256")
	mirror.set(indexPath, files.indexXZ)

	badDeb := append([]byte{}, files.deb...)
	badDeb[len(badDeb)-1] ^= 1
	mirror.set(debPath, badDeb)
	refused("a .deb not the one Packages names", "SHA-256")
	mirror.set(debPath, files.deb[:len(files.deb)-1])
	refused("a short .deb", "bytes, the signed index says")
	mirror.set(debPath, files.deb)

	_, err = FetchKernel(ctx, a, "arm64", t.TempDir())
	require.NoError(t, err, "the mirror serves the signed files again")
}

func TestKernelPackageFollowsTheMetapackage(t *testing.T) {
	pkgs := map[string]Package{
		"linux-image-arm64":          {Name: "linux-image-arm64", Depends: "linux-base, linux-image-6.1.0-50-arm64 (= 6.1.176-1)"},
		"linux-image-6.1.0-50-arm64": {Name: "linux-image-6.1.0-50-arm64", Version: "6.1.176-1"},
		"linux-image-6.1.0-49-arm64": {Name: "linux-image-6.1.0-49-arm64"},
	}
	p, err := kernelPackage(pkgs, "arm64")
	require.NoError(t, err)
	require.Equal(t, "linux-image-6.1.0-50-arm64", p.Name)

	delete(pkgs, "linux-image-6.1.0-50-arm64")
	_, err = kernelPackage(pkgs, "arm64")
	require.ErrorContains(t, err, "which the index lacks")
	_, err = kernelPackage(pkgs, "riscv64")
	require.ErrorContains(t, err, "has no linux-image-riscv64")
}

func TestParsePackagesRefusesEntriesWithoutHashes(t *testing.T) {
	_, err := parsePackages([]byte("Package: a\nVersion: 1\nFilename: pool/a.deb\nSize: 3\n"))
	require.ErrorContains(t, err, "lacks a Filename, Size or SHA256")
}
