package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// A join's parameter c that every jump into the join passes as the same
// comparison of the argument it passes for another parameter n with the
// same constant, c = (n' != 0) on every edge (clang's unrolled alignment
// loop of memchr keeps n != 0 apart from n at each step), is that
// comparison of n itself: the join computes it once from its parameter,
// the edges pass nothing for it, and the comparisons on the edges die
// where nothing else used them. Not for loop headers, where the
// comparison would run on every iteration.

// deriveParams rewrites those parameters, d being f's dominator tree, and
// reports whether it changed anything.
func deriveParams(f *ssa.Func, d *domTree) bool {
	var incoming [][]*ssa.BlockCall
	changed := false
	var calls []*ssa.BlockCall
	var seen []bool                  // per block, while callsInto runs
	for _, b := range f.Blocks[1:] { // the entry's are the function's
		if len(b.Params) < 2 || len(b.Preds) < 2 || isLoopHeader(b, d) {
			continue
		}
		if seen == nil {
			seen = make([]bool, len(f.Blocks))
		}
		calls = callsInto(f, b, calls[:0], seen)
		var drop, source []bool // derived parameters, and those they derive from
		for i, p := range b.Params {
			if source != nil && source[i] {
				continue
			}
			j, cmp, ok := derivedFrom(f, b, calls, i)
			if !ok || drop != nil && drop[j] {
				continue
			}
			k := f.Insert(b, 0, &ssa.Instr{Op: ssa.OpIconst, Imm: f.Def(cmp.Args[1]).Imm}, f.TypeOf(cmp.Args[1]))
			c := f.Insert(b, 1, &ssa.Instr{Op: ssa.OpIcmp, Cond: cmp.Cond, Args: []ssa.Value{b.Params[j], k.Result()}}, ssa.TypeI32)
			f.SetAlias(p, c.Result())
			if drop == nil {
				drop, source = make([]bool, len(b.Params)), make([]bool, len(b.Params))
			}
			drop[i], source[j] = true, true
			changed = true
		}
		if drop != nil {
			if incoming == nil {
				incoming = incomingEdges(f) // the edges stay; only their arguments change
			}
			removeParams(b, incoming[b.ID], drop)
		}
	}
	if changed {
		f.ResolveArgs()
	}
	return changed
}

// callsInto appends to calls the jumps into b, from its predecessors'
// terminators, without building every block's list (incomingEdges):
// most functions have no join to rewrite. seen, all false, marks the
// predecessors met (a block may branch to b twice) and is cleared again.
func callsInto(f *ssa.Func, b *ssa.Block, calls []*ssa.BlockCall, seen []bool) []*ssa.BlockCall {
	for _, p := range b.Preds {
		if seen[p] {
			continue
		}
		seen[p] = true
		term := f.Block(p).Terminator()
		for k := range term.Targets {
			if term.Targets[k].Block == b.ID {
				calls = append(calls, &term.Targets[k])
			}
		}
	}
	for _, p := range b.Preds {
		seen[p] = false
	}
	return calls
}

// isLoopHeader reports whether b dominates one of its predecessors.
func isLoopHeader(b *ssa.Block, d *domTree) bool {
	for _, p := range b.Preds {
		if d.dominates(b.ID, p) {
			return true
		}
	}
	return false
}

// derivedFrom reports whether every jump in calls passes for b's
// parameter i an icmp of its own argument for one other parameter j
// with one constant, the same comparison on every edge, and returns j and
// one of the comparisons.
func derivedFrom(f *ssa.Func, b *ssa.Block, calls []*ssa.BlockCall, i int) (int, *ssa.Instr, bool) {
	j := -1
	var first *ssa.Instr
	for _, call := range calls {
		cmp := f.Def(f.Resolve(call.Args[i]))
		if cmp == nil || cmp.Op != ssa.OpIcmp || len(cmp.Args) != 2 {
			return 0, nil, false
		}
		k := f.Def(cmp.Args[1])
		if k == nil || k.Op != ssa.OpIconst {
			return 0, nil, false
		}
		if first == nil {
			first = cmp
			for n, a := range call.Args {
				if n != i && f.Resolve(a) == f.Resolve(cmp.Args[0]) {
					j = n
					break
				}
			}
			if j < 0 {
				return 0, nil, false
			}
			continue
		}
		fk := f.Def(first.Args[1])
		if cmp.Cond != first.Cond || k.Imm != fk.Imm || f.TypeOf(cmp.Args[0]) != f.TypeOf(first.Args[0]) ||
			f.Resolve(call.Args[j]) != f.Resolve(cmp.Args[0]) {
			return 0, nil, false
		}
	}
	return j, first, j >= 0 && f.TypeOf(b.Params[j]) == f.TypeOf(first.Args[0])
}
