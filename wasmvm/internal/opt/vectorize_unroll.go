package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Vector loops of few instructions are unrolled: the loop overhead (the
// preemption poll, the increment, the compare and branch, the address
// computations) is then paid once per several vectors, as in the loops
// clang writes natively. unrolledUpTo gives the largest vector body, in
// SSA instructions, unrolled by each factor.
var unrolledUpTo = []struct{ instrs, factor int }{{24, 4}, {48, 2}}

// unrollFactor is how many vector iterations one iteration of the
// unrolled loop runs: 4, 2, or 1 (no unrolled loop).
func (e *vecEmitter) unrollFactor() int {
	for _, u := range unrolledUpTo {
		if len(e.vbody.Instrs) <= u.instrs {
			return u.factor
		}
	}
	return 1
}

// unroll adds, once commit has joined the vector loop, a loop running F
// of its iterations at a time ahead of it (F = unrollFactor), and leaves
// the vector loop the remaining fewer than F:
//
//	vcheck -> vpick -> ubody (F vector iterations, looping) -> umid
//	vpick, umid -> vbody (one at a time, looping) -> vexit
//	umid -> vexit
//
// vpick enters the unrolled loop when the vector loop's iterations are at
// least F, umid the vector loop when some are left over. The copies in
// ubody are vbody's instructions in order, each copy's accesses 16 bytes
// further than the previous one's (every address advances by one vector
// per vector iteration) from the same address computation, and each
// copy's carried values (recurrences, reductions) those the previous copy
// computed. The unrolled loop so runs the vector loop's iterations in the
// same order, touching the same bytes the checks covered; a copy's load
// of the bytes the previous copy loaded is that one's vector
// (vectorize_reuse.go). vexit takes the values it needs as parameters, as
// two loops now reach it.
func (e *vecEmitter) unroll() {
	factor := e.unrollFactor()
	if factor == 1 || !e.unrollable() {
		return
	}
	f := e.l.f
	e.exitParams()
	n := ssa.BlockID(len(f.Blocks))
	vpick, ubody, umid := &ssa.Block{ID: n}, &ssa.Block{ID: n + 1}, &ssa.Block{ID: n + 2}
	f.Blocks = append(f.Blocks, vpick, ubody, umid)

	// vcheck enters vpick instead of vbody.
	vcheckTerm := e.vcheck.Terminator()
	vcheckTerm.Targets[0] = ssa.BlockCall{Block: vpick.ID}
	removePred(e.vbody, e.vcheck.ID)
	vpick.Preds = append(vpick.Preds, e.vcheck.ID)

	iv := slices.Index(e.vbody.Params, e.ivs[e.l.iv])
	span, uend := e.unrolledEnd(vpick, e.initial[iv], factor)
	split := e.splitReductions()
	entry := append(slices.Clone(e.initial), e.secondAccumulators(vpick, split)...)
	f.Append(vpick, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{span}, Targets: []ssa.BlockCall{
		{Block: ubody.ID, Args: entry}, {Block: e.vbody.ID, Args: slices.Clone(e.initial)}}})

	back := e.unrolledBody(ubody, factor, split)
	again := e.icmp(ubody, ssa.CondNe, back[iv], uend)
	f.Append(ubody, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{again}, Targets: []ssa.BlockCall{
		{Block: ubody.ID, Args: back}, {Block: umid.ID, Args: slices.Clone(back)}}})

	mid := make([]ssa.Value, len(e.vbody.Params))
	for j, p := range e.vbody.Params {
		mid[j] = f.AddParam(umid, f.TypeOf(p))
	}
	seconds := make([]ssa.Value, len(split))
	for i := range split {
		seconds[i] = f.AddParam(umid, ssa.TypeV128)
	}
	combineAccumulators(f, umid, split, mid, seconds)
	more := e.icmp(umid, ssa.CondNe, mid[iv], e.iend)
	f.Append(umid, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{more}, Targets: []ssa.BlockCall{
		{Block: e.vbody.ID, Args: mid}, {Block: e.vexit.ID, Args: slices.Clone(mid)}}})
}

// unrollable reports whether every access of the vector loop is a v128
// load or store at an address class's address, which advances 16 bytes
// per iteration (stride times scalar iterations per vector iteration).
// Loops whose addresses go down (memmove's backward copy) are not
// unrolled: the copies' accesses would have to step down, not up.
func (e *vecEmitter) unrollable() bool {
	if e.l.down {
		return false
	}
	for _, in := range e.vbody.Instrs {
		if in.Op == ssa.OpLoad || in.Op == ssa.OpStore {
			if ssa.MemAccess(in.Aux) != ssa.Mem128 || !slices.ContainsFunc(e.l.classes, func(c *addrClass) bool { return c.vaddr == in.Args[0] }) {
				return false
			}
		} else if in.Op.HasSideEffects() && !in.Op.IsTerminator() {
			return false
		}
	}
	return e.l.stride*uint32(e.l.unroll) == 16
}

// exitParams gives vexit a parameter for each value vbody's back edge
// passes, uses them in place of those values, and has vbody's exit pass
// them.
func (e *vecEmitter) exitParams() {
	f := e.l.f
	sub := map[ssa.Value]ssa.Value{}
	for _, v := range e.back {
		p := f.AddParam(e.vexit, f.TypeOf(v))
		if _, seen := sub[v]; !seen {
			sub[v] = p
		}
	}
	replace := func(vs []ssa.Value) {
		for i, v := range vs {
			if p, ok := sub[v]; ok {
				vs[i] = p
			}
		}
	}
	for _, in := range e.vexit.Instrs {
		replace(in.Args)
		for _, t := range in.Targets {
			replace(t.Args)
		}
	}
	e.vbody.Terminator().Targets[1].Args = slices.Clone(e.back)
}

// unrolledEnd emits into b the bytes the unrolled loop advances the exit
// induction variable (the vector loop's advance rounded down to a
// multiple of factor vectors; zero when it does not run) and the
// variable's value after it, from its value i0 on entry.
func (e *vecEmitter) unrolledEnd(b *ssa.Block, i0 ssa.Value, factor int) (span, end ssa.Value) {
	l := e.l
	perVector := uint64(absStep(l.step)) * uint64(l.unroll)
	down := int32(l.step) < 0
	d := e.op(b, ssa.OpIsub, ssa.TypeI32, e.iend, i0)
	if down {
		d = e.op(b, ssa.OpIsub, ssa.TypeI32, i0, e.iend)
	}
	span = e.opK(b, ssa.OpBand, d, -(perVector * uint64(factor)))
	if down {
		return span, e.op(b, ssa.OpIsub, ssa.TypeI32, i0, span)
	}
	return span, e.op(b, ssa.OpIadd, ssa.TypeI32, i0, span)
}

// unrolledBody fills ubody with factor copies of vbody (see unroll) and
// returns the arguments of its back edge: vbody's parameters', then the
// second accumulators of the reductions split lists (vectorize_split.go).
func (e *vecEmitter) unrolledBody(ubody *ssa.Block, factor int, split []splitReduction) []ssa.Value {
	f, vb := e.l.f, e.vbody
	scalarIV := map[ssa.Value]int{} // vbody's induction variables: the scalar loop's parameter index
	for k, v := range e.ivs {
		scalarIV[v] = k
	}
	term := vb.Terminator()
	skip := map[*ssa.Instr]bool{term: true, f.Def(term.Args[0]): true}
	for _, v := range e.ivNext {
		skip[f.Def(v)] = true
	}
	params := make([]ssa.Value, len(vb.Params))
	for j, p := range vb.Params {
		params[j] = f.AddParam(ubody, f.TypeOf(p))
	}
	seconds := make([]ssa.Value, len(split)) // the second accumulators, carried into odd copies
	for i := range split {
		seconds[i] = f.AddParam(ubody, ssa.TypeV128)
	}
	c := &cloner{f: f, to: ubody, vals: map[ssa.Value]ssa.Value{}, same: map[cloneKey]ssa.Value{}}
	carried := slices.Clone(params) // the values carried into the next copy
	reused := e.reusedLoads()
	var before map[*ssa.Instr]ssa.Value // the previous copy's loads, by vbody's load
	for u := range factor {
		for j, p := range vb.Params {
			c.vals[p] = carried[j]
			if i := accumulatorOf(split, j); i >= 0 && u%2 == 1 {
				c.vals[p] = seconds[i]
			}
		}
		loads := map[*ssa.Instr]ssa.Value{}
		for _, in := range vb.Instrs {
			if skip[in] {
				continue
			}
			if from, ok := reused[in]; ok && u > 0 {
				c.vals[in.Result()] = before[from]
			} else {
				c.clone(in, uint64(16*u))
			}
			if in.Op == ssa.OpLoad {
				loads[in] = c.value(in.Result())
			}
		}
		before = loads
		for j, p := range vb.Params {
			if i := accumulatorOf(split, j); i >= 0 && u%2 == 1 {
				seconds[i] = c.value(e.back[j])
			} else if _, isIV := scalarIV[p]; !isIV {
				carried[j] = c.value(e.back[j])
			}
		}
	}
	for j, p := range vb.Params {
		if k, isIV := scalarIV[p]; isIV {
			carried[j] = e.opK(ubody, ssa.OpIadd, params[j], uint64(e.l.steps[k]*uint32(e.l.unroll)*uint32(factor)))
		}
	}
	return append(carried, seconds...)
}

// cloner copies instructions into block to, renaming their operands by
// vals (values it does not hold stay), and gives a numberable instruction
// equal to one it copied before that one's result instead.
type cloner struct {
	f    *ssa.Func
	to   *ssa.Block
	vals map[ssa.Value]ssa.Value
	same map[cloneKey]ssa.Value
}

// cloneKey identifies a numberable instruction of up to three operands.
type cloneKey struct {
	op        ssa.Op
	typ       ssa.Type
	imm, imm2 uint64
	aux, aux2 uint32
	cond      ssa.Cond
	args      [3]ssa.Value
	nargs     int
}

func (c *cloner) value(v ssa.Value) ssa.Value {
	if w, ok := c.vals[v]; ok {
		return w
	}
	return v
}

// clone copies in; a load or store is moved offset bytes further.
func (c *cloner) clone(in *ssa.Instr, offset uint64) {
	cp := &ssa.Instr{Op: in.Op, Args: make([]ssa.Value, len(in.Args)), Imm: in.Imm, Imm2: in.Imm2, Aux: in.Aux, Aux2: in.Aux2, Cond: in.Cond}
	for i, a := range in.Args {
		cp.Args[i] = c.value(a)
	}
	if in.Op == ssa.OpLoad || in.Op == ssa.OpStore {
		cp.Imm += offset
	}
	numbered := numberable(in.Op) && len(in.Args) <= 3 && len(in.Results) == 1
	var key cloneKey
	if numbered {
		key = cloneKey{op: in.Op, typ: in.Type, imm: cp.Imm, imm2: cp.Imm2, aux: cp.Aux, aux2: cp.Aux2, cond: cp.Cond, nargs: len(cp.Args)}
		copy(key.args[:], cp.Args)
		if v, ok := c.same[key]; ok {
			c.vals[in.Result()] = v
			return
		}
	}
	types := make([]ssa.Type, len(in.Results))
	for i, r := range in.Results {
		types[i] = c.f.TypeOf(r)
	}
	c.f.Append(c.to, cp, types...)
	for i, r := range in.Results {
		c.vals[r] = cp.Results[i]
	}
	if numbered {
		c.same[key] = cp.Result()
	}
}
