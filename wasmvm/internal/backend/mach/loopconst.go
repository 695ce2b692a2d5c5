package mach

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// maxLoopConstants bounds how many float and vector constants one loop
// keeps in registers: the ones used most in it, so that a loop with many
// constants leaves registers for the values it computes.
const maxLoopConstants = 4

// loopConstants holds the float and vector constants that innermost
// loops keep in registers (planLoopConstants): each is materialized once,
// at the end of the loop's preheader, instead of at each use (x86 reads
// it from memory at each use, a load per use; arm64 builds or loads it).
type loopConstants struct {
	// header gives, per SSA block of such a loop, the loop's header;
	// regs maps, per header, a constant to the virtual register that
	// holds it in the loop.
	header map[ssa.BlockID]ssa.BlockID
	regs   map[ssa.BlockID]map[ssa.Value]regalloc.VReg
	// before maps a preheader to the constants it materializes before
	// its terminator.
	before map[ssa.BlockID][]Instr
}

// planLoopConstants picks, for every innermost loop without calls that
// has a single preheader, the float and vector constants its
// instructions use (at most maxLoopConstants, most used first) and gives
// each a virtual register that the preheader sets.
func (l *Func) planLoopConstants(g *flowGraph) {
	if !l.hasFloatConstants() {
		return
	}
	isInnermost := make([]bool, len(l.F.Blocks))
	for _, h := range g.headers {
		isInnermost[h] = true
	}
	for _, h := range g.headers {
		if p := g.parent[h]; p != noLoop {
			isInnermost[p] = false
		}
	}
	body := map[ssa.BlockID][]ssa.BlockID{}
	for _, b := range g.order {
		if h := g.inner[b]; h != noLoop && isInnermost[h] {
			body[h] = append(body[h], b)
		}
	}
	for _, h := range g.headers {
		if !isInnermost[h] || l.registerlessLoops[h] {
			continue
		}
		pre, ok := g.preheader(h)
		if !ok {
			continue
		}
		consts := l.constantsUsedIn(body[h])
		if len(consts) == 0 {
			continue
		}
		if l.loopConsts.regs == nil {
			l.loopConsts = loopConstants{regs: map[ssa.BlockID]map[ssa.Value]regalloc.VReg{},
				header: map[ssa.BlockID]ssa.BlockID{}, before: map[ssa.BlockID][]Instr{}}
		}
		regs := map[ssa.Value]regalloc.VReg{}
		for _, c := range consts {
			m, t, _ := l.constInstr(c)
			m.Dst = l.newVReg(t)
			regs[c] = m.Dst
			l.loopConsts.before[pre] = append(l.loopConsts.before[pre], m)
		}
		l.loopConsts.regs[h] = regs
		for _, b := range body[h] {
			l.loopConsts.header[b] = h
		}
	}
}

// hasFloatConstants reports whether f has a float or vector constant.
func (l *Func) hasFloatConstants() bool {
	for _, c := range l.consts {
		if c != nil && c.Op != ssa.OpIconst {
			return true
		}
	}
	return false
}

// constantsUsedIn returns the float and vector constants that the
// instructions of blocks use as operands (not as block arguments, which
// edges set), most used first, at most maxLoopConstants; none when a
// block calls a function, across which no register keeps a value.
func (l *Func) constantsUsedIn(blocks []ssa.BlockID) []ssa.Value {
	count := map[ssa.Value]int{}
	for _, id := range blocks {
		for _, in := range l.F.Block(id).Instrs {
			if in.Op == ssa.OpCall || in.Op == ssa.OpCallIndirect {
				return nil
			}
			for _, a := range in.Args {
				if c, ok := l.constant(a); ok && c.Op != ssa.OpIconst {
					count[a]++
				}
			}
		}
	}
	consts := make([]ssa.Value, 0, len(count))
	for c := range count {
		consts = append(consts, c)
	}
	slices.SortFunc(consts, func(x, y ssa.Value) int {
		if count[x] != count[y] {
			return count[y] - count[x]
		}
		return int(x - y)
	})
	return consts[:min(len(consts), maxLoopConstants)]
}

// preheader returns the one block outside loop h that branches to h,
// when there is one.
func (g *flowGraph) preheader(h ssa.BlockID) (ssa.BlockID, bool) {
	pre, n := noLoop, 0
	for _, p := range g.preds[h] {
		if !g.inLoop(h, p) {
			pre, n = p, n+1
		}
	}
	return pre, n == 1
}

// loopConstant returns the register that holds constant v in SSA block
// b, when b's loop keeps v in one.
func (l *Func) loopConstant(b ssa.BlockID, v ssa.Value) (regalloc.VReg, bool) {
	h, ok := l.loopConsts.header[b]
	if !ok {
		return 0, false
	}
	r, ok := l.loopConsts.regs[h][v]
	return r, ok
}

// withLoopConstantsChecked returns a and t, or, when some of a's loops
// that keep constants in registers access float spill slots, an
// allocation of f made again with constants in registers only in the
// other loops, and the target that made it. So a loop whose registers
// were all taken reads its constants from memory rather than other
// values from slots.
func (t *Target) withLoopConstantsChecked(f *ssa.Func, a *Allocation) (*Allocation, *Target, error) {
	lc := &a.Func.loopConsts
	if len(lc.before) == 0 || a.Res.NumSlots[regalloc.ClassFloat] == 0 {
		return a, t, nil
	}
	var spilling map[ssa.BlockID]bool // loop headers
	for bi, n := range a.blockSlotTraffic(a.Res.LoopDepth, []bool{regalloc.ClassFloat: true}) {
		if h, ok := lc.header[a.Blocks[bi].SSAID]; ok && n > 0 {
			if spilling == nil {
				spilling = map[ssa.BlockID]bool{}
			}
			spilling[h] = true
		}
	}
	if spilling == nil {
		return a, t, nil
	}
	again := *t
	again.registerlessLoops = spilling
	b, err := lowerAndAllocate(f, &again)
	if err != nil {
		return nil, nil, err
	}
	a.Release()
	return b, &again, nil
}
