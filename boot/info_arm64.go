package boot

import "github.com/wasmkernel/wasmkernel/boot/devicetree"

// Memory types of MemoryRange (the same numbers as on x86-64, where they
// come from the E820 map).
const (
	MemoryRAM      = 1
	MemoryReserved = 2
)

// MemoryRange is one range of physical memory.
type MemoryRange struct {
	Addr, Size uint64
	Type       uint32
}

// Module is a blob the loader placed in memory (the initrd).
type Module struct {
	Addr, Size uint64
}

// Info reads the boot information on arm64: the device tree the loader
// passed in x0. Its methods allocate nothing and are safe before the Go
// runtime has started.
type Info struct {
	tree  devicetree.Tree
	valid bool
	addr  uintptr
}

// StartInfo returns the information the loader passed to this boot.
func StartInfo() Info { return InfoAt(uintptr(deviceTree)) }

// InfoAt reads a device tree at addr.
func InfoAt(addr uintptr) Info {
	t, err := devicetree.At(addr)
	return Info{tree: t, valid: err == nil, addr: addr}
}

// Valid reports whether the loader passed a device tree.
func (i Info) Valid() bool { return i.valid }

// Tree returns the device tree, for the kernel's drivers to find their
// devices in.
func (i Info) Tree() devicetree.Tree { return i.tree }

// Address returns the physical address of the device tree.
func (i Info) Address() uintptr { return i.addr }

// MemoryMapLen returns the number of RAM ranges: the "reg" entries of the
// memory nodes.
func (i Info) MemoryMapLen() int {
	n := 0
	for m, ok := i.tree.FindDeviceType("memory", devicetree.Node{}); ok && i.valid; m, ok = i.tree.FindDeviceType("memory", m) {
		n += i.tree.RegLen(m)
	}
	return n
}

// MemoryMapEntry returns RAM range n (0 <= n < MemoryMapLen()).
func (i Info) MemoryMapEntry(n int) MemoryRange {
	for m, ok := i.tree.FindDeviceType("memory", devicetree.Node{}); ok && i.valid; m, ok = i.tree.FindDeviceType("memory", m) {
		if k := i.tree.RegLen(m); n >= k {
			n -= k
			continue
		}
		addr, size, _ := i.tree.Reg(m, n)
		return MemoryRange{Addr: addr, Size: size, Type: MemoryRAM}
	}
	return MemoryRange{}
}

// CommandLine returns /chosen/bootargs, pointing into the device tree.
func (i Info) CommandLine() string {
	if !i.valid {
		return ""
	}
	chosen, ok := i.tree.FindPath("/chosen")
	if !ok {
		return ""
	}
	s, _ := i.tree.String(chosen, "bootargs")
	return s
}

// ModulesLen returns 1 when the loader passed an initrd, else 0.
func (i Info) ModulesLen() int {
	if _, ok := i.initrd(); ok {
		return 1
	}
	return 0
}

// ModuleAt returns the initrd (n must be 0).
func (i Info) ModuleAt(n int) Module {
	m, _ := i.initrd()
	return m
}

// initrd reads /chosen's linux,initrd-start and linux,initrd-end.
func (i Info) initrd() (Module, bool) {
	if !i.valid {
		return Module{}, false
	}
	chosen, ok := i.tree.FindPath("/chosen")
	if !ok {
		return Module{}, false
	}
	start, ok1 := i.tree.Uint(chosen, "linux,initrd-start")
	end, ok2 := i.tree.Uint(chosen, "linux,initrd-end")
	if !ok1 || !ok2 || end <= start {
		return Module{}, false
	}
	return Module{Addr: start, Size: end - start}, true
}

// ReservedLen returns the number of memory ranges the kernel must leave
// alone: the device tree itself, its memory reservations and the initrd.
func (i Info) ReservedLen() int {
	if !i.valid {
		return 0
	}
	return 1 + i.tree.MemReserveLen() + i.ModulesLen()
}

// Reserved returns reserved range n (0 <= n < ReservedLen()).
func (i Info) Reserved(n int) MemoryRange {
	if n == 0 {
		return MemoryRange{Addr: uint64(i.addr), Size: uint64(i.tree.Size()), Type: MemoryReserved}
	}
	if n--; n < i.tree.MemReserveLen() {
		addr, size := i.tree.MemReserve(n)
		return MemoryRange{Addr: addr, Size: size, Type: MemoryReserved}
	}
	m := i.ModuleAt(0)
	return MemoryRange{Addr: m.Addr, Size: m.Size, Type: MemoryReserved}
}
