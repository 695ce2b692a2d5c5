package mach

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Limits of duplicateLatches: the instructions a latch may have besides
// its jump, and how many predecessors it may have.
const (
	maxLatchInstrs = 4
	maxLatchPreds  = 8
)

// duplicateLatches gives each predecessor of a small shared latch (a
// block that computes a few values and jumps back to its loop's header,
// such as `h += k; continue` at the end of a loop body that several paths
// reach) a copy of its own, so that every path around the loop jumps to
// the header once rather than first to the latch: the layout can then let
// the likelier path fall through into its copy. A latch's values are used
// in it alone (its only successor, the header, dominates it), so each
// copy takes fresh values. A copy, or the latch itself, entered by one
// edge reads that edge's arguments in place of its parameters
// (bindParams): left as parameters, they would be values of their own,
// which the allocator may place apart from the arguments and join with a
// move on every iteration.
func duplicateLatches(f *ssa.Func) {
	g := newFlowGraph(f)
	if len(g.headers) == 0 {
		return
	}
	for _, id := range slices.Clone(g.order) {
		l := f.Block(id)
		if !g.isSmallLatch(l) {
			continue
		}
		preds := slices.Clone(l.Preds)
		slices.Sort(preds)
		preds = slices.Compact(preds)
		for _, p := range preds[1:] {
			copyLatch(f, l, p)
		}
		bindParams(f, l, preds[0])
	}
}

// isSmallLatch reports whether block l is a latch that duplicateLatches
// copies: not the entry, a few instructions without calls or several
// results before a jump back to the header of a loop containing it, and
// two to maxLatchPreds predecessors, l not among them.
func (g *flowGraph) isSmallLatch(l *ssa.Block) bool {
	t := l.Terminator()
	if l.ID == 0 || t == nil || t.Op != ssa.OpJump || len(l.Instrs) > maxLatchInstrs+1 ||
		len(l.Preds) < 2 || len(l.Preds) > maxLatchPreds || slices.Contains(l.Preds, l.ID) {
		return false
	}
	if h := t.Targets[0].Block; len(g.succs[l.ID]) != 1 || g.succs[l.ID][0] != h || !g.isBack(l.ID, h) {
		return false
	}
	for _, in := range l.Instrs[:len(l.Instrs)-1] {
		if len(in.Results) > 1 || len(in.Targets) > 0 || in.Op == ssa.OpCall || in.Op == ssa.OpCallIndirect {
			return false
		}
	}
	return true
}

// copyLatch makes a copy of latch l for its predecessor p, points p's
// edges into l at it and returns it. It copies any block whose values are
// used in it alone: a latch, or a block that returns (duplicateReturns).
func copyLatch(f *ssa.Func, l *ssa.Block, p ssa.BlockID) *ssa.Block {
	c := f.NewBlock()
	fresh := map[ssa.Value]ssa.Value{}
	for _, v := range l.Params {
		fresh[v] = f.AddParam(c, f.TypeOf(v))
	}
	remap := func(vs []ssa.Value) []ssa.Value {
		out := make([]ssa.Value, len(vs))
		for i, v := range vs {
			if w, ok := fresh[v]; ok {
				v = w
			}
			out[i] = v
		}
		return out
	}
	for _, in := range l.Instrs {
		cp := &ssa.Instr{Op: in.Op, Type: in.Type, Args: remap(in.Args), Imm: in.Imm, Imm2: in.Imm2, Aux: in.Aux, Aux2: in.Aux2, Cond: in.Cond}
		for _, t := range in.Targets {
			cp.Targets = append(cp.Targets, ssa.BlockCall{Block: t.Block, Args: remap(t.Args)})
		}
		var types []ssa.Type
		if len(in.Results) == 1 {
			types = []ssa.Type{f.TypeOf(in.Results[0])}
		}
		f.Append(c, cp, types...)
		if len(in.Results) == 1 {
			fresh[in.Results[0]] = cp.Results[0]
		}
	}
	for _, in := range f.Block(p).Instrs {
		for k := range in.Targets {
			if in.Targets[k].Block == l.ID {
				in.Targets[k].Block = c.ID
				c.Preds = append(c.Preds, p)
			}
		}
	}
	l.Preds = slices.DeleteFunc(l.Preds, func(q ssa.BlockID) bool { return q == p })
	bindParams(f, c, p)
	return c
}

// bindParams replaces the parameters of latch l by the arguments of its
// one incoming edge, from p, in l's instructions, and drops them from l
// and from the edge. It leaves l as it is when p reaches l by several
// edges (a branch with both targets l) or l has other predecessors. The
// arguments are available in l: they are p's values or values that
// dominate p, and p is l's only predecessor.
func bindParams(f *ssa.Func, l *ssa.Block, p ssa.BlockID) {
	if len(l.Params) == 0 || len(l.Preds) != 1 || l.Preds[0] != p {
		return
	}
	var edge *ssa.BlockCall
	term := f.Block(p).Terminator()
	for k := range term.Targets {
		if term.Targets[k].Block == l.ID {
			if edge != nil {
				return
			}
			edge = &term.Targets[k]
		}
	}
	if edge == nil || len(edge.Args) != len(l.Params) {
		return
	}
	bound := make(map[ssa.Value]ssa.Value, len(l.Params))
	for i, v := range l.Params {
		bound[v] = f.Resolve(edge.Args[i])
		f.SetAlias(v, bound[v])
	}
	bind := func(vs []ssa.Value) {
		for i, v := range vs {
			if w, ok := bound[v]; ok {
				vs[i] = w
			}
		}
	}
	for _, in := range l.Instrs {
		bind(in.Args)
		for k := range in.Targets {
			bind(in.Targets[k].Args)
		}
	}
	l.Params, edge.Args = nil, nil
}
