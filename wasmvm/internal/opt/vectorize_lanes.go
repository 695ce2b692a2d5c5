package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// vectorOps maps the scalar operations Vectorize handles to their
// lane-wise forms. Each computes in every lane exactly what the scalar
// one computes: wrapping integer arithmetic, bitwise operations, shifts
// by an invariant count (modulo the lane width in both), and the IEEE
// float operations whose results, NaN bits included, the SIMD lowering
// produces with the same machine instructions as the scalar one (the
// packed forms of addsd, mulsd, sqrtsd... on amd64, the vector forms of
// fadd, fmul, fsqrt... on arm64). min and max are left out: their NaN and
// signed-zero handling is a longer sequence on both targets.
var vectorOps = map[ssa.Op]ssa.Op{
	ssa.OpIadd: ssa.OpVadd, ssa.OpIsub: ssa.OpVsub, ssa.OpImul: ssa.OpVmul,
	ssa.OpBand: ssa.OpVand, ssa.OpBor: ssa.OpVor, ssa.OpBxor: ssa.OpVxor,
	ssa.OpIshl: ssa.OpVishl, ssa.OpSshr: ssa.OpVsshr, ssa.OpUshr: ssa.OpVushr,
	ssa.OpFadd: ssa.OpVadd, ssa.OpFsub: ssa.OpVsub, ssa.OpFmul: ssa.OpVmul, ssa.OpFdiv: ssa.OpVdiv,
	ssa.OpFsqrt: ssa.OpVfsqrt, ssa.OpFabs: ssa.OpVabs, ssa.OpFneg: ssa.OpVneg,
}

// vector returns the vector whose lanes hold the values t[0..members-1]
// of successive iterations: lane u*members+m is t[m] in the u-th scalar
// iteration the vector iteration stands for. It emits what computes it
// (the vector loop's part into vbody, invariant parts into the
// preheader).
func (e *vecEmitter) vector(t memberValues) (ssa.Value, error) {
	if v, ok := e.memo[t]; ok {
		return v, nil
	}
	v, err := e.vectorOf(t[:e.l.members])
	if err != nil {
		return ssa.NoValue, err
	}
	e.memo[t] = v
	return v, nil
}

// narrowOps are the operations whose result's low 8 or 16 bits depend
// only on the low 8 or 16 bits of their operands, so that i32 values
// loaded from and stored to bytes or halfwords compute lane-wise in i8x16
// or i16x8 lanes (shifts only left, by a constant below the lane width;
// multiplication only of 16-bit lanes, as there is no i8x16 one).
var narrowOps = map[ssa.Op]bool{ssa.OpIadd: true, ssa.OpIsub: true, ssa.OpImul: true,
	ssa.OpBand: true, ssa.OpBor: true, ssa.OpBxor: true, ssa.OpIshl: true}

func (e *vecEmitter) vectorOf(vs []ssa.Value) (ssa.Value, error) {
	l, f := e.l, e.l.f
	typ := f.TypeOf(vs[0])
	shape := e.shapeFor(typ)
	if shape == ssa.ShapeInvalid || uint64(shape.LaneBits()) != 8*l.elem {
		return ssa.NoValue, notVectorizable("%s values among %d-byte elements", typ, l.elem)
	}
	for _, v := range vs[1:] {
		if f.TypeOf(v) != typ {
			return ssa.NoValue, notVectorizable("mixed types")
		}
	}
	same := !slices.ContainsFunc(vs, func(v ssa.Value) bool { return v != vs[0] })
	d := f.Def(vs[0])
	switch {
	case same && d != nil && isConstant(d.Op):
		return e.constant(shape, d.Imm), nil
	case same && l.invariant(vs[0]):
		return e.splat(vs[0]), nil
	case d == nil:
		return e.parameter(vs, same)
	case d.Op == ssa.OpLoad:
		return e.load(vs)
	case d.Op == ssa.OpIcmp:
		return e.comparisonOf(vs, shape)
	case d.Op == ssa.OpSelect:
		return e.selectOf(vs)
	}
	return e.operation(vs, shape)
}

// constant is a vector of the constant bits x in every lane.
func (e *vecEmitter) constant(s ssa.Shape, x uint64) ssa.Value {
	var v ssa.V128
	for i := range s.Lanes() {
		v.SetLane(s, i, x)
	}
	return e.emit(e.vcheck, &ssa.Instr{Op: ssa.OpV128const, Imm: v.Lo, Imm2: v.Hi}, ssa.TypeV128)
}

// shapeFor is the shape of the lanes holding values of type t: i32
// values of a loop over bytes or halfwords are narrow lanes.
func (e *vecEmitter) shapeFor(t ssa.Type) ssa.Shape {
	if e.l.elem < 4 && t == ssa.TypeI32 {
		return ssa.IntShapeOfSize(e.l.elem)
	}
	return shapeOf(t)
}

// splat is invariant x in every lane, computed in the preheader.
func (e *vecEmitter) splat(x ssa.Value) ssa.Value {
	if v, ok := e.splats[x]; ok {
		return v
	}
	v := e.emit(e.vcheck, &ssa.Instr{Op: ssa.OpVsplat, Aux: uint32(e.shapeFor(e.l.f.TypeOf(x))), Args: []ssa.Value{x}}, ssa.TypeV128)
	e.splats[x] = v
	return v
}

// load is the vector load of the group vs are the members of, in order.
func (e *vecEmitter) load(vs []ssa.Value) (ssa.Value, error) {
	l, f := e.l, e.l.f
	g := l.access[f.Def(vs[0])].g
	for m, v := range vs {
		d := f.Def(v)
		if d == nil || d.Op != ssa.OpLoad || l.access[d] != (lane{g, m}) {
			return ssa.NoValue, notVectorizable("loads out of lane order")
		}
	}
	if g.vec == ssa.NoValue {
		g.vec = e.emit(e.vbody, &ssa.Instr{Op: ssa.OpLoad, Imm: g.pos, Aux: uint32(ssa.Mem128), Aux2: ssa.InBounds,
			Args: []ssa.Value{g.class.vaddr}}, ssa.TypeV128)
	}
	return g.vec, nil
}

// parameter is the vector of a parameter of the scalar loop other than
// the induction variable: one passed along unchanged is invariant; one
// carried from the previous iteration is a recurrence.
func (e *vecEmitter) parameter(vs []ssa.Value, same bool) (ssa.Value, error) {
	l := e.l
	p := vs[0]
	k := slices.Index(l.body.Params, p)
	_, isIV := l.steps[k]
	switch {
	case isIV:
		return ssa.NoValue, notVectorizable("induction variable as data")
	case same && l.backArg(k) == p:
		return e.splat(l.initArg(k)), nil
	}
	r := e.recs[p]
	if r != nil && r.reduce == ssa.OpInvalid && len(vs) > 1 {
		return e.previousLanes(vs, r)
	}
	if r == nil || r.pending || r.reduce != ssa.OpInvalid || len(vs) != 1 {
		return ssa.NoValue, notVectorizable("carried value in a cycle")
	}
	if r.vec != ssa.NoValue {
		return r.vec, nil
	}
	r.pending = true
	x, err := e.vector(single(l.backArg(k)))
	r.pending = false
	if err != nil {
		return ssa.NoValue, err
	}
	r.next = x
	r.vec = e.shiftInLast(r.prev, x)
	return r.vec, nil
}

// shiftInLast is the vector of the previous vector's last lane, then the
// current one's but the last.
func (e *vecEmitter) shiftInLast(prev, cur ssa.Value) ssa.Value {
	var sel [16]byte
	w := int(e.l.elem)
	for b := range sel {
		if b < w {
			sel[b] = byte(16 - w + b)
		} else {
			sel[b] = byte(16 + b - w)
		}
	}
	var lo, hi uint64
	for b := 7; b >= 0; b-- {
		lo, hi = lo<<8|uint64(sel[b]), hi<<8|uint64(sel[b+8])
	}
	return e.emit(e.vbody, &ssa.Instr{Op: ssa.OpVshuffle, Imm: lo, Imm2: hi, Args: []ssa.Value{prev, cur}}, ssa.TypeV128)
}

// operation is the lane-wise form of the same operation in every member.
func (e *vecEmitter) operation(vs []ssa.Value, shape ssa.Shape) (ssa.Value, error) {
	l, f := e.l, e.l.f
	d0 := f.Def(vs[0])
	if d0.Op == ssa.OpBswap {
		return e.byteSwapLanes(vs)
	}
	vop, ok := vectorOps[d0.Op]
	if !ok || d0.Block != l.body.ID {
		return ssa.NoValue, notVectorizable("%s has no lane-wise form", d0.Op)
	}
	if l.elem < 4 && (!narrowOps[d0.Op] || vop == ssa.OpVmul && shape == ssa.ShapeI8x16) {
		return ssa.NoValue, notVectorizable("%s on %d-byte elements", d0.Op, l.elem)
	}
	if err := e.sameOperation(vs); err != nil {
		return ssa.NoValue, err
	}
	args := make([]ssa.Value, len(d0.Args))
	for i := range d0.Args {
		t := e.memberArgs(vs, i)
		if i == 1 && (vop == ssa.OpVishl || vop == ssa.OpVsshr || vop == ssa.OpVushr) {
			count, err := e.shiftCount(t[:len(vs)])
			if err != nil {
				return ssa.NoValue, err
			}
			args[i] = count
			continue
		}
		v, err := e.vector(t)
		if err != nil {
			return ssa.NoValue, err
		}
		args[i] = v
	}
	return e.emit(e.vbody, &ssa.Instr{Op: vop, Aux: laneAux(vop, shape), Args: args}, ssa.TypeV128), nil
}

// byteSwapLanes is the lane-wise byte swap of the members vs (Fold's
// OpBswap, of 4- or 8-byte elements: vectorOf made the lanes as wide as
// the values): one shuffle of the operand's bytes, reversed within each
// lane.
func (e *vecEmitter) byteSwapLanes(vs []ssa.Value) (ssa.Value, error) {
	if err := e.sameOperation(vs); err != nil {
		return ssa.NoValue, err
	}
	x, err := e.vector(e.memberArgs(vs, 0))
	if err != nil {
		return ssa.NoValue, err
	}
	w := int(e.l.elem)
	var lo, hi uint64
	for b := 15; b >= 0; b-- {
		sel := uint64(b/w*w + w - 1 - b%w)
		if b >= 8 {
			hi = hi<<8 | sel
		} else {
			lo = lo<<8 | sel
		}
	}
	return e.emit(e.vbody, &ssa.Instr{Op: ssa.OpVshuffle, Imm: lo, Imm2: hi, Args: []ssa.Value{x, x}}, ssa.TypeV128), nil
}

// laneAux is the Aux of lane-wise operation vop on shape: the bitwise
// operations take none.
func laneAux(vop ssa.Op, shape ssa.Shape) uint32 {
	if vop == ssa.OpVand || vop == ssa.OpVor || vop == ssa.OpVxor {
		return 0
	}
	return uint32(shape)
}

// shiftCount is the i32 shift count of a lane-wise shift: the members
// must shift by the same invariant count.
func (e *vecEmitter) shiftCount(counts []ssa.Value) (ssa.Value, error) {
	c := counts[0]
	d := e.l.f.Def(c)
	if slices.ContainsFunc(counts, func(v ssa.Value) bool { return v != c }) || !e.l.invariant(c) && (d == nil || d.Op != ssa.OpIconst) {
		return ssa.NoValue, notVectorizable("shift count varies")
	}
	if e.l.elem < 4 && (d == nil || d.Op != ssa.OpIconst || d.Imm >= 8*e.l.elem) {
		return ssa.NoValue, notVectorizable("shift of narrow elements by a count not below their width")
	}
	if d != nil && d.Op == ssa.OpIconst {
		return e.iconst(e.vcheck, ssa.TypeI32, d.Imm&63), nil
	}
	if e.l.f.TypeOf(c) == ssa.TypeI64 {
		return e.op(e.vcheck, ssa.OpIreduce, ssa.TypeI32, c), nil
	}
	return c, nil
}
