package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// maxJoinSelects is the largest number of arguments that may differ
// between the two edges JoinSelects merges: each becomes a select.
const maxJoinSelects = 2

// JoinSelects turns a conditional branch whose two edges reach the same
// block, directly or through blocks that only jump on, into a jump to
// that block whose differing arguments are selects on the branch's
// condition: `if (a[j] < a[j+1]) j++` leaves such a branch, on data the
// processor cannot predict (heapsort's sift-down), where a conditional
// move costs a cycle. No instruction moves: the selects choose between
// values both edges already have. Only branches whose edges differ in at
// most maxJoinSelects arguments are merged. It reports whether it
// changed anything; blocks left without predecessors are emptied.
func JoinSelects(f *ssa.Func) bool {
	changed := false
	for _, b := range f.Blocks {
		term := b.Terminator()
		if term == nil || term.Op != ssa.OpBrif {
			continue
		}
		yes, no := throughJumps(f, term.Targets[0]), throughJumps(f, term.Targets[1])
		if yes.Block != no.Block || yes.Block == b.ID || len(yes.Args) != len(no.Args) {
			continue
		}
		differ := 0
		for i := range yes.Args {
			if yes.Args[i] != no.Args[i] {
				differ++
			}
		}
		if differ == 0 || differ > maxJoinSelects {
			continue // identical edges are Fold's
		}
		cond := term.Args[0]
		for _, t := range term.Targets {
			removePred(f.Block(t.Block), b.ID)
		}
		b.Instrs = b.Instrs[:len(b.Instrs)-1]
		args := slices.Clone(yes.Args)
		for i := range args {
			if yes.Args[i] != no.Args[i] {
				sel := &ssa.Instr{Op: ssa.OpSelect, Args: []ssa.Value{cond, yes.Args[i], no.Args[i]}}
				args[i] = f.Append(b, sel, f.TypeOf(yes.Args[i])).Result()
			}
		}
		f.Append(b, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: yes.Block, Args: args}}})
		changed = true
	}
	if changed {
		removeUnreachable(f)
	}
	return changed
}

// throughJumps follows call past blocks without parameters that only
// jump on, and returns the call that ends there. The arguments of such a
// block's jump are defined where every edge into it is, since the block
// computes nothing.
func throughJumps(f *ssa.Func, call ssa.BlockCall) ssa.BlockCall {
	for range 4 {
		b := f.Block(call.Block)
		if len(b.Params) != 0 || len(b.Instrs) != 1 || b.Instrs[0].Op != ssa.OpJump {
			break
		}
		call = b.Instrs[0].Targets[0]
	}
	return call
}
