package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// foldableVecOp reports whether the lane-wise operation op on shape s is
// one instruction that may take its second operand from memory (x86's
// VEX forms, which unlike the legacy SSE ones need no alignment), and
// whether it may take either operand there (it commutes exactly: integer
// addition and multiplication and the bitwise operations; the float
// operations return the first operand's NaN when both are NaN, so their
// order stays).
func foldableVecOp(op ssa.Op, s ssa.Shape) (ok, commutes bool) {
	switch op {
	case ssa.OpVand, ssa.OpVor, ssa.OpVxor:
		return true, true
	case ssa.OpVadd:
		return true, s.IsInt()
	case ssa.OpVsub:
		return true, false
	case ssa.OpVmul:
		switch s {
		case ssa.ShapeI16x8, ssa.ShapeI32x4:
			return true, true
		case ssa.ShapeF32x4, ssa.ShapeF64x2:
			return true, false
		}
	case ssa.OpVdiv:
		return s.IsFloat(), false
	}
	return false, false
}

// planVectorFolds picks v128 loads that the lane-wise operation right
// after them, their only use, takes as its memory operand, as planFolds
// does for scalars.
func (l *Func) planVectorFolds() {
	for _, b := range l.F.Blocks {
		for i := 1; i < len(b.Instrs); i++ {
			in, load := b.Instrs[i], b.Instrs[i-1]
			if load.Op != ssa.OpLoad || ssa.MemAccess(load.Aux) != ssa.Mem128 || len(in.Args) != 2 ||
				int64(load.Imm)+16 > 1<<31-1 {
				continue
			}
			ok, commutes := foldableVecOp(in.Op, ssa.Shape(in.Aux))
			v := load.Results[0]
			if !ok || l.uses[v] != 1 || in.Args[0] == in.Args[1] {
				continue
			}
			if in.Args[1] == v || commutes && in.Args[0] == v {
				l.loadInto[in], l.folded[v] = load, true
			}
		}
	}
}

// vecConstOperand returns the other operand and the constant when the
// lane-wise operation in has a v128 constant operand that the machine
// instruction may read from the function's constants: the second, or the
// first of an operation that commutes exactly. Only targets whose
// instructions take memory operands (FoldLoads) get it; the constant
// then occupies no register, where rematerializing it at each use costs
// a load and a register in every unrolled copy of a vectorized loop.
func (l *Func) vecConstOperand(in *ssa.Instr) (ssa.Value, *ssa.Instr, bool) {
	if !l.constOperands || len(in.Args) != 2 || in.Args[0] == in.Args[1] {
		return 0, nil, false
	}
	ok, commutes := foldableVecOp(in.Op, ssa.Shape(in.Aux))
	if !ok {
		return 0, nil, false
	}
	isConst := func(v ssa.Value) (*ssa.Instr, bool) {
		c, ok := l.constant(v)
		_, inRegister := l.loopConstant(in.Block, v)
		return c, ok && !inRegister && c.Op == ssa.OpV128const
	}
	if c, ok := isConst(in.Args[1]); ok {
		return in.Args[0], c, true
	}
	if c, ok := isConst(in.Args[0]); ok && commutes {
		return in.Args[1], c, true
	}
	return 0, nil, false
}

// VecConstB says whether OpVec m reads its second operand, the v128
// constant Imm (low half) and Imm2 (high half), from memory: BImm on an
// operation that is not a shift (whose BImm is the count).
func (m *Instr) VecConstB() bool {
	return m.Op == OpVec && m.BImm && !isVecShift(m.Sub)
}
