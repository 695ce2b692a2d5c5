package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// selectShareModule has selects whose compared operand is also one of
// their values, each operand dying at the select and the result stored
// (no register hint for it): the result may share
// the register of the value if false, or of the compared operand only
// when that is no other operand (mach.Instr.Commutes).
const selectShareModule = `(module (memory 1)
  (func (export "zero_or") (param $x i32) (param $c i32) (result i32)
    (i32.store (i32.const 0) (select (local.get $c) (local.get $x) (i32.eqz (local.get $x))))
    (i32.load (i32.const 0)))
  (func (export "nonzero_or") (param $x i32) (param $c i32) (result i32)
    (i32.store (i32.const 0) (select (local.get $x) (local.get $c) (local.get $x)))
    (i32.load (i32.const 0)))
  (func (export "max") (param $x i32) (param $y i32) (result i32)
    (i32.store (i32.const 0) (select (local.get $y) (local.get $x) (i32.lt_u (local.get $x) (local.get $y))))
    (i32.load (i32.const 0)))
  (func (export "min") (param $x i32) (param $y i32) (result i32)
    (i32.store (i32.const 0) (select (local.get $x) (local.get $y) (i32.lt_u (local.get $x) (local.get $y))))
    (i32.load (i32.const 0)))
  (func (export "pick") (param $x i32) (param $y i32) (param $a i32) (param $b i32) (result i32)
    (i32.store (i32.const 0) (select (local.get $a) (local.get $b) (i32.lt_u (local.get $x) (local.get $y))))
    (i32.load (i32.const 0))))`

// TestSelectSharesRegisters runs selectShareModule against Go.
func TestSelectSharesRegisters(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, selectShareModule))
	call := func(name string, args ...uint64) uint64 {
		res, err := inst.Call(inst.Exports[name].Func, args)
		require.NoError(t, err)
		return res[0]
	}
	vals := []uint64{0, 1, 5, 0x80000000, 0xffffffff}
	for _, x := range vals {
		for _, y := range vals {
			zeroOr, nonzeroOr, hi, lo, pick := x, x, x, x, uint64(0xb)
			if x == 0 {
				zeroOr, nonzeroOr = y, y
			}
			if x < y {
				hi, pick = y, 0xa
			} else {
				lo = y
			}
			require.Equal(t, zeroOr, call("zero_or", x, y), "zero_or(%d, %d)", x, y)
			require.Equal(t, nonzeroOr, call("nonzero_or", x, y), "nonzero_or(%d, %d)", x, y)
			require.Equal(t, hi, call("max", x, y), "max(%d, %d)", x, y)
			require.Equal(t, lo, call("min", x, y), "min(%d, %d)", x, y)
			require.Equal(t, pick, call("pick", x, y, 0xa, 0xb), "pick(%d, %d)", x, y)
		}
	}
}
