package boot

import "unsafe"

// entry32 is the PVH entry point (32-bit code, entry_amd64.s). The kernel
// ELF's PVH note holds its address; it is never called from Go.
func entry32()

// Symbols defined in entry_amd64.s.
var (
	startInfo uint64 // physical address of the hvm_start_info
	bootStack [262144]byte
	bootTLS   [2]uint64
	bootG     [8]uint64
	tss       [104]byte
	istStacks [3 * 16384]byte

	// Identity page tables for the first 4 GiB (2 MiB pages), built by
	// entry32 at the first 4 KiB boundary inside.
	earlyTables [7 * 4096]byte
)

// ISTStacks returns the bounds of the interrupt stacks (all three are
// contiguous): the kernel describes them to Go code that runs on them.
func ISTStacks() (lo, hi uintptr) {
	lo = uintptr(unsafe.Pointer(&istStacks[0]))
	return lo, lo + uintptr(len(istStacks))
}
