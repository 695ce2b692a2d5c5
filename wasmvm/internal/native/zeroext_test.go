package native

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// zeroExtendOrigins are i32 values of every kind of origin, computed
// from the i64 operands x and y (the wasm text leaves the i32 on the
// stack) with their value in Go.
var zeroExtendOrigins = []struct {
	name, wat string
	want      func(x, y uint64) uint32
}{
	{"compare", "local.get 0 local.get 1 i64.lt_s", func(x, y uint64) uint32 { return b2i(int64(x) < int64(y)) }},
	{"wrap", "local.get 0 i32.wrap_i64", func(x, _ uint64) uint32 { return uint32(x) }},
	{"sub", "local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 i32.sub", func(x, y uint64) uint32 { return uint32(x) - uint32(y) }},
	{"mul", "local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 i32.mul", func(x, y uint64) uint32 { return uint32(x) * uint32(y) }},
	{"shr_s", "local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 i32.shr_s",
		func(x, y uint64) uint32 { return uint32(int32(x) >> (y & 31)) }},
	{"rotl", "local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 i32.rotl",
		func(x, y uint64) uint32 { return bits.RotateLeft32(uint32(x), int(y&31)) }},
	{"rem_s", "local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 i32.const 1 i32.or i32.rem_s",
		func(x, y uint64) uint32 { return uint32(int32(x) % int32(uint32(y)|1)) }},
	{"extend8_s", "local.get 0 i32.wrap_i64 i32.extend8_s", func(x, _ uint64) uint32 { return uint32(int32(int8(x))) }},
	{"load8_s", "i32.const 8 local.get 0 i64.store i32.const 8 i32.load8_s", func(x, _ uint64) uint32 { return uint32(int32(int8(x))) }},
	{"load16_s", "i32.const 8 local.get 0 i64.store i32.const 8 i32.load16_s", func(x, _ uint64) uint32 { return uint32(int32(int16(x))) }},
	{"select", "local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 local.get 0 local.get 1 i64.gt_u select",
		func(x, y uint64) uint32 {
			if x > y {
				return uint32(x)
			}
			return uint32(y)
		}},
	{"popcnt", "local.get 0 i32.wrap_i64 i32.popcnt", func(x, _ uint64) uint32 { return uint32(bits.OnesCount32(uint32(x))) }},
	{"trunc_sat", "local.get 0 i32.wrap_i64 f64.convert_i32_s i32.trunc_sat_f64_s", func(x, _ uint64) uint32 { return uint32(x) }},
	{"reinterpret", "local.get 0 i32.wrap_i64 f32.reinterpret_i32 i32.reinterpret_f32", func(x, _ uint64) uint32 { return uint32(x) }},
	{"global", "local.get 0 i32.wrap_i64 global.set 0 global.get 0", func(x, _ uint64) uint32 { return uint32(x) }},
}

// TestZeroExtendedI32 checks the invariant that i64.extend_i32_u relies
// on to be a copy: every i32 value in a register has its upper 32 bits
// zero (RATIONALE: "Why is i64.extend_i32_u a copy?"). Each origin's i32
// value, zero-extended, is returned as an i64, for operands whose 64-bit
// computation would leave high bits set (negative values, high halves).
func TestZeroExtendedI32(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("(module (memory 1) (global (mut i32) (i32.const 0))\n")
	for _, o := range zeroExtendOrigins {
		fmt.Fprintf(&sb, "  (func (export %q) (param i64 i64) (result i64) %s i64.extend_i32_u)\n", o.name, o.wat)
		// The same value kept across a loop (a block parameter) and a
		// call's return before the extension.
		fmt.Fprintf(&sb, "  (func $%s (param i64 i64) (result i32) %s)\n", o.name, o.wat)
		fmt.Fprintf(&sb, `  (func (export "%s_loop") (param i64 i64) (result i64) (local i32 i32)
    (local.set 2 (call $%s (local.get 0) (local.get 1)))
    (loop $l (local.set 3 (i32.add (local.get 3) (i32.const 1))) (br_if $l (i32.lt_u (local.get 3) (i32.const 3))))
    (i64.extend_i32_u (local.get 2)))
`, o.name, o.name)
	}
	sb.WriteString(")\n")
	inst := instantiate(t, wattest.AssembleIn(t, t.TempDir(), "zeroext", sb.String()))
	r := rand.New(rand.NewSource(9))
	operands := []uint64{0, 1, math.MaxUint64, 1 << 31, 1<<32 - 1, 1 << 63, 0xFFFFFFFF80000000}
	for i := 0; i < 300; i++ {
		x, y := r.Uint64(), r.Uint64()>>uint(r.Intn(64))
		if i < len(operands)*len(operands) {
			x, y = operands[i%len(operands)], operands[i/len(operands)]
		}
		for _, o := range zeroExtendOrigins {
			for _, name := range []string{o.name, o.name + "_loop"} {
				res, err := inst.Call(inst.Exports[name].Func, []uint64{x, y})
				require.NoError(t, err)
				require.Equal(t, uint64(o.want(x, y)), res[0], "%s(%#x, %#x)", name, x, y)
			}
		}
	}
}
