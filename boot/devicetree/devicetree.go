// Package devicetree reads a flattened device tree (the DTB a boot loader
// hands an arm64 kernel in x0) in place: it finds nodes by path, by
// compatible string or by device type, reads their properties, and
// decodes "reg" into physical addresses through the "ranges" of the buses
// above. It allocates nothing and never panics on a malformed blob (every
// read is bounds-checked and reports failure instead), so the kernel can
// use it before the Go runtime has a heap.
//
// Format facts from the Devicetree Specification v0.4, chapter 5.
package devicetree

import (
	"bytes"
	"encoding/binary"
	"unsafe"
)

// Tokens of the structure block.
const (
	tokenBeginNode = 1
	tokenEndNode   = 2
	tokenProp      = 3
	tokenNop       = 4
	tokenEnd       = 9

	magic      = 0xd00dfeed
	headerSize = 40
	maxDepth   = 16
)

// Error is what Open reports about a blob that is not a device tree. It
// is a string constant, so reporting it allocates nothing.
type Error string

func (e Error) Error() string { return string(e) }

const (
	ErrMagic     Error = "devicetree: bad magic number"
	ErrTruncated Error = "devicetree: blob shorter than its header says"
	ErrVersion   Error = "devicetree: unsupported version"
)

// Tree is a flattened device tree in memory.
type Tree struct {
	b                     []byte
	structOff, structEnd  uint32
	stringsOff, stringEnd uint32
	rsvOff                uint32
}

// Open checks the header of the blob b and returns the tree.
func Open(b []byte) (Tree, error) {
	if len(b) < headerSize || be32(b, 0) != magic {
		return Tree{}, ErrMagic
	}
	total := be32(b, 4)
	if uint64(total) > uint64(len(b)) || total < headerSize {
		return Tree{}, ErrTruncated
	}
	if be32(b, 24) > 17 { // last_comp_version: readers of v17 read 16 and 17
		return Tree{}, ErrVersion
	}
	t := Tree{
		b:          b[:total],
		structOff:  be32(b, 8),
		stringsOff: be32(b, 12),
		rsvOff:     be32(b, 16),
	}
	t.structEnd = t.structOff + be32(b, 36)
	t.stringEnd = t.stringsOff + be32(b, 32)
	if t.structEnd < t.structOff || t.structEnd > total || t.stringEnd < t.stringsOff || t.stringEnd > total || t.rsvOff > total {
		return Tree{}, ErrTruncated
	}
	return t, nil
}

// At opens the tree at the physical address addr (the DTB the loader
// passed), reading its size from its header.
func At(addr uintptr) (Tree, error) {
	if addr == 0 {
		return Tree{}, ErrMagic
	}
	head := unsafe.Slice((*byte)(pointer(addr)), headerSize)
	if be32(head, 0) != magic {
		return Tree{}, ErrMagic
	}
	return Open(unsafe.Slice((*byte)(pointer(addr)), be32(head, 4)))
}

// Size returns the blob's size in bytes.
func (t Tree) Size() int { return len(t.b) }

// Node is one node of the tree.
type Node struct {
	off        uint32 // of its first property (just past its name)
	parent     uint32 // the parent's off; 0 for the root
	depth      int
	name       string
	addrCells  uint32 // #address-cells and #size-cells of the parent:
	sizeCells  uint32 // how this node's "reg" is encoded
	childAddr  uint32 // this node's own #address-cells
	childSize  uint32 // and #size-cells
	valid      bool
	rootMarker bool
}

// Name returns the node's name with its unit address ("pl011@9000000").
func (n Node) Name() string { return n.name }

// Valid reports whether n is a node (the zero Node is not).
func (n Node) Valid() bool { return n.valid }

// scan visits the nodes in document order until visit returns false.
// visit sees each node once its properties are read (so it knows the
// node's own cell sizes).
func (t Tree) scan(visit func(Node) bool) {
	var stack [maxDepth]Node
	depth := -1
	p := t.structOff
	for p+4 <= t.structEnd {
		tok := be32(t.b, p)
		p += 4
		switch tok {
		case tokenBeginNode:
			name, next, ok := t.cstring(p, t.structEnd)
			if !ok {
				return
			}
			p = align4(next)
			depth++
			if depth >= maxDepth {
				return
			}
			n := Node{off: p, depth: depth, name: name, valid: true, childAddr: 2, childSize: 1}
			if depth == 0 {
				n.rootMarker = true
				n.addrCells, n.sizeCells = 2, 1
			} else {
				parent := stack[depth-1]
				n.parent = parent.off
				n.addrCells, n.sizeCells = parent.childAddr, parent.childSize
			}
			// Properties come before subnodes: read the cell sizes now,
			// and go on after them.
			q := p
			for q+12 <= t.structEnd {
				pt := be32(t.b, q)
				if pt == tokenNop {
					q += 4
					continue
				}
				if pt != tokenProp {
					break
				}
				size, nameOff := be32(t.b, q+4), be32(t.b, q+8)
				val := q + 12
				if uint64(val)+uint64(size) > uint64(t.structEnd) {
					return
				}
				if size == 4 && t.nameIs(nameOff, "#address-cells") {
					n.childAddr = be32(t.b, val)
				} else if size == 4 && t.nameIs(nameOff, "#size-cells") {
					n.childSize = be32(t.b, val)
				}
				q = align4(val + size)
			}
			p = q
			stack[depth] = n
			if !visit(n) {
				return
			}
		case tokenEndNode:
			depth--
			if depth < -1 {
				return
			}
		case tokenProp:
			if p+8 > t.structEnd {
				return
			}
			p = align4(p + 8 + be32(t.b, p))
		case tokenNop:
		default: // tokenEnd or garbage
			return
		}
	}
}

// Root returns the root node.
func (t Tree) Root() (Node, bool) {
	var root Node
	t.scan(func(n Node) bool { root = n; return false })
	return root, root.valid
}

// node returns the node whose first property is at off.
func (t Tree) node(off uint32) (Node, bool) {
	var found Node
	t.scan(func(n Node) bool {
		if n.off == off {
			found = n
			return false
		}
		return true
	})
	return found, found.valid
}

// Parent returns the parent of n (false for the root).
func (t Tree) Parent(n Node) (Node, bool) {
	if n.rootMarker || !n.valid {
		return Node{}, false
	}
	return t.node(n.parent)
}

// FindPath returns the node at an absolute path such as "/chosen" or
// "/soc/serial@7e201000". A path component without a unit address
// matches a node whose name is that component followed by "@...".
func (t Tree) FindPath(path string) (Node, bool) {
	if len(path) == 0 || path[0] != '/' {
		return Node{}, false
	}
	var found Node
	// want[d] is path component d (1-based depth below the root).
	matched := 0 // depth of the deepest node on the path found so far
	t.scan(func(n Node) bool {
		if n.depth == 0 {
			if path == "/" {
				found = n
				return false
			}
			return true
		}
		if n.depth > matched+1 {
			return true
		}
		if n.depth <= matched {
			matched = n.depth - 1 // left the matched branch
		}
		comp, last := component(path, n.depth)
		if comp == "" || !nameMatches(n.name, comp) {
			return true
		}
		matched = n.depth
		if last {
			found = n
			return false
		}
		return true
	})
	return found, found.valid
}

// component returns path component d (1-based) and whether it is the
// last one.
func component(path string, d int) (string, bool) {
	i := 1
	for k := 1; k < d; k++ {
		for i < len(path) && path[i] != '/' {
			i++
		}
		if i >= len(path) {
			return "", false
		}
		i++
	}
	j := i
	for j < len(path) && path[j] != '/' {
		j++
	}
	return path[i:j], j >= len(path) || j == len(path)-1
}

func nameMatches(name, comp string) bool {
	if name == comp {
		return true
	}
	return len(name) > len(comp) && name[:len(comp)] == comp && name[len(comp)] == '@' && !contains(comp, '@')
}

// FindCompatible returns the first enabled node after from (document
// order; the zero Node starts at the beginning) whose "compatible" list
// holds compat.
func (t Tree) FindCompatible(compat string, from Node) (Node, bool) {
	var found Node
	t.scan(func(n Node) bool {
		if from.valid && n.off <= from.off {
			return true
		}
		if t.HasString(n, "compatible", compat) && t.enabled(n) {
			found = n
			return false
		}
		return true
	})
	return found, found.valid
}

// FindDeviceType returns the first enabled node after from whose
// "device_type" is typ (memory nodes are found this way).
func (t Tree) FindDeviceType(typ string, from Node) (Node, bool) {
	var found Node
	t.scan(func(n Node) bool {
		if from.valid && n.off <= from.off {
			return true
		}
		if t.HasString(n, "device_type", typ) && t.enabled(n) {
			found = n
			return false
		}
		return true
	})
	return found, found.valid
}

// enabled reports whether n's status is absent, "okay" or "ok".
func (t Tree) enabled(n Node) bool {
	s, ok := t.Property(n, "status")
	if !ok {
		return true
	}
	st := trimNul(s)
	return st == "okay" || st == "ok"
}

// Property returns the value of n's property name.
func (t Tree) Property(n Node, name string) ([]byte, bool) {
	if !n.valid {
		return nil, false
	}
	for q := n.off; q+4 <= t.structEnd; {
		pt := be32(t.b, q)
		if pt == tokenNop {
			q += 4
			continue
		}
		if pt != tokenProp || q+12 > t.structEnd {
			return nil, false
		}
		size, nameOff := be32(t.b, q+4), be32(t.b, q+8)
		val := q + 12
		if uint64(val)+uint64(size) > uint64(t.structEnd) {
			return nil, false
		}
		if t.nameIs(nameOff, name) {
			return t.b[val : val+size], true
		}
		q = align4(val + size)
	}
	return nil, false
}

// String returns n's property name as a string (without its NUL).
func (t Tree) String(n Node, name string) (string, bool) {
	v, ok := t.Property(n, name)
	if !ok {
		return "", false
	}
	return trimNul(v), true
}

// HasString reports whether n's property name, a list of NUL-terminated
// strings, holds s.
func (t Tree) HasString(n Node, name, s string) bool {
	v, ok := t.Property(n, name)
	if !ok {
		return false
	}
	for len(v) > 0 {
		i := 0
		for i < len(v) && v[i] != 0 {
			i++
		}
		if unsafe.String(unsafe.SliceData(v), i) == s {
			return true
		}
		if i == len(v) {
			break
		}
		v = v[i+1:]
	}
	return false
}

// Uint returns n's property name as a number: one cell or two.
func (t Tree) Uint(n Node, name string) (uint64, bool) {
	v, ok := t.Property(n, name)
	switch {
	case ok && len(v) == 4:
		return uint64(be32(v, 0)), true
	case ok && len(v) == 8:
		return binary.BigEndian.Uint64(v), true
	}
	return 0, false
}

// Cell returns 32-bit cell i of n's property name.
func (t Tree) Cell(n Node, name string, i int) (uint32, bool) {
	v, ok := t.Property(n, name)
	if !ok || i < 0 || (i+1)*4 > len(v) {
		return 0, false
	}
	return be32(v, uint32(i*4)), true
}

// Cells returns how many 32-bit cells n's property name has.
func (t Tree) Cells(n Node, name string) int {
	v, _ := t.Property(n, name)
	return len(v) / 4
}

// Reg returns entry i of n's "reg" as a physical address and size: the
// bus address translated through the "ranges" of every bus above n.
func (t Tree) Reg(n Node, i int) (addr, size uint64, ok bool) {
	v, found := t.Property(n, "reg")
	if !found || n.addrCells > 2 || n.sizeCells > 2 {
		return 0, 0, false
	}
	entry := (n.addrCells + n.sizeCells) * 4
	off := uint32(i) * entry
	if entry == 0 || i < 0 || off+entry > uint32(len(v)) {
		return 0, 0, false
	}
	addr = readCells(v[off:], n.addrCells)
	size = readCells(v[off+n.addrCells*4:], n.sizeCells)
	addr, ok = t.translate(n, addr)
	return addr, size, ok
}

// RegLen returns the number of entries of n's "reg".
func (t Tree) RegLen(n Node) int {
	v, _ := t.Property(n, "reg")
	entry := int(n.addrCells+n.sizeCells) * 4
	if entry == 0 {
		return 0
	}
	return len(v) / entry
}

// translate maps addr, an address on the bus n sits on, to a physical
// address through the "ranges" of the buses above n.
func (t Tree) translate(n Node, addr uint64) (uint64, bool) {
	for d := 0; d < maxDepth; d++ {
		bus, ok := t.Parent(n)
		if !ok || bus.rootMarker {
			return addr, true
		}
		r, has := t.Property(bus, "ranges")
		if !has {
			return 0, false // not memory-mapped from the parent
		}
		if len(r) > 0 {
			// (child address, parent address, size) triples: child
			// cells are the bus's own, parent cells its parent's.
			ca, pa, sz := bus.childAddr, bus.addrCells, bus.childSize
			if ca > 2 || pa > 2 || sz > 2 {
				return 0, false
			}
			entry := (ca + pa + sz) * 4
			mapped := false
			for off := uint32(0); off+entry <= uint32(len(r)); off += entry {
				child := readCells(r[off:], ca)
				parent := readCells(r[off+ca*4:], pa)
				size := readCells(r[off+(ca+pa)*4:], sz)
				if addr >= child && addr-child < size {
					addr = addr - child + parent
					mapped = true
					break
				}
			}
			if !mapped {
				return 0, false
			}
		}
		n = bus
	}
	return 0, false
}

// PropertyNode returns the node a phandle property of n (such as
// "interrupt-parent") names.
func (t Tree) PropertyNode(n Node, name string) (Node, bool) {
	ph, ok := t.Cell(n, name, 0)
	if !ok {
		return Node{}, false
	}
	return t.Phandle(ph)
}

// Phandle returns the node whose "phandle" is ph.
func (t Tree) Phandle(ph uint32) (Node, bool) {
	var found Node
	t.scan(func(n Node) bool {
		if v, ok := t.Cell(n, "phandle", 0); ok && v == ph {
			found = n
			return false
		}
		return true
	})
	return found, found.valid
}

// InterruptParent returns the interrupt controller of n: its own or its
// nearest ancestor's "interrupt-parent".
func (t Tree) InterruptParent(n Node) (Node, bool) {
	for d := 0; d < maxDepth && n.valid; d++ {
		if c, ok := t.PropertyNode(n, "interrupt-parent"); ok {
			return c, true
		}
		var ok bool
		if n, ok = t.Parent(n); !ok {
			break
		}
	}
	return Node{}, false
}

// MemReserveLen returns the number of entries of the memory reservation
// block.
func (t Tree) MemReserveLen() int {
	n := 0
	for off := t.rsvOff; uint64(off)+16 <= uint64(len(t.b)); off += 16 {
		if binary.BigEndian.Uint64(t.b[off:]) == 0 && binary.BigEndian.Uint64(t.b[off+8:]) == 0 {
			break
		}
		n++
	}
	return n
}

// MemReserve returns entry i of the memory reservation block.
func (t Tree) MemReserve(i int) (addr, size uint64) {
	off := uint64(t.rsvOff) + uint64(i)*16
	if i < 0 || off+16 > uint64(len(t.b)) {
		return 0, 0
	}
	return binary.BigEndian.Uint64(t.b[off:]), binary.BigEndian.Uint64(t.b[off+8:])
}

// nameIs reports whether the property name at nameOff in the strings
// block is name. It compares in place, stopping at the first byte that
// differs: the scans ask it of every property they pass.
func (t Tree) nameIs(nameOff uint32, name string) bool {
	off := uint64(t.stringsOff) + uint64(nameOff)
	end := off + uint64(len(name))
	if end >= uint64(t.stringEnd) {
		return false
	}
	for i := 0; i < len(name); i++ {
		if t.b[off+uint64(i)] != name[i] {
			return false
		}
	}
	return t.b[end] == 0
}

// cstring returns the NUL-terminated string at off (before end) and the
// offset past its NUL.
func (t Tree) cstring(off, end uint32) (string, uint32, bool) {
	end = min(end, uint32(len(t.b)))
	if off >= end {
		return "", 0, false
	}
	n := bytes.IndexByte(t.b[off:end], 0)
	if n < 0 {
		return "", 0, false
	}
	return unsafe.String(&t.b[off], n), off + uint32(n) + 1, true
}

func trimNul(v []byte) string {
	n := len(v)
	for n > 0 && v[n-1] == 0 {
		n--
	}
	if n == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(v), n)
}

func readCells(v []byte, cells uint32) uint64 {
	var x uint64
	for i := uint32(0); i < cells; i++ {
		x = x<<32 | uint64(be32(v, i*4))
	}
	return x
}

func be32(b []byte, off uint32) uint32 {
	if uint64(off)+4 > uint64(len(b)) {
		return 0
	}
	return binary.BigEndian.Uint32(b[off:])
}

func align4(x uint32) uint32 { return (x + 3) &^ 3 }

func contains(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

// pointer converts a physical address the loader handed over into a
// pointer (it is not Go memory).
func pointer(addr uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&addr))
}
