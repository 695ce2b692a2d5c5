package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// buildSwitch builds func(x) with a br_table on x over cases cases: case
// k passes 10*k+y to a join that returns it (cases 0 and 2, when there,
// share a target with different arguments), the default returns 99.
func buildSwitch(cases int) *ssa.Func {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	join, dflt := f.NewBlock(), f.NewBlock()
	v := f.AddParam(join, i32)
	var targets []ssa.BlockCall
	for k := range cases {
		targets = append(targets, ssa.BlockCall{Block: join.ID, Args: []ssa.Value{binary(b, ssa.OpIadd, y, b.Iconst(i32, uint64(10*k)))}})
	}
	targets = append(targets, ssa.BlockCall{Block: dflt.ID})
	b.Emit(&ssa.Instr{Op: ssa.OpBrTable, Args: []ssa.Value{x}, Targets: targets})
	b.Seal(join)
	b.Seal(dflt)
	b.SetCurrent(join)
	ret(b, v)
	b.SetCurrent(dflt)
	ret(b, b.Iconst(i32, 99))
	return f
}

// TestSmallBranchTables checks that a br_table of up to three cases
// becomes compares with the same outcomes for every index, the default's
// among them (past the cases, and indexes that are negative as signed),
// and that one of four cases stays a table.
func TestSmallBranchTables(t *testing.T) {
	var inputs [][]uint64
	for _, x := range []uint64{0, 1, 2, 3, 4, 0xffffffff, 0x80000000} {
		inputs = append(inputs, []uint64{x, 5})
	}
	for cases := range 5 {
		f := buildSwitch(cases)
		checkSame(t, f, func(f *ssa.Func) { require.Equal(t, cases <= maxCompareCases, SmallBranchTables(f)) }, inputs)
		tables := 0
		for _, b := range f.Blocks {
			if term := b.Terminator(); term != nil && term.Op == ssa.OpBrTable {
				tables++
			}
		}
		require.Equal(t, cases > maxCompareCases, tables == 1, "%d cases\n%s", cases, f.Format())
	}
}
