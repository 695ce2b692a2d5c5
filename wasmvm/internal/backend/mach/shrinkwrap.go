package mach

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Shrink-wrapping: a function that calls sets up its frame (stack check,
// stack pointer, callee-saved registers) at the start of block FrameBlock
// instead of on entry, when that block dominates every call and the
// paths that do not pass it (early returns, recursion bases) can do
// without a frame. The region it dominates is closed: no edge from it
// leads back to it or to a block outside it, except to return blocks
// (blocks that only return), which a framed path leaves through a copy
// that tears the frame down first. The stack check there still precedes
// every call, so an interrupted recursion stops as before
// (exec.Context.Interrupt raises the limit).
//
// Lowering chooses the block (ShrinkWrap) and splits the values that
// flow into the region at its start, so that the allocator can keep them
// in caller-saved registers before it; after allocation, FramedBlocks
// checks that the blocks outside really need no frame (no spill slots,
// no callee-saved registers, nothing that may fault without a trap stub)
// and otherwise the function is lowered and allocated again as before,
// with its frame on entry (shrinkWrapped).

// dominators returns the immediate dominator of each block (the entry's
// is itself). The blocks are in reverse postorder: a block's dominator
// comes before it (commonDominator relies on that).
func dominators(blocks []Block) []int {
	return regalloc.Dominators(len(blocks), func(b int) []int { return blocks[b].Succs })
}

// commonDominator returns the nearest block that dominates both a and b.
func commonDominator(idom []int, a, b int) int {
	for a != b {
		for a > b {
			a = idom[a]
		}
		for b > a {
			b = idom[b]
		}
	}
	return a
}

// dominatedBy returns which blocks s dominates.
func dominatedBy(idom []int, s int) []bool {
	in := make([]bool, len(idom))
	in[s] = true
	for b := s + 1; b < len(idom); b++ {
		in[b] = idom[b] >= s && in[idom[b]]
	}
	return in
}

// needsFrameOp says whether an instruction of kind op needs the frame
// whatever its operands: calls, and accesses of the incoming or
// outgoing argument area, which the emitters address from the frame.
func needsFrameOp(op Op) bool {
	switch op {
	case OpCall, OpCallIndirect, OpRuntimeCall, OpTailCall, OpTailCallIndirect,
		OpParamLoad, OpArgStore, OpArgStoreImm, OpResultLoad, OpRetStore:
		return true
	}
	return false
}

// mayFault says whether m accesses linear memory, where a guard-region
// memory faults instead of branching to a trap stub: the fault handler
// takes the stack pointer at the fault for the frame's.
func mayFault(m *Instr) bool {
	switch m.Op {
	case OpLoad, OpStore, OpAluStore, OpVmem, OpMemCopy, OpMemFill:
		return true
	}
	return m.MemB
}

// maxExitJumps bounds the jumps a return path (ReturnPath) may take,
// and maxExitInstrs the instructions of its blocks, which a framed path
// runs from a copy.
const (
	maxExitJumps  = 4
	maxExitInstrs = 12
)

// ReturnPath says whether block b starts a return path: blocks that
// only compute in registers (no calls, no memory, no stack results),
// each ending in a plain jump to the next, the last in a return.
func (l *Func) ReturnPath(b int) bool {
	n := 0
	for range maxExitJumps + 1 {
		instrs := l.Blocks[b].Instrs
		if n += len(instrs); n > maxExitInstrs {
			return false
		}
		last := len(instrs) - 1
		for _, m := range instrs[:last] {
			if needsFrameOp(m.Op) || mayFault(&m) || m.Edges != nil {
				return false
			}
		}
		switch instrs[last].Op {
		case OpRet:
			return true
		case OpJump:
			b = instrs[last].Edges[0].Target
		default:
			return false
		}
	}
	return false
}

// ShrinkWrap chooses FrameBlock for a function that calls and splits the
// values that live into its region there (see above). It leaves
// FrameBlock 0 where no later block qualifies, or where, with
// guard-region memory (guard), a block outside the region accesses
// memory (FramedBlocks would refuse it).
func (l *Func) ShrinkWrap(guard bool) {
	l.FrameBlock = 0
	if !l.Calls || len(l.Blocks) < 2 {
		return
	}
	idom := dominators(l.Blocks)
	s := -1
	for b := range l.Blocks {
		if slices.ContainsFunc(l.Blocks[b].Instrs, func(m Instr) bool { return needsFrameOp(m.Op) }) {
			if s < 0 {
				s = b
			} else {
				s = commonDominator(idom, s, b)
			}
		}
	}
	for s > 0 && !l.closedRegion(s, dominatedBy(idom, s)) {
		s = idom[s]
	}
	if s <= 0 {
		return
	}
	region := dominatedBy(idom, s)
	for b := range l.Blocks {
		if !region[b] && guard && slices.ContainsFunc(l.Blocks[b].Instrs, func(m Instr) bool { return mayFault(&m) }) {
			return
		}
	}
	l.FrameBlock = s
	l.splitInto(s, region)
}

// closedRegion says whether the blocks in region, which s dominates,
// branch only among themselves (never back to s) or to return blocks.
func (l *Func) closedRegion(s int, region []bool) bool {
	for b := range l.Blocks {
		if !region[b] {
			continue
		}
		for _, t := range l.Blocks[b].Succs {
			if t == s || (!region[t] && !l.ReturnPath(t)) {
				return false
			}
		}
	}
	return true
}

// splitInto gives each value that the blocks of region (dominated by s)
// read but do not define a copy made at the start of s, and renames
// their reads to it: the value itself then ends at s, before the frame
// exists, and only the copy lives across the region's calls.
func (l *Func) splitInto(s int, region []bool) {
	defined := map[regalloc.VReg]bool{}
	for b := range l.Blocks {
		if !region[b] {
			continue
		}
		for i := range l.Blocks[b].Instrs {
			for _, v := range l.Blocks[b].Instrs[i].Defs() {
				defined[v] = true
			}
		}
	}
	copies := map[regalloc.VReg]regalloc.VReg{}
	var order []regalloc.VReg
	rename := func(v regalloc.VReg) regalloc.VReg {
		if v == NoVReg || defined[v] {
			return v
		}
		c, ok := copies[v]
		if !ok {
			c = l.newVReg(l.Types[v])
			copies[v] = c
			order = append(order, v)
		}
		return c
	}
	for b := range l.Blocks {
		if !region[b] {
			continue
		}
		for i := range l.Blocks[b].Instrs {
			m := &l.Blocks[b].Instrs[i]
			for _, p := range m.operands() {
				*p = rename(*p)
			}
			m.Args = renamed(m.Args, rename)
			if m.Edges == nil {
				continue
			}
			edges := slices.Clone(m.Edges)
			for k := range edges {
				edges[k].Srcs = renamed(edges[k].Srcs, rename)
			}
			m.Edges = edges
		}
	}
	if len(order) == 0 {
		return
	}
	head := make([]Instr, 0, len(order)+len(l.Blocks[s].Instrs))
	for _, v := range order {
		m := mi(OpCopy)
		m.Dst, m.A = copies[v], v
		head = append(head, m)
	}
	l.Blocks[s].Instrs = append(head, l.Blocks[s].Instrs...)
}

// FramedBlocks returns, for a function whose frame FrameBlock sets up,
// which blocks run with the frame, or nil when the frame is made on
// entry: also where the allocation left a block outside the region
// needing it (a spill slot, a callee-saved register, a call), or, with
// guard-region memory (guard), a memory access that may fault there.
// Such a block may only run before the frame exists.
func (a *Allocation) FramedBlocks(calleeSaved map[regalloc.Reg]bool, guard bool) []bool {
	s := a.FrameBlock
	if s <= 0 {
		return nil
	}
	region := dominatedBy(dominators(a.Blocks), s)
	if !a.closedRegion(s, region) {
		return nil
	}
	bad := func(v regalloc.VReg) bool {
		l := a.Res.Locations[v]
		return l.Spilled || calleeSaved[l.Reg]
	}
	for b := range a.Blocks {
		if region[b] {
			continue
		}
		for i := range a.Blocks[b].Instrs {
			m := &a.Blocks[b].Instrs[i]
			if needsFrameOp(m.Op) || (guard && mayFault(m)) {
				return nil
			}
			dsts, srcs := a.MovesBefore(b, i)
			if slices.ContainsFunc(dsts, bad) || slices.ContainsFunc(srcs, bad) ||
				slices.ContainsFunc(m.Uses(), bad) || slices.ContainsFunc(m.Defs(), bad) {
				return nil
			}
		}
	}
	return region
}

// Frames is what a backend tracks of a shrink-wrapped frame while it
// emits a function: which blocks run with the frame (FramedBlocks' answer;
// nil when the frame is made on entry), whether the code being emitted
// does, and where the framed copies of return blocks are. A jump from
// framed code to a block without the frame goes to a return block's
// framed copy, which tears the frame down before returning.
type Frames struct {
	Blocks []bool
	Framed bool
	// Exits are the code offsets of the framed copies of return blocks,
	// by block.
	Exits map[int]int
}

// TrapStub names the exit of one trap code taken with or without the
// frame set up: code before the frame exists records where the frame
// would be.
type TrapStub struct {
	Code   ssa.TrapCode
	Framed bool
}

// At says whether block b runs with the frame set up.
func (f *Frames) At(b int) bool { return f.Blocks == nil || f.Blocks[b] }

// Leaves says whether a jump from the code being emitted to block target
// leaves the frame: framed code jumping to a return block without it.
func (f *Frames) Leaves(target int) bool { return f.Framed && !f.At(target) }

// BareReturn says whether a jump of a's code to block target, which does
// not fall through, should be a copy of target instead: in code without
// the frame of a shrink-wrapped function, a return path (the base case of
// a recursion then returns without a jump).
func (f *Frames) BareReturn(a *Allocation, target int, fallsThrough bool) bool {
	return f.Blocks != nil && !f.Framed && !fallsThrough && a.ReturnPath(target)
}

// Label returns the code offset a jump to block b, taken with the frame
// or without (framed), goes to: b's label, or the framed copy of return
// block b when the jump leaves the frame (Exit).
func (f *Frames) Label(labels []int, b int, framed bool, emit func() int) int {
	if !framed || f.At(b) {
		return labels[b]
	}
	return f.Exit(b, emit)
}

// Exit returns the code offset of the framed copy of return block b,
// calling emit to emit it (and return its offset) the first time.
func (f *Frames) Exit(b int, emit func() int) int {
	if at, ok := f.Exits[b]; ok {
		return at
	}
	if f.Exits == nil {
		f.Exits = map[int]int{}
	}
	f.Framed = true
	at := emit()
	f.Exits[b] = at
	return at
}
