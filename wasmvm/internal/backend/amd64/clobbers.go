package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// onlyRDX is the clobber list of the instructions that write RDX.
var onlyRDX = []regalloc.Reg{RDX}

// clobbers lists the registers the code for m writes besides its result
// (mach.Target.Clobbers): RDX, allocatable, for the instructions whose
// x86 forms write it by definition. div and idiv take the dividend's high
// half in RDX and leave the remainder there; the one-operand 64-bit mul
// and imul leave the product's high half there; the clock's rdtsc and
// mul write it; the bulk memory operations hold their second operand in
// it. Every other instruction leaves RDX alone (its spilled operands go
// through scratchA and scratchB).
func clobbers(m *mach.Instr) []regalloc.Reg {
	switch m.Op {
	case mach.OpDiv, mach.OpCounterClock, mach.OpMemCopy, mach.OpMemFill:
		return onlyRDX
	case mach.OpMulHigh:
		if m.Size == 8 {
			return onlyRDX
		}
	}
	return nil
}
