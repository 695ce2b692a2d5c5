package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// arm64 translation-table descriptors (4 KiB granule). MAIR_EL1, set by
// boot, has normal write-back memory at attribute index 0 and device
// memory at 1.
const (
	ptePresent  = 1 << 0 // valid
	pteTable    = 1 << 1 // table at levels 0-2, page at level 3
	pteReadOnly = 1 << 7 // AP[2]
	pteInner    = 3 << 8 // inner shareable
	pteAccessed = 1 << 10
	// pteProtNone marks a page whose frame is kept while mprotect(PROT_NONE)
	// makes it inaccessible (a software bit, in an invalid descriptor).
	pteProtNone = 1 << 55
	pteAddrMask = 0x0000FFFFFFFFF000

	normalBlock = ptePresent | pteInner | pteAccessed // 2 MiB block, attribute 0
	blockSize   = 2 << 20
)

// pageTableRoot returns the physical address of the level-0 table.
func pageTableRoot() uintptr { return cpu.TTBR0() &^ 0xFFF }

// tableDescriptor points an entry at the next-level table pa.
func tableDescriptor(pa uintptr) uint64 { return uint64(pa) | ptePresent | pteTable }

// isBlock reports whether the valid upper-level entry v maps a block
// instead of pointing at a table.
func isBlock(v uint64) bool { return v&pteTable == 0 }

// pageDescriptor maps a 4 KiB page of normal memory at pa.
func pageDescriptor(pa uintptr, writable bool) uint64 {
	v := uint64(pa) | ptePresent | pteTable | pteInner | pteAccessed
	if !writable {
		v |= pteReadOnly
	}
	return v
}

// invalidatePage drops the TLB entry for the page holding va.
func invalidatePage(va uintptr) { cpu.InvalidatePage(va) }

// flushTLB drops every TLB entry.
func flushTLB() { cpu.FlushTLB() }

// identityBlock returns the address of the level-2 entry boot made for
// the 2 MiB block holding pa (below 4 GiB).
func identityBlock(pa uintptr) *uint64 {
	l1 := uintptr(*(*uint64)(cpu.Pointer(pageTableRoot())) & pteAddrMask)
	l2 := uintptr(*(*uint64)(cpu.Pointer(l1 + pa>>30*8)) & pteAddrMask)
	return (*uint64)(cpu.Pointer(l2 + pa>>21&511*8))
}

// identityMapped reports whether addr, below physLimit, is mapped by the
// identity map (in a block, or in the pages boot made of block 0).
func identityMapped(addr uintptr) bool {
	v := *identityBlock(addr)
	if v&ptePresent == 0 || isBlock(v) {
		return v&ptePresent != 0
	}
	l3 := uintptr(v & pteAddrMask)
	return *(*uint64)(cpu.Pointer(l3 + addr>>12&511*8))&ptePresent != 0
}

// mapRAM makes every whole 2 MiB block of RAM the device tree lists
// normal memory in the identity map (boot mapped only the image that way,
// and devices everywhere else), changing each entry break-before-make.
func mapRAM(info boot.Info) {
	for i, n := 0, info.MemoryMapLen(); i < n; i++ {
		r := info.MemoryMapEntry(i)
		start := (uintptr(r.Addr) + blockSize - 1) &^ (blockSize - 1)
		end := uintptr(r.Addr+r.Size) &^ (blockSize - 1)
		if end > physLimit {
			end = physLimit
		}
		for pa := start; pa < end; pa += blockSize {
			e := identityBlock(pa)
			want := uint64(pa) | normalBlock
			if *e == want || *e&ptePresent != 0 && !isBlock(*e) {
				continue // normal already, or boot's pages of block 0
			}
			*e = 0
			cpu.InvalidatePage(pa)
			*e = want
			cpu.InvalidatePage(pa)
		}
	}
}

// A 1 GiB block of device memory at level 1, with boot's device bits:
// valid block, AttrIndx 1 (Device-nGnRE), access flag, never executable
// (PXN, UXN).
const (
	deviceBlock1G = 0x0060000000000405
	gigaBlock     = 1 << 30
	l1Span        = 512 * gigaBlock // what the one level-1 table covers
)

// deviceAddress returns the address at which the kernel reaches device
// registers at the physical address pa: pa itself, identity-mapped. Boot
// mapped the first 4 GiB; a device above it (the Raspberry Pi 5's sit
// past 64 GiB) gets its 1 GiB as a device block at level 1, and the range
// is kept from mmap. It is called while the kernel starts, before mmap
// has handed anything out. It returns 0 (which drivers take as "absent")
// for an address past the first 512 GiB, which the kernel does not map,
// or in a gigabyte already mapped otherwise.
func deviceAddress(pa uint64) uintptr {
	if pa < physLimit {
		return uintptr(pa)
	}
	if pa >= l1Span {
		return 0
	}
	l1 := uintptr(*(*uint64)(cpu.Pointer(pageTableRoot())) & pteAddrMask)
	e := (*uint64)(cpu.Pointer(l1 + uintptr(pa>>30)*8))
	block := uintptr(pa) &^ (gigaBlock - 1)
	switch *e {
	case uint64(block) | deviceBlock1G:
	case 0:
		*e = uint64(block) | deviceBlock1G
		cpu.InvalidatePage(block)
		insertRegion(block, block+gigaBlock, protNone) // never handed out by mmap
	default:
		return 0
	}
	return uintptr(pa)
}
