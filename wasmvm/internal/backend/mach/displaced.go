package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// planDisplacedAdd finds the additions of a constant to another addition
// of the same block used only there, (x + y) + C or (x + (z << k)) + C,
// or to a product x * 3, 5 or 9 (scaledProduct), outside an address: each
// is lowered as one three-term sum (an x86 lea with a displacement), and
// the inner addition or product is not lowered on its own. Fold has
// already merged nested constants, so the inner addition has two variable
// operands; its wraparound is the outer one's, as addition is associative
// modulo the width.
func (l *Func) planDisplacedAdd(in *ssa.Instr) {
	if in.Op != ssa.OpIadd || len(in.Args) != 2 || l.inAddress.has(in.Results[0]) || l.scaled[in] != nil {
		return
	}
	size := SizeOf(in.Type)
	if _, ok := l.imm32(in.Args[1], size); !ok {
		return
	}
	inner := l.F.Def(in.Args[0])
	if inner != nil && inner.Block == in.Block && l.uses[in.Args[0]] == 1 && !l.inAddress.has(in.Args[0]) {
		if _, _, ok := l.scaledProduct(inner); ok {
			l.displaced[in], l.inAddress[in.Args[0]] = inner, true
			return
		}
	}
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

// scaledProduct reports whether in multiplies a variable x by 3, 5 or 9,
// which is x + x*2, x + x*4 or x + x*8: one scaled addition (an x86 lea,
// an arm64 add with lsl), scale being 2, 4 or 8.
func (l *Func) scaledProduct(in *ssa.Instr) (x ssa.Value, scale uint8, ok bool) {
	if in.Op != ssa.OpImul || len(in.Args) != 2 {
		return 0, 0, false
	}
	for i, a := range in.Args {
		c, isConst := l.imm32(a, SizeOf(in.Type))
		if !isConst {
			continue
		}
		x = in.Args[1-i]
		if _, xConst := l.constant(x); xConst || (c != 3 && c != 5 && c != 9) {
			return 0, 0, false
		}
		return x, uint8(c - 1), true
	}
	return 0, 0, false
}

// scaledSum sets the operands of lea-like m to product in (scaledProduct):
// x plus x times the scale.
func (l *Func) scaledSum(bi int, m *Instr, in *ssa.Instr) {
	x, scale, _ := l.scaledProduct(in)
	r := l.reg(bi, x)
	m.A, m.Idx, m.Scale, m.AddrLea = r, r, scale, true
}
