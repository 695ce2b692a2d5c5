package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// exitConstantModule counts n down in a loop whose exit passes the
// constant 12345 to the block after it, which another branch passes n (as
// sort's insertion loop passes j = 0 when it runs out of elements). That
// block stores what it receives: a block that only computes and returns
// would be copied per edge, each copy reading its edge's value.
const exitConstantModule = `(module (memory 1) (func (export "f") (param $n i32) (param $p i32) (result i32) (local $r i32)
  (local.set $r (block $out (result i32)
    (br_if $out (local.get $n) (i32.gt_u (local.get $n) (local.get $p)))
    (loop $l
      (br_if $out (i32.const 12345) (i32.eqz (local.get $n)))
      (i32.store (local.get $p) (local.get $n))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l))
    (unreachable)))
  (i32.store (i32.const 0) (local.get $r))
  (local.get $r)))`

// TestEdgeSetsConstantParameter checks that a constant passed to a block
// parameter is set on the edge that passes it (Edge.Consts), not
// materialized in the loop before the branch on every iteration, and that
// the allocation stays consistent (Verify).
func TestEdgeSetsConstantParameter(t *testing.T) {
	m, err := binary.Decode(wattest.Assemble(t, exitConstantModule))
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	onEdges := 0
	require.NoError(t, mach.PrepareModule(m, target, func(a *mach.Allocation) error {
		for _, b := range a.Blocks {
			for _, in := range b.Instrs {
				require.False(t, in.Op == mach.OpMovImm && in.Imm == 12345, "the constant materialized in a block:\n%s", a.Format(RegName))
				for _, e := range in.Edges {
					for _, c := range e.Consts {
						if c.Imm == 12345 {
							onEdges++
						}
					}
				}
			}
		}
		return a.Verify(target)
	}))
	require.Equal(t, 1, onEdges)
}
