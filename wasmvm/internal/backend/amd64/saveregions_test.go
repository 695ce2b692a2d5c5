package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestSaveRegions checks that a leaf function whose short path needs no
// callee-saved register saves them only on its long path
// (mach.Allocation.PlaceSaves): the allocation has save regions rooted
// after the entry and verifies with the restores on the edges that leave
// them, and the code from the entry to the short path's return stores and
// loads no callee-saved register, while the long path saves them all.
// Their values surviving the calls is checked in the native package
// (TestSaveRegionsPreserveCallerRegisters).
func TestSaveRegions(t *testing.T) {
	m, err := binary.Decode(wattest.Assemble(t, wattest.SaveRegionModule))
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	var used []x86asm.Reg
	first := true
	require.NoError(t, mach.PrepareModule(m, target, func(a *mach.Allocation) error {
		if first { // $mix
			first = false
			require.NotNil(t, a.Saves, "no save regions:\n%s", a.Format(RegName))
			require.False(t, a.Saves.Root[0])
			require.NotEmpty(t, a.Res.UsedCalleeSaved)
			for _, r := range a.Res.UsedCalleeSaved {
				used = append(used, map[regalloc.Reg]x86asm.Reg{RBX: x86asm.RBX, RBP: x86asm.RBP, R12: x86asm.R12}[r])
			}
		}
		return a.Verify(target)
	}))
	require.NotEmpty(t, used)
	obj, err := Compile(m, nil, objfile.GuardRegions)
	require.NoError(t, err)
	f := obj.Functions[m.NumImportedFuncs]
	code := obj.Code[f.Offset : f.Offset+f.Size]
	// straight decodes the code from pc, following jumps, up to a return
	// (ret true) or a conditional jump (returned as last).
	straight := func(pc int) (insts []x86asm.Inst, ret bool, next, target int) {
		for {
			inst, err := x86asm.Decode(code[pc:], 64)
			require.NoError(t, err)
			insts = append(insts, inst)
			pc += inst.Len
			rel, _ := inst.Args[0].(x86asm.Rel)
			switch {
			case inst.Op == x86asm.RET:
				return insts, true, 0, 0
			case inst.Op == x86asm.JMP:
				pc += int(rel)
			case inst.Op >= x86asm.JA && inst.Op <= x86asm.JS:
				return insts, false, pc, pc + int(rel)
			}
		}
	}
	// The short path: the entry's code up to the test of n, then the
	// way that reaches a return without another branch.
	path, ret, next, target := straight(0)
	require.False(t, ret)
	short, ret, _, _ := straight(next)
	if !ret {
		short, ret, _, _ = straight(target)
	}
	require.True(t, ret, "no short path from the entry")
	for _, inst := range append(path, short...) {
		for _, a := range inst.Args {
			if r, ok := a.(x86asm.Reg); ok && calleeSavedRegs[r] {
				t.Fatalf("%s: a callee-saved register on the short path", x86asm.IntelSyntax(inst, 0, nil))
			}
		}
	}
	saves := map[x86asm.Reg]bool{}
	for pc := 0; pc < len(code); {
		inst, err := x86asm.Decode(code[pc:], 64)
		require.NoError(t, err)
		if m, ok := inst.Args[0].(x86asm.Mem); ok && inst.Op == x86asm.MOV && m.Base == x86asm.RSP {
			if r, ok := inst.Args[1].(x86asm.Reg); ok {
				saves[r] = true
			}
		}
		pc += inst.Len
	}
	for _, r := range used {
		require.True(t, saves[r], "%v never saved", r)
	}
}
