package amd64

// Save regions (mach.Allocation.PlaceSaves): a leaf function may save its
// callee-saved registers at the start of the blocks that root its save
// regions instead of in its prologue. The emitter then saves them there,
// restores them on the edges that leave a region (mach.Edge.Restore,
// after the edge's moves) and at the returns inside a region, and leaves
// them alone at the returns outside. The registers keep their slots in
// the frame's save area (layoutFrame), which the prologue makes as before.

// enterBlock notes whether block b runs with the callee-saved registers
// saved and, at a region's root, saves them.
func (fe *funcEmitter) enterBlock(b int) {
	if fe.Saves == nil {
		return
	}
	fe.saved = fe.Saves.In[b]
	if fe.Saves.Root[b] {
		fe.saveRegisters()
	}
}

// saveRegisters stores the callee-saved registers the function uses in
// the frame's save area.
func (fe *funcEmitter) saveRegisters() {
	for i, r := range fe.Res.UsedCalleeSaved {
		fe.e.store(8, memAt(RSP, fe.saveBase+int32(i)*8), r)
	}
}

// restoreRegisters loads them back from the save area.
func (fe *funcEmitter) restoreRegisters() {
	for i, r := range fe.Res.UsedCalleeSaved {
		fe.e.load(8, r, memAt(RSP, fe.saveBase+int32(i)*8))
	}
}
