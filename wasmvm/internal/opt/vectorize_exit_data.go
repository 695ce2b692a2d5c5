package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// maxIntervals bounds the byte ranges a byte loop's exit set (or its
// complement) may be made of: each costs a comparison or two per vector.
const maxIntervals = 4

// hitLanes emits into e.vbody the mask of the lanes whose iteration might
// take a data exit, or reports that the data exits have no such form.
// Lane j stands for the j-th of the next U iterations: in the vector of
// the 16 bytes they load (e.loaded), it holds what the j-th loads; in the
// vector 1 or 4 bytes before (e.previous), what the rotated parameter
// holds in the j-th.
func (e *scanEmitter) hitLanes() (ssa.Value, bool) {
	if e.l.size == 1 {
		return e.byteHits()
	}
	return e.wordHits()
}

// leaves lists the values a data exit may be computed from, each with the
// vector of its lanes: the load, and the rotated parameter if any.
func (e *scanEmitter) leaves() []leaf {
	out := []leaf{{e.l.load.Result(), e.loaded}}
	if e.l.rotated >= 0 {
		out = append(out, leaf{e.l.header.Params[e.l.rotated], e.previous})
	}
	return out
}

// leaf is a scalar value of the loop and the vector of its next U values.
type leaf struct {
	v   ssa.Value
	vec func() ssa.Value
}

// byteHits handles a byte loop. A data exit computed from the byte and
// constants alone is evaluated for all 256 byte values; the bytes that
// take it form a set, tested as a few ranges (or its complement's, the
// smaller). A data exit comparing the byte with an invariant for
// equality becomes a lane-wise comparison with its low byte, which may
// report lanes that do not exit (when the invariant is above 255): the
// scalar loop then finds that out.
func (e *scanEmitter) byteHits() (ssa.Value, bool) {
	mask := ssa.NoValue
	or := func(m ssa.Value) {
		if mask == ssa.NoValue {
			mask = m
		} else {
			mask = e.orMasks(mask, m)
		}
	}
	leaves := e.leaves()
	sets := make([][256]bool, len(leaves))
	have := make([]bool, len(leaves))
	for _, x := range e.l.exits {
		if !x.data {
			continue
		}
		m, found := e.windowEquality(x)
		if found {
			or(m)
			continue
		}
		for i, lf := range leaves {
			if m, ok := e.byteEquality(x, lf); ok {
				or(m)
				found = true
				break
			}
			if e.l.byteSet(x, lf.v, &sets[i]) {
				have[i], found = true, true
				break
			}
		}
		if !found {
			return ssa.NoValue, false
		}
	}
	for i, lf := range leaves {
		if !have[i] {
			continue
		}
		m, ok := e.setLanes(sets[i], lf.vec())
		if !ok {
			return ssa.NoValue, false
		}
		or(m)
	}
	return mask, mask != ssa.NoValue
}

// byteSet adds to set the bytes b for which data exit x leaves the loop
// when leaf holds b, if x is computed from leaf and constants alone.
func (l *scanLoop) byteSet(x scanExit, leaf ssa.Value, set *[256]bool) bool {
	var add [256]bool
	for b := range 256 {
		v, ok := l.evalByte(x.cond, leaf, uint64(b), map[ssa.Value]uint64{})
		if !ok {
			return false
		}
		add[b] = (v != 0) == x.leaveTrue
	}
	for b := range 256 {
		set[b] = set[b] || add[b]
	}
	return true
}

// evalByte computes v for leaf (the load or the rotated parameter)
// holding byte b as the load reads it, if v depends only on leaf and
// constants.
func (l *scanLoop) evalByte(v, leaf ssa.Value, b uint64, memo map[ssa.Value]uint64) (uint64, bool) {
	if x, ok := memo[v]; ok {
		return x, true
	}
	if v == leaf {
		if ssa.MemAccess(l.load.Aux) == ssa.Mem8S {
			return uint64(uint32(int32(int8(b)))), true
		}
		return b, true
	}
	d := l.f.Def(v)
	if d == nil {
		return 0, false
	}
	if d.Op == ssa.OpIconst {
		return d.Imm, true
	}
	if l.invariant(v) || d.Op == ssa.OpLoad {
		return 0, false
	}
	args := make([]uint64, len(d.Args))
	for i, a := range d.Args {
		x, ok := l.evalByte(a, leaf, b, memo)
		if !ok {
			return 0, false
		}
		args[i] = x
	}
	var r uint64
	var trap ssa.TrapCode
	switch {
	case d.Op == ssa.OpSelect:
		r = args[2]
		if args[0] != 0 {
			r = args[1]
		}
	case isBinary(d.Op):
		r, trap = ssa.EvalBinary(d.Op, d.Cond, l.f.TypeOf(d.Args[0]), args[0], args[1])
	case isUnary(d.Op):
		r, trap = ssa.EvalUnary(d.Op, l.f.TypeOf(d.Args[0]), d.Type, d.Aux, args[0])
	default:
		return 0, false
	}
	if trap != 0 {
		return 0, false
	}
	memo[v] = r
	return r, true
}

// byteEquality matches a data exit that compares leaf, a byte loaded
// zero-extended, with an invariant for (in)equality and emits the mask of
// the lanes that may take it.
func (e *scanEmitter) byteEquality(x scanExit, lf leaf) (ssa.Value, bool) {
	b, ok := e.l.invariantEquality(x, lf.v)
	if !ok || ssa.MemAccess(e.l.load.Aux) != ssa.Mem8U {
		return ssa.NoValue, false
	}
	return e.exitLanes(x, e.vcmp(ssa.ShapeI8x16, ssa.CondEq, lf.vec(), e.splat(ssa.ShapeI8x16, b))), true
}

// invariantEquality matches data exit x as an eq or ne comparison of v
// with an invariant, which it returns.
func (l *scanLoop) invariantEquality(x scanExit, v ssa.Value) (ssa.Value, bool) {
	d := l.f.Def(x.cond)
	if d == nil || d.Op != ssa.OpIcmp || d.Cond != ssa.CondEq && d.Cond != ssa.CondNe {
		return ssa.NoValue, false
	}
	a, b := d.Args[0], d.Args[1]
	if b == v {
		a, b = b, a
	}
	if a != v || !l.invariant(b) {
		return ssa.NoValue, false
	}
	return b, true
}

// exitLanes is the mask of the lanes taking exit x, an eq or ne
// comparison whose lanes are equal where eq is all ones.
func (e *scanEmitter) exitLanes(x scanExit, eq ssa.Value) ssa.Value {
	if (e.l.f.Def(x.cond).Cond == ssa.CondEq) == x.leaveTrue {
		return eq
	}
	return e.op(e.vbody, ssa.OpVnot, ssa.TypeV128, eq)
}

// setLanes emits the mask of the lanes of vec holding a byte of set.
// Their number is at most maxIntervals: the set's or its complement's.
func (e *scanEmitter) setLanes(set [256]bool, vec ssa.Value) (ssa.Value, bool) {
	in := intervals(set, true)
	out := intervals(set, false)
	negate := len(out) < len(in)
	if negate {
		in = out
	}
	if len(in) == 0 || len(in) > maxIntervals {
		return ssa.NoValue, false // never or always exits, or too scattered
	}
	mask := ssa.NoValue
	for _, r := range in {
		m := e.rangeLanes(vec, r[0], r[1])
		if mask == ssa.NoValue {
			mask = m
		} else {
			mask = e.orMasks(mask, m)
		}
	}
	if negate {
		mask = e.op(e.vbody, ssa.OpVnot, ssa.TypeV128, mask)
	}
	return mask, true
}

// intervals lists the maximal ranges [lo, hi] of bytes b with set[b] ==
// want.
func intervals(set [256]bool, want bool) [][2]uint64 {
	var out [][2]uint64
	for b := 0; b < 256; b++ {
		if set[b] != want {
			continue
		}
		lo := b
		for b+1 < 256 && set[b+1] == want {
			b++
		}
		out = append(out, [2]uint64{uint64(lo), uint64(b)})
	}
	return out
}

// rangeLanes emits the mask of the byte lanes of vec in [lo, hi].
func (e *scanEmitter) rangeLanes(vec ssa.Value, lo, hi uint64) ssa.Value {
	switch {
	case lo == hi:
		return e.vcmp(ssa.ShapeI8x16, ssa.CondEq, vec, e.vconst(ssa.ShapeI8x16, lo))
	case lo == 0:
		return e.vcmp(ssa.ShapeI8x16, ssa.CondULe, vec, e.vconst(ssa.ShapeI8x16, hi))
	case hi == 255:
		return e.vcmp(ssa.ShapeI8x16, ssa.CondUGe, vec, e.vconst(ssa.ShapeI8x16, lo))
	}
	d := e.emit(e.vbody, &ssa.Instr{Op: ssa.OpVsub, Aux: uint32(ssa.ShapeI8x16),
		Args: []ssa.Value{vec, e.vconst(ssa.ShapeI8x16, lo)}}, ssa.TypeV128)
	return e.vcmp(ssa.ShapeI8x16, ssa.CondULe, d, e.vconst(ssa.ShapeI8x16, hi-lo))
}

// wordHits handles a word loop: each data exit's computation from the
// loaded word, constants and invariants is done lane-wise on i32x4, and a
// lane whose result would leave the loop is a hit.
func (e *scanEmitter) wordHits() (ssa.Value, bool) {
	mask := ssa.NoValue
	memo := map[ssa.Value]laneValue{}
	for _, x := range e.l.exits {
		if !x.data {
			continue
		}
		v, isMask, ok := e.zeroByteExit(x.cond, memo)
		if !ok {
			v, isMask, ok = e.lanewise(x.cond, memo)
		}
		if !ok {
			return ssa.NoValue, false
		}
		var m ssa.Value
		switch {
		case isMask && x.leaveTrue:
			m = v
		case isMask:
			m = e.op(e.vbody, ssa.OpVnot, ssa.TypeV128, v)
		case x.leaveTrue:
			m = e.vcmp(ssa.ShapeI32x4, ssa.CondNe, v, e.vconst(ssa.ShapeI32x4, 0))
		default:
			m = e.vcmp(ssa.ShapeI32x4, ssa.CondEq, v, e.vconst(ssa.ShapeI32x4, 0))
		}
		if mask == ssa.NoValue {
			mask = m
		} else {
			mask = e.orMasks(mask, m)
		}
	}
	return mask, mask != ssa.NoValue
}

// laneValue is a value's i32x4 form: lanes holding the scalar values, or
// for a comparison all ones for 1 (a mask).
type laneValue struct {
	v    ssa.Value
	mask bool
}

// lanewiseOps are the i32 operations wordHits computes lane-wise.
var lanewiseOps = map[ssa.Op]ssa.Op{
	ssa.OpIadd: ssa.OpVadd, ssa.OpIsub: ssa.OpVsub, ssa.OpImul: ssa.OpVmul,
	ssa.OpBand: ssa.OpVand, ssa.OpBor: ssa.OpVor, ssa.OpBxor: ssa.OpVxor,
	ssa.OpIshl: ssa.OpVishl, ssa.OpSshr: ssa.OpVsshr, ssa.OpUshr: ssa.OpVushr,
}

// lanewise emits v's i32x4 form into e.vbody.
func (e *scanEmitter) lanewise(v ssa.Value, memo map[ssa.Value]laneValue) (ssa.Value, bool, bool) {
	l := e.l
	if lv, ok := memo[v]; ok {
		return lv.v, lv.mask, true
	}
	for _, lf := range e.leaves() {
		if v == lf.v {
			return lf.vec(), false, true
		}
	}
	if l.f.TypeOf(v) != ssa.TypeI32 {
		return ssa.NoValue, false, false
	}
	if k, ok := iconstOf(l.f, v); ok {
		return e.vconst(ssa.ShapeI32x4, k), false, true
	}
	if l.invariant(v) {
		return e.splat(ssa.ShapeI32x4, v), false, true
	}
	d := l.f.Def(v)
	if d == nil {
		return ssa.NoValue, false, false // an induction variable
	}
	var out laneValue
	switch vop, ok := lanewiseOps[d.Op]; {
	case ok && (vop == ssa.OpVishl || vop == ssa.OpVsshr || vop == ssa.OpVushr):
		x, ok := e.plain(d.Args[0], memo)
		count, isConst := iconstOf(l.f, d.Args[1])
		if !ok || !isConst && !l.invariant(d.Args[1]) {
			return ssa.NoValue, false, false
		}
		c := d.Args[1]
		if isConst {
			c = e.konst(ssa.TypeI32, count)
		}
		out.v = e.emit(e.vbody, &ssa.Instr{Op: vop, Aux: uint32(ssa.ShapeI32x4), Args: []ssa.Value{x, c}}, ssa.TypeV128)
	case ok && (vop == ssa.OpVand || vop == ssa.OpVor || vop == ssa.OpVxor):
		x, mx, okx := e.lanewise(d.Args[0], memo)
		y, my, oky := e.lanewise(d.Args[1], memo)
		if !okx || !oky {
			return ssa.NoValue, false, false
		}
		if mx != my {
			x, y = e.unmask(x, mx), e.unmask(y, my)
		}
		out = laneValue{e.op(e.vbody, vop, ssa.TypeV128, x, y), mx && my}
	case ok:
		x, okx := e.plain(d.Args[0], memo)
		y, oky := e.plain(d.Args[1], memo)
		if !okx || !oky {
			return ssa.NoValue, false, false
		}
		out.v = e.emit(e.vbody, &ssa.Instr{Op: vop, Aux: uint32(ssa.ShapeI32x4), Args: []ssa.Value{x, y}}, ssa.TypeV128)
	case d.Op == ssa.OpIcmp:
		x, okx := e.plain(d.Args[0], memo)
		y, oky := e.plain(d.Args[1], memo)
		if !okx || !oky {
			return ssa.NoValue, false, false
		}
		out = laneValue{e.vcmp(ssa.ShapeI32x4, d.Cond, x, y), true}
	default:
		return ssa.NoValue, false, false
	}
	memo[v] = out
	return out.v, out.mask, true
}

// plain is v's i32x4 form with comparisons' masks turned into 0 or 1.
func (e *scanEmitter) plain(v ssa.Value, memo map[ssa.Value]laneValue) (ssa.Value, bool) {
	x, m, ok := e.lanewise(v, memo)
	if !ok {
		return ssa.NoValue, false
	}
	return e.unmask(x, m), true
}

// unmask turns a mask's all-ones lanes into 1.
func (e *scanEmitter) unmask(x ssa.Value, mask bool) ssa.Value {
	if !mask {
		return x
	}
	return e.op(e.vbody, ssa.OpVand, ssa.TypeV128, x, e.vconst(ssa.ShapeI32x4, 1))
}
