package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// DeadCode removes instructions without side effects whose results are
// never used, and block parameters (with their arguments) that nothing
// reads. Liveness starts from the operands of instructions that have side
// effects, terminators included, and flows back through definitions and
// from a parameter to the arguments jumps pass it.
func DeadCode(f *ssa.Func) {
	live := make([]bool, f.NumValues())
	incoming := incomingEdges(f)
	// paramIndex locates each block parameter in its block.
	type paramAt struct {
		b *ssa.Block
		i int
	}
	params := map[ssa.Value]paramAt{}
	for _, b := range f.Blocks {
		for i, p := range b.Params {
			params[p] = paramAt{b, i}
		}
	}
	var work []ssa.Value
	mark := func(v ssa.Value) {
		if !live[v] {
			live[v] = true
			work = append(work, v)
		}
	}
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			if in.Op.HasSideEffects() {
				for _, a := range in.Args {
					mark(a)
				}
			}
		}
	}
	for _, p := range f.Entry().Params {
		mark(p)
	}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if in := f.Def(v); in != nil {
			for _, a := range in.Args {
				mark(a)
			}
			continue
		}
		if at, ok := params[v]; ok {
			for _, call := range incoming[at.b.ID] {
				mark(call.Args[at.i])
			}
		}
	}
	for _, b := range f.Blocks {
		kept := b.Instrs[:0]
		for _, in := range b.Instrs {
			if in.Op.HasSideEffects() || anyLive(in.Results, live) {
				kept = append(kept, in)
			}
		}
		b.Instrs = kept
		if b.ID == 0 {
			continue
		}
		var drop []bool
		for i, p := range b.Params {
			if !live[p] {
				if drop == nil {
					drop = make([]bool, len(b.Params))
				}
				drop[i] = true
			}
		}
		if drop != nil {
			removeParams(b, incoming[b.ID], drop)
		}
	}
}

func anyLive(vs []ssa.Value, live []bool) bool {
	for _, v := range vs {
		if live[v] {
			return true
		}
	}
	return false
}
