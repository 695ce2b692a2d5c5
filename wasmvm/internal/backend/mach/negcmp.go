package mach

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// A block that keeps both x < y and x >= y as numbers (sort's merge loop
// steps j by the one and i by the other, clang's branchless merge) takes
// the second as the first xor 1: mov, xor instead of cmp, setge, movzx,
// and the compared values need not live until the second comparison.

// loweredCompare is an integer comparison a block has computed as a 0 or 1
// in a register.
type loweredCompare struct {
	block int
	cmp   *ssa.Instr
	v     regalloc.VReg
}

// negationOfLowered returns the register of a comparison of the same
// operands with the negated condition that block bi has already set as a
// number, if any. It forgets the comparisons of other blocks.
func (l *Func) negationOfLowered(bi int, in *ssa.Instr) (regalloc.VReg, bool) {
	if len(l.compares) > 0 && l.compares[0].block != bi {
		l.compares = l.compares[:0]
	}
	neg, ok := in.Cond.Negated(true)
	if !ok {
		return NoVReg, false
	}
	for _, c := range l.compares {
		if c.cmp.Cond == neg && c.cmp.Args[0] == in.Args[0] && c.cmp.Args[1] == in.Args[1] {
			return c.v, true
		}
	}
	return NoVReg, false
}

// lowerCompareSet lowers an integer comparison kept as a number: the
// negation of one the block has set, or a comparison that sets it.
func (l *Func) lowerCompareSet(bi int, in *ssa.Instr, base Instr) {
	dst := regalloc.VReg(in.Results[0])
	if v, ok := l.negationOfLowered(bi, in); ok {
		m := base
		m.Op, m.Sub, m.A, m.Imm, m.BImm, m.Size = OpAlu, ssa.OpBxor, v, 1, true, 4
		l.emit(bi, m)
		return
	}
	m := base
	m.Op, m.Cond, m.A, m.Size = OpCmpSet, in.Cond, l.reg(bi, in.Args[0]), SizeOf(l.F.TypeOf(in.Args[0]))
	l.secondOperand(bi, &m, in.Args[1])
	l.emit(bi, m)
	l.compares = append(l.compares, loweredCompare{block: bi, cmp: in, v: dst})
}
