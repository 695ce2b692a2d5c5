package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// A vector loop leaves the scalar loop at least one iteration when values
// of the loop's last iteration are used after it: the scalar loop then
// computes them as it always did. A loop whose values used after it are
// only induction variables, their next values, parameters passed along
// unchanged and reductions' next values needs no such iteration: after k
// iterations those follow from the vector loop's state. Such a loop runs k = U*floor(n/U)
// iterations as vectors (n the trip count, U the scalar iterations per
// vector) and leaves from the vector loop's exit straight to the loop's
// exit when the loop's own test says no iteration is left, as it does
// whenever n is a multiple of U: a 64-byte block xor-ed four bytes per
// scalar iteration runs four vectors and no scalar iteration, not three
// vectors and four scalar iterations.

// escapingValues returns the values computed in the body that blocks
// after the loop use directly (not through the exit's arguments), in the
// order first met, and whether those and the exit's arguments are all
// values exitArgAfter can give after the vector loop (knownAfter).
func (e *vecEmitter) escapingValues() ([]ssa.Value, bool) {
	l := e.l
	known := true
	for _, a := range l.body.Terminator().Targets[1-l.back].Args {
		known = known && (l.invariant(a) || e.knownAfter(a))
	}
	var direct []ssa.Value
	note := func(vs []ssa.Value) {
		for _, v := range vs {
			if l.invariant(v) || slices.Contains(direct, v) {
				continue
			}
			direct = append(direct, v)
			known = known && e.knownAfter(v)
		}
	}
	for _, b := range l.f.Blocks {
		if b.ID == l.body.ID {
			continue
		}
		for _, in := range b.Instrs {
			note(in.Args)
			for _, t := range in.Targets {
				note(t.Args)
			}
		}
	}
	return direct, known
}

// knownAfter reports whether a, computed in the body, is an induction
// variable, an induction variable's next value, a parameter the back edge
// passes unchanged or a reduction's next value: values that follow from
// the vector loop's state after it.
func (e *vecEmitter) knownAfter(a ssa.Value) bool {
	l := e.l
	for k, p := range l.body.Params {
		_, isIV := l.steps[k]
		r := e.recs[p]
		reduction := r != nil && r.reduce != ssa.OpInvalid
		if a == p && (isIV || l.backArg(k) == p) || a == l.backArg(k) && (isIV || reduction) {
			return true
		}
	}
	return false
}

// noTailTest emits into b the loop's own exit test on iend, the exit
// induction variable's value after the vector loop (or the bulk copy):
// whether a scalar iteration is left.
func (e *vecEmitter) noTailTest(b *ssa.Block, iend ssa.Value) ssa.Value {
	l := e.l
	limit := l.limit
	if limit == ssa.NoValue {
		limit = e.iconst(b, ssa.TypeI32, 0)
	} else if k, ok := l.constant(limit); ok && !l.invariant(limit) {
		limit = e.iconst(b, ssa.TypeI32, k)
	}
	return e.icmp(b, l.cond, iend, limit)
}

// leave ends b, where the vector loop (or the bulk copy) has run, by
// passing on to the scalar loop for the iterations left, or with noTail,
// when its test says none is, to the loop's exit directly.
func (e *vecEmitter) leave(b *ssa.Block) {
	l, f := e.l, e.l.f
	if !e.noTail {
		f.Append(b, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: l.body.ID, Args: e.exitArgs}}})
		return
	}
	out := e.directExit()
	f.Append(b, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{e.rest}, Targets: []ssa.BlockCall{
		{Block: l.body.ID, Args: e.exitArgs}, out}})
}

// directExit returns the call of the loop's exit from vexit, emitting
// into vexit the exit's arguments after the vector loop's iterations. The
// body's values that blocks after the loop use directly (e.escaping, not
// the exit's own arguments) become parameters of the exit, which its two
// predecessors pass: the body no longer dominates it. Only the body
// reaches an exit such values are used after, so the exit has no other
// predecessor to pass them.
func (e *vecEmitter) directExit() ssa.BlockCall {
	l, f := e.l, e.l.f
	scalarExit := &l.body.Terminator().Targets[1-l.back]
	args := make([]ssa.Value, 0, len(scalarExit.Args)+len(e.escaping))
	for _, a := range scalarExit.Args {
		args = append(args, e.exitArgAfter(a))
	}
	exit := f.Blocks[scalarExit.Block]
	for _, v := range e.escaping {
		p := f.AddParam(exit, f.TypeOf(v))
		replaceUses(f, l.body.ID, v, p)
		scalarExit.Args = append(scalarExit.Args, v)
		args = append(args, e.exitArgAfter(v))
	}
	return ssa.BlockCall{Block: exit.ID, Args: args}
}

// exitArgAfter is escaping value a's value after the vector loop (see
// knownAfter): an induction variable's next value is its value there, the
// variable itself one step less, a reduction's next value its lanes
// combined (exitValues).
func (e *vecEmitter) exitArgAfter(a ssa.Value) ssa.Value {
	l := e.l
	if l.invariant(a) {
		return a
	}
	for k, p := range l.body.Params {
		step, isIV := l.steps[k]
		switch {
		case isIV && a == l.backArg(k):
			return e.ivNext[k]
		case !isIV && a == l.backArg(k) && a != p:
			return e.exitArgs[k]
		case isIV && a == p:
			return e.op(e.vexit, ssa.OpIsub, ssa.TypeI32, e.ivNext[k], e.iconst(e.vexit, ssa.TypeI32, uint64(step)))
		case a == p:
			return l.initArg(k)
		}
	}
	return a // not reached: escapingValues checked every value
}

// replaceUses makes every block but skip use by in place of v.
func replaceUses(f *ssa.Func, skip ssa.BlockID, v, by ssa.Value) {
	swap := func(vs []ssa.Value) {
		for i, a := range vs {
			if a == v {
				vs[i] = by
			}
		}
	}
	for _, b := range f.Blocks {
		if b.ID == skip {
			continue
		}
		for _, in := range b.Instrs {
			swap(in.Args)
			for _, t := range in.Targets {
				swap(t.Args)
			}
		}
	}
}
