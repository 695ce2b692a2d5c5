package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestDropRedundantMasks checks that an and with a mask that keeps every
// bit its operand may have set goes, also through a block parameter whose
// edges all pass comparisons' 0 or 1, while ands that clear such a bit,
// or whose operand may be anything (the function's parameter), stay.
func TestDropRedundantMasks(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	join, next, done := f.NewBlock(), f.NewBlock(), f.NewBlock()
	p := f.AddParam(join, i32)
	lt := icmp(b, ssa.CondULt, x, y)
	b.Jump(join, lt)
	b.SetCurrent(join)
	kept := binary(b, ssa.OpBand, p, b.Iconst(i32, 0xff))          // p is 0 or 1: goes
	cleared := binary(b, ssa.OpBand, kept, b.Iconst(i32, 2))       // clears bit 0: stays
	wide := binary(b, ssa.OpBand, x, b.Iconst(i32, 0xff))          // x may be anything: stays
	shifted := binary(b, ssa.OpUshr, x, b.Iconst(i32, 24))         // 0..255
	byteOf := binary(b, ssa.OpBand, shifted, b.Iconst(i32, 0x1ff)) // goes
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{icmp(b, ssa.CondEq, kept, b.Iconst(i32, 1))},
		Targets: []ssa.BlockCall{{Block: next.ID}, {Block: done.ID}}})
	b.Seal(next)
	b.SetCurrent(next)
	b.Jump(join, icmp(b, ssa.CondEq, y, x))
	b.Seal(join)
	b.Seal(done)
	b.SetCurrent(done)
	ret(b, binary(b, ssa.OpIadd, binary(b, ssa.OpIadd, cleared, wide), byteOf))
	inputs := [][]uint64{{1, 2}, {2, 1}, {0xff000000, 0}, {0x12345678, 0x80000000}}
	checkSame(t, f, func(f *ssa.Func) { require.True(t, DropRedundantMasks(f)) }, inputs)
	ands := 0
	for _, in := range join.Instrs {
		if in.Op == ssa.OpBand {
			ands++
		}
	}
	require.Equal(t, 2, ands, "the and of p with 255 and that of x>>24 with 511 go\n%s", f.Format())
}
