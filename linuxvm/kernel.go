package linuxvm

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// KernelPackage is the Debian metapackage whose kernel the x86-64 guest
// boots.
const KernelPackage = "linux-image-amd64"

// Kernel returns the path of the Debian kernel for the guest
// architecture arch (amd64: a bzImage; arm64: an Image, gzip-compressed,
// which QEMU decompresses) in cacheDir/linux, fetching it on first use. A
// kernel already in the cache is used as it is, so the first fetch is the
// only one that needs the archive.
func Kernel(ctx context.Context, cacheDir, arch string) (string, error) {
	dir := filepath.Join(cacheDir, "linux")
	if have, _ := filepath.Glob(filepath.Join(dir, "vmlinuz-*-"+arch)); len(have) > 0 {
		return have[len(have)-1], nil
	}
	switch arch {
	case "amd64":
		return kernelAmd64(ctx, dir)
	case "arm64":
		a, err := HostArchive("/")
		if err != nil {
			return "", err
		}
		return FetchKernel(ctx, a, "arm64", dir)
	}
	return "", fmt.Errorf("no Linux guest for architecture %q (amd64, arm64)", arch)
}

// kernelAmd64 fetches the x86-64 kernel into dir: the package that
// KernelPackage depends on is downloaded with apt-get download (the
// host's /boot and package database stay as they are) and its vmlinuz is
// taken out with dpkg-deb.
func kernelAmd64(ctx context.Context, dir string) (string, error) {
	pkg, err := kernelPackageName(ctx)
	if err != nil {
		return "", err
	}
	tmp, err := fetchDir(dir)
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.CommandContext(ctx, "apt-get", "download", pkg)
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("apt-get download %s: %w\n%s", pkg, err, out)
	}
	debs, _ := filepath.Glob(filepath.Join(tmp, "*.deb"))
	if len(debs) != 1 {
		return "", fmt.Errorf("apt-get download %s left %d packages", pkg, len(debs))
	}
	return saveVmlinuz(ctx, debs[0], dir)
}

// saveVmlinuz takes boot/vmlinuz-* out of the kernel package deb into
// dir and returns its path.
func saveVmlinuz(ctx context.Context, deb, dir string) (string, error) {
	name, data, err := vmlinuzFromDeb(ctx, deb)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path+".tmp", data, 0o644); err != nil {
		return "", err
	}
	return path, os.Rename(path+".tmp", path)
}

var dependsLine = regexp.MustCompile(`(?m)^\s*Depends: (linux-image-\S+-amd64)$`)

// kernelPackageName asks apt which versioned kernel package the
// metapackage stands for (for Debian 12, linux-image-6.1.0-N-amd64).
func kernelPackageName(ctx context.Context) (string, error) {
	if _, err := exec.LookPath("apt-get"); err != nil {
		return "", errors.New("the Linux guest's kernel comes from Debian's " + KernelPackage + ", fetched with apt-get, which this system lacks")
	}
	out, err := exec.CommandContext(ctx, "apt-cache", "depends", KernelPackage).Output()
	if err != nil {
		return "", fmt.Errorf("apt-cache depends %s: %w", KernelPackage, err)
	}
	m := dependsLine.FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("apt-cache depends %s names no kernel package (is the Debian archive in apt's sources?):\n%s", KernelPackage, out)
	}
	return string(m[1]), nil
}

// vmlinuzFromDeb returns the name and contents of boot/vmlinuz-* in a
// kernel package, read from dpkg-deb's tar stream of its files.
func vmlinuzFromDeb(ctx context.Context, deb string) (string, []byte, error) {
	cmd := exec.CommandContext(ctx, "dpkg-deb", "--fsys-tarfile", deb)
	stream, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("dpkg-deb: %w", err)
	}
	defer cmd.Wait()
	defer io.Copy(io.Discard, stream)
	tr := tar.NewReader(stream)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return "", nil, fmt.Errorf("%s holds no boot/vmlinuz-*", deb)
		}
		if err != nil {
			return "", nil, fmt.Errorf("read %s: %w", deb, err)
		}
		name := strings.TrimPrefix(h.Name, "./")
		if strings.HasPrefix(name, "boot/vmlinuz-") && h.Typeflag == tar.TypeReg {
			data, err := io.ReadAll(tr)
			if err != nil {
				return "", nil, fmt.Errorf("read %s from %s: %w", name, deb, err)
			}
			return filepath.Base(name), data, nil
		}
	}
}
