package arm64

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"

// Shrink-wrapped frames (mach.Func.ShrinkWrap, mach.Frames): the code of
// a block runs with the frame set up or without it, and the emitter keeps
// track of which while it emits. A branch from framed code to a block
// without the frame can only go to a return block: it goes to a copy of
// that block emitted with the frame (returnBlock), whose return tears the
// frame down first. Traps branch to a stub per trap code and state
// (mach.TrapStub); without the frame, the link register is still in LR
// and the stub stores it where the frame would keep it.

// jumpFixup records a branch to patch, taken in the current frame state.
func (fe *funcEmitter) jumpFixup(f fixup) {
	f.framed = fe.frames.Framed
	fe.fixups = append(fe.fixups, f)
}

// jumpLabel returns the offset a recorded branch goes to: its block, or
// the framed copy of a return block when the branch leaves the frame,
// emitted here the first time.
func (fe *funcEmitter) jumpLabel(f fixup) int {
	return fe.frames.Label(fe.labels, f.block, f.framed, func() int {
		at := fe.e.pos()
		fe.returnBlock(f.block)
		return at
	})
}

// returnBlock emits the code of return block b in the current frame
// state: its moves and its return, which restores the callee-saved and
// link registers and removes the frame when it is set up.
func (fe *funcEmitter) returnBlock(b int) {
	fe.addressIn, fe.cond = mach.NoVReg, mach.NoCondFlags
	for j := range fe.Blocks[b].Instrs {
		if dsts, srcs := fe.MovesBefore(b, j); len(dsts) > 0 {
			fe.moves(dsts, srcs)
		}
		fe.instr(&fe.Blocks[b].Instrs[j], -2) // out of place: no fall-through
	}
}
