// Package smaps reads the kernel's account of this process's mappings
// (/proc/self/smaps), for tests that check the advice the engine gives
// the kernel about its memory (huge pages for linear memory and for the
// compiler's heap) and what the kernel made of it.
package smaps

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// VMFlags returns the flags (the "VmFlags:" line: "rd wr mr mw me hg ...")
// of the mapping that contains addr.
func VMFlags(addr uintptr) ([]string, error) {
	v, err := field(addr, "VmFlags:")
	if err != nil {
		return nil, err
	}
	return strings.Fields(v), nil
}

// AnonHugePages returns how many bytes of the mapping that contains addr
// are on transparent huge pages (the "AnonHugePages:" line).
func AnonHugePages(addr uintptr) (uint64, error) {
	v, err := field(addr, "AnonHugePages:")
	if err != nil {
		return 0, err
	}
	kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("AnonHugePages %q: %w", v, err)
	}
	return kb << 10, nil
}

// field returns what follows name on its line in the account of the
// mapping that contains addr.
func field(addr uintptr, name string) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	inside := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := mappingRange(line); ok {
			inside = lo <= uint64(addr) && uint64(addr) < hi
		} else if inside && strings.HasPrefix(line, name) {
			return strings.TrimPrefix(line, name), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("read /proc/self/smaps: %w", err)
	}
	return "", fmt.Errorf("no mapping contains %#x, or it has no %s line", addr, name)
}

// mappingRange parses a mapping's header line ("start-end perms ...").
func mappingRange(line string) (lo, hi uint64, ok bool) {
	r, _, found := strings.Cut(line, " ")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(r, "-")
	if !found {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseUint(a, 16, 64)
	hi, err2 := strconv.ParseUint(b, 16, 64)
	return lo, hi, err1 == nil && err2 == nil
}
