package mach

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/opt"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// pickModule's $pick branches on an equality, to a trap, and out of a
// loop.
const pickModule = `(module
  (func $pick (param i32 i32) (result i32)
    (if (i32.eq (local.get 0) (local.get 1)) (then (return (i32.const 1))))
    (if (i32.gt_u (local.get 0) (i32.const 100)) (then (unreachable)))
    (loop $l
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 0) (local.get 1))))
    (local.get 0)))`

// translate translates and optimizes function idx of the module src.
func translate(t *testing.T, src string, idx uint32) *ssa.Func {
	t.Helper()
	m, err := binary.Decode(wattest.Assemble(t, src))
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
	f := translate(t, pickModule, 0)
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

// TestLayoutSinksColdCall checks the layout of wattest.SkipLoopModule's
// $skip: the block that
// calls the refill sits after the loop's hot blocks (the header's branch
// falls through to the hot test, not to the call), and the shared
// latch is copied for each path, so that the miss path's copy follows the
// test that leads to it and jumps back to the header itself.
func TestLayoutSinksColdCall(t *testing.T) {
	f := translate(t, wattest.SkipLoopModule, 1)
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
// instructions is copied, and that the function stays valid; and that
// the copies, and the latch, each entered by one edge, read that edge's
// values rather than parameters of their own (the latch of $skip takes
// k, which is l, a loaded word or 1 on its three paths).
func TestDuplicateLatchesKeepsSmallOnes(t *testing.T) {
	f := translate(t, wattest.SkipLoopModule, 1)
	n := len(f.Blocks)
	duplicateLatches(f)
	require.NoError(t, f.Verify())
	require.Greater(t, len(f.Blocks), n, "the latch is copied")
	g := newFlowGraph(f)
	latches := 0
	for _, b := range g.order {
		blk := f.Block(b)
		if term := blk.Terminator(); term != nil && term.Op == ssa.OpJump && g.isBack(b, term.Targets[0].Block) && len(blk.Instrs) > 1 {
			latches++
			require.Empty(t, blk.Params, "latch %d reads its edge's values", b)
		}
		if g.isSmallLatch(blk) {
			require.Len(t, blk.Preds, 1, "block %d keeps one predecessor", b)
		}
	}
	require.GreaterOrEqual(t, latches, 3, "a latch for each path:\n%s", f.Format())
	for _, b := range f.Blocks {
		if term := b.Terminator(); term != nil {
			for _, tg := range term.Targets {
				require.Len(t, tg.Args, len(f.Block(tg.Block).Params), "edge b%d -> b%d", b.ID, tg.Block)
			}
		}
	}
}

// TestLoopExitIsNotCold checks that the block a loop exits to is not
// taken for the start of a cold path: the exit edge is rare per
// iteration, not per entry. In $exit the inner loop runs on a path that
// two equalities make rare (0.375 * 0.375 of the outer iterations), so
// the block after it is below the cold threshold; it stays right after
// the inner loop rather than moving to the end of the outer loop.
func TestLoopExitIsNotCold(t *testing.T) {
	const src = `(module
  (memory 1)
  (func $exit (param $n i32) (param $a i32) (param $b i32) (result i32) (local $i i32)
    (loop $outer
      (if (i32.eq (local.get $a) (local.get $n))
        (then
          (if (i32.eq (local.get $b) (local.get $n))
            (then
              (local.set $i (i32.const 0))
              (loop $inner
                (i32.store (local.get $i) (local.get $a))
                (br_if $inner (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 64))))
              (i32.store offset=100 (local.get $n) (local.get $b))))))
      (br_if $outer (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $a)))`
	f := translate(t, src, 0)
	order := newFlowGraph(f).reversePostorder()
	g := newFlowGraph(f)
	var inner, after ssa.BlockID = noLoop, noLoop
	for _, b := range order {
		if g.depth[b] == 2 {
			inner = b
		}
		for _, in := range f.Block(b).Instrs {
			if in.Op == ssa.OpStore && in.Imm == 100 {
				after = b
			}
		}
	}
	require.NotEqual(t, noLoop, inner)
	require.NotEqual(t, noLoop, after)
	require.Equal(t, slices.Index(order, inner)+1, slices.Index(order, after), "the block after the inner loop follows it: %v", order)
}

// TestLayoutSinksColdLoop checks the layout of wattest.MatchLoopModule's
// $scan: the match path, which holds a loop of its own (the extension of
// the match) and the call, moves as a whole after the scan loop's latch,
// so that the three miss edges reach the latch through fall-through and
// forward branches only, and the latch's values are allocated right
// after the hot path's, not after the call's reloads.
func TestLayoutSinksColdLoop(t *testing.T) {
	f := translate(t, wattest.MatchLoopModule, 1)
	g := newFlowGraph(f)
	order := g.reversePostorder()
	requireLayoutInvariants(t, g, order)
	pos := make(map[ssa.BlockID]int, len(order))
	for i, b := range order {
		pos[b] = i
	}
	call, extend, latch := -1, -1, -1
	for _, b := range order {
		if slices.ContainsFunc(f.Block(b).Instrs, func(in *ssa.Instr) bool { return in.Op == ssa.OpCall }) {
			call = pos[b]
		}
		if g.depth[b] == 2 && g.inner[b] == b {
			extend = pos[b]
		}
		for _, s := range g.succs[b] {
			if g.depth[b] == 1 && g.isBack(b, s) {
				latch = pos[b]
			}
		}
	}
	require.GreaterOrEqual(t, latch, 0)
	require.Greater(t, call, latch, "the call comes after the scan loop's latch: %v", order)
	require.Greater(t, extend, latch, "the match's loop comes after the scan loop's latch: %v", order)
}

// TestLayoutInvariants checks that the layouts of the test modules'
// functions keep each loop's blocks together and every block after its
// immediate dominator, whatever sinkCold moved.
func TestLayoutInvariants(t *testing.T) {
	for _, src := range []string{wattest.MatchLoopModule, wattest.SkipLoopModule, pickModule} {
		m, err := binary.Decode(wattest.Assemble(t, src))
		require.NoError(t, err)
		for i := range m.NumFuncs() {
			f := translate(t, src, uint32(i))
			g := newFlowGraph(f)
			requireLayoutInvariants(t, g, g.reversePostorder())
		}
	}
}

// requireLayoutInvariants checks that order holds every reachable block
// once, each loop's blocks contiguously, and each block after its
// immediate dominator.
func requireLayoutInvariants(t *testing.T, g *flowGraph, order []ssa.BlockID) {
	t.Helper()
	require.ElementsMatch(t, g.order, order)
	pos := make([]int, len(g.f.Blocks))
	for i, b := range order {
		pos[b] = i
	}
	for _, h := range g.headers {
		first, last, count := len(order), -1, 0
		for i, b := range order {
			if g.inLoop(h, b) {
				first, last, count = min(first, i), i, count+1
			}
		}
		require.Equal(t, count, last-first+1, "loop b%d is contiguous in %v", h, order)
	}
	rpo := make([]int, len(g.f.Blocks))
	for i, b := range g.order {
		rpo[b] = i
	}
	idom := g.dominators(g.order, rpo)
	for _, b := range order[1:] {
		require.Less(t, pos[idom[b]], pos[b], "b%d after its dominator b%d in %v", b, idom[b], order)
	}
}

// TestLayoutKeepsCallFreeLoop checks that sinkCold leaves a rare path
// with a loop but no call in place: MatchLoopModule's $scan with $emit's
// call replaced by a product. The prediction may be wrong about such a
// path (strstr's comparison loops run on most iterations), and without a
// call its values keep their registers, so moving it would save jumps
// only.
func TestLayoutKeepsCallFreeLoop(t *testing.T) {
	src := strings.Replace(wattest.MatchLoopModule, "(call $emit (i32.add", "(i32.mul (i32.const 3) (i32.add", 1)
	f := translate(t, src, 1)
	g := newFlowGraph(f)
	sunk := g.reversePostorder()
	requireLayoutInvariants(t, g, sunk)
	prob := g.branchProbabilities()
	order := g.predictedOrder(prob)
	require.Equal(t, order, g.sinkCold(slices.Clone(order), prob, g.freq), "nothing moves")
	// With the call, the match path and its loop move.
	f = translate(t, wattest.MatchLoopModule, 1)
	g = newFlowGraph(f)
	g.reversePostorder()
	prob = g.branchProbabilities()
	order = g.predictedOrder(prob)
	require.NotEqual(t, order, g.sinkCold(slices.Clone(order), prob, g.freq), "the match path moves")
}
