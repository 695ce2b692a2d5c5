package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Four-level page tables of 4 KiB pages, 9 address bits a level: x86-64's
// and arm64's (4 KiB granule, 48-bit addresses) have the same shape and
// differ only in their descriptor bits (paging_GOARCH.go). Boot built an
// identity map of the first 4 GiB with 2 MiB or larger blocks (physical
// memory and devices); everything the kernel maps later uses 4 KiB pages
// above it: the Go runtime's memory (demand-zero, vma.go) and the kernel
// stacks (thread.go). Page-table pages come from the frame allocator and
// are reached through the identity map.

// pte returns the address of the last-level entry for va, creating the
// intermediate tables when create is set. It returns 0 when a table is
// missing (and create is unset or memory is exhausted) or when va lies in
// a 2 MiB mapping.
func pte(va uintptr, create bool) uintptr {
	table := pageTableRoot()
	for level := 3; level > 0; level-- {
		e := table + (va>>(pageShift+9*level))&511*8
		v := *(*uint64)(cpu.Pointer(e))
		if v&ptePresent == 0 {
			if !create {
				return 0
			}
			f := allocFrame()
			if f == 0 {
				return 0
			}
			v = tableDescriptor(f)
			*(*uint64)(cpu.Pointer(e)) = v
		} else if isBlock(v) {
			return 0
		}
		table = uintptr(v & pteAddrMask)
	}
	return table + (va>>pageShift)&511*8
}

// mapPage maps the frame pa at va.
func mapPage(va, pa uintptr, writable bool) bool {
	e := pte(va, true)
	if e == 0 {
		return false
	}
	*(*uint64)(cpu.Pointer(e)) = pageDescriptor(pa, writable)
	invalidatePage(va)
	return true
}

// unmapRange removes the mappings of [start, end) and frees their frames,
// skipping unpopulated tables a whole table at a time.
func unmapRange(start, end uintptr) {
	flushAll := end-start > 64*pageSize
	for va := start; va < end; {
		e := pte(va, false)
		if e == 0 {
			// No last-level table here: skip to the next 2 MiB boundary.
			va = (va + 512*pageSize) &^ (512*pageSize - 1)
			continue
		}
		for ; va < end; va += pageSize {
			p := (*uint64)(cpu.Pointer(e))
			if v := *p; v&(ptePresent|pteProtNone) != 0 {
				*p = 0
				freeFrame(uintptr(v & pteAddrMask))
				if !flushAll {
					invalidatePage(va)
				}
			}
			e += 8
			if (va+pageSize)&(512*pageSize-1) == 0 {
				va += pageSize
				break
			}
		}
	}
	if flushAll {
		flushTLB()
	}
}

// protectRange applies prot to the pages of [start, end) that are mapped
// (pages not yet touched get it when they are faulted in).
func protectRange(start, end uintptr, prot uint32) {
	for va := start; va < end; va += pageSize {
		e := pte(va, false)
		if e == 0 {
			continue
		}
		p := (*uint64)(cpu.Pointer(e))
		v := *p
		if v&(ptePresent|pteProtNone) == 0 {
			continue
		}
		pa := uintptr(v & pteAddrMask)
		if prot == protNone {
			*p = uint64(pa) | pteProtNone
		} else {
			*p = pageDescriptor(pa, prot&protWrite != 0)
		}
		invalidatePage(va)
	}
}
