package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// Two instances share a table. Each element's function reads its own
// instance's memory word 0 and global; "call" reads them again after the
// indirect call, so a context or memory base left switched shows.
const (
	// tableOwnerModule holds 1000 in memory and 7 in its global; element
	// 0 is its own function, 2 its host import (f returns 11).
	tableOwnerModule = `(module
  (type $t (func (result i32)))
  (import "env" "f" (func $f (result i32)))
  (memory 1) (data (i32.const 0) "\e8\03\00\00")
  (global $g (mut i32) (i32.const 7))
  (table (export "table") 4 funcref)
  (elem (i32.const 0) $own)
  (elem (i32.const 2) $f)
  (func $own (result i32) (i32.add (i32.load (i32.const 0)) (global.get $g)))
  (func (export "call") (param i32) (result i32)
    (i32.add (call_indirect (type $t) (local.get 0))
      (i32.add (i32.load (i32.const 0)) (global.get $g)))))`
	// tableGuestModule holds 50 in memory and 3 in its global; it puts
	// its function at element 1 of the owner's table.
	tableGuestModule = `(module
  (import "a" "table" (table 4 funcref))
  (memory 1) (data (i32.const 0) "\32\00\00\00")
  (global $g (mut i32) (i32.const 3))
  (elem (i32.const 1) $h)
  (func $h (result i32) (i32.add (i32.load (i32.const 0)) (global.get $g))))`
)

// TestCallIndirectAcrossInstances calls through a table a function of
// the caller's instance and its host import (both without switching the
// instance) and a function of another instance (switching out of line),
// in both memory modes.
func TestCallIndirectAcrossInstances(t *testing.T) {
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		e := &Engine{Memory: mode}
		opts := runtime.Options{GuardedMemory: mode == objfile.GuardRegions}
		store := &runtime.Store{}
		host := &runtime.Function{Type: wasm.FuncType{Results: []wasm.ValueType{wasm.I32}},
			Host: func(_ *runtime.Instance, stack []uint64) error {
				stack[0] = 11
				return nil
			}}
		store.AddFunction(host)
		instantiate := func(name, wat string, imp imports) *runtime.Instance {
			m, err := binary.Decode(wattest.Assemble(t, wat))
			require.NoError(t, err)
			require.NoError(t, wasm.Validate(m, wasm.Features{}))
			p, err := e.Prepare(m)
			require.NoError(t, err)
			inst, err := runtime.Instantiate(store, e, p, m, name, imp, opts)
			require.NoError(t, err)
			return inst
		}
		owner := instantiate("a", tableOwnerModule, imports{"env.f": {Kind: wasm.ExternFunc, Func: host}})
		instantiate("b", tableGuestModule, imports{"a.table": owner.Exports["table"]})
		call := owner.Exports["call"].Func
		for elem, want := range map[uint64]uint64{0: 1007 + 1007, 1: 53 + 1007, 2: 11 + 1007} {
			for range 2 {
				res, err := owner.Call(call, []uint64{elem})
				require.NoError(t, err, "mode %d, element %d", mode, elem)
				require.Equal(t, []uint64{want}, res, "mode %d, element %d", mode, elem)
			}
		}
		_, err := owner.Call(call, []uint64{3})
		require.ErrorContains(t, err, "uninitialized element")
		_, err = owner.Call(call, []uint64{4})
		require.ErrorContains(t, err, "undefined element")
	}
}
