package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestSwitchDispatchLeavesCaseConstants checks that a br_table whose
// cases each pass a constant to a join block does not materialize those
// constants before it dispatches: each case's edge sets its own
// (Edge.Consts), going past the blocks that pass them. Branches
// that go past jump-only blocks once did that here, and Sightglass's
// switch (4096 cases) stored 4096 constants to the stack per dispatch,
// 200x slower than wazero.
func TestSwitchDispatchLeavesCaseConstants(t *testing.T) {
	values := wattest.SwitchValues(300)
	m, err := binary.Decode(wattest.Assemble(t, wattest.SwitchModule(values, -1)))
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	dispatches, edgeConstants := 0, 0
	require.NoError(t, mach.PrepareModule(m, target, func(a *mach.Allocation) error {
		for _, b := range a.Func.Blocks {
			constants, table := 0, false
			for _, in := range b.Instrs {
				switch in.Op {
				case mach.OpMovImm:
					constants++
				case mach.OpBrTable:
					table = true
					for _, e := range in.Edges {
						edgeConstants += len(e.Consts)
					}
				}
			}
			if table {
				dispatches++
				require.LessOrEqual(t, constants, 2, "constants materialized in the br_table's block")
			}
		}
		return nil
	}))
	require.Equal(t, 1, dispatches)
	require.Equal(t, len(values)+1, edgeConstants, "the edges of the cases and the default set their constants")
}
