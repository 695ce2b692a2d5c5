package linuxvm

import (
	"bufio"
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// elfMachines are the guests' processors as ELF names them.
var elfMachines = map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}

// libFile is a file a dynamically linked program loads: where the guest
// has it and where it is on this host.
type libFile struct{ guest, host string }

// sharedLibraries returns the dynamic loader and the shared libraries a
// native program for arch loads (none for a static program). A program
// for this host's architecture gets the host's files, at the same paths,
// as ldd finds them; one for another architecture the files of the
// Debian sysroot of that architecture (Sysroot).
func sharedLibraries(ctx context.Context, cacheDir, arch, program string) ([]libFile, error) {
	f, err := elf.Open(program)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", program, err)
	}
	defer f.Close()
	if want, ok := elfMachines[arch]; !ok || f.Machine != want {
		return nil, fmt.Errorf("%s is for %v; the Linux guest is %s", program, f.Machine, arch)
	}
	var interp string
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			b, err := io.ReadAll(p.Open())
			if err != nil {
				return nil, fmt.Errorf("%s: %w", program, err)
			}
			interp = strings.TrimRight(string(b), "\x00")
		}
	}
	if interp == "" {
		return nil, nil
	}
	if arch == hostArch {
		return lddLibraries(ctx, program)
	}
	sysroot, err := Sysroot(ctx, cacheDir, arch)
	if err != nil {
		return nil, err
	}
	return sysrootLibraries(program, interp, sysroot, multiarchDirs[arch])
}

// lddLibraries asks ldd for the files a program of this host loads.
func lddLibraries(ctx context.Context, program string) ([]libFile, error) {
	out, err := exec.CommandContext(ctx, "ldd", program).Output()
	if err != nil {
		return nil, fmt.Errorf("ldd %s: %w", program, err)
	}
	var libs []libFile
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		// "libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x...)",
		// "/lib64/ld-linux-x86-64.so.2 (0x...)", or the vDSO without a path.
		line := strings.TrimSpace(sc.Text())
		if _, path, ok := strings.Cut(line, " => "); ok {
			line = path
		}
		path, _, _ := strings.Cut(line, " (")
		if filepath.IsAbs(path) {
			libs = append(libs, libFile{guest: path, host: path})
		} else if strings.Contains(line, "not found") {
			return nil, fmt.Errorf("%s: %s", program, line)
		}
	}
	return libs, nil
}

// multiarchDirs are where Debian's dynamic loader looks for libraries.
var multiarchDirs = map[string][]string{
	"amd64": {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu"},
	"arm64": {"/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu"},
}

// sysrootLibraries resolves a program's loader and its DT_NEEDED
// libraries, and theirs, in the directories dirs of sysroot, as the
// loader will in the guest.
func sysrootLibraries(program, interp, sysroot string, dirs []string) ([]libFile, error) {
	libs := []libFile{{guest: interp, host: filepath.Join(sysroot, interp)}}
	seen := map[string]bool{}
	for queue := []string{program}; len(queue) > 0; queue = queue[1:] {
		f, err := elf.Open(queue[0])
		if err != nil {
			return nil, err
		}
		needed, err := f.ImportedLibraries()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", queue[0], err)
		}
		for _, name := range needed {
			if seen[name] {
				continue
			}
			seen[name] = true
			lib, ok := findLibrary(sysroot, dirs, name)
			if !ok {
				return nil, fmt.Errorf("%s needs %s, which %s lacks in %s", filepath.Base(queue[0]), name, sysroot, strings.Join(dirs, ", "))
			}
			libs = append(libs, lib)
			queue = append(queue, lib.host)
		}
	}
	return libs, nil
}

func findLibrary(sysroot string, dirs []string, name string) (libFile, bool) {
	for _, d := range dirs {
		host := filepath.Join(sysroot, d, name)
		if fi, err := os.Stat(host); err == nil && fi.Mode().IsRegular() {
			return libFile{guest: path.Join(d, name), host: host}, true
		}
	}
	return libFile{}, false
}
