package mach

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// loopConstModule scales n doubles by 0.2 in $scale's loop, and in
// $scaleCalling's, which also calls $id each time round.
const loopConstModule = `(module
  (memory 1)
  (func $scale (param $p i32) (param $n i32)
    (loop $l
      (f64.store (local.get $p) (f64.mul (f64.load (local.get $p)) (f64.const 0.2)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func $id (param f64) (result f64) (local.get 0))
  (func $scaleCalling (param $p i32) (param $n i32)
    (loop $l
      (f64.store (local.get $p) (call $id (f64.mul (f64.load (local.get $p)) (f64.const 0.2))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))`

// TestLoopConstantsInRegisters checks that an innermost loop keeps its
// float constant in a register set before the loop, where x86 would
// otherwise read it from memory at each multiplication, and that a loop
// with a call, across which no register keeps it, does not.
func TestLoopConstantsInRegisters(t *testing.T) {
	target := *paramTestTarget
	target.FoldLoads = true
	bits := int64(math.Float64bits(0.2))
	for _, tc := range []struct {
		fn         uint32
		inRegister bool
	}{{0, true}, {2, false}} {
		l, err := Lower(translate(t, loopConstModule, tc.fn), &target)
		require.NoError(t, err)
		headers := l.LoopHeaders()
		var consts, muls []Instr
		inLoop, constsInLoop := false, 0
		for i, b := range l.Blocks {
			inLoop = inLoop || headers[i]
			for _, m := range b.Instrs {
				switch {
				case m.Op == OpFconst && m.Imm == bits:
					consts = append(consts, m)
					if inLoop {
						constsInLoop++
					}
				case m.Op == OpFalu && inLoop:
					muls = append(muls, m)
				}
			}
		}
		require.Len(t, muls, 1, "function %d", tc.fn)
		require.Len(t, consts, 1, "function %d", tc.fn)
		if !tc.inRegister {
			require.Equal(t, 1, constsInLoop, "function %d: the constant is set where used", tc.fn)
			continue
		}
		require.Zero(t, constsInLoop, "function %d: the constant is set before the loop", tc.fn)
		require.Contains(t, []regalloc.VReg{muls[0].A, muls[0].B}, consts[0].Dst, "function %d", tc.fn)
	}
}
