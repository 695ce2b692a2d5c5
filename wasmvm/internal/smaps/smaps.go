// Package smaps reads the kernel's account of this process's mappings
// (/proc/self/smaps), for tests that check the advice the engine gives
// the kernel about its memory (huge pages for linear memory and for the
// compiler's heap).
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
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	inside := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := mappingRange(line); ok {
			inside = lo <= uint64(addr) && uint64(addr) < hi
		} else if inside && strings.HasPrefix(line, "VmFlags:") {
			return strings.Fields(strings.TrimPrefix(line, "VmFlags:")), nil
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read /proc/self/smaps: %w", err)
	}
	return nil, fmt.Errorf("no mapping contains %#x", addr)
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
