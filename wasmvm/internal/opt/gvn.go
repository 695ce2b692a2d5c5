package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/reuse"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// GVN removes instructions that compute a value already computed by an
// identical instruction in a dominating position (dominator-based global
// value numbering): walking the dominator tree with a scoped table from
// an instruction's operation, immediates and operands to the value that
// first computed it, each later duplicate is replaced by that value.
// Operands of commutative integer operations are ordered, so x+y and y+x
// meet. Only instructions whose result depends on their operands alone
// take part (see numberable); a duplicate of a division that could trap
// is removed too, as the dominating one would have trapped first.
// Together with the aliases the other passes leave, this is also the
// copy propagation: every use names the value that stands for it.
func GVN(f *ssa.Func) { gvnWith(f, dominators(f)) }

func gvnWith(f *ssa.Func, d *domTree) {
	g := gvnPool.Get()
	g.f, g.d = f, d
	n := 0
	for _, b := range f.Blocks {
		n += len(b.Instrs)
	}
	g.table.prepare(n)
	g.visited = 0
	g.visit(0)
	if g.visited == len(f.Blocks) {
		// The walk resolved every operand: a value it replaced
		// dominates its uses, which it visits after the replacement.
		f.MarkResolved()
	} else {
		f.ResolveArgs() // the blocks the entry does not reach
	}
	// The walk removed every key it added: the table is empty again,
	// and keeps its capacity for the next function.
	g.f, g.d = nil, nil
	gvnPool.Put(g)
}

// gvnPool holds the tables of finished walks, so that the functions of
// the modules being compiled reuse them instead of growing one each.
var gvnPool = reuse.NewPool[gvn]()

type gvn struct {
	f *ssa.Func
	d *domTree
	// table holds the keys of the blocks on the path from the entry, to
	// be removed when the walk leaves them.
	table scopedTable
	// visited counts the blocks the walk has visited.
	visited int
}

// gvnKey is what makes two instructions compute the same value.
type gvnKey struct {
	op         ssa.Op
	typ        ssa.Type
	cond       ssa.Cond
	imm, imm2  uint64
	aux, aux2  uint32
	a0, a1, a2 ssa.Value
}

func (g *gvn) visit(id ssa.BlockID) {
	b := g.f.Block(id)
	g.visited++
	mark := g.table.size()
	kept := b.Instrs[:0]
	for _, in := range b.Instrs {
		for i, a := range in.Args {
			in.Args[i] = g.f.Resolve(a)
		}
		for _, t := range in.Targets {
			for i, a := range t.Args {
				t.Args[i] = g.f.Resolve(a)
			}
		}
		key, ok := keyOf(in)
		if !ok {
			kept = append(kept, in)
			continue
		}
		if v, dup := g.table.lookup(&key); dup {
			g.f.SetAlias(in.Results[0], v)
			continue
		}
		g.table.push(&key, in.Results[0])
		kept = append(kept, in)
	}
	clear(b.Instrs[len(kept):])
	b.Instrs = kept
	for _, c := range g.d.children[id] {
		g.visit(c)
	}
	g.table.popTo(mark)
}

// keyOf returns the key of an instruction that value numbering handles.
func keyOf(in *ssa.Instr) (gvnKey, bool) {
	if !numberable(in.Op) || len(in.Results) != 1 || len(in.Args) > 3 {
		return gvnKey{}, false
	}
	k := gvnKey{op: in.Op, typ: in.Type, cond: in.Cond, imm: in.Imm, imm2: in.Imm2, aux: in.Aux, aux2: in.Aux2,
		a0: ssa.NoValue, a1: ssa.NoValue, a2: ssa.NoValue}
	args := [3]*ssa.Value{&k.a0, &k.a1, &k.a2}
	for i, a := range in.Args {
		*args[i] = a
	}
	if commutative(in.Op) && k.a1 < k.a0 {
		k.a0, k.a1 = k.a1, k.a0
	}
	return k, true
}

// numberable reports whether the result of op depends only on its
// operands and immediates, so that two such instructions with the same
// inputs compute the same value, and the later one may be dropped when
// the first dominates it. Loads, globals, sizes and calls read state.
// Comparisons are left alone: the backends fuse a comparison with the
// branch that uses it, which a shared comparison would prevent.
func numberable(op ssa.Op) bool {
	switch {
	case op >= ssa.OpIconst && op <= ssa.OpV128const,
		op >= ssa.OpIadd && op <= ssa.OpBswap,
		op >= ssa.OpFadd && op <= ssa.OpFnearest,
		op >= ssa.OpIreduce && op <= ssa.OpBitcast,
		op == ssa.OpSelect:
		return true
	case op.IsSIMD():
		return !op.IsSIMDMemory()
	}
	return false
}

// canTrap reports whether an instruction with op may trap.
func canTrap(op ssa.Op) bool {
	return slices.Contains([]ssa.Op{ssa.OpSdiv, ssa.OpUdiv, ssa.OpSrem, ssa.OpUrem, ssa.OpFcvtToSint, ssa.OpFcvtToUint}, op)
}
