package linuxvm

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ulikunitz/xz"
)

// Archive is a Debian archive read over HTTP without apt: a suite's
// InRelease is checked with gpgv against a keyring, the package index
// against the SHA-256 that the signed InRelease gives it, and each
// package against the SHA-256 the index gives it. Nothing is trusted
// before its check, so a mirror (or a network) cannot slip in other bytes.
type Archive struct {
	Mirror    string // the archive's root URL, e.g. http://deb.debian.org/debian
	Suite     string // e.g. bookworm
	Component string // e.g. main
	Keyring   string // the OpenPGP keyring gpgv checks InRelease with
	Client    *http.Client
}

// Package is one entry of an archive's package index.
type Package struct {
	Name, Version string
	Filename      string // the .deb's path below the mirror's root
	Size          int64
	SHA256        string // of the .deb, lower-case hex
	Depends       string // the Depends field as written
}

// Limits on what is read from a mirror before it is checked.
const (
	maxInRelease = 16 << 20
	maxIndex     = 256 << 20 // a decompressed Packages file (about 50 MB for arm64)
)

// Packages returns the package index of arch (a Debian architecture
// name such as arm64), verified, by package name.
func (a Archive) Packages(ctx context.Context, arch string) (map[string]Package, error) {
	signed, err := a.get(ctx, "dists/"+a.Suite+"/InRelease", maxInRelease)
	if err != nil {
		return nil, err
	}
	release, err := verifySignature(ctx, a.Keyring, signed)
	if err != nil {
		return nil, fmt.Errorf("%s/dists/%s/InRelease: %w", a.Mirror, a.Suite, err)
	}
	name := a.Component + "/binary-" + arch + "/Packages.xz"
	want, err := releaseEntry(release, name)
	if err != nil {
		return nil, fmt.Errorf("%s/dists/%s/InRelease: %w", a.Mirror, a.Suite, err)
	}
	compressed, err := a.get(ctx, "dists/"+a.Suite+"/"+name, want.size)
	if err != nil {
		return nil, err
	}
	if err := want.check(compressed); err != nil {
		return nil, fmt.Errorf("%s/dists/%s/%s: %w", a.Mirror, a.Suite, name, err)
	}
	xr, err := xz.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	index, err := io.ReadAll(io.LimitReader(xr, maxIndex))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return parsePackages(index)
}

// Download fetches p's .deb into dir and returns its path, after checking
// its size and SHA-256 against the index.
func (a Archive) Download(ctx context.Context, p Package, dir string) (string, error) {
	want := hashEntry{sha256: p.SHA256, size: p.Size}
	data, err := a.get(ctx, p.Filename, p.Size)
	if err != nil {
		return "", err
	}
	if err := want.check(data); err != nil {
		return "", fmt.Errorf("%s %s (%s): %w", p.Name, p.Version, p.Filename, err)
	}
	out := filepath.Join(dir, path.Base(p.Filename))
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return "", err
	}
	return out, nil
}

// get reads the file rel below the mirror's root, refusing more than max
// bytes.
func (a Archive) get(ctx context.Context, rel string, max int64) ([]byte, error) {
	url := strings.TrimSuffix(a.Mirror, "/") + "/" + rel
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	client := a.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: %s", url, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("fetch %s: more than the %d bytes expected", url, max)
	}
	return data, nil
}

// verifySignature checks the clear-signed document with gpgv against
// keyring and returns the signed text as gpgv gives it, so that nothing
// outside the signature is read.
func verifySignature(ctx context.Context, keyring string, signed []byte) ([]byte, error) {
	if _, err := exec.LookPath("gpgv"); err != nil {
		return nil, errors.New("checking the archive's signature needs gpgv (Debian: gpgv)")
	}
	if _, err := os.Stat(keyring); err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	tmp, err := os.MkdirTemp("", "linuxvm-gpgv")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	in := filepath.Join(tmp, "InRelease")
	if err := os.WriteFile(in, signed, 0o600); err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "gpgv", "--homedir", tmp, "--keyring", keyring, "--output", "-", in)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("signature not good (gpgv with %s): %w\n%s", keyring, err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// hashEntry is a file's SHA-256 and size as an index gives them.
type hashEntry struct {
	sha256 string
	size   int64
}

func (h hashEntry) check(data []byte) error {
	if int64(len(data)) != h.size {
		return fmt.Errorf("%d bytes, the signed index says %d", len(data), h.size)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != strings.ToLower(h.sha256) {
		return fmt.Errorf("SHA-256 %s, the signed index says %s", got, h.sha256)
	}
	return nil
}

// releaseEntry finds name in the SHA256 list of a Release file.
func releaseEntry(release []byte, name string) (hashEntry, error) {
	inList := false
	sc := bufio.NewScanner(bytes.NewReader(release))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, " ") {
			inList = strings.TrimSpace(line) == "SHA256:"
			continue
		}
		if !inList {
			continue
		}
		f := strings.Fields(line)
		if len(f) == 3 && f[2] == name {
			size, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil || len(f[0]) != sha256.Size*2 {
				return hashEntry{}, fmt.Errorf("bad SHA256 entry %q", line)
			}
			return hashEntry{sha256: f[0], size: size}, nil
		}
	}
	return hashEntry{}, fmt.Errorf("no SHA256 entry for %s", name)
}

// parsePackages reads a Packages file: stanzas of "Field: value" lines
// (continuation lines start with a space) separated by blank lines.
func parsePackages(index []byte) (map[string]Package, error) {
	pkgs := map[string]Package{}
	var p Package
	var sizeField string
	flush := func() error {
		if p.Name == "" {
			return nil
		}
		size, err := strconv.ParseInt(sizeField, 10, 64)
		if err != nil || p.Filename == "" || len(p.SHA256) != sha256.Size*2 {
			return fmt.Errorf("package index: entry %s lacks a Filename, Size or SHA256", p.Name)
		}
		p.Size = size
		pkgs[p.Name] = p
		p, sizeField = Package{}, ""
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(index))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, " ") {
			continue // a continuation line of a field not kept
		}
		value = strings.TrimSpace(value)
		switch key {
		case "Package":
			p.Name = value
		case "Version":
			p.Version = value
		case "Filename":
			p.Filename = value
		case "Size":
			sizeField = value
		case "SHA256":
			p.SHA256 = value
		case "Depends":
			p.Depends = value
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("package index: %w", err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return pkgs, nil
}
