// The arm64 build of this package is tested under qemu-user, which does
// not pass madvise on to the host kernel: the advice is checked natively.

//go:build amd64

package runtime

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// TestGuardedMemoryAdvisedHugePages checks in /proc/self/smaps that the
// kernel recorded the huge-page advice (VmFlags "hg") for the accessible
// part of a guard-region memory.
func TestGuardedMemoryAdvisedHugePages(t *testing.T) {
	m, err := NewGuardedMemory(wasm.MemoryType{Limits: wasm.Limits{Min: 64}})
	if err != nil {
		t.Fatal(err)
	}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(m.Bytes)))
	flags, err := vmFlags(base)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Fatalf("VmFlags of the memory at %#x are %q, without hg (MADV_HUGEPAGE)", base, flags)
	}
}

// vmFlags returns the VmFlags line of the mapping that starts at addr.
func vmFlags(addr uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	header := fmt.Sprintf("%x-", addr)
	found := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, header) {
			found = true
		} else if found && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:")), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no mapping starts at %#x in /proc/self/smaps", addr)
}
