package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// commutingVecOp says whether op is a SIMD operation whose two vector
// operands may trade places: an emitter given dst in b's register
// computes b op a.
func commutingVecOp(op ssa.Op) bool {
	switch op {
	case ssa.OpVand, ssa.OpVor, ssa.OpVxor,
		ssa.OpVsaddSat, ssa.OpVuaddSat, ssa.OpVavgrU,
		ssa.OpVsmin, ssa.OpVumin, ssa.OpVsmax, ssa.OpVumax,
		ssa.OpVq15mulrSat, ssa.OpVdot:
		return true
	}
	return false
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
	return commutingVecOp(m.Sub)
}
