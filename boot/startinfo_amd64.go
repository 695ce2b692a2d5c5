package boot

import (
	"unsafe"

	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// The PVH boot protocol's start info (Xen's hvm_start_info, version 1),
// which the loader places in memory and passes the address of in EBX.
const startInfoMagic = 0x336ec578

type hvmStartInfo struct {
	Magic         uint32
	Version       uint32
	Flags         uint32
	NrModules     uint32
	ModlistPaddr  uint64
	CmdlinePaddr  uint64
	RsdpPaddr     uint64
	MemmapPaddr   uint64 // version 1
	MemmapEntries uint32 // version 1
	_             uint32
}

type hvmModlistEntry struct {
	Paddr        uint64
	Size         uint64
	CmdlinePaddr uint64
	_            uint64
}

type hvmMemmapEntry struct {
	Addr uint64
	Size uint64
	Type uint32
	_    uint32
}

// Memory types of the memory map (the E820 numbering).
const (
	MemoryRAM          = 1
	MemoryReserved     = 2
	MemoryACPI         = 3
	MemoryNVS          = 4
	MemoryUnusable     = 5
	MemoryPersistent   = 7
	maxCommandLineSize = 4096
)

// MemoryRange is one entry of the boot memory map.
type MemoryRange struct {
	Addr, Size uint64
	Type       uint32
}

// Module is a blob the loader placed in memory (QEMU's -initrd is the
// first module).
type Module struct {
	Addr, Size uint64
}

// Info reads the boot loader's information. Its methods allocate nothing
// and are safe before the Go runtime has started.
type Info struct {
	si *hvmStartInfo
}

// StartInfo returns the information the PVH loader passed to this boot.
func StartInfo() Info { return InfoAt(uintptr(startInfo)) }

// InfoAt reads a start info at addr (tests build one in ordinary memory).
func InfoAt(addr uintptr) Info {
	return Info{si: (*hvmStartInfo)(cpu.Pointer(addr))}
}

// Valid reports whether the start info carries the PVH magic number.
func (i Info) Valid() bool { return i.si != nil && i.si.Magic == startInfoMagic }

// MemoryMapLen returns the number of memory map entries (0 for a version
// 0 start info, which has no map).
func (i Info) MemoryMapLen() int {
	if !i.Valid() || i.si.Version < 1 || i.si.MemmapPaddr == 0 {
		return 0
	}
	return int(i.si.MemmapEntries)
}

// MemoryMapEntry returns entry n of the memory map (0 <= n <
// MemoryMapLen()).
func (i Info) MemoryMapEntry(n int) MemoryRange {
	e := (*hvmMemmapEntry)(cpu.Pointer(uintptr(i.si.MemmapPaddr) + uintptr(n)*unsafe.Sizeof(hvmMemmapEntry{})))
	return MemoryRange{Addr: e.Addr, Size: e.Size, Type: e.Type}
}

// CommandLine returns the kernel command line, pointing into the loader's
// memory (no copy). Empty when there is none.
func (i Info) CommandLine() string {
	if !i.Valid() {
		return ""
	}
	return cString(uintptr(i.si.CmdlinePaddr))
}

// ModulesLen returns the number of modules.
func (i Info) ModulesLen() int {
	if !i.Valid() || i.si.ModlistPaddr == 0 {
		return 0
	}
	return int(i.si.NrModules)
}

// ModuleAt returns module n (0 <= n < ModulesLen()).
func (i Info) ModuleAt(n int) Module {
	e := (*hvmModlistEntry)(cpu.Pointer(uintptr(i.si.ModlistPaddr) + uintptr(n)*unsafe.Sizeof(hvmModlistEntry{})))
	return Module{Addr: e.Paddr, Size: e.Size}
}

// Address returns the physical address of the start info itself.
func (i Info) Address() uintptr { return uintptr(unsafe.Pointer(i.si)) }

// ReservedLen returns the number of memory ranges the kernel must leave
// alone: the start info's pages (the memory map and command line, which
// loaders put next to it) and each module.
func (i Info) ReservedLen() int { return 1 + i.ModulesLen() }

// Reserved returns reserved range n (0 <= n < ReservedLen()).
func (i Info) Reserved(n int) MemoryRange {
	if n == 0 {
		return MemoryRange{Addr: uint64(i.Address()) &^ 0xFFF, Size: 2 * 4096, Type: MemoryReserved}
	}
	m := i.ModuleAt(n - 1)
	return MemoryRange{Addr: m.Addr, Size: m.Size, Type: MemoryReserved}
}

// cString returns the NUL-terminated string at addr (at most
// maxCommandLineSize bytes), without copying.
//
//go:nosplit
func cString(addr uintptr) string {
	if addr == 0 {
		return ""
	}
	n := 0
	for n < maxCommandLineSize && *(*byte)(cpu.Pointer(addr + uintptr(n))) != 0 {
		n++
	}
	return unsafe.String((*byte)(cpu.Pointer(addr)), n)
}
