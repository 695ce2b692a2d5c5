package frontend

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// WASI's clock_time_get(id i32, precision i64, time_ptr i32) -> errno i32
// writes clock id's time at time_ptr. A call of it reads the real-time and
// monotonic clocks inline when the engine has a counter clock (see
// ssa.OpCounterClock), as Linux's vDSO does for clock_gettime, and makes
// the host call otherwise: for other clocks, for a time_ptr outside memory
// (the host answers with its error) and where there is no counter clock.
const (
	wasiModule       = "wasi_snapshot_preview1"
	wasiClockTimeGet = "clock_time_get"
	errnoSuccess     = 0
)

// isClockTimeGet reports whether function idx is an import of WASI's
// clock_time_get with its signature, in a module with a memory.
func isClockTimeGet(m *wasm.Module, idx uint32) bool {
	if idx >= m.NumImportedFuncs || m.NumMemories() == 0 {
		return false
	}
	n := uint32(0)
	for i := range m.Imports {
		imp := &m.Imports[i]
		if imp.Kind != wasm.ExternFunc {
			continue
		}
		if n == idx {
			ft := &m.Types[imp.TypeIndex]
			return imp.Module == wasiModule && imp.Name == wasiClockTimeGet &&
				slices.Equal(ft.Params, []wasm.ValueType{wasm.I32, wasm.I64, wasm.I32}) &&
				slices.Equal(ft.Results, []wasm.ValueType{wasm.I32})
		}
		n++
	}
	return false
}

// clockTimeGet translates a call of clock_time_get (function idx): the
// counter clock's reading is stored at time_ptr when there is one and
// time_ptr+8 fits in memory, otherwise the import is called.
func (t *translator) clockTimeGet(idx uint32, ft *wasm.FuncType) {
	args := t.popN(3)
	id, ptr := args[0], args[2]
	b := t.b
	ns := b.Value1(ssa.OpCounterClock, ssa.TypeI64, id)
	check, fast, slow := t.f.NewBlock(), t.f.NewBlock(), t.f.NewBlock()
	join := t.newBlockWithParams([]ssa.Type{ssa.TypeI32})
	// Two compare-and-branches rather than one on the conjunction: each
	// fuses into one instruction pair.
	t.branch(t.icmp(ssa.CondNe, ns, b.Iconst(ssa.TypeI64, ^uint64(0))), check, slow)
	b.Seal(check)
	b.SetCurrent(check)
	end := b.Value1(ssa.OpIadd, ssa.TypeI64, t.uextend(ptr), b.Iconst(ssa.TypeI64, 8))
	size := b.Value1(ssa.OpIshl, ssa.TypeI64, t.uextend(b.Value1(ssa.OpMemorySize, ssa.TypeI32)), b.Iconst(ssa.TypeI64, 16))
	t.branch(t.icmp(ssa.CondULe, end, size), fast, slow)
	b.Seal(fast)
	b.Seal(slow)

	b.SetCurrent(fast)
	b.Emit(&ssa.Instr{Op: ssa.OpStore, Aux: uint32(ssa.Mem64), Args: []ssa.Value{ptr, ns}})
	b.Jump(join, b.Iconst(ssa.TypeI32, errnoSuccess))

	b.SetCurrent(slow)
	call := b.Emit(&ssa.Instr{Op: ssa.OpCall, Aux: idx, Args: args}, SSATypes(ft.Results)...)
	b.Jump(join, call.Result())

	b.Seal(join)
	b.SetCurrent(join)
	t.push(join.Params[0])
}

// uextend zero-extends an i32 to i64.
func (t *translator) uextend(v ssa.Value) ssa.Value {
	return t.b.Emit(&ssa.Instr{Op: ssa.OpUextend, Aux: 32, Args: []ssa.Value{v}}, ssa.TypeI64).Results[0]
}

// branch ends the current block with a branch to yes when c is non-zero,
// to no otherwise.
func (t *translator) branch(c ssa.Value, yes, no *ssa.Block) {
	t.b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{c},
		Targets: []ssa.BlockCall{{Block: yes.ID}, {Block: no.ID}}})
}

// icmp compares two integers.
func (t *translator) icmp(c ssa.Cond, x, y ssa.Value) ssa.Value {
	return t.b.Emit(&ssa.Instr{Op: ssa.OpIcmp, Cond: c, Args: []ssa.Value{x, y}}, ssa.TypeI32).Results[0]
}
