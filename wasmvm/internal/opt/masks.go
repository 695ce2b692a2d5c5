package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// DropRedundantMasks removes `x & c` where every bit x may have set is in
// c: the and leaves x as it is. C's `(unsigned char)c` on a character
// loaded as a byte is the common case, also when the byte reaches the and
// through block parameters (a loop's current character, loaded before the
// loop and at its end) or an inlined callee's parameter. Which bits a
// value may have set comes from the loads, lane extractions, constants,
// comparisons and bitwise operations it is computed from, and for a block parameter from
// the arguments every edge passes it (mayHaveBits). It reports whether it
// removed any.
func DropRedundantMasks(f *ssa.Func) bool {
	var bits []uint64
	removed := false
	for _, b := range f.Blocks {
		kept := b.Instrs[:0]
		for _, in := range b.Instrs {
			if in.Op == ssa.OpBand && len(in.Results) == 1 {
				if d := f.Def(in.Args[1]); d != nil && d.Op == ssa.OpIconst {
					if bits == nil {
						if bits = mayHaveBits(f); bits == nil {
							return false
						}
					}
					if bits[in.Args[0]]&^d.Imm == 0 {
						f.SetAlias(in.Results[0], in.Args[0])
						removed = true
						continue
					}
				}
			}
			kept = append(kept, in)
		}
		clear(b.Instrs[len(kept):])
		b.Instrs = kept
	}
	if removed {
		f.ResolveArgs()
	}
	return removed
}

// maxBitsRounds bounds the passes mayHaveBits makes over a function
// before it gives up.
const maxBitsRounds = 8

// mayHaveBits returns, per value of f, a mask that holds every bit the
// value may have set (all ones for values other than i32 and i64 ones),
// or nil if it did not settle in maxBitsRounds passes. Block parameters
// start with no bits and gain those of the arguments passed to them, and
// every value those of its operands as its operation combines them,
// until nothing changes: the masks then hold for every execution (a
// parameter of a loop gets the bits of the values entering the loop and
// of those its back edge passes, whatever the order).
//
// A pass visits the blocks in reverse postorder, where an instruction's
// operands are visited before it: when no parameter would gain bits from
// its block's incoming edges after a pass, another pass would change
// nothing, and mayHaveBits returns without making it (paramsSettled).
func mayHaveBits(f *ssa.Func) []uint64 {
	bits := make([]uint64, f.NumValues())
	incoming := incomingEdges(f)
	order := reversePostorder(f)
	grow := func(v ssa.Value, m uint64) bool {
		m &= widthMask(f.TypeOf(v))
		if m|bits[v] == bits[v] {
			return false
		}
		bits[v] |= m
		return true
	}
	for round := 1; round <= maxBitsRounds; round++ {
		changed := false
		for _, id := range order {
			b := f.Block(id)
			for i, p := range b.Params {
				changed = grow(p, paramBits(f, id, i, incoming, bits)) || changed
			}
			for _, in := range b.Instrs {
				for _, r := range in.Results {
					m := ^uint64(0)
					if len(in.Results) == 1 {
						m = opBits(f, in, bits)
					}
					changed = grow(r, m) || changed
				}
			}
		}
		// The pass that would find nothing changed must fit in the
		// rounds, as when it is made.
		if !changed || (round < maxBitsRounds && paramsSettled(f, order, incoming, bits)) {
			return bits
		}
	}
	return nil
}

// paramBits is the mask of the bits parameter i of block id may have,
// given those of the arguments its incoming edges pass: all of them for
// the entry block's parameters.
func paramBits(f *ssa.Func, id ssa.BlockID, i int, incoming [][]*ssa.BlockCall, bits []uint64) uint64 {
	if id == 0 {
		return ^uint64(0)
	}
	m := uint64(0)
	for _, call := range incoming[id] {
		m |= bits[f.Resolve(call.Args[i])]
	}
	return m
}

// paramsSettled reports whether no parameter of the blocks in order would
// gain bits from the arguments of its incoming edges.
func paramsSettled(f *ssa.Func, order []ssa.BlockID, incoming [][]*ssa.BlockCall, bits []uint64) bool {
	for _, id := range order {
		for i, p := range f.Block(id).Params {
			if m := paramBits(f, id, i, incoming, bits) & widthMask(f.TypeOf(p)); m|bits[p] != bits[p] {
				return false
			}
		}
	}
	return true
}

// widthMask is the mask of the bits a value of type t has: its width for
// integers, all for the others.
func widthMask(t ssa.Type) uint64 {
	if t == ssa.TypeI32 {
		return 0xffffffff
	}
	return ^uint64(0)
}

// opBits is the mask of the bits the result of in may have, given those
// of its operands.
func opBits(f *ssa.Func, in *ssa.Instr, bits []uint64) uint64 {
	arg := func(i int) uint64 { return bits[f.Resolve(in.Args[i])] }
	switch in.Op {
	case ssa.OpIconst:
		return in.Imm
	case ssa.OpLoad:
		switch ssa.MemAccess(in.Aux) {
		case ssa.Mem8U:
			return 0xff
		case ssa.Mem16U:
			return 0xffff
		case ssa.Mem32U:
			return 0xffffffff
		}
	case ssa.OpVextractLane: // unsigned: the lane's bits
		if lb := ssa.Shape(in.Aux).LaneBits(); lb < 64 {
			return 1<<lb - 1
		}
	case ssa.OpIcmp, ssa.OpFcmp:
		return 1
	case ssa.OpBand:
		return arg(0) & arg(1)
	case ssa.OpBor, ssa.OpBxor:
		return arg(0) | arg(1)
	case ssa.OpSelect:
		return arg(1) | arg(2)
	case ssa.OpUshr:
		if d := f.Def(in.Args[1]); d != nil && d.Op == ssa.OpIconst {
			width := uint64(64)
			if in.Type == ssa.TypeI32 {
				width = 32
			}
			return arg(0) >> (d.Imm & (width - 1))
		}
	}
	return ^uint64(0)
}
