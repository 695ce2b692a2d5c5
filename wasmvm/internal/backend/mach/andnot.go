package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// An and with the complement of a value, y & ^x (x ^ -1 used only there:
// musl's HASZERO, (w - 0x01010101) & ~w & 0x80808080), is one
// instruction: amd64 BMI1's andn (which every CPU this backend runs on
// has: FeatureLZCNT stands for BMI1), arm64's bic. Lowering emits OpAlu
// with Sub OpBand and the complemented operand in C: dst = a & ^c.
//
// The complement must be one no other plan lowers. On amd64 a load right
// before it may have been planned as its memory operand (planFolds: mov
// r, -1; xor r, [mem]); that load, never in a register then, is not
// there for the and-not to read (Go's fdMutex.rwunlock, old &^ mutexBit
// with mutexBit on the stack, read a stale register and panicked). The
// and-not takes such a load back: mov r, [mem]; andn.

// planAndNot plans and in when it ands a complement; the complement is
// then not lowered.
func (l *Func) planAndNot(in *ssa.Instr) {
	if len(in.Args) != 2 || !in.Type.IsInt() || l.taken(in) {
		return
	}
	for k, a := range in.Args {
		if _, isConst := l.constant(in.Args[1-k]); isConst {
			continue
		}
		x, ok := l.complemented(a)
		if !ok {
			continue
		}
		if xor := l.F.Def(a); l.loadInto[xor] != nil {
			delete(l.loadInto, xor) // x is loaded into a register
			l.folded[x] = false
		}
		if l.andNots == nil {
			l.andNots = map[*ssa.Instr]andNot{}
		}
		l.andNots[in] = andNot{a: in.Args[1-k], not: x}
		l.folded[a] = true
		return
	}
}

// andNot is a planned a & ^not.
type andNot struct{ a, not ssa.Value }

// complemented returns x where v is x ^ -1, used only once, and no plan
// lowers the complement but planFolds, taking x, its load, as its memory
// operand.
func (l *Func) complemented(v ssa.Value) (ssa.Value, bool) {
	def := l.F.Def(v)
	if def == nil || def.Op != ssa.OpBxor || l.uses[v] != 1 || l.takenBesidesLoad(def) {
		return 0, false
	}
	for k, a := range def.Args {
		if c, ok := l.constant(a); ok && c.Op == ssa.OpIconst && (c.Imm == ^uint64(0) || def.Type == ssa.TypeI32 && uint32(c.Imm) == ^uint32(0)) {
			x := def.Args[1-k]
			return x, l.loadInto[def] != nil || !l.folded.has(x)
		}
	}
	return 0, false
}
