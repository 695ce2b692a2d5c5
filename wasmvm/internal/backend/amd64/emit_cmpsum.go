package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// compareSum emits a comparison sum (mach.OpCmpSet with c): dst = c + (a
// <cond> b), or c | (a <cond> b) with c 0 or 1. An addition whose
// comparison leaves its outcome in the carry flag adds the carry: c + (a
// <u b) is adc c, 0 and c + (a >=u b) is sbb c, -1 (c + 1 - carry), in
// place of setcc, movzx and add (carryCompare). Other additions add
// setcc's zero-extended byte. An or sets a scratch byte and ors it into
// c's low byte (no movzx): the flags of that or tell whether dst is
// nonzero, and a branch on dst reads them.
func (fe *funcEmitter) compareSum(m *mach.Instr) {
	e := fe.e
	size := mach.SizeOf(m.To)
	if m.Sub == ssa.OpIadd {
		if cmp, adc, ok := carryCompare(m); ok {
			fe.compare(&cmp)
			d := fe.def(m.Dst)
			fe.moveTo(d, m.C) // moves and loads leave the flags alone
			if adc {
				e.aluRI(aluAdc, size, d, 0)
			} else {
				e.aluRI(aluSbb, size, d, -1)
			}
			fe.finish(m.Dst, d)
			return
		}
	}
	fe.compare(m)
	d := fe.def(m.Dst)
	t := scratchA // the comparison's outcome; dst, when spilled, is scratchA
	if d == scratchA {
		t = scratchB
	}
	cc := condCode(m.Cond)
	if m.Sub == ssa.OpBor {
		e.setcc8(cc, t)
		fe.moveTo(d, m.C)
		e.or8(d, t)
		fe.finish(m.Dst, d) // a store leaves the flags alone
		fe.setCond(m.Dst, ccNE)
		return
	}
	e.setcc(cc, t)
	fe.moveTo(d, m.C)
	e.aluRR(aluAdd, size, d, t)
	fe.finish(m.Dst, d)
}

// carryCompare returns the comparison of sum m as one that sets the carry
// flag where m's condition holds (adc) or where it does not (!adc): an
// unsigned <, or >= (sbb); > and <= with the operands swapped, or against
// the constant plus one; == 0 and != 0 as < 1 and >= 1. It reports false
// for the other conditions.
func carryCompare(m *mach.Instr) (cmp mach.Instr, adc, ok bool) {
	cmp = *m
	cmp.Sub = ssa.OpInvalid
	switch m.Cond {
	case ssa.CondULt:
		return cmp, true, true
	case ssa.CondUGe:
		return cmp, false, true
	case ssa.CondUGt, ssa.CondULe:
		if !m.BImm { // a > b is b < a, a <= b is b >= a
			cmp.A, cmp.B = m.B, m.A
			cmp.Cond = m.Cond.Swapped()
			return cmp, m.Cond == ssa.CondUGt, true
		}
		k, fits := plusOne(m.Imm, m.Size)
		if !fits {
			return cmp, false, false
		}
		cmp.Imm = k // a > k is a >= k+1, a <= k is a < k+1
		cmp.Cond = ssa.CondUGe
		if m.Cond == ssa.CondULe {
			cmp.Cond = ssa.CondULt
		}
		return cmp, m.Cond == ssa.CondULe, true
	case ssa.CondEq, ssa.CondNe:
		if !m.BImm || m.Imm != 0 {
			return cmp, false, false
		}
		cmp.Imm = 1 // a == 0 is a < 1, a != 0 is a >= 1
		cmp.Cond = ssa.CondULt
		if m.Cond == ssa.CondNe {
			cmp.Cond = ssa.CondUGe
		}
		return cmp, m.Cond == ssa.CondEq, true
	}
	return cmp, false, false
}

// plusOne returns the immediate of an unsigned comparison of size bytes
// with k+1, and false where k is the largest value or k+1 has no 32-bit
// immediate (sign-extended to 64 bits).
func plusOne(k int64, size uint8) (int64, bool) {
	if size == 4 {
		u := uint32(k)
		return int64(int32(u + 1)), u != 0xFFFFFFFF
	}
	return k + 1, k != -1 && k+1 <= 0x7FFFFFFF
}
