package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// unmapNullPage makes the first page of the address space fault, as it
// does in a Linux process: the Go compiler leaves out nil checks on the
// assumption that an access within the first 4 KiB faults. Boot mapped
// the first 2 MiB as one large page; it becomes a table of 4 KiB pages,
// all identity-mapped but page 0.
func unmapNullPage() {
	pml4 := cpu.CR3() &^ 0xFFF
	pdpt := uintptr(*(*uint64)(cpu.Pointer(pml4)) & pteAddrMask)
	pd := uintptr(*(*uint64)(cpu.Pointer(pdpt)) & pteAddrMask)
	pt := allocFrame()
	if pt == 0 {
		fatal("no memory for the null page table", 0)
	}
	for i := uintptr(1); i < 512; i++ {
		*(*uint64)(cpu.Pointer(pt + i*8)) = uint64(i*pageSize) | ptePresent | pteWritable
	}
	*(*uint64)(cpu.Pointer(pd)) = uint64(pt) | ptePresent | pteWritable
	cpu.SetCR3(cpu.CR3())
}
