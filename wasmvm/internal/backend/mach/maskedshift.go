package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// A shift right by a constant k whose only use is an and with a constant
// that keeps none of the top k bits ((c >> 3) & 28, a byte set's word
// index) gives the same result as a rotation right by k: the bits the
// rotation brings in are cleared. Lowering emits the rotation, which
// amd64 encodes as BMI2's rorx into another register where the operand
// stays live (no copy first); on arm64 a rotation costs what a shift does.

// planMaskedShift finds such a shift among the operands of and in.
func (l *Func) planMaskedShift(in *ssa.Instr) {
	if len(in.Args) != 2 || !in.Type.IsInt() {
		return
	}
	for k, a := range in.Args {
		mask, ok := l.imm32(in.Args[1-k], SizeOf(in.Type))
		shr := l.F.Def(a)
		if !ok || shr == nil || shr.Op != ssa.OpUshr || l.uses[a] != 1 {
			continue
		}
		width := uint64(SizeOf(in.Type)) * 8
		n, ok := l.imm32(shr.Args[1], SizeOf(in.Type))
		if n := uint64(n) & (width - 1); ok && n != 0 && keepsLow(uint64(mask), width, width-n) {
			if l.rotated == nil {
				l.rotated = make(valueSet, l.F.NumValues())
			}
			l.rotated[a] = true
		}
	}
}

// keepsLow reports whether mask, a constant of width bits (sign-extended
// from 32 bits for 64), has no bit set at or above bit n.
func keepsLow(mask, width, n uint64) bool {
	if width == 32 {
		mask &= 0xFFFFFFFF
	}
	return mask>>n == 0
}
