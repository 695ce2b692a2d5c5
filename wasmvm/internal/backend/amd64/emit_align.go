package amd64

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"

// caseAlignment is the alignment of the code a br_table's indirect jump
// lands on: its case blocks, and the case edges' moves (RATIONALE: "Why
// are br_table targets 16-byte aligned?").
const caseAlignment = 16

// functionAlignment is the alignment of every function's code: a cache
// line, so that where a function's branch targets fall against the
// processor's fetch windows depends on the function alone, not on the
// sizes of the functions before it (RATIONALE: "Why do functions start
// on a cache line?").
const functionAlignment = 64

// caseTargets marks the blocks some br_table of a jumps to (past blocks
// that only jump on), or returns nil if a has no br_table.
func (fe *funcEmitter) caseTargets() []bool {
	var marked []bool
	for i := range fe.Blocks {
		instrs := fe.Blocks[i].Instrs
		if len(instrs) == 0 || instrs[len(instrs)-1].Op != mach.OpBrTable {
			continue
		}
		if marked == nil {
			marked = make([]bool, len(fe.Blocks))
		}
		for _, ed := range instrs[len(instrs)-1].Edges {
			marked[fe.Threaded(ed.Target, fe.loopHeaders)] = true
		}
	}
	return marked
}

// alignCode pads the code to a multiple of n bytes (a power of two) with
// as few no-op instructions as the padding allows, in case the code
// before falls through into what follows.
func (e *buf) alignCode(n int) {
	for pad := -len(e.b) & (n - 1); pad > 0; {
		k := min(pad, len(nops)-1)
		e.b = append(e.b, nops[k]...)
		pad -= k
	}
}

// nops[k] is the recommended k-byte no-op (0F 1F /0 with the operand
// forms that make it k bytes long; 66 prefixes for 2, 6 and 9).
var nops = [...][]byte{
	1: {0x90},
	2: {0x66, 0x90},
	3: {0x0F, 0x1F, 0x00},
	4: {0x0F, 0x1F, 0x40, 0x00},
	5: {0x0F, 0x1F, 0x44, 0x00, 0x00},
	6: {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
	7: {0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00},
	8: {0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
	9: {0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
}
