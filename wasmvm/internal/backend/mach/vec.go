package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// commutingVecOps are the SIMD operations whose two vector operands may
// trade places: an emitter given dst in b's register computes b op a.
var commutingVecOps = map[ssa.Op]bool{
	ssa.OpVand: true, ssa.OpVor: true, ssa.OpVxor: true,
	ssa.OpVsaddSat: true, ssa.OpVuaddSat: true, ssa.OpVavgrU: true,
	ssa.OpVsmin: true, ssa.OpVumin: true, ssa.OpVsmax: true, ssa.OpVumax: true,
	ssa.OpVq15mulrSat: true, ssa.OpVdot: true,
}

// vecCommutes says whether OpVec m computes the same with a and b
// swapped: the bitwise operations and the integer lane operations that
// commute (float addition and multiplication are left out, as a NaN
// operand's payload may depend on the order).
func vecCommutes(m *Instr) bool {
	if m.B == NoVReg || m.BImm || m.MemB {
		return false
	}
	switch m.Sub {
	case ssa.OpVadd, ssa.OpVmul:
		return m.Shape.IsInt()
	case ssa.OpVicmp:
		return m.Cond == ssa.CondEq || m.Cond == ssa.CondNe
	}
	return commutingVecOps[m.Sub]
}
