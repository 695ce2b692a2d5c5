package linuxvm

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// FetchKernel downloads the kernel package that Debian's linux-image-ARCH
// metapackage depends on from the archive a, checked as Archive does,
// and saves its boot/vmlinuz-* in dir.
func FetchKernel(ctx context.Context, a Archive, arch, dir string) (string, error) {
	pkgs, err := a.Packages(ctx, arch)
	if err != nil {
		return "", err
	}
	pkg, err := kernelPackage(pkgs, arch)
	if err != nil {
		return "", err
	}
	tmp, err := fetchDir(dir)
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	deb, err := a.Download(ctx, pkg, tmp)
	if err != nil {
		return "", err
	}
	return saveVmlinuz(ctx, deb, dir)
}

// kernelPackage picks the versioned kernel package (for Debian 12,
// linux-image-6.1.0-N-ARCH) that linux-image-ARCH depends on.
func kernelPackage(pkgs map[string]Package, arch string) (Package, error) {
	meta := "linux-image-" + arch
	m, ok := pkgs[meta]
	if !ok {
		return Package{}, fmt.Errorf("the archive's %s index has no %s", arch, meta)
	}
	dep := regexp.MustCompile(`^linux-image-\S+-` + regexp.QuoteMeta(arch) + `$`)
	for _, d := range strings.Split(m.Depends, ",") {
		name, _, _ := strings.Cut(strings.TrimSpace(d), " ")
		if !dep.MatchString(name) {
			continue
		}
		p, ok := pkgs[name]
		if !ok {
			return Package{}, fmt.Errorf("%s depends on %s, which the index lacks", meta, name)
		}
		return p, nil
	}
	return Package{}, fmt.Errorf("%s depends on no kernel package (Depends: %s)", meta, m.Depends)
}

// SysrootPackages are the Debian packages a C program needs to be built
// and linked against glibc for another architecture: the C library and
// its headers, the kernel's headers and GCC's start files and runtime.
var SysrootPackages = []string{"libc6", "libc6-dev", "linux-libc-dev", "libgcc-12-dev", "libgcc-s1"}

// FetchSysroot downloads SysrootPackages for arch from the archive a and
// unpacks them (dpkg-deb -x) into the directory sysroot, which must not
// exist yet; it appears whole or not at all.
func FetchSysroot(ctx context.Context, a Archive, arch, sysroot string) error {
	pkgs, err := a.Packages(ctx, arch)
	if err != nil {
		return err
	}
	parent := filepath.Dir(sysroot)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "fetch-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	tree := filepath.Join(tmp, "root")
	for _, name := range SysrootPackages {
		p, ok := pkgs[name]
		if !ok {
			return fmt.Errorf("the archive's %s index has no %s", arch, name)
		}
		deb, err := a.Download(ctx, p, tmp)
		if err != nil {
			return err
		}
		if out, err := exec.CommandContext(ctx, "dpkg-deb", "-x", deb, tree).CombinedOutput(); err != nil {
			return fmt.Errorf("dpkg-deb -x %s: %w\n%s", filepath.Base(deb), err, out)
		}
		if err := os.Remove(deb); err != nil {
			return err
		}
	}
	if err := os.Rename(tree, sysroot); err != nil {
		return fmt.Errorf("sysroot: %w", err)
	}
	return nil
}

// fetchDir makes dir and a fresh directory in it for one download, which
// the caller removes when done.
func fetchDir(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("make %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(dir, "fetch-")
	if err != nil {
		return "", fmt.Errorf("make a download directory in %s: %w", dir, err)
	}
	return tmp, nil
}
