package native

import (
	"encoding/binary"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	wasmbinary "github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestTableLookups checks loads and stores at a constant base plus a
// scaled index, in both memory modes: with the index bounded (a mask, a
// shift right, a byte load: one memory operand, no 32-bit wrap possible),
// with an unbounded index whose sum wraps past 2^32 to a valid address
// (it must wrap), and out of bounds (it must trap), and as a folded
// operand of arithmetic.
func TestTableLookups(t *testing.T) {
	const src = `(module
  (memory (export "mem") 1)
  (func (export "masked") (param i32) (result i32)
    local.get 0 i32.const 255 i32.and i32.const 2 i32.shl i32.const 0x400 i32.add i32.load offset=4)
  (func (export "shifted") (param i32) (result i32)
    local.get 0 i32.const 24 i32.shr_u i32.const 3 i32.shl i32.const 0x800 i32.add i64.load i32.wrap_i64)
  (func (export "bytes") (param i32) (result i32)
    local.get 0 i32.load8_u i32.const 2 i32.shl i32.const 0x1000 i32.add i32.load)
  (func (export "folded") (param i32 i32) (result i32)
    local.get 1
    local.get 0 i32.const 255 i32.and i32.const 2 i32.shl i32.const 0x400 i32.add i32.load
    i32.xor)
  (func (export "store") (param i32 i32)
    local.get 0 i32.const 1023 i32.and i32.const 2 i32.shl i32.const 0x2000 i32.add local.get 1 i32.store)
  (func (export "any") (param i32) (result i32)
    local.get 0 i32.const 2 i32.shl i32.const 16 i32.add i32.load))`
	b := wattest.AssembleIn(t, t.TempDir(), "tables", src)
	m, err := wasmbinary.Decode(b)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		e := &Engine{Memory: mode}
		p, err := e.Prepare(m)
		require.NoError(t, err)
		inst, err := runtime.Instantiate(&runtime.Store{}, e, p, m, "tables", nil,
			runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
		require.NoError(t, err)
		mem := inst.Memory.Bytes
		r := rand.New(rand.NewSource(7))
		r.Read(mem[:0x4000])
		word := func(at uint32) uint32 { return binary.LittleEndian.Uint32(mem[at:]) }
		call := func(name string, args ...uint64) ([]uint64, error) {
			return inst.Call(inst.Exports[name].Func, args)
		}
		for i := 0; i < 500; i++ {
			x := r.Uint32()
			if i < 4 {
				x = []uint32{0, 0xffffffff, 0xff, 0x100}[i]
			}
			res, err := call("masked", uint64(x))
			require.NoError(t, err)
			require.EqualValues(t, word(0x404+(x&255)*4), res[0], "%v masked(%#x)", mode, x)
			res, err = call("shifted", uint64(x))
			require.NoError(t, err)
			require.EqualValues(t, word(0x800+(x>>24)*8), res[0], "%v shifted(%#x)", mode, x)
			at := x & 0x3fff
			res, err = call("bytes", uint64(at))
			require.NoError(t, err)
			require.EqualValues(t, word(0x1000+uint32(mem[at])*4), res[0], "%v bytes(%#x)", mode, at)
			y := r.Uint32()
			res, err = call("folded", uint64(x), uint64(y))
			require.NoError(t, err)
			require.EqualValues(t, word(0x400+(x&255)*4)^y, res[0], "%v folded(%#x)", mode, x)
			_, err = call("store", uint64(x), uint64(y))
			require.NoError(t, err)
			require.EqualValues(t, y, word(0x2000+(x&1023)*4), "%v store(%#x)", mode, x)
		}
		// (0x3ffffffc << 2) + 16 wraps to 0; 0x3ffffffb's sum does not fit.
		res, err := call("any", 0x3ffffffc)
		require.NoError(t, err)
		require.EqualValues(t, word(0), res[0], "%v any wraps", mode)
		res, err = call("any", 5)
		require.NoError(t, err)
		require.EqualValues(t, word(36), res[0])
		_, err = call("any", 0x3ffffff0)
		require.Error(t, err, "%v: an access past the memory's end traps", mode)
	}
}
