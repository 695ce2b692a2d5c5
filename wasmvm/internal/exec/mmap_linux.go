package exec

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Code is executable memory holding generated code.
type Code struct {
	mem []byte
}

// NewCode copies b into fresh memory and makes it read-only and executable.
func NewCode(b []byte) (*Code, error) {
	size := (len(b) + unix.Getpagesize() - 1) &^ (unix.Getpagesize() - 1)
	if size == 0 {
		size = unix.Getpagesize()
	}
	mem, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil, fmt.Errorf("map code memory: %w", err)
	}
	copy(mem, b)
	if err := unix.Mprotect(mem, unix.PROT_READ|unix.PROT_EXEC); err != nil {
		unix.Munmap(mem)
		return nil, fmt.Errorf("make code executable: %w", err)
	}
	start := uintptr(unsafe.Pointer(&mem[0]))
	syncInstructions(start, start+uintptr(len(b)))
	return &Code{mem: mem}, nil
}

// Addr returns the address of byte off of the code.
func (c *Code) Addr(off int) uintptr { return uintptr(unsafe.Pointer(&c.mem[off])) }

// Close unmaps the code; no function of it may run afterwards.
func (c *Code) Close() error { return unix.Munmap(c.mem) }

// NewStack maps a stack of size bytes with an inaccessible guard page
// below it.
func NewStack(size int) (*Stack, error) {
	page := unix.Getpagesize()
	size = (size + page - 1) &^ (page - 1)
	mem, err := unix.Mmap(-1, 0, size+page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil, fmt.Errorf("map stack: %w", err)
	}
	if err := unix.Mprotect(mem[:page], unix.PROT_NONE); err != nil {
		unix.Munmap(mem)
		return nil, fmt.Errorf("stack guard page: %w", err)
	}
	lo := uintptr(unsafe.Pointer(&mem[0]))
	slot, err := runStacks.add(lo, lo+uintptr(len(mem)))
	if err != nil {
		unix.Munmap(mem)
		return nil, err
	}
	return &Stack{mem: mem, size: size, entry: &runStacks.entries[slot], slot: slot}, nil
}

// Close unregisters and unmaps the stack.
func (s *Stack) Close() error {
	if s.entry != nil {
		runStacks.remove(s.slot)
		s.entry = nil
	}
	return unix.Munmap(s.mem)
}

// DescTable is a fixed-capacity array of function descriptors outside the
// Go heap, so that its address never changes while code holds it.
type DescTable struct {
	mem []byte
	cap int
}

// NewDescTable reserves room for n descriptors (pages are touched only as
// entries are written).
func NewDescTable(n int) (*DescTable, error) {
	mem, err := unix.Mmap(-1, 0, n*SizeofFuncDesc, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON|unix.MAP_NORESERVE)
	if err != nil {
		return nil, fmt.Errorf("map function descriptors: %w", err)
	}
	return &DescTable{mem: mem, cap: n}, nil
}

// Base is the address of entry 0.
func (t *DescTable) Base() uintptr { return uintptr(unsafe.Pointer(&t.mem[0])) }

// Set writes entry i; it fails beyond the capacity.
func (t *DescTable) Set(i int, d FuncDesc) error {
	if i < 0 || i >= t.cap {
		return fmt.Errorf("function descriptor %d beyond the capacity of %d", i, t.cap)
	}
	b := t.mem[i*SizeofFuncDesc:]
	putUint64(b, uint64(d.Code))
	putUint64(b[8:], uint64(d.Inst))
	putUint64(b[16:], uint64(d.TypeID))
	return nil
}

// Close unmaps the table.
func (t *DescTable) Close() error { return unix.Munmap(t.mem) }

func putUint64(b []byte, v uint64) {
	for i := 0; i < 8; i++ {
		b[i] = byte(v >> (8 * i))
	}
}
