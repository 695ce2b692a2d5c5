package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// MergeStraightLine appends to a block that ends in a jump the block it
// jumps to, when that block has no other predecessor and does nothing
// but branch or return: the two always run one after the other. Inlined
// calls and WebAssembly's block structure leave such pairs (a callee's
// body, then the caller's test of its result: `c = isalnum(x); jump b2`,
// `b2: brif c`); in one block, the backends see the condition's
// computation and the branch together, so that the branch can read the
// flags that computation left. Blocks that compute are left apart: merged
// too, they gave the allocator longer blocks to split in and grew
// printf's code by 3%. The jump's arguments replace the merged block's
// parameters; the merged block is left empty, without predecessors. It
// reports whether it merged any block.
func MergeStraightLine(f *ssa.Func) bool {
	merged := false
	for _, id := range reversePostorder(f) {
		b := f.Block(id)
		for {
			term := b.Terminator()
			if term == nil || term.Op != ssa.OpJump {
				break
			}
			c := f.Block(term.Targets[0].Block)
			if c.ID == b.ID || c.ID == 0 || len(c.Preds) != 1 || len(c.Instrs) != 1 {
				break
			}
			for i, p := range c.Params {
				f.SetAlias(p, f.Resolve(term.Targets[0].Args[i]))
			}
			b.Instrs = b.Instrs[:len(b.Instrs)-1]
			for _, in := range c.Instrs {
				f.Move(in, b.ID)
				b.Instrs = append(b.Instrs, in)
			}
			for _, t := range successors(c) {
				s := f.Block(t.Block)
				for j, p := range s.Preds {
					if p == c.ID {
						s.Preds[j] = b.ID
					}
				}
			}
			c.Params, c.Instrs, c.Preds = nil, nil, nil
			merged = true
		}
	}
	if merged {
		f.ResolveArgs()
	}
	return merged
}
