package mach

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Move is one copy of a parallel move, between locations of one class.
type Move struct {
	Dst, Src regalloc.Location
	Float    bool
	// Wide says that the value is a v128: a copy between spill slots (or
	// any copy, for a backend that moves registers by width) must move
	// all 16 bytes.
	Wide bool
}

// ParallelMove performs dsts[i] = srcs[i] for all i at once, through copy.
// Distinct virtual registers live at the same point have distinct
// locations, but a block's parameters may be passed to themselves in
// another order (a swap in a loop), so the copies are ordered so that none
// overwrites a source still to be read, and cycles are broken through the
// scratch register that scratch returns for the class.
func ParallelMove(a *Allocation, dsts, srcs []regalloc.VReg, scratch func(float bool) regalloc.Reg, copy func(Move)) {
	var pending []Move
	for i := range dsts {
		d, s := a.Res.Locations[dsts[i]], a.Res.Locations[srcs[i]]
		if d != s {
			pending = append(pending, Move{Dst: d, Src: s, Float: a.Classes[dsts[i]] == regalloc.ClassFloat,
				Wide: a.Types[dsts[i]] == ssa.TypeV128})
		}
	}
	for len(pending) > 0 {
		progress := false
		for i, mv := range pending {
			if !readsLocation(pending, i, mv.Dst, mv.Float) {
				copy(mv)
				pending = append(pending[:i], pending[i+1:]...)
				progress = true
				break
			}
		}
		if progress {
			continue
		}
		// Every remaining destination is still to be read: a cycle. Save
		// one source in a scratch register and read it from there.
		mv := pending[0]
		tmp := regalloc.Location{Reg: scratch(mv.Float)}
		copy(Move{Dst: tmp, Src: mv.Src, Float: mv.Float, Wide: mv.Wide})
		for j := range pending {
			if pending[j].Src == mv.Src && pending[j].Float == mv.Float {
				pending[j].Src = tmp
			}
		}
	}
}

// readsLocation reports whether a move other than pending[skip] reads l
// (spill slots are numbered per class, so the class is part of the
// location).
func readsLocation(pending []Move, skip int, l regalloc.Location, float bool) bool {
	for j, mv := range pending {
		if j != skip && mv.Src == l && mv.Float == float {
			return true
		}
	}
	return false
}

// NoMoves reports whether taking edge e moves nothing: every parameter it
// assigns already lives where its value does, and it restores no
// callee-saved registers.
func (a *Allocation) NoMoves(e Edge) bool {
	if len(e.Consts) > 0 || e.Restore {
		return false
	}
	for i := range e.Dsts {
		if a.Res.Locations[e.Dsts[i]] != a.Res.Locations[e.Srcs[i]] {
			return false
		}
	}
	return true
}

// Threaded follows blocks that only jump on, without moves, to where
// control really goes (a loop header stays: it checks the epoch).
func (a *Allocation) Threaded(b int, loopHeaders []bool) int {
	return a.thread(b, loopHeaders, func(Edge) {})
}

// thread is Threaded, calling passed with each jump it passes.
func (a *Allocation) thread(b int, loopHeaders []bool, passed func(Edge)) int {
	for range 8 { // enough for chains of empty blocks; stops on cycles
		if loopHeaders[b] || !a.onlyJumps(b) {
			return b
		}
		e := a.Blocks[b].Instrs[0].Edges[0]
		passed(e)
		b = e.Target
	}
	return b
}

// onlyJumps reports whether block b does nothing but jump on: its one
// instruction is a jump whose edge moves nothing and before which the
// allocator placed no moves between pieces of split values (a block
// where a value goes to or comes back from its slot is not empty), and
// it does not set up a shrink-wrapped frame (FrameBlock), whose code the
// emitters put at its start.
func (a *Allocation) onlyJumps(b int) bool {
	instrs := a.Blocks[b].Instrs
	if len(instrs) != 1 || instrs[0].Op != OpJump || !a.NoMoves(instrs[0].Edges[0]) {
		return false
	}
	if a.Framed != nil && b == a.FrameBlock {
		return false
	}
	return len(a.Res.Moves[[2]int{b, 0}]) == 0
}

// ReloadsInstance reports whether a call of the function can come back
// with another instance's context, so that the function must keep its
// own to reload: a call of an import (one of the first numImports
// functions) or through a table, or any call in a module with tail calls
// (a callee may leave through another instance). Calls within the module
// otherwise return with the caller's context in place.
func (a *Allocation) ReloadsInstance(numImports uint32, tailCalls bool) bool {
	if !a.Calls {
		return false
	}
	if tailCalls {
		return true
	}
	for _, b := range a.Blocks {
		for i := range b.Instrs {
			m := &b.Instrs[i]
			if m.Op == OpCallIndirect || (m.Op == OpCall && uint32(m.Imm) < numImports) {
				return true
			}
		}
	}
	return false
}

// JumpTarget returns where an edge from block to target really goes
// (through blocks that only jump on) and whether the jump can be left out:
// the next block in layout is that target, or leads there without moves.
// block < 0 means the jump is always needed.
func (a *Allocation) JumpTarget(block, target int, loopHeaders []bool) (int, bool) {
	target = a.Threaded(target, loopHeaders)
	next := block + 1
	if block < 0 || next >= len(a.Blocks) {
		return target, false
	}
	return target, next == target || a.Threaded(next, loopHeaders) == target
}

// InvertBranch reports whether a two-way branch from block should test
// the negated condition and jump to other, continuing on the path of
// taken: when only other's edge is free of moves (a conditional jump
// needs no moves of its own), or when both are free of moves and
// taken's target is the next block, so that one inverted conditional
// jump replaces a conditional jump over an unconditional one.
func (a *Allocation) InvertBranch(taken, other Edge, block int, loopHeaders []bool) bool {
	takenPlain, otherPlain := a.NoMoves(taken), a.NoMoves(other)
	if !takenPlain {
		return otherPlain
	}
	if !otherPlain {
		return false
	}
	_, next := a.JumpTarget(block, taken.Target, loopHeaders)
	return next
}

// MovesOutOfLine reports whether, of a two-way branch from block whose
// edge taken moves nothing and whose edge other does, other's moves and
// jump should sit out of line (after the function's blocks, behind a
// conditional jump) so that taken falls through to the next block
// without any jump. That holds when taken's target is the next block,
// which layout chose as the likelier path, and other goes forward: a
// back edge's moves stay inline, where the loop's path through them
// takes one jump, not two.
func (a *Allocation) MovesOutOfLine(taken, other Edge, block int, loopHeaders []bool) bool {
	if _, next := a.JumpTarget(block, taken.Target, loopHeaders); !next {
		return false
	}
	return other.Target > block
}

// HoistsLatchMoves reports whether, of a two-way branch from block whose
// edge exit moves nothing and whose edge back returns to the header of
// the innermost loop containing block with moves between registers, the
// moves should run before the conditional jump, on both paths, so that
// the loop's path takes one (conditional) jump back instead of a jump
// over its moves and a jump back. That holds when the moves overwrite no
// register whose value the exit's target reads
// (regalloc.Result.ExitRegisters), write no spill slot and need nothing
// but moves (no constants, no restored registers), and the back edge
// does not fall through anyway. The flags of the branch must survive the
// moves, as register moves and loads leave them on amd64.
func (a *Allocation) HoistsLatchMoves(exit, back Edge, block int, loopHeaders []bool) bool {
	if len(back.Consts) > 0 || back.Restore || !a.NoMoves(exit) || a.NoMoves(back) {
		return false
	}
	live, ok := a.Res.ExitRegisters[exit.Target] // recorded only for latches' exits
	if !ok || a.Res.InnerLoop[block] != back.Target {
		return false
	}
	if _, next := a.JumpTarget(block, back.Target, loopHeaders); next {
		return false
	}
	for i, d := range back.Dsts {
		l := a.Res.Locations[d]
		if l == a.Res.Locations[back.Srcs[i]] {
			continue
		}
		if l.Spilled || l.Reg >= 64 || live&(1<<l.Reg) != 0 {
			return false
		}
	}
	return true
}
