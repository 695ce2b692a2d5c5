package mach

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/opt"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// skipLoopModule's $skip has the shape of a two-way string search's skip
// loop: a rare refill that calls, then a test whose miss path steps and
// continues while its hit path does more work (and may leave); both
// paths meet at the shared latch that steps h. $pick branches on an
// equality, to a trap, and out of a loop.
const skipLoopModule = `(module
  (memory 1)
  (func $refill (param i32) (result i32)
    (i32.add (local.get 0) (i32.load (local.get 0))))
  (func $skip (param $h i32) (param $z i32) (param $l i32) (result i32) (local $k i32)
    (loop $next
      (if (i32.lt_u (i32.sub (local.get $z) (local.get $h)) (local.get $l))
        (then (local.set $z (call $refill (local.get $z)))))
      (local.set $k (local.get $l))
      (block $step
        (br_if $step (i32.eqz (i32.and (i32.load8_u (local.get $h)) (i32.const 1))))
        (local.set $k (i32.load (local.get $h)))
        (br_if $step (local.get $k))
        (if (i32.load8_u offset=1 (local.get $h)) (then (return (local.get $h))))
        (local.set $k (i32.const 1)))
      (local.set $h (i32.add (local.get $h) (local.get $k)))
      (br $next))
    (unreachable))
  (func $pick (param i32 i32) (result i32)
    (if (i32.eq (local.get 0) (local.get 1)) (then (return (i32.const 1))))
    (if (i32.gt_u (local.get 0) (i32.const 100)) (then (unreachable)))
    (loop $l
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 0) (local.get 1))))
    (local.get 0)))`

// translateSkipLoop translates and optimizes function idx of
// skipLoopModule.
func translateSkipLoop(t *testing.T, idx uint32) *ssa.Func {
	t.Helper()
	m, err := binary.Decode(wattest.Assemble(t, skipLoopModule))
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	f, err := frontend.Translate(m, idx)
	require.NoError(t, err)
	require.NoError(t, opt.Optimize(f))
	return f
}

// TestBranchProbabilities checks the static predictions of $pick's
// branches: an equality is predicted false, a branch to a trap almost
// never taken, a loop's back edge taken.
func TestBranchProbabilities(t *testing.T) {
	f := translateSkipLoop(t, 2)
	g := newFlowGraph(f)
	prob := g.branchProbabilities()
	var eq, trap, back float64
	for _, b := range g.order {
		if len(g.succs[b]) != 2 {
			continue
		}
		p := prob[b][0]
		switch {
		case g.traps(g.succs[b][0]):
			trap = p
		case g.traps(g.succs[b][1]):
			trap = 1 - p
		case g.isBack(b, g.succs[b][0]):
			back = p
		case g.isBack(b, g.succs[b][1]):
			back = 1 - p
		default:
			eq = p
		}
	}
	require.Less(t, eq, 0.5, "x == y is predicted false (and its edge returns)")
	require.Less(t, trap, 0.001, "the trap is predicted never taken")
	require.Greater(t, back, 0.8, "the back edge is predicted taken")
	freq := g.blockFrequencies(prob)
	require.InDelta(t, 1.0, freq[0], 1e-9)
	require.Greater(t, freq[g.headers[0]], 4.0, "the loop runs several times per call")
}

// TestLayoutSinksColdCall checks the layout of $skip: the block that
// calls the refill sits after the loop's hot blocks (the header's branch
// falls through to the hot test, not to the call), and the shared
// latch is copied for each path, so that the miss path's copy follows the
// test that leads to it and jumps back to the header itself.
func TestLayoutSinksColdCall(t *testing.T) {
	f := translateSkipLoop(t, 1)
	duplicateLatches(f)
	require.NoError(t, f.Verify())
	l, err := Lower(f, paramTestTarget)
	require.NoError(t, err)
	headers := l.LoopHeaders()
	header := slices.Index(headers, true)
	require.GreaterOrEqual(t, header, 0)
	call, latches := -1, 0
	for i, b := range l.Blocks {
		if slices.ContainsFunc(b.Instrs, func(m Instr) bool { return m.Op == OpCall }) {
			call = i
		}
		if slices.Contains(b.Succs, header) {
			latches++
		}
	}
	require.Greater(t, call, header+3, "the call comes after the header, the test, the miss path and the hit path")
	require.GreaterOrEqual(t, latches, 3, "each path has its own jump back (the call's too)")
	// The block after the header's is the test of the loaded byte; the
	// block after that is the miss path's copy of the latch.
	miss := l.Blocks[header+2]
	require.Equal(t, []int{header}, miss.Succs, "the miss path falls through into its latch")
}

// TestDuplicateLatchesKeepsSmallOnes checks that only a latch with a few
// instructions is copied, and that the function stays valid.
func TestDuplicateLatchesKeepsSmallOnes(t *testing.T) {
	f := translateSkipLoop(t, 1)
	n := len(f.Blocks)
	duplicateLatches(f)
	require.NoError(t, f.Verify())
	require.Greater(t, len(f.Blocks), n, "the latch is copied")
	g := newFlowGraph(f)
	for _, b := range g.order {
		if g.isSmallLatch(f.Block(b)) {
			require.Len(t, f.Block(b).Preds, 1, "block %d keeps one predecessor", b)
		}
	}
}
