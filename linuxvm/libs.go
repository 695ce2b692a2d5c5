package linuxvm

import (
	"bufio"
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// sharedLibraries returns the dynamic loader and the shared libraries a
// native program loads, as the paths the loader looks for them at (the
// guest gets each file at the same path as on this host), from ldd. A
// static program needs none.
func sharedLibraries(ctx context.Context, program string) ([]string, error) {
	f, err := elf.Open(program)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", program, err)
	}
	defer f.Close()
	if f.Machine != elf.EM_X86_64 {
		return nil, fmt.Errorf("%s is for %v; the Linux guest is x86-64", program, f.Machine)
	}
	dynamic := false
	for _, p := range f.Progs {
		dynamic = dynamic || p.Type == elf.PT_INTERP
	}
	if !dynamic {
		return nil, nil
	}
	out, err := exec.CommandContext(ctx, "ldd", program).Output()
	if err != nil {
		return nil, fmt.Errorf("ldd %s: %w", program, err)
	}
	var libs []string
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
			libs = append(libs, path)
		} else if strings.Contains(line, "not found") {
			return nil, fmt.Errorf("%s: %s", program, line)
		}
	}
	return libs, nil
}
