package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"

// CondFlags is an emitter's claim that the flags still hold the
// comparison whose 0 or 1 virtual register V holds (x86 setcc, arm64
// cset): V is 1 exactly where condition code Code (the target's encoding)
// holds, while the code ends at offset End. A branch or select on V in the
// same block reads Code from the flags instead of testing V again (a
// compare used both as a number and as a condition: i += a < b; if (a <
// b)). Tests of V against zero as a number need no claim: opt folds cmp
// != 0 into cmp and cmp == 0 into the negated comparison.
//
// The claim lasts while nothing else is emitted, or only code that leaves
// the flags alone (moves, loads and stores of registers, address
// arithmetic), which the emitter passes to Keep.
type CondFlags struct {
	V    regalloc.VReg
	Code uint8
	End  int
}

// NoCondFlags claims nothing.
var NoCondFlags = CondFlags{V: NoVReg, End: -1}

// Keep extends the claim over the code from start to end, which leaves
// the flags alone.
func (c *CondFlags) Keep(start, end int) {
	if c.End == start {
		c.End = end
	}
}

// Of returns the condition code that holds where v is not zero, when the
// claim is about v and the code still ends at end.
func (c CondFlags) Of(v regalloc.VReg, end int) (uint8, bool) {
	if c.V == v && v != NoVReg && c.End == end {
		return c.Code, true
	}
	return 0, false
}

// KeepsFlags reports whether both emitters' code for m leaves the flags
// alone: register moves and constants (x86 mov, never xor; arm64 mov,
// movz, movk), float and vector constants (loads, xorps, pxor, pcmpeqd;
// fmov, movi, ldr), copies, and the parameters' definition (no code).
func (m *Instr) KeepsFlags() bool {
	switch m.Op {
	case OpMov, OpMovImm, OpFconst, OpCopy, OpParams:
		return true
	}
	return false
}
