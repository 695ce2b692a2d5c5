package mach

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/reuse"
)

// The largest arrays of preparing a function are reused from function to
// function, as wazero's compiler reuses its per-function state: the
// machine instructions of a function once it is emitted, and the
// allocator's view of them once it is allocated. Most functions of a
// module are small, so after the first few these cost neither an
// allocation nor clearing, and leave the garbage collector less to do.
// They are kept while modules compile (PrepareModule's paceCompile
// begins and ends a reuse scope), not after.

// instrArrays holds the instruction arrays that emitted functions left.
var instrArrays = reuse.NewPool[[]Instr]()

// takeInstrArray returns an array of n instructions, reused when one is
// free. Its contents are stale: reserveInstrs's lists append over them.
func takeInstrArray(n int) []Instr {
	if p := instrArrays.Get(); cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]Instr, n)
}

// Release gives a's instruction array back for reuse by functions
// prepared later. a must not be used afterwards.
func (a *Allocation) Release() {
	if arr := a.instrArray; arr != nil {
		a.instrArray, a.Blocks = nil, nil
		instrArrays.Put(&arr)
	}
}

// allocInput is the scratch of Allocate's translation of a function to
// the allocator's input: its instructions and their operand lists.
type allocInput struct {
	instrs     []regalloc.Instr
	uses, defs []regalloc.VReg
	copies     []regalloc.Copy
}

var allocInputs = reuse.NewPool[allocInput]()
