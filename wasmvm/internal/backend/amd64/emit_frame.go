package amd64

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// Shrink-wrapped frames (mach.Func.ShrinkWrap): the code of a block runs
// with the frame set up or without it (framedAt), and the emitter keeps
// track of which while it emits (funcEmitter.framed). A jump from framed
// code to a block without the frame can only go to a return block: it
// goes to a copy of that block emitted with the frame (returnBlock),
// whose return tears the frame down first. Traps branch to a stub per
// trap code and state, which records where the frame would be.

// trapStub names the exit of one trap code taken with or without the
// frame set up.
type trapStub struct {
	code   ssa.TrapCode
	framed bool
}

// framedAt says whether block b runs with the frame set up.
func (fe *funcEmitter) framedAt(b int) bool {
	return fe.framedBlocks == nil || fe.framedBlocks[b]
}

// leavesFrame says whether a jump from the code being emitted to block
// target leaves the frame: framed code jumping to a return block that
// runs without it.
func (fe *funcEmitter) leavesFrame(target int) bool {
	return fe.framed && !fe.framedAt(target)
}

// jumpFixup records a jump to patch, taken in the current frame state.
func (fe *funcEmitter) jumpFixup(f fixup) {
	f.framed = fe.framed
	fe.fixups = append(fe.fixups, f)
}

// jumpLabel returns the offset a recorded jump goes to: its block, or the
// framed copy of a return block when the jump leaves the frame, emitted
// here the first time.
func (fe *funcEmitter) jumpLabel(f fixup) int {
	if !f.framed || fe.framedAt(f.block) {
		return fe.labels[f.block]
	}
	if at, ok := fe.exits[f.block]; ok {
		return at
	}
	at := len(fe.e.b)
	fe.exits[f.block] = at
	fe.stored, fe.word, fe.flags = storedSpill{end: -1}, storedWord{end: -1}, flagsOf{end: -1}
	fe.framed = true
	fe.returnBlock(f.block)
	return at
}

// returnBlock emits the code of return block b in the current frame
// state: its moves and its return, which restores the callee-saved
// registers and removes the frame when it is set up.
func (fe *funcEmitter) returnBlock(b int) {
	for j := range fe.Blocks[b].Instrs {
		if dsts, srcs := fe.MovesBefore(b, j); len(dsts) > 0 {
			fe.moves(dsts, srcs)
		}
		fe.instr(&fe.Blocks[b].Instrs[j], b)
	}
}
