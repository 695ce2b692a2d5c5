package mach

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

func TestCallSlots(t *testing.T) {
	ts := []ssa.Type{ssa.TypeI32, ssa.TypeF64, ssa.TypeV128, ssa.TypeI64}
	require.Equal(t, []Slot{{Reg: 0, Word: 0}, {Reg: 0, Float: true, Word: 1}, {Reg: 1, Float: true, Word: 2}, {Reg: 1, Word: 4}}, CallSlots(ts))

	// Past its registers, a class continues in the area; the other class
	// still takes registers.
	var many []ssa.Type
	for range exec.NumIntRegs + 1 {
		many = append(many, ssa.TypeI64)
	}
	many = append(many, ssa.TypeF32)
	slots := CallSlots(many)
	require.Equal(t, Slot{Reg: -1, Word: exec.NumIntRegs}, slots[exec.NumIntRegs])
	require.Equal(t, Slot{Reg: 0, Float: true, Word: exec.NumIntRegs + 1}, slots[exec.NumIntRegs+1])
}

// TestEntryCheckedFrameFitsRedZone checks the budget EntryCheckedFrame
// relies on: a function whose frame reaches that far below the limit,
// plus the return address and frame of an unchecked leaf it calls, or an
// import stub's return addresses (its call and the host exit's) and the
// five registers the host exit pushes, stay inside the red zone.
func TestEntryCheckedFrameFitsRedZone(t *testing.T) {
	leaf := 8 + UncheckedLeafFrame
	stub := 8 + 8 + 5*8
	require.LessOrEqual(t, EntryCheckedFrame+max(leaf, stub), exec.RedZone)
}
