package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Four-level x86-64 page tables. The tables boot built map the first 4 GiB
// with 2 MiB pages (physical memory and devices, identity); everything the
// kernel maps later uses 4 KiB pages above them: the Go runtime's memory
// (demand-zero, vma.go) and the kernel stacks (thread.go). Page-table pages
// come from the frame allocator and are reached through the identity map.

const (
	ptePresent  = 1 << 0
	pteWritable = 1 << 1
	pteHuge     = 1 << 7
	// pteProtNone marks a page whose frame is kept while mprotect(PROT_NONE)
	// makes it inaccessible (ignored by the processor when not present).
	pteProtNone = 1 << 9
	pteAddrMask = 0x000FFFFFFFFFF000
)

// pte returns the address of the last-level entry for va, creating the
// intermediate tables when create is set. It returns 0 when a table is
// missing (and create is unset or memory is exhausted) or when va lies in
// a 2 MiB mapping.
func pte(va uintptr, create bool) uintptr {
	table := cpu.CR3() &^ 0xFFF
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
			v = uint64(f) | ptePresent | pteWritable
			*(*uint64)(cpu.Pointer(e)) = v
		} else if v&pteHuge != 0 {
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
	v := uint64(pa) | ptePresent
	if writable {
		v |= pteWritable
	}
	*(*uint64)(cpu.Pointer(e)) = v
	cpu.Invlpg(va)
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
					cpu.Invlpg(va)
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
		cpu.SetCR3(cpu.CR3())
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
		v &^= ptePresent | pteWritable | pteProtNone
		switch {
		case prot == protNone:
			v |= pteProtNone
		case prot&protWrite != 0:
			v |= ptePresent | pteWritable
		default:
			v |= ptePresent
		}
		*p = v
		cpu.Invlpg(va)
	}
}
