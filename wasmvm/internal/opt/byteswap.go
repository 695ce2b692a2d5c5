package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// A byte swap written with shifts, masks and ors, as C code assembles a
// big-endian word from one it loaded (and as the scan vectorizer rebuilds
// a window: x<<24 | (x<<8)&0xff0000 | (x>>8)&0xff00 | x>>24), is one
// instruction on both backends (amd64 bswap, arm64 rev): Fold rewrites the
// or at the root of such a tree into an OpBswap.

// byteMap describes a value as bytes of one source value: src[j] is the
// byte of the source in the value's byte j, or -1 where the byte is zero.
type byteMap struct {
	of  ssa.Value
	src [8]int8
}

// byteMapNodes bounds the walk through shifts, masks and ors: a swap of
// eight bytes visits 31 (eight shifted masks and seven ors, as a chain
// or a tree), and the walk from each or must stay cheap.
const byteMapNodes = 64

// byteSwap rewrites in, an integer or, into the byte swap of x when it
// places every byte of x at the mirrored position.
func (fo *folder) byteSwap(in *ssa.Instr) bool {
	n := in.Type.Bits() / 8
	if n != 4 && n != 8 || !fo.bytePart(in.Args[0]) || !fo.bytePart(in.Args[1]) {
		return false
	}
	budget := byteMapNodes
	m, ok := fo.bytesOf(in.Results[0], n, &budget)
	if !ok || m.of == in.Results[0] {
		return false
	}
	for j := range n {
		if int(m.src[j]) != n-1-j {
			return false
		}
	}
	in.Op, in.Args, in.Cond, in.Aux, in.Aux2, in.Imm, in.Imm2 = ssa.OpBswap, []ssa.Value{m.of}, 0, 0, 0, 0, 0
	return true
}

// bytePart reports whether v is a shift, mask or or: only those can be
// part of a byte swap's tree (a quick test before the walk).
func (fo *folder) bytePart(v ssa.Value) bool {
	d := fo.f.Def(v)
	return d != nil && (d.Op == ssa.OpIshl || d.Op == ssa.OpUshr || d.Op == ssa.OpBand || d.Op == ssa.OpBor)
}

// bytesOf describes v, of n bytes, through shifts by whole bytes, masks
// of whole bytes and ors of the same source's bytes in distinct places;
// any other value (an or of different sources too) is its own source. It fails once it has visited *budget values.
func (fo *folder) bytesOf(v ssa.Value, n int, budget *int) (byteMap, bool) {
	own := byteMap{of: v}
	for j := range own.src {
		own.src[j] = int8(j)
	}
	if *budget--; *budget < 0 {
		return own, false
	}
	d := fo.f.Def(v)
	if d == nil || len(d.Args) != 2 {
		return own, true
	}
	switch d.Op {
	case ssa.OpIshl, ssa.OpUshr:
		c, ok := fo.constant(d.Args[1])
		if !ok || c%8 != 0 || c >= uint64(8*n) {
			return own, true
		}
		m, ok := fo.bytesOf(d.Args[0], n, budget)
		if !ok {
			return m, false
		}
		k := int(c / 8)
		var out byteMap
		out.of = m.of
		for j := range n {
			from := j - k // shl moves byte j-k to j
			if d.Op == ssa.OpUshr {
				from = j + k
			}
			out.src[j] = -1
			if from >= 0 && from < n {
				out.src[j] = m.src[from]
			}
		}
		return out, true
	case ssa.OpBand:
		x, y := d.Args[0], d.Args[1]
		c, ok := fo.constant(y)
		if !ok {
			if c, ok = fo.constant(x); !ok {
				return own, true
			}
			x = y
		}
		for j := range n {
			if b := c >> (8 * j) & 0xff; b != 0 && b != 0xff {
				return own, true
			}
		}
		m, ok := fo.bytesOf(x, n, budget)
		if !ok {
			return m, false
		}
		for j := range n {
			if c>>(8*j)&0xff == 0 {
				m.src[j] = -1
			}
		}
		return m, true
	case ssa.OpBor:
		a, ok := fo.bytesOf(d.Args[0], n, budget)
		if !ok {
			return a, false
		}
		b, ok := fo.bytesOf(d.Args[1], n, budget)
		if !ok {
			return b, false
		}
		if a.of != b.of {
			return own, true
		}
		for j := range n {
			switch {
			case a.src[j] < 0:
				a.src[j] = b.src[j]
			case b.src[j] >= 0 && b.src[j] != a.src[j]:
				return own, true // not a placement of bytes: a source itself
			}
		}
		return a, true
	}
	return own, true
}
