package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// x86-64 page-table entries.
const (
	ptePresent  = 1 << 0
	pteWritable = 1 << 1
	pteHuge     = 1 << 7
	// pteProtNone marks a page whose frame is kept while mprotect(PROT_NONE)
	// makes it inaccessible (ignored by the processor when not present).
	pteProtNone = 1 << 9
	pteAddrMask = 0x000FFFFFFFFFF000
)

// pageTableRoot returns the physical address of the top-level table.
func pageTableRoot() uintptr { return cpu.CR3() &^ 0xFFF }

// tableDescriptor points an entry at the next-level table pa.
func tableDescriptor(pa uintptr) uint64 { return uint64(pa) | ptePresent | pteWritable }

// isBlock reports whether the present upper-level entry v maps a large
// page instead of pointing at a table.
func isBlock(v uint64) bool { return v&pteHuge != 0 }

// pageDescriptor maps a 4 KiB page at pa.
func pageDescriptor(pa uintptr, writable bool) uint64 {
	v := uint64(pa) | ptePresent
	if writable {
		v |= pteWritable
	}
	return v
}

// invalidatePage drops the TLB entry for the page holding va.
func invalidatePage(va uintptr) { cpu.Invlpg(va) }

// flushTLB drops every TLB entry.
func flushTLB() { cpu.SetCR3(cpu.CR3()) }
