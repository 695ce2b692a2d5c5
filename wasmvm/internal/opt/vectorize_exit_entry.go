package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// A rotated parameter carries the byte (or word) the load read one
// iteration before, a window the four bytes before: the vector body
// reads the next iteration's back from memory, so they hold what the
// scalar loop's would from the first vector iteration on if they do on
// entry. On entry they hold what the code before the loop loaded (usually
// the same, but nothing proves it), so pre checks it once: that the bytes
// before the load's address are inside the memory and read what the
// parameter holds. Where not, the scalar loop runs from the start, as
// when lane 0 is a hit. The body then tests only its loaded lanes.

// entryChecks emits pre's checks of the carried parameter: pre's own
// (the address leaves room for the bytes before it) and those of the
// blocks in e.entry (they end inside the memory; they read what the
// parameter holds), each block's condition in e.entryOK.
func (e *scanEmitter) entryChecks(memBytes ssa.Value) {
	l := e.l
	id := e.hit.ID + ssa.BlockID(len(e.tests))
	bounds, same := &ssa.Block{ID: id}, &ssa.Block{ID: id + 1}
	e.entry = []*ssa.Block{bounds, same}
	ptr := e.pre.Params[l.ptr]
	before, param, read := uint64(l.size), l.rotated, e.loadBefore
	if l.window >= 0 {
		before, param, read = 4, l.window, e.windowBefore
	}
	start := e.extend(e.pre, l.address(e, e.pre, ptr))
	e.entryOK = []ssa.Value{
		e.icmp(e.pre, ssa.CondUGe, start, e.konst(ssa.TypeI64, before)),
		e.icmp(bounds, ssa.CondULe, e.opK(bounds, ssa.OpIadd, start, l.load.Imm), memBytes),
		e.icmp(same, ssa.CondEq, read(same, ptr), e.pre.Params[param]),
	}
}

// commitEntry ends pre and the blocks of e.entry with their checks: each
// passes on to the next, the last to the vector loop's head, and a failed
// one enters the scalar loop with pre's values.
func (e *scanEmitter) commitEntry() {
	f, h := e.l.f, e.l.header.ID
	blocks := append([]*ssa.Block{e.pre}, e.entry...)
	for i, b := range blocks {
		pass := ssa.BlockCall{Block: e.head.ID, Args: append([]ssa.Value(nil), e.pre.Params...)}
		if i+1 < len(blocks) {
			pass = ssa.BlockCall{Block: blocks[i+1].ID}
		}
		f.Append(b, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{e.entryOK[i]}, Targets: []ssa.BlockCall{
			pass, {Block: h, Args: append([]ssa.Value(nil), e.pre.Params...)}}})
	}
}
