package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// The unrolled loop (vectorize_unroll.go) gives each integer reduction a
// second accumulator: copies 0 and 2 add into the first, 1 and 3 into the
// second, and the loop after it (umid) combines the two before the
// one-vector loop and the exit go on with one. A chain of four dependent
// operations an iteration becomes two of two, as clang's loops keep two
// accumulators: memcopy's byte sum (`vpmaddubsw; vpmaddwd; vpaddd` per
// vector) ran at half the time with two (a copy of the loop run natively
// over 8 KiB, 0.32 of one accumulator's time with its constants in
// registers, 0.60 with one). The reductions are exact in any order:
// wrapping integer addition, xor, or and and (reductionOps). RATIONALE.md:
// "Why does the unrolled loop keep two accumulators of a reduction?"

// splitReduction is a reduction of the vector loop: its parameter's
// index and the instruction computing its next accumulator.
type splitReduction struct {
	param int
	next  *ssa.Instr
}

// splitReductions lists the vector loop's integer reductions in the
// order of its parameters.
func (e *vecEmitter) splitReductions() []splitReduction {
	var split []splitReduction
	for j, p := range e.vbody.Params {
		for _, r := range e.recs {
			if r.reduce != ssa.OpInvalid && r.prev == p {
				split = append(split, splitReduction{param: j, next: e.l.f.Def(r.next)})
			}
		}
	}
	return split
}

// secondAccumulators emits into b the second accumulators' first values,
// each operation's identity (all ones for and, else zero).
func (e *vecEmitter) secondAccumulators(b *ssa.Block, split []splitReduction) []ssa.Value {
	var vs []ssa.Value
	for _, s := range split {
		var x uint64
		if s.next.Op == ssa.OpVand {
			x = ^uint64(0)
		}
		vs = append(vs, e.emit(b, &ssa.Instr{Op: ssa.OpV128const, Imm: x, Imm2: x}, ssa.TypeV128))
	}
	return vs
}

// combineAccumulators emits into b each reduction's two accumulators,
// vals[s.param] and seconds[i], combined by its operation, in place of
// the first.
func combineAccumulators(f *ssa.Func, b *ssa.Block, split []splitReduction, vals, seconds []ssa.Value) {
	for i, s := range split {
		in := &ssa.Instr{Op: s.next.Op, Aux: s.next.Aux, Args: []ssa.Value{vals[s.param], seconds[i]}}
		vals[s.param] = f.Append(b, in, ssa.TypeV128).Result()
	}
}

// accumulatorOf returns which of split's reductions parameter j is, or -1.
func accumulatorOf(split []splitReduction, j int) int {
	return slices.IndexFunc(split, func(s splitReduction) bool { return s.param == j })
}
