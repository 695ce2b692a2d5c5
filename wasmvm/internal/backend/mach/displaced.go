package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// planDisplacedAdd finds the additions of a constant to another addition
// of the same block used only there, (x + y) + C or (x + (z << k)) + C,
// outside an address: both are lowered as one three-term sum (an x86
// lea with a displacement), and the inner addition is not lowered on its
// own. Fold has already merged nested constants, so the inner addition
// has two variable operands; its wraparound is the outer one's, as
// addition is associative modulo the width.
func (l *Func) planDisplacedAdd(in *ssa.Instr) {
	if in.Op != ssa.OpIadd || len(in.Args) != 2 || l.inAddress.has(in.Results[0]) || l.scaled[in] != nil {
		return
	}
	size := SizeOf(in.Type)
	if _, ok := l.imm32(in.Args[1], size); !ok {
		return
	}
	inner := l.F.Def(in.Args[0])
	if inner == nil || inner.Op != ssa.OpIadd || inner.Block != in.Block || inner.Type != in.Type ||
		l.uses[in.Args[0]] != 1 || l.inAddress.has(in.Args[0]) {
		return
	}
	for _, a := range inner.Args {
		if _, isConst := l.constant(a); isConst {
			return
		}
	}
	l.displaced[in], l.inAddress[in.Args[0]] = inner, true
}
