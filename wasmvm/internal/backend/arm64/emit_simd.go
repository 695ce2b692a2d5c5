package arm64

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// This file emits the SIMD operations (mach.OpVec) with NEON, following
// ssa.EvalSIMD lane by lane. Operands arrive in any register: dst may
// share a's register (and b's, for an operation that commutes), and a
// spilled dst and a spilled a both use V31, so a sequence of several
// instructions reads its operands before it writes dst or works in V29,
// the scratch register no vector operand of a two-operand operation uses
// (a spilled a is in V31, b in V30, c in V29).

// vtmp is the vector scratch register the sequences compute in.
var vtmp = v(29)

// laneBytes is the width of one lane of shape s in bytes.
func laneBytes(s ssa.Shape) int { return s.LaneBits() / 8 }

// simd emits one OpVec instruction.
func (fe *funcEmitter) simd(m *mach.Instr) {
	if fe.simdBitwise(m) || fe.simdLanes(m) || fe.simdInt(m) || fe.simdFloat(m) || fe.simdConvert(m) {
		return
	}
	panic(fmt.Sprintf("arm64: cannot emit %s.%s", m.Sub, m.Shape))
}

// operands returns the registers of m's destination and operands, loading
// spilled operands into their scratch registers.
func (fe *funcEmitter) operands(m *mach.Instr) (d, a, b, c reg) {
	d = fe.def(m.Dst)
	if m.A != mach.NoVReg {
		a = fe.use(m.A, scratchA)
	}
	if m.B != mach.NoVReg {
		b = fe.use(m.B, scratchB)
	}
	if m.C != mach.NoVReg {
		c = fe.use(m.C, scratchC)
	}
	return d, a, b, c
}

// simdBitwise emits the operations on all 128 bits and the tests of a
// whole vector.
func (fe *funcEmitter) simdBitwise(m *mach.Instr) bool {
	e := fe.e
	var op uint32
	switch m.Sub {
	case ssa.OpVand:
		op = vAnd
	case ssa.OpVandnot:
		op = vBic
	case ssa.OpVor:
		op = vOrr
	case ssa.OpVxor:
		op = vEor
	case ssa.OpVnot, ssa.OpVbitselect, ssa.OpVanyTrue, ssa.OpVallTrue, ssa.OpVbitmask:
	default:
		return false
	}
	d, a, b, c := fe.operands(m)
	switch m.Sub {
	case ssa.OpVnot:
		e.vec2(vNot, arr16B, d, a)
	case ssa.OpVbitselect: // c ? a : b, bitwise
		switch d {
		case a:
			e.vec3(vBif, arr16B, d, b, c)
		case b:
			e.vec3(vBit, arr16B, d, a, c)
		case c:
			e.vec3(vBsl, arr16B, d, a, b)
		default:
			e.vmov(d, c)
			e.vec3(vBsl, arr16B, d, a, b)
		}
	case ssa.OpVanyTrue:
		e.vec2(vUmaxv, arr4S, vtmp, a)
		fe.nonZero(d, condNE)
	case ssa.OpVallTrue:
		if m.Shape == ssa.ShapeI64x2 {
			e.vec2(vCmeqZ, arr2D, vtmp, a) // a zero lane is all ones
			e.vec2(vUmaxv, arr4S, vtmp, vtmp)
			fe.nonZero(d, condEQ)
			break
		}
		e.vec2(vUminv, fullArr(laneBytes(m.Shape)), vtmp, a)
		fe.nonZero(d, condNE)
	case ssa.OpVbitmask:
		fe.bitmask(m.Shape, d, a)
	default:
		e.vec3(op, arr16B, d, a, b)
	}
	fe.finish(m.Dst, d)
	return true
}

// nonZero sets d to 1 when the low 32 bits of vtmp compare with zero as
// c says (condNE: nonzero, condEQ: zero), else to 0.
func (fe *funcEmitter) nonZero(d reg, c cond) {
	fe.e.fmovToInt(4, d, vtmp)
	fe.e.addImm(opSubs, 4, XZR, d, 0)
	fe.e.cset(d, c)
}

// bitmask gathers the sign bit of each lane into the low bits of d.
// NEON has no move-mask: each lane's sign is shifted down to bit 0, then
// unsigned shift-right-and-accumulate steps at twice the width each fold
// neighbouring lanes' bits together, so that the low byte of each 64-bit
// half holds its lanes' bits; the two bytes are then combined.
func (fe *funcEmitter) bitmask(s ssa.Shape, d, a reg) {
	e := fe.e
	lb := laneBytes(s)
	e.shiftRight(vUshr, fullArr(lb), vtmp, a, uint32(s.LaneBits()-1))
	perHalf := uint32(8 / lb) // lanes in each 64-bit half
	for w := lb * 2; w <= 8; w *= 2 {
		// After the lanes of w/2 bytes hold k bits each at bit 0, a
		// lane of w bytes holds 2k: its upper half's bits moved up by k.
		k := uint32(w / 2 / lb)
		e.shiftRight(vUsra, fullArr(w), vtmp, vtmp, uint32(w/2*8)-k)
	}
	e.umov(1, d, vtmp, 0)
	e.umov(1, scratchB, vtmp, 8)
	e.addReg(opAdd, 4, d, d, scratchB, perHalf)
}

// simdLanes emits splats, lane accesses, shuffles and swizzles.
func (fe *funcEmitter) simdLanes(m *mach.Instr) bool {
	switch m.Sub {
	case ssa.OpVsplat, ssa.OpVextractLane, ssa.OpVextractLaneS, ssa.OpVinsertLane, ssa.OpVswizzle:
	case ssa.OpVshuffle:
		fe.shuffle(m)
		return true
	default:
		return false
	}
	e := fe.e
	lb, idx := laneBytes(m.Shape), int(m.Imm)
	d, a, b, _ := fe.operands(m)
	switch m.Sub {
	case ssa.OpVsplat:
		if m.Shape.IsFloat() {
			e.dupElem(fullArr(lb), d, a, 0)
		} else {
			e.dupGen(fullArr(lb), d, a)
		}
	case ssa.OpVextractLane:
		if m.Shape.IsFloat() {
			e.dupScalar(lb, d, a, idx)
		} else {
			e.umov(lb, d, a, idx)
		}
	case ssa.OpVextractLaneS:
		e.smov(4, lb, d, a, idx)
	case ssa.OpVinsertLane:
		if d != a {
			e.vmov(d, a)
		}
		if m.Shape.IsFloat() {
			e.insElem(lb, d, idx, b, 0)
		} else {
			e.insGen(lb, d, idx, b)
		}
	case ssa.OpVswizzle:
		e.tbl(d, a, 1, b) // out-of-range indices give 0, as in WebAssembly
	}
	fe.finish(m.Dst, d)
	return true
}

// vecConst loads a 128-bit constant: with movi when every byte is 0 or
// 0xFF or all bytes are equal, else from the function's literal pool.
func (fe *funcEmitter) vecConst(d reg, lo, hi uint64) {
	e := fe.e
	if lo == hi {
		if mask, ok := byteMask(lo); ok {
			e.movi2d(d, mask)
			return
		}
		if b := uint8(lo); lo == 0x0101010101010101*uint64(b) {
			e.movi16b(d, b)
			return
		}
	}
	k := [2]uint64{lo, hi}
	fe.vconstants[k] = append(fe.vconstants[k], e.ldrLiteral(16, d))
}

// byteMask reports whether every byte of x is 0 or 0xFF, and which.
func byteMask(x uint64) (uint8, bool) {
	var mask uint8
	for i := range 8 {
		switch byte(x >> (8 * i)) {
		case 0xFF:
			mask |= 1 << i
		case 0:
		default:
			return 0, false
		}
	}
	return mask, true
}

// vecSelect emits the v128 select: c != 0 ? a : b, as a mask of all ones
// or zeros broadcast from c, then a bitwise select.
func (fe *funcEmitter) vecSelect(m *mach.Instr) {
	e := fe.e
	c := fe.use(m.C, scratchC)
	e.addImm(opSubs, 4, XZR, c, 0)
	e.cset(scratchC, condNE)
	e.addReg(opSub, 8, scratchC, XZR, scratchC, 0) // 0 or all ones
	d, a, b := fe.def(m.Dst), fe.use(m.A, scratchA), fe.use(m.B, scratchB)
	t := d
	if d == a || d == b {
		t = vtmp
	}
	e.dupGen(arr2D, t, scratchC)
	e.vec3(vBsl, arr16B, t, a, b)
	if t != d {
		e.vmov(d, t)
	}
	fe.finish(m.Dst, d)
}

// emitVectorConstants places the function's 16-byte constants after its
// code, 16-byte aligned, in a stable order, and points their loads at
// them.
func (fe *funcEmitter) emitVectorConstants() {
	if len(fe.vconstants) == 0 {
		return
	}
	keys := make([][2]uint64, 0, len(fe.vconstants))
	for k := range fe.vconstants {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y [2]uint64) int {
		if c := cmp.Compare(x[1], y[1]); c != 0 {
			return c
		}
		return cmp.Compare(x[0], y[0])
	})
	for fe.e.pos()%16 != 0 {
		fe.e.brk()
	}
	for _, k := range keys {
		for _, at := range fe.vconstants[k] {
			fe.e.patchBranch(at, fe.e.pos())
		}
		for _, half := range k {
			fe.e.word(uint32(half))
			fe.e.word(uint32(half >> 32))
		}
	}
}
