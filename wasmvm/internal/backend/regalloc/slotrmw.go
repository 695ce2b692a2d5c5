package regalloc

// A loop's counter that waits in its spill slot for the loop (it is used
// once per iteration, at the loop's exit test) is stepped there with a
// load, the operation and a store, and the exit test reads the register:
// `mov r,[slot]; sub r,1; je; mov [slot],r`. A backend whose operations
// take a memory destination (RegisterInfo.SlotDestinations) steps it in
// place, `sub [slot],1; je`, when the new value lives in the old one's
// slot: inSlotStep finds those values.

// inSlotStep says whether cur, just taken from the unhandled intervals,
// should live in its spill slot for all of its lifetime: it is defined
// in a loop by an operation tied to an operand that is in its slot there
// and ends there, its slot would be that operand's, and it is read only
// by the branch that copies it into a block parameter waiting in that
// same slot (a counter's `n' = n - 1; brif n', header(n')`). The backend
// then computes it in the slot itself, and neither the operation's
// result nor the edge's copy needs a register.
func (a *allocator) inSlotStep(cur *interval) bool {
	// The cheap tests first: the scan asks for every tied definition
	// (scan tests SlotDestinations and hintOp itself).
	copies := a.lv.copyOuts.of(cur.root)
	if len(copies) == 0 || len(cur.uses) == 0 || len(cur.uses) > fewUses+1 {
		return false
	}
	// The definition is among the positions listed; the reads follow.
	at := cur.uses[len(cur.uses)-1]
	for _, u := range cur.uses {
		if u != at && u != cur.start() {
			return false
		}
	}
	if a.pieces[cur.root] != nil || cur != a.lv.ivs[cur.root] {
		return false
	}
	op := a.pieceAt(cur.hintOp, cur.hintPos)
	if op == nil || !op.hasLoc || !op.loc.Spilled || a.rootSpan[cur.hintOp].to > cur.start() {
		return false
	}
	if a.lv.loops.inner[a.blockOf(cur.start())] < 0 {
		return false
	}
	slot := int(op.loc.Slot)
	copied := false
	for _, c := range copies {
		if c.pos != at {
			continue
		}
		d := a.lv.ivs[c.dst]
		p := a.pieceAt(c.dst, d.start())
		if p == nil || !p.hasLoc || !p.loc.Spilled || int(p.loc.Slot) != slot {
			return false
		}
		copied = true
	}
	return copied && a.slotFor(cur.root, cur.class) == slot
}
