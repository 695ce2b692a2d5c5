package mach

import (
	"fmt"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// Save regions: a leaf function whose frame is made on entry saves the
// callee-saved registers it uses where it first needs them, not in its
// prologue, when only some of its paths use them (a copy routine's long
// paths, which its short calls never reach). Each region is the set of
// blocks that its root dominates: the root's code starts by saving the
// registers, every edge that leaves the region (to a block outside it,
// or back to a root) restores them after its moves (Edge.Restore), and a
// return inside a region restores them as the prologue's saves would be.
// Outside the regions the function leaves those registers alone.
//
// A trap abandons the function's frame and its callers' (the registers'
// values do not matter then), so trap paths restore nothing.
//
// PlaceSaves chooses the roots by cost (the blocks' estimated
// frequencies, Func.Freq: a region costs a save per entry and a restore
// per exit) and keeps the prologue's saves unless the regions cost
// clearly less; checkSaves then proves the choice sound on the allocated
// code, or PlaceSaves gives it up.

// SaveRegions says where a function saves its callee-saved registers
// when it does not do so in its prologue.
type SaveRegions struct {
	// Root marks the blocks whose code starts by saving them.
	Root []bool
	// In marks the blocks that run with them saved (the roots and the
	// blocks they dominate).
	In []bool
}

// maxSaveRegionBlocks bounds the functions PlaceSaves considers: the
// choice costs up to the blocks times their dominator subtrees.
const maxSaveRegionBlocks = 2000

// saveRegionsGain is how much cheaper than the prologue's saves and the
// returns' restores (by estimated frequency) the regions must be.
const saveRegionsGain = 0.75

// PlaceSaves decides whether a's callee-saved registers are saved in
// regions (a.Saves, and Restore on the edges that leave them) instead
// of in its prologue. It considers only leaf functions whose frame is
// made on entry and whose context register stays in place.
func (a *Allocation) PlaceSaves() {
	if a.Calls || a.Framed != nil || a.ContextInSlot || len(a.Res.UsedCalleeSaved) == 0 || len(a.Freq) != len(a.Blocks) ||
		len(a.Blocks) > maxSaveRegionBlocks {
		return
	}
	saved := a.savedMask()
	mentions := make([]bool, len(a.Blocks))
	any := false
	for b := range a.Blocks {
		mentions[b] = a.mentionsSaved(b, saved)
		any = any || mentions[b]
	}
	if !any || mentions[0] {
		return
	}
	c := newSaveChooser(a, mentions)
	cost, roots := c.cover(0, false)
	entry := 2 * a.Freq[0]
	if roots == nil || cost > saveRegionsGain*entry {
		return
	}
	s := &SaveRegions{Root: make([]bool, len(a.Blocks)), In: make([]bool, len(a.Blocks))}
	for _, r := range roots {
		s.Root[r] = true
		for b, in := range dominatedBy(c.idom, r) {
			s.In[b] = s.In[b] || in
		}
	}
	if !a.checkSaves(s, saved, mentions) {
		return
	}
	a.Saves = s
	for b := range a.Blocks {
		if !s.In[b] {
			continue
		}
		for i := range a.Blocks[b].Instrs {
			m := &a.Blocks[b].Instrs[i]
			cloned := false
			for k, e := range m.Edges {
				if s.In[e.Target] && !s.Root[e.Target] {
					continue
				}
				if !cloned { // edge lists may be shared between instructions
					m.Edges, cloned = slices.Clone(m.Edges), true
				}
				m.Edges[k].Restore = true
			}
		}
	}
}

// savedMask returns the registers the function saves, as bits by
// register number.
func (a *Allocation) savedMask() uint64 {
	var mask uint64
	for _, r := range a.Res.UsedCalleeSaved {
		mask |= 1 << uint(r)
	}
	return mask
}

// regsOf returns the saved registers (saved) among the locations of vs,
// as bits by register number.
func (a *Allocation) regsOf(vs []regalloc.VReg, saved uint64) uint64 {
	var mask uint64
	for _, v := range vs {
		if v == NoVReg || a.Classes[v] != regalloc.ClassInt {
			continue
		}
		if l := a.Res.Locations[v]; !l.Spilled && l.Reg < 64 {
			mask |= 1 << uint(l.Reg) & saved
		}
	}
	return mask
}

// clobberedSaved returns the saved registers (saved) that the code for m
// overwrites besides its results.
func (a *Allocation) clobberedSaved(m *Instr, saved uint64) uint64 {
	var mask uint64
	for _, r := range a.Clobbered(m) {
		if r < 64 {
			mask |= 1 << uint(r) & saved
		}
	}
	return mask
}

// mentionsSaved reports whether the code of block b (its instructions,
// the moves before them and its edges' moves) reads or writes one of
// the saved registers.
func (a *Allocation) mentionsSaved(b int, saved uint64) bool {
	for i := range a.Blocks[b].Instrs {
		m := &a.Blocks[b].Instrs[i]
		dsts, srcs := a.MovesBefore(b, i)
		if a.regsOf(dsts, saved)|a.regsOf(srcs, saved)|a.regsOf(m.Uses(), saved)|a.regsOf(m.Defs(), saved)|a.clobberedSaved(m, saved) != 0 {
			return true
		}
	}
	return false
}

// saveChooser finds the cheapest roots over the dominator tree.
type saveChooser struct {
	a        *Allocation
	idom     []int
	children [][]int
	preds    [][]int
	mentions []bool
	// has marks the blocks whose dominator subtree mentions a saved
	// register.
	has []bool
	// enter and exit number each block's dominator subtree in a
	// depth-first walk of the tree: d dominates b when b's numbers lie
	// within d's.
	enter, exit []int
}

// newSaveChooser prepares the dominator tree of a's blocks.
func newSaveChooser(a *Allocation, mentions []bool) *saveChooser {
	n := len(a.Blocks)
	c := &saveChooser{a: a, idom: dominators(a.Blocks), children: make([][]int, n), preds: make([][]int, n),
		mentions: mentions, has: slices.Clone(mentions)}
	for b := range a.Blocks {
		for _, s := range a.Blocks[b].Succs {
			c.preds[s] = append(c.preds[s], b)
		}
	}
	for b := n - 1; b > 0; b-- { // a block's dominator comes before it
		if d := c.idom[b]; d >= 0 && d != b {
			c.children[d] = append(c.children[d], b)
			c.has[d] = c.has[d] || c.has[b]
		}
	}
	c.enter, c.exit = make([]int, n), make([]int, n)
	for b := range c.enter {
		c.enter[b] = -1
	}
	clock := 0
	var walk func(b int)
	walk = func(b int) {
		c.enter[b] = clock
		clock++
		for _, k := range c.children[b] {
			walk(k)
		}
		c.exit[b] = clock
	}
	walk(0)
	return c
}

// dominates says whether block d dominates block b (both reachable).
func (c *saveChooser) dominates(d, b int) bool {
	return c.enter[b] >= 0 && c.enter[d] <= c.enter[b] && c.exit[b] <= c.exit[d]
}

// cover returns the cost and the roots of the cheapest regions that
// contain every block of b's dominator subtree that mentions a saved
// register, with roots in that subtree (b itself only when root is
// allowed: not for the entry), or nil roots when there are none.
func (c *saveChooser) cover(b int, root bool) (float64, []int) {
	if !c.has[b] {
		return 0, []int{}
	}
	best, bestRoots := -1.0, []int(nil)
	if root && c.rootable(b) {
		best, bestRoots = c.regionCost(b), []int{b}
	}
	if c.mentions[b] {
		return best, bestRoots
	}
	sum, roots := 0.0, []int{}
	for _, k := range c.children[b] {
		cost, rs := c.cover(k, true)
		if rs == nil {
			return best, bestRoots
		}
		sum += cost
		roots = append(roots, rs...)
	}
	if bestRoots == nil || sum < best {
		return sum, roots
	}
	return best, bestRoots
}

// rootable says whether block b can start a region: no edge from the
// blocks it dominates comes back to it, and it is not a block that only
// jumps on (jumps to it are threaded past such a block, and its saves
// would be skipped).
func (c *saveChooser) rootable(b int) bool {
	if c.a.onlyJumps(b) {
		return false
	}
	for _, p := range c.preds[b] {
		if c.dominates(b, p) {
			return false
		}
	}
	return true
}

// regionCost estimates what a region rooted at r costs per call: its
// saves, and its restores on the edges that leave it and at its
// returns (an edge's frequency taken as the lesser of its ends').
func (c *saveChooser) regionCost(r int) float64 {
	a := c.a
	cost := a.Freq[r]
	stack := []int{r}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = append(stack[:len(stack)-1], c.children[b]...)
		for _, s := range a.Blocks[b].Succs {
			if !c.dominates(r, s) {
				cost += min(a.Freq[b], a.Freq[s])
			}
		}
		if n := len(a.Blocks[b].Instrs); n > 0 && a.Blocks[b].Instrs[n-1].Op == OpRet {
			cost += a.Freq[b]
		}
	}
	return cost
}

// checkSaves proves on the allocated code that saving the registers at
// s's roots and restoring them on the edges that leave s's regions keeps
// the function correct: only blocks in a region touch the saved
// registers (mentions), a block in a region other than a root is entered
// only from its region, and every read of a saved register in a region
// finds a value the region wrote after its save on every path (not one
// that a restore replaced with the caller's).
func (a *Allocation) checkSaves(s *SaveRegions, saved uint64, mentions []bool) bool {
	for b := range a.Blocks {
		if mentions[b] && !s.In[b] {
			return false
		}
		for _, t := range a.Blocks[b].Succs {
			if s.In[t] && !s.Root[t] && !s.In[b] {
				return false
			}
		}
	}
	// callers[b]: the saved registers that may still hold the caller's
	// value on entry to block b of a region.
	callers := make([]uint64, len(a.Blocks))
	seen := make([]bool, len(a.Blocks))
	var work []int
	for b := range a.Blocks {
		if s.Root[b] {
			callers[b], seen[b] = saved, true
			work = append(work, b)
		}
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		st := callers[b]
		for i := range a.Blocks[b].Instrs {
			m := &a.Blocks[b].Instrs[i]
			dsts, srcs := a.MovesBefore(b, i)
			if a.regsOf(srcs, saved)&st != 0 {
				return false
			}
			st &^= a.regsOf(dsts, saved) | a.clobberedSaved(m, saved)
			if a.regsOf(m.Uses(), saved)&st != 0 {
				return false
			}
			if m.Dst != NoVReg {
				st &^= a.regsOf([]regalloc.VReg{m.Dst}, saved)
			}
			st &^= a.regsOf(m.RegDefs, saved)
			for _, e := range m.Edges {
				if !s.In[e.Target] || s.Root[e.Target] {
					continue // restored on the way out
				}
				out := st &^ a.regsOf(e.Dsts, saved)
				for _, k := range e.Consts {
					out &^= a.regsOf([]regalloc.VReg{k.Dst}, saved)
				}
				if !seen[e.Target] || callers[e.Target]|out != callers[e.Target] {
					callers[e.Target] |= out
					seen[e.Target] = true
					work = append(work, e.Target)
				}
			}
		}
		if n := len(a.Blocks[b].Instrs); n == 0 || len(a.Blocks[b].Instrs[n-1].Edges) == 0 {
			for _, t := range a.Blocks[b].Succs { // falls through
				if !s.In[t] || s.Root[t] {
					return false // nowhere to restore
				}
				if !seen[t] || callers[t]|st != callers[t] {
					callers[t] |= st
					seen[t] = true
					work = append(work, t)
				}
			}
		}
	}
	return true
}

// verifySaves checks a's save regions (for Verify): they satisfy
// checkSaves, and exactly the edges that leave them restore.
func (a *Allocation) verifySaves() error {
	s := a.Saves
	if s == nil {
		for b := range a.Blocks {
			for i := range a.Blocks[b].Instrs {
				if slices.ContainsFunc(a.Blocks[b].Instrs[i].Edges, func(e Edge) bool { return e.Restore }) {
					return fmt.Errorf("block %d restores callee-saved registers without save regions", b)
				}
			}
		}
		return nil
	}
	saved := a.savedMask()
	mentions := make([]bool, len(a.Blocks))
	for b := range a.Blocks {
		mentions[b] = a.mentionsSaved(b, saved)
	}
	if s.Root[0] || !a.checkSaves(s, saved, mentions) {
		return fmt.Errorf("unsound save regions (roots %v)", s.Root)
	}
	for b := range a.Blocks {
		for i := range a.Blocks[b].Instrs {
			for _, e := range a.Blocks[b].Instrs[i].Edges {
				if want := s.In[b] && (!s.In[e.Target] || s.Root[e.Target]); e.Restore != want {
					return fmt.Errorf("edge from block %d to %d: restore %v, want %v", b, e.Target, e.Restore, want)
				}
			}
		}
		if s.Root[b] && a.onlyJumps(b) {
			return fmt.Errorf("save region root %d only jumps (threaded past)", b)
		}
	}
	return nil
}
