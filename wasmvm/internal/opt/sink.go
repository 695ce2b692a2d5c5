package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// SinkIntoBackEdges moves computations that only feed a loop's next
// iteration below the loop's exit test. A block that ends in a two-way
// branch, one edge back to a loop's header and the other out of that
// edge's way, often computes the header's next arguments before the test
// (`p' = p + 16; n' = n - 16; brif found, exit(p, n), header(p', n')`).
// Where the other edge still needs an operand of such a computation (the
// exit reads the old p), the result cannot take the operand's register,
// and the back edge copies every new value into place on every
// iteration. Moved into a block of their own on the back edge, the
// computations run after the branch, where the operand is dead on the
// path they are on: the allocator can then compute each value in place
// (`add p, 16`), and the copies go.
//
// An instruction moves when it cannot trap and reads no state
// (numberable), is not a constant (the backends rematerialize those at
// their uses), and its results are used only by the back edge's
// arguments and by instructions that move with it. A back edge gets its
// block only when one moved instruction reads a value of the loop that
// is still live on the block's other edge, the case in which the move
// saves copies (a counted loop's `p += 56` before `n -= 1; brif n` reads
// no such value: moved, it would cost a jump per iteration). Run after the vectorizers, which look for loops
// of one block.
func SinkIntoBackEdges(f *ssa.Func) {
	var d *domTree
	var uses []int32
	type sinking struct {
		b    *ssa.Block
		k    int
		sink []bool
	}
	// All choices first, on the function as it is (dominators, loops),
	// then the new blocks.
	var todo []sinking
	for _, id := range reversePostorder(f) {
		b := f.Block(id)
		term := b.Terminator()
		if term == nil || term.Op != ssa.OpBrif || term.Targets[0].Block == term.Targets[1].Block {
			continue
		}
		if d == nil {
			d, uses = dominators(f), countUses(f)
		}
		for k := range 2 {
			if d.dominates(term.Targets[k].Block, id) {
				if sink := sinkable(f, d, b, k, uses); sink != nil {
					todo = append(todo, sinking{b, k, sink})
				}
				break
			}
		}
	}
	for _, s := range todo {
		sinkInto(f, s.b, s.k, s.sink)
	}
}

// countUses counts, per value, the instructions' operands and the edges'
// arguments that name it.
func countUses(f *ssa.Func) []int32 {
	uses := make([]int32, f.NumValues())
	for _, b := range f.Blocks {
		eachUse(b, func(v ssa.Value) { uses[v]++ })
	}
	return uses
}

// eachUse calls use for every operand of b's instructions and every
// argument of its edges.
func eachUse(b *ssa.Block, use func(ssa.Value)) {
	for _, in := range b.Instrs {
		instrUses(in, use)
	}
}

// instrUses calls use for every operand of in and every argument of its
// edges.
func instrUses(in *ssa.Instr, use func(ssa.Value)) {
	for _, a := range in.Args {
		use(a)
	}
	for _, t := range in.Targets {
		for _, a := range t.Args {
			use(a)
		}
	}
}

// sinkable returns which instructions of block b only feed its
// terminator's target k, a loop header, and are worth moving onto that
// edge (see SinkIntoBackEdges), or nil if none are.
func sinkable(f *ssa.Func, d *domTree, b *ssa.Block, k int, uses []int32) []bool {
	back := b.Terminator().Targets[k]
	// feeds counts, per value, its uses by the back edge and by the
	// instructions chosen to move; an instruction moves when that is all
	// of its result's uses. Walking backwards sees each user first.
	feeds := map[ssa.Value]int32{}
	for _, a := range back.Args {
		feeds[a]++
	}
	body := b.Instrs[:len(b.Instrs)-1]
	sink := make([]bool, len(body))
	moved := 0
	for i := len(body) - 1; i >= 0; i-- {
		in := body[i]
		if len(in.Results) != 1 || isConstant(in.Op) || !numberable(in.Op) || canTrap(in.Op) {
			continue
		}
		if r := in.Results[0]; uses[r] == 0 || feeds[r] != uses[r] {
			continue
		}
		sink[i] = true
		moved++
		for _, a := range in.Args {
			feeds[a]++
		}
	}
	if moved == 0 || !sinkSavesCopies(f, d, b, k, body, sink) {
		return nil
	}
	return sink
}

// sinkInto moves the instructions of block b marked in sink into a new
// block on the edge to its terminator's target k.
func sinkInto(f *ssa.Func, b *ssa.Block, k int, sink []bool) {
	term := b.Terminator()
	back := &term.Targets[k]
	body := b.Instrs[:len(b.Instrs)-1]
	e := f.NewBlock()
	kept := body[:0]
	for i, in := range body {
		if sink[i] {
			f.Move(in, e.ID)
			e.Instrs = append(e.Instrs, in)
		} else {
			kept = append(kept, in)
		}
	}
	h := f.Block(back.Block)
	for j, p := range h.Preds {
		if p == b.ID {
			h.Preds[j] = e.ID
			break
		}
	}
	e.Instrs = append(e.Instrs, &ssa.Instr{Op: ssa.OpJump, Block: e.ID, Targets: []ssa.BlockCall{{Block: back.Block, Args: back.Args}}})
	e.Preds = []ssa.BlockID{b.ID}
	*back = ssa.BlockCall{Block: e.ID}
	kept = append(kept, term)
	clear(b.Instrs[len(kept):])
	b.Instrs = kept
}

// sinkSavesCopies reports whether an instruction of body chosen to move
// (sink) reads a value of the loop of b's target k that stays live on
// b's other edge: one that edge passes on, or one read on a path from
// the edge's target that does not pass its definition. Values from
// outside the loop (invariants, constants) live through it anyway: their
// registers are not the moved results' to take.
func sinkSavesCopies(f *ssa.Func, d *domTree, b *ssa.Block, k int, body []*ssa.Instr, sink []bool) bool {
	term := b.Terminator()
	inLoop := make([]bool, len(f.Blocks))
	for _, id := range loopBody(f, d, f.Block(term.Targets[k].Block)) {
		inLoop[id] = true
	}
	other := term.Targets[1-k]
	for i, in := range body {
		if !sink[i] {
			continue
		}
		for _, a := range in.Args {
			if inLoop[f.BlockOf(a)] && (slices.Contains(other.Args, a) || liveFrom(f, a, other.Block)) {
				return true
			}
		}
	}
	return false
}

// liveFrom reports whether value a is read on some path from the start
// of block start that does not pass a's definition.
func liveFrom(f *ssa.Func, a ssa.Value, start ssa.BlockID) bool {
	def := f.BlockOf(a)
	seen := make([]bool, len(f.Blocks))
	work := []ssa.BlockID{start}
	for len(work) > 0 {
		id := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[id] || id == def {
			continue
		}
		seen[id] = true
		live := false
		eachUse(f.Block(id), func(v ssa.Value) { live = live || v == a })
		if live {
			return true
		}
		for _, t := range successors(f.Block(id)) {
			work = append(work, t.Block)
		}
	}
	return false
}
