package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// An i32 value's register holds it zero-extended (RATIONALE: "Why is
// i64.extend_i32_u a copy?"), so an i64 addition or comparison can read
// it where the WebAssembly code reads its zero extension. Where every use
// of an extension is such an operand, the extension is not lowered and
// those operations read the i32 value's register: a vector loop's check
// that 16 bytes lie inside the memory, extend(p) + 16 <= size with p
// live on, is lea r, [p+16]; cmp r, size, not mov r, p; add r, 16 (the
// copy the allocator cannot share with p). Only where those operations
// are in the extension's block: reading the i32 value in later blocks
// stretched its live range over sort's merge loop, which then reloaded
// two values from their slots per iteration.

// countWideReads adds to reads the operands of in, an instruction of
// block b, that are extensions of b read as whole registers.
func (l *Func) countWideReads(b *ssa.Block, in *ssa.Instr, reads map[ssa.Value]int) map[ssa.Value]int {
	if !l.readsWide(in) {
		return reads
	}
	for _, a := range in.Args {
		if def := l.F.Def(a); def != nil && def.Op == ssa.OpUextend && def.Block == b.ID && l.F.TypeOf(def.Args[0]) == ssa.TypeI32 {
			if reads == nil {
				reads = map[ssa.Value]int{}
			}
			reads[a]++
		}
	}
	return reads
}

// narrowExtends marks the extensions all of whose uses reads counted.
func (l *Func) narrowExtends(reads map[ssa.Value]int) {
	for v, n := range reads {
		if n == l.uses[v] && !l.folded.has(v) {
			if l.narrowed == nil {
				l.narrowed = make(valueSet, l.F.NumValues())
			}
			l.narrowed[v] = true
		}
	}
}

// readsWide reports whether in is an i64 addition or comparison whose
// operands lowering reads with reg as whole registers: not one an address
// or a memory operand computes.
func (l *Func) readsWide(in *ssa.Instr) bool {
	switch in.Op {
	case ssa.OpIadd:
		return in.Type == ssa.TypeI64 && !l.taken(in)
	case ssa.OpIcmp:
		return len(in.Args) == 2 && l.F.TypeOf(in.Args[0]) == ssa.TypeI64
	}
	return false
}
