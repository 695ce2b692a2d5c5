package opt

import (
	"math/bits"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// vecEmitter builds a loop's vector version: the trip count's check,
// placed at the end of the preheader, and three new blocks: the other
// checks with the vector loop's invariants (vcheck), the vector loop
// (vbody) and its exit (vexit), which passes on to the scalar loop. A
// loop too short for the vector loop so costs only the first check. The
// blocks are joined to the function only by commit, so a loop found
// unsuitable halfway leaves the function as it was (but for unused value
// numbers).
type vecEmitter struct {
	l                    *vloop
	pre                  []*ssa.Instr // the trip count's check, before the preheader's jump
	vcheck, vbody, vexit *ssa.Block
	ivs                  map[int]ssa.Value // the vector loop's induction variables, by the scalar loop's parameter index
	ivNext               map[int]ssa.Value // their values for the next vector iteration
	initial              []ssa.Value       // the vector loop's arguments from the preheader
	back                 []ssa.Value       // and from its back edge
	memo                 map[memberValues]ssa.Value
	masks                map[memberValues]ssa.Value // conditions' lane masks (maskOf)
	spans                map[ssa.Value]span         // the body's i32 values' spans (spanOf)
	splats               map[ssa.Value]ssa.Value
	recs                 map[ssa.Value]*recurrence // by the scalar loop's parameter
	tripOK               ssa.Value                 // the trip count's check, i32 0 or 1
	tripAbove            uint64                    // the trip count must exceed this: 2U (see checks), or bulkTripAbove
	ok                   ssa.Value                 // the other checks' verdict
	iend                 ssa.Value                 // the induction variable after the vector loop
	noTail               bool                      // the vector loop may leave the scalar loop no iteration (vectorize_tail.go)
	escaping             []ssa.Value               // with noTail: the body's values blocks after the loop use directly
	rest                 ssa.Value                 // with noTail: whether the scalar loop has iterations left
	exitArgs             []ssa.Value               // the scalar loop's arguments from vexit
}

// recurrence is a parameter of the scalar loop that takes a value of the
// previous iteration (stencil's mid[j-1] carried over from mid[j+1]): in
// the vector loop, its lanes are the last lane of the previous vector of
// that value followed by all but the last lane of the current one. Or it
// is an integer reduction (reduce: s = s + x, with xor, or, and alike),
// which the vector loop keeps in lanes and the exit block combines.
type recurrence struct {
	reduce  ssa.Op    // the reduction's scalar operation, or OpInvalid
	operand ssa.Value // x of a reduction
	// leaves are, by member, the loads a sum of loads adds (see
	// sumOfLoads), or the comparisons a count adds (count, see
	// countOfComparisons); operand is then ssa.NoValue.
	leaves  memberValues
	count   bool
	prev    ssa.Value // the vector loop's parameter: the previous vector
	init    ssa.Value // its value on entry: the initial value splatted
	next    ssa.Value // the current vector, passed back to prev
	pending bool      // being built: a cycle reaches it again
	vec     ssa.Value // a recurrence's vector, once built
}

func newVecEmitter(l *vloop) *vecEmitter {
	n := ssa.BlockID(len(l.f.Blocks))
	return &vecEmitter{
		l:      l,
		vcheck: &ssa.Block{ID: n},
		vbody:  &ssa.Block{ID: n + 1},
		vexit:  &ssa.Block{ID: n + 2},
		memo:   map[memberValues]ssa.Value{},
		masks:  map[memberValues]ssa.Value{},
		spans:  map[ssa.Value]span{},
		ivs:    map[int]ssa.Value{},
		ivNext: map[int]ssa.Value{},
		splats: map[ssa.Value]ssa.Value{},
		recs:   map[ssa.Value]*recurrence{},
		// tripAbove: see checks.
		tripAbove: 2 * uint64(l.unroll),
	}
}

// emit appends an instruction with one result of type t (none when t is
// invalid) to b's list.
func (e *vecEmitter) emit(b *ssa.Block, in *ssa.Instr, t ssa.Type) ssa.Value {
	if t == ssa.TypeInvalid {
		e.l.f.Define(b, in)
	} else {
		e.l.f.Define(b, in, t)
	}
	if b == e.l.pre {
		e.pre = append(e.pre, in)
	} else {
		b.Instrs = append(b.Instrs, in)
	}
	return in.Result()
}

func (e *vecEmitter) op(b *ssa.Block, op ssa.Op, t ssa.Type, args ...ssa.Value) ssa.Value {
	return e.emit(b, &ssa.Instr{Op: op, Args: args}, t)
}

func (e *vecEmitter) iconst(b *ssa.Block, t ssa.Type, x uint64) ssa.Value {
	if t == ssa.TypeI32 {
		x = uint64(uint32(x))
	}
	return e.emit(b, &ssa.Instr{Op: ssa.OpIconst, Imm: x}, t)
}

// opK applies op to x and a constant of x's type.
func (e *vecEmitter) opK(b *ssa.Block, op ssa.Op, x ssa.Value, k uint64) ssa.Value {
	if k == 0 && (op == ssa.OpIadd || op == ssa.OpIshl || op == ssa.OpUshr) {
		return x
	}
	t := e.l.f.TypeOf(x)
	return e.op(b, op, t, x, e.iconst(b, t, k))
}

func (e *vecEmitter) icmp(b *ssa.Block, c ssa.Cond, x, y ssa.Value) ssa.Value {
	return e.emit(b, &ssa.Instr{Op: ssa.OpIcmp, Cond: c, Args: []ssa.Value{x, y}}, ssa.TypeI32)
}

func (e *vecEmitter) extend(b *ssa.Block, x ssa.Value) ssa.Value {
	return e.emit(b, &ssa.Instr{Op: ssa.OpUextend, Aux: 32, Args: []ssa.Value{x}}, ssa.TypeI64)
}

// build emits the vector loop, then the checks.
func (e *vecEmitter) build() error {
	l := e.l
	if err := e.parameters(); err != nil {
		return err
	}
	for _, c := range l.classes {
		c.vaddr = e.address(e.vbody, c, e.ivs[c.iv])
		if l.down && l.unroll > 1 {
			c.vaddr = e.opK(e.vbody, ssa.OpIsub, c.vaddr, uint64((l.unroll-1)*int(l.stride)))
		}
	}
	stores, err := e.storeValues()
	if err != nil {
		return err
	}
	if err := e.carriedValues(); err != nil {
		return err
	}
	for _, g := range stores {
		e.emit(e.vbody, &ssa.Instr{Op: ssa.OpStore, Imm: g.pos, Aux: uint32(ssa.Mem128), Aux2: ssa.InBounds,
			Args: []ssa.Value{g.class.vaddr, g.vec}}, ssa.TypeInvalid)
	}
	for k, p := range l.body.Params {
		if iv, isIV := e.ivs[k]; isIV {
			e.ivNext[k] = e.opK(e.vbody, ssa.OpIadd, iv, uint64(l.steps[k]*uint32(l.unroll)))
			e.initial, e.back = append(e.initial, l.initArg(k)), append(e.back, e.ivNext[k])
		} else if r := e.recs[p]; r != nil {
			e.initial, e.back = append(e.initial, r.init), append(e.back, r.next)
		}
	}
	e.escaping, e.noTail = e.escapingValues()
	e.checks()
	e.exitValues()
	return nil
}

// parameters gives the vector loop a parameter for each induction
// variable and each value carried between iterations (a reduction or a
// recurrence); parameters passed along unchanged need none.
func (e *vecEmitter) parameters() error {
	l, f := e.l, e.l.f
	for k, p := range l.body.Params {
		if _, isIV := l.steps[k]; isIV {
			e.ivs[k] = f.AddParam(e.vbody, ssa.TypeI32)
			continue
		}
		if l.backArg(k) == p {
			continue
		}
		leaves, ok := l.sumOfLoads(k)
		count := false
		if !ok {
			leaves, ok = l.countOfComparisons(k)
			count = ok
		}
		if ok {
			e.recs[p] = &recurrence{reduce: ssa.OpIadd, operand: ssa.NoValue, leaves: leaves, count: count, prev: f.AddParam(e.vbody, ssa.TypeV128),
				init: e.reductionStart(ssa.OpIadd, l.initArg(k)), next: ssa.NoValue, vec: ssa.NoValue}
			continue
		}
		if _, lastLoad := l.carriedLastLoad(k); l.members != 1 && !lastLoad || l.elem < 4 {
			return notVectorizable("carried value in an unrolled body or of narrow elements")
		}
		r := &recurrence{prev: f.AddParam(e.vbody, ssa.TypeV128), next: ssa.NoValue, vec: ssa.NoValue}
		if op, x, ok := l.reduction(k); ok {
			r.reduce, r.operand, r.init = op, x, e.reductionStart(op, l.initArg(k))
		} else if l.down {
			return notVectorizable("value carried between iterations of a backward loop")
		} else {
			r.init = e.splat(l.initArg(k))
		}
		e.recs[p] = r
	}
	return nil
}

// storedGroup is a group of stores and the vector it stores.
type storedGroup struct {
	*group
	vec ssa.Value
}

// storeValues builds the vectors the store groups store.
func (e *vecEmitter) storeValues() ([]*storedGroup, error) {
	var stores []*storedGroup
	for _, g := range e.l.groups {
		if !g.store {
			continue
		}
		t := noMembers()
		for m := range e.l.members {
			t[m] = e.l.body.Instrs[g.storeAt[m]].Args[1]
		}
		v, err := e.vector(t)
		if err != nil {
			return nil, err
		}
		stores = append(stores, &storedGroup{g, v})
	}
	return stores, nil
}

// carriedValues builds the next vector of each carried value: the
// reduction's operation on its accumulator, or the recurrence's vector
// (if no store needed it yet).
func (e *vecEmitter) carriedValues() error {
	l, f := e.l, e.l.f
	for _, p := range l.body.Params {
		r := e.recs[p]
		if r == nil {
			continue
		}
		if r.reduce == ssa.OpInvalid {
			if _, err := e.vector(e.recurrenceMembers(p)); err != nil {
				return err
			}
			continue
		}
		x, err := e.reductionOperand(r, f.TypeOf(p))
		if err != nil {
			return err
		}
		vop, shape := vectorOps[r.reduce], shapeOf(f.TypeOf(p))
		r.next = e.emit(e.vbody, &ssa.Instr{Op: vop, Aux: laneAux(vop, shape), Args: []ssa.Value{r.prev, x}}, ssa.TypeV128)
	}
	return nil
}

// address computes class c's start address for induction variable i in b:
// scale*i + base + cmin.
func (e *vecEmitter) address(b *ssa.Block, c *addrClass, i ssa.Value) ssa.Value {
	a := i
	switch {
	case c.scale == 1:
	case bits.OnesCount32(c.scale) == 1:
		a = e.opK(b, ssa.OpIshl, a, log2(uint64(c.scale)))
	default:
		a = e.opK(b, ssa.OpImul, a, uint64(c.scale))
	}
	if c.base != ssa.NoValue {
		a = e.op(b, ssa.OpIadd, ssa.TypeI32, a, c.base)
	}
	if c.cmin != 0 {
		a = e.opK(b, ssa.OpIadd, a, uint64(c.cmin))
	}
	return a
}

// backArg is the value the back edge passes to the body's k-th parameter.
func (l *vloop) backArg(k int) ssa.Value {
	return l.body.Terminator().Targets[l.back].Args[k]
}

// initArg is the value the preheader passes to the body's k-th parameter.
func (l *vloop) initArg(k int) ssa.Value { return l.pre.Terminator().Targets[0].Args[k] }

// exitValues emits the exit block, which passes the induction variables
// and the carried values on to the scalar loop.
func (e *vecEmitter) exitValues() {
	l := e.l
	e.exitArgs = make([]ssa.Value, len(l.body.Params))
	for k, p := range l.body.Params {
		if next, isIV := e.ivNext[k]; isIV {
			e.exitArgs[k] = next
		} else if r := e.recs[p]; r != nil && r.reduce != ssa.OpInvalid {
			e.exitArgs[k] = e.reductionEnd(r, l.f.TypeOf(p))
		} else if r != nil {
			e.exitArgs[k] = e.lane(e.vexit, r.next, l.f.TypeOf(p), l.lanes-1)
		} else {
			e.exitArgs[k] = l.initArg(k)
		}
	}
}

// commit joins the vector loop to the function: the preheader runs the
// checks and branches to it or to the scalar loop, a branch per
// comparison (splitChecks).
func (e *vecEmitter) commit() {
	l, f := e.l, e.l.f
	f.Blocks = append(f.Blocks, e.vcheck, e.vbody, e.vexit)
	jump := l.pre.Terminator()
	l.pre.Instrs = append(l.pre.Instrs[:len(l.pre.Instrs)-1], e.pre...)
	removePred(l.body, l.pre.ID)
	f.Append(l.pre, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{e.tripOK}, Targets: []ssa.BlockCall{
		{Block: e.vcheck.ID}, {Block: l.body.ID, Args: jump.Targets[0].Args}}})
	f.Append(e.vcheck, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{e.ok}, Targets: []ssa.BlockCall{
		{Block: e.vbody.ID, Args: e.initial}, {Block: l.body.ID, Args: slices.Clone(jump.Targets[0].Args)}}})
	again := e.icmp(e.vbody, ssa.CondNe, e.ivNext[l.iv], e.iend)
	f.Append(e.vbody, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{again}, Targets: []ssa.BlockCall{
		{Block: e.vbody.ID, Args: e.back}, {Block: e.vexit.ID}}})
	e.leave(e.vexit)
	e.unroll()
	splitChecks(f, l.pre, e.vcheck)
}

// lane extracts lane i of vector v as a scalar of type t in b.
func (e *vecEmitter) lane(b *ssa.Block, v ssa.Value, t ssa.Type, i int) ssa.Value {
	return e.emit(b, &ssa.Instr{Op: ssa.OpVextractLane, Aux: uint32(shapeOf(t)), Imm: uint64(i), Args: []ssa.Value{v}}, t)
}

// shapeOf is the shape whose lanes have scalar type t.
func shapeOf(t ssa.Type) ssa.Shape {
	switch t {
	case ssa.TypeI32:
		return ssa.ShapeI32x4
	case ssa.TypeI64:
		return ssa.ShapeI64x2
	case ssa.TypeF32:
		return ssa.ShapeF32x4
	case ssa.TypeF64:
		return ssa.ShapeF64x2
	}
	return ssa.ShapeInvalid
}
