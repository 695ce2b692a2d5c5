package amd64

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// slotCounterModule counts n down in a loop that keeps 14 words live and
// reads each twice per iteration (more than the allocatable registers),
// so that the counter, read once, waits in its slot for the loop.
func slotCounterModule() string {
	const n = 14
	var sb strings.Builder
	sb.WriteString(`(module (memory 1) (func (export "f") (param $n i32)`)
	for i := range n {
		fmt.Fprintf(&sb, " (local $a%d i32)", i)
	}
	for i := range n {
		fmt.Fprintf(&sb, "\n  (local.set $a%d (i32.load offset=%d (i32.const 0)))", i, 4*i)
	}
	sb.WriteString("\n  (loop $l")
	for i := range n {
		fmt.Fprintf(&sb, "\n    (local.set $a%d (i32.rotl (i32.add (local.get $a%d) (local.get $a%d)) (i32.const %d)))", i, i, (i+1)%n, i+1)
	}
	sb.WriteString("\n    (local.set $n (i32.sub (local.get $n) (i32.const 1)))")
	sb.WriteString("\n    (br_if $l (local.get $n)))")
	for i := range n {
		fmt.Fprintf(&sb, "\n  (i32.store offset=%d (i32.const 0) (local.get $a%d))", 4*i, i)
	}
	sb.WriteString("))")
	return sb.String()
}

// TestCounterSteppedInSlot checks that a loop's counter waiting in its
// spill slot is stepped there and tested by that step's flags (`sub
// DWORD PTR [rsp+k],1; jz`): no load, no register copy, no store on the
// back edge, no test (regalloc's inSlotStep, aluImmInSlot); and that the
// allocation verifies.
func TestCounterSteppedInSlot(t *testing.T) {
	wat := slotCounterModule()
	ops := lastFunctionCode(t, wat)
	step := -1
	for i, in := range ops {
		if m, ok := in.Args[0].(x86asm.Mem); ok && in.Op == x86asm.SUB && m.Base == x86asm.RSP && in.Args[1] == x86asm.Imm(1) {
			step = i
		}
	}
	require.Positive(t, step, "no step in the slot:\n%s", intel(ops))
	require.Equal(t, x86asm.JE, ops[step+1].Op, "the exit test reads the step's flags:\n%s", intel(ops))
	require.Zero(t, count(ops, x86asm.TEST), intel(ops))
	verifyModule(t, wat)
}

// TestSpilledOperandStepSetsFlags checks that d = a - 1 with a in its
// slot and d in a register loads a into d and subtracts there (rather
// than loading a scratch register and computing d with lea), so that the
// branch on d reads the flags of the subtraction: no test. The counter
// is left in a register by turning SlotDestinations off (not parallel).
func TestSpilledOperandStepSetsFlags(t *testing.T) {
	for _, info := range []*regalloc.RegisterInfo{registerInfo, contextRegisterInfo} {
		info.SlotDestinations = false
	}
	t.Cleanup(func() {
		for _, info := range []*regalloc.RegisterInfo{registerInfo, contextRegisterInfo} {
			info.SlotDestinations = true
		}
	})
	wat := slotCounterModule()
	ops := lastFunctionCode(t, wat)
	step := -1
	for i, in := range ops {
		if r, ok := in.Args[0].(x86asm.Reg); ok && in.Op == x86asm.SUB && r != x86asm.RSP && in.Args[1] == x86asm.Imm(1) {
			step = i
		}
	}
	require.Positive(t, step, "no step in a register:\n%s", intel(ops))
	m, ok := ops[step-1].Args[1].(x86asm.Mem)
	require.True(t, ok && ops[step-1].Op == x86asm.MOV && m.Base == x86asm.RSP && ops[step-1].Args[0] == ops[step].Args[0],
		"the counter loaded into the step's register:\n%s", intel(ops))
	require.Zero(t, count(ops, x86asm.TEST), intel(ops))
	require.Zero(t, count(ops, x86asm.LEA), intel(ops))
	verifyModule(t, wat)
}

// verifyModule follows the values of wat's functions through their
// allocated code (mach.Allocation.Verify).
func verifyModule(t *testing.T, wat string) {
	t.Helper()
	m, err := binary.Decode(wattest.Assemble(t, wat))
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	require.NoError(t, mach.PrepareModule(m, target, func(a *mach.Allocation) error { return a.Verify(target) }))
}
