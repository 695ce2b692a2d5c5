package opt

import (
	"math"
	"math/bits"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Fold evaluates instructions whose operands are constants and simplifies
// algebraic identities (x+0, x*1, x*2^k, x&-1, shift counts masked by the
// shift itself, comparisons of a value with itself, select on a constant,
// the negation of a comparison, a branch or select on x != 0 or x == 0
// made one on x, an or of shifted and masked bytes that swaps them made
// a byte swap: byteswap.go), with ssa.EvalBinary and ssa.EvalUnary,
// the same definitions the interpreter executes, so folding matches
// execution bit for bit. An instruction that would trap is never folded:
// division by a constant zero still traps at run time. Float results are
// folded only when they are not NaN, whose bits the hardware chooses.
// Branches on constants become jumps, and blocks no longer reachable are
// emptied. Blocks are visited in reverse postorder, so a folded value
// feeds the folding of its uses in one pass. It reports whether it changed
// the control flow (then block parameters may have become trivial).
func Fold(f *ssa.Func) (cfgChanged bool) {
	fo := folder{f: f}
	order := reversePostorder(f)
	for _, id := range order {
		b := f.Block(id)
		fo.out = fo.out[:0] // one buffer for all blocks
		for _, in := range b.Instrs {
			for i, a := range in.Args {
				in.Args[i] = f.Resolve(a)
			}
			if in.Op.IsTerminator() {
				for _, t := range in.Targets {
					for i, a := range t.Args {
						t.Args[i] = f.Resolve(a)
					}
				}
				if fo.branch(b, in) {
					cfgChanged = true
				}
				fo.out = append(fo.out, in)
				continue
			}
			if v := fo.simplify(b, in); v != ssa.NoValue {
				f.SetAlias(in.Results[0], v)
				continue
			}
			if in.Op == ssa.OpTrapIf {
				if c, ok := fo.constant(in.Args[0]); ok && c == 0 {
					continue // never traps
				}
			}
			fo.out = append(fo.out, in)
		}
		if len(fo.out) <= len(b.Instrs) {
			// Back into the block's own slots (not its spare
			// capacity, which a split may have given to another).
			clear(b.Instrs[copy(b.Instrs, fo.out):])
			b.Instrs = b.Instrs[:len(fo.out)]
		} else {
			b.Instrs = slices.Clone(fo.out)
		}
	}
	if len(order) == len(f.Blocks) {
		// Every block visited, every operand resolved: a value
		// replaced here dominates its uses, visited after it.
		f.MarkResolved()
	} else {
		f.ResolveArgs() // the blocks the entry does not reach
	}
	if removeUnreachable(f) {
		cfgChanged = true
	}
	return cfgChanged
}

type folder struct {
	f   *ssa.Func
	out []*ssa.Instr // the instructions of the current block so far
}

// constant returns the bits of v if an integer or float constant defines
// it.
func (fo *folder) constant(v ssa.Value) (uint64, bool) {
	in := fo.f.Def(v)
	if in == nil {
		return 0, false
	}
	switch in.Op {
	case ssa.OpIconst, ssa.OpF32const, ssa.OpF64const:
		return in.Imm, true
	}
	return 0, false
}

// newConst adds an integer constant before the instruction being folded.
func (fo *folder) newConst(b *ssa.Block, t ssa.Type, bits uint64) ssa.Value {
	if t == ssa.TypeI32 {
		bits = uint64(uint32(bits))
	}
	in := fo.f.Define(b, &ssa.Instr{Op: ssa.OpIconst, Imm: bits}, t)
	fo.out = append(fo.out, in)
	return in.Results[0]
}

// makeConst turns in into a constant of its own type with the given bits.
func makeConst(in *ssa.Instr, bits uint64) {
	switch in.Type {
	case ssa.TypeF32:
		in.Op = ssa.OpF32const
	case ssa.TypeF64:
		in.Op = ssa.OpF64const
	default:
		in.Op = ssa.OpIconst
	}
	in.Imm, in.Args, in.Cond, in.Aux, in.Aux2, in.Imm2 = bits, nil, 0, 0, 0, 0
}

func isNaN(t ssa.Type, bits uint64) bool {
	switch t {
	case ssa.TypeF32:
		f := math.Float32frombits(uint32(bits))
		return f != f
	case ssa.TypeF64:
		return math.IsNaN(math.Float64frombits(bits))
	}
	return false
}

func isBinary(op ssa.Op) bool {
	return op >= ssa.OpIadd && op <= ssa.OpRotr || op == ssa.OpIcmp ||
		op >= ssa.OpFadd && op <= ssa.OpFcopysign || op == ssa.OpFcmp
}

func isUnary(op ssa.Op) bool {
	return op >= ssa.OpClz && op <= ssa.OpBswap ||
		op >= ssa.OpFabs && op <= ssa.OpFnearest ||
		op >= ssa.OpIreduce && op <= ssa.OpBitcast
}

// simplify folds in: it returns the value that replaces in's result, or
// NoValue when in stays (possibly rewritten in place, or preceded by new
// constants in fo.out).
func (fo *folder) simplify(b *ssa.Block, in *ssa.Instr) ssa.Value {
	f := fo.f
	switch {
	case isBinary(in.Op):
		x, xok := fo.constant(in.Args[0])
		y, yok := fo.constant(in.Args[1])
		if xok && yok {
			r, trap := ssa.EvalBinary(in.Op, in.Cond, f.TypeOf(in.Args[0]), x, y)
			if trap == 0 && !isNaN(in.Type, r) {
				makeConst(in, r)
			}
			return ssa.NoValue
		}
		if f.TypeOf(in.Args[0]).IsInt() {
			if in.Op == ssa.OpBor && fo.byteSwap(in) {
				return ssa.NoValue
			}
			return fo.integerIdentity(b, in)
		}
	case isUnary(in.Op):
		if x, ok := fo.constant(in.Args[0]); ok {
			r, trap := ssa.EvalUnary(in.Op, f.TypeOf(in.Args[0]), in.Type, in.Aux, x)
			if trap == 0 && !isNaN(in.Type, r) {
				makeConst(in, r)
			}
			return ssa.NoValue
		}
		if in.Op == ssa.OpIreduce { // wrap(extend x) is x
			if d := f.Def(in.Args[0]); d != nil && (d.Op == ssa.OpUextend || d.Op == ssa.OpSextend && d.Aux == 32) &&
				f.TypeOf(d.Args[0]) == ssa.TypeI32 {
				return d.Args[0]
			}
		}
	case in.Op == ssa.OpSelect:
		if x, negated, ok := fo.testOfZero(in.Args[0]); ok {
			in.Args[0] = x
			if negated {
				in.Args[1], in.Args[2] = in.Args[2], in.Args[1]
			}
		}
		if c, ok := fo.constant(in.Args[0]); ok {
			if c != 0 {
				return in.Args[1]
			}
			return in.Args[2]
		}
		if in.Args[1] == in.Args[2] {
			return in.Args[1]
		}
	}
	return ssa.NoValue
}

// integerIdentity applies the algebraic identities of integer binary
// operations with at most one constant operand.
func (fo *folder) integerIdentity(b *ssa.Block, in *ssa.Instr) ssa.Value {
	t := fo.f.TypeOf(in.Args[0])
	width := uint64(t.Bits())
	ones := uint64(math.MaxUint64) >> (64 - width)
	x, y := in.Args[0], in.Args[1]
	if _, ok := fo.constant(x); ok && commutative(in.Op) {
		x, y = y, x
		in.Args[0], in.Args[1] = x, y
	}
	c, yConst := fo.constant(y)
	if x == y {
		switch in.Op {
		case ssa.OpBand, ssa.OpBor:
			return x
		case ssa.OpIsub, ssa.OpBxor:
			makeConst(in, 0)
			return ssa.NoValue
		case ssa.OpIcmp:
			makeConst(in, b2u(in.Cond == ssa.CondEq || in.Cond == ssa.CondSLe || in.Cond == ssa.CondSGe ||
				in.Cond == ssa.CondULe || in.Cond == ssa.CondUGe))
			return ssa.NoValue
		}
	}
	if in.Op == ssa.OpIcmp {
		return fo.compare(in, c, yConst)
	}
	if isShift(in.Op) {
		return fo.shift(in, width)
	}
	if !yConst {
		return ssa.NoValue
	}
	switch in.Op {
	case ssa.OpIadd, ssa.OpIsub, ssa.OpBor, ssa.OpBxor:
		if c == 0 {
			return x
		}
		if in.Op == ssa.OpBor && c == ones {
			return y
		}
		if in.Op == ssa.OpBxor && c == 1 {
			if d := fo.f.Def(x); d != nil && isCompare(d.Op) && d.Block == b.ID && t == ssa.TypeI32 {
				return fo.negated(b, d) // !cmp written as cmp ^ 1
			}
		}
	case ssa.OpBand:
		if c == ones {
			return x
		}
		if c == 0 {
			return y
		}
		return fo.maskOfMask(b, in, x, c)
	case ssa.OpImul:
		switch {
		case c == 1:
			return x
		case c == 0:
			return y
		case bits.OnesCount64(c) == 1:
			in.Op, in.Args[1] = ssa.OpIshl, fo.newConst(b, t, uint64(bits.TrailingZeros64(c)))
		}
	case ssa.OpUdiv, ssa.OpSdiv:
		switch {
		case c == 1:
			return x
		case in.Op == ssa.OpUdiv && bits.OnesCount64(c) == 1:
			in.Op, in.Args[1] = ssa.OpUshr, fo.newConst(b, t, uint64(bits.TrailingZeros64(c)))
		}
	case ssa.OpUrem, ssa.OpSrem:
		switch {
		case c == 1 || in.Op == ssa.OpSrem && c == ones: // x rem ±1 is 0 and never traps
			makeConst(in, 0)
		case in.Op == ssa.OpUrem && bits.OnesCount64(c) == 1:
			in.Op, in.Args[1] = ssa.OpBand, fo.newConst(b, t, c-1)
		}
	}
	return ssa.NoValue
}

// maskOfMask simplifies x & c where x is itself a mask or a 0 or 1:
// (z & c1) & c2 is z & (c1 & c2), z & c1 itself where c2 keeps all of
// c1's bits, and 0 where they share none (a trip count rounded down to a
// multiple of 4 tested for being one); a comparison's 0 or 1 and-ed with
// a c that keeps bit 0 is the comparison.
func (fo *folder) maskOfMask(b *ssa.Block, in *ssa.Instr, x ssa.Value, c uint64) ssa.Value {
	d := fo.f.Def(x)
	if d == nil {
		return ssa.NoValue
	}
	if isCompare(d.Op) && c&1 == 1 {
		return x
	}
	if d.Op != ssa.OpBand {
		return ssa.NoValue
	}
	c1, ok := fo.constant(d.Args[1])
	if !ok {
		return ssa.NoValue
	}
	switch {
	case c1&c == c1:
		return x
	case c1&c == 0:
		makeConst(in, 0)
	default:
		in.Args[0], in.Args[1] = d.Args[0], fo.newConst(b, fo.f.TypeOf(x), c1&c)
	}
	return ssa.NoValue
}

// shift simplifies a shift or rotation: the count is taken modulo the
// width, so a count masked with (at least) width-1 needs no mask, and a
// constant count that is a multiple of the width leaves x.
func (fo *folder) shift(in *ssa.Instr, width uint64) ssa.Value {
	if c, ok := fo.constant(in.Args[1]); ok {
		if c&(width-1) == 0 {
			return in.Args[0]
		}
		return ssa.NoValue
	}
	if d := fo.f.Def(in.Args[1]); d != nil && d.Op == ssa.OpBand {
		if m, ok := fo.constant(d.Args[1]); ok && m&(width-1) == width-1 {
			in.Args[1] = d.Args[0]
		}
	}
	return ssa.NoValue
}

// compare folds comparisons against constants whose outcome is fixed (x
// <u 0, x >=u 0) and tests of a comparison's 0 or 1 against zero: cmp !=
// 0 (or >u 0) is the comparison itself, cmp == 0 (or <=u 0) the negated
// comparison, so that a branch, select or use as a number reads the
// original condition's flags instead of testing its materialized value.
func (fo *folder) compare(in *ssa.Instr, c uint64, yConst bool) ssa.Value {
	if !yConst || c != 0 {
		return ssa.NoValue
	}
	d := fo.f.Def(in.Args[0])
	isBool := d != nil && isCompare(d.Op)
	switch in.Cond {
	case ssa.CondULt:
		makeConst(in, 0)
	case ssa.CondUGe:
		makeConst(in, 1)
	case ssa.CondNe, ssa.CondUGt:
		if isBool {
			return in.Args[0]
		}
	case ssa.CondEq, ssa.CondULe:
		// The negation is a new comparison here, reading the operands
		// again: only where they are live anyway, in the same block.
		if isBool && d.Block == in.Block {
			return fo.negated(fo.f.Block(in.Block), d)
		}
	}
	return ssa.NoValue
}

// negated returns a comparison computing the opposite of cmp, emitted
// here. Float comparisons other than eq and ne have no negation (NaN makes
// both false), so for them it returns NoValue.
func (fo *folder) negated(b *ssa.Block, cmp *ssa.Instr) ssa.Value {
	cond, ok := cmp.Cond.Negated(cmp.Op == ssa.OpIcmp)
	if !ok {
		return ssa.NoValue
	}
	in := fo.f.Define(b, &ssa.Instr{Op: cmp.Op, Cond: cond, Args: []ssa.Value{cmp.Args[0], cmp.Args[1]}}, ssa.TypeI32)
	fo.out = append(fo.out, in)
	return in.Results[0]
}

func isCompare(op ssa.Op) bool { return op == ssa.OpIcmp || op == ssa.OpFcmp }

func isShift(op ssa.Op) bool { return op >= ssa.OpIshl && op <= ssa.OpRotr }

// commutative reports whether an integer operation's operands may be
// swapped.
func commutative(op ssa.Op) bool {
	switch op {
	case ssa.OpIadd, ssa.OpImul, ssa.OpBand, ssa.OpBor, ssa.OpBxor:
		return true
	}
	return false
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
