package mach

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// A backend may hold the instance context in a register that its code
// reads only now and then (amd64's R14: globals, memory.size, calls).
// A function whose loops keep values in spill slots is then allocated a
// second time with that register as one more caller-saved register, the
// context living in a frame slot: saved there on entry, loaded into a
// scratch register by each instruction that reads it and into its
// register before each call, restored on return. The allocation that
// moves fewer words between registers and memory, counted by loop depth,
// is kept (withContextRegister). See RATIONALE.md, "Why is R14 allocated
// only in functions whose loops spill?".

// ContextUse says how the code a backend emits for an instruction uses
// the instance context register (Target.ContextUse).
type ContextUse uint8

const (
	// NoContext: the code does not read the context.
	NoContext ContextUse = iota
	// ReadsContext: the code reads the context, or needs it in its
	// register for a call; from the frame slot, it costs one load.
	ReadsContext
	// NeedsContextRegister: the code reads the context where it has no
	// scratch register to load it into; a function with such an
	// instruction keeps the context in its register.
	NeedsContextRegister
)

// loopWeight is the weight of a memory access at loop depth d: each loop
// level counts as eight iterations, up to four levels.
func loopWeight(d int) int { return 1 << (3 * min(d, 4)) }

// withContextRegister returns a, or an allocation of f made again with
// t.ContextRegisters (Allocation.ContextInSlot) when that one moves
// fewer words between registers and memory, loop-weighted, counting one
// load per instruction that reads the context and the save and restore.
// Only functions whose first allocation accesses spill slots in loops
// that read no context, more than the context reads would cost, are
// tried again, and none with an instruction that needs the context in
// its register.
func (t *Target) withContextRegister(f *ssa.Func, a *Allocation) (*Allocation, error) {
	regs := t.contextRegistersFor(a.Func)
	if regs == nil || t.ContextUse == nil || a.Framed != nil {
		return a, nil
	}
	depth := a.blockDepths()
	reads, quiet, ok := contextReads(a.Func, depth, t.ContextUse)
	if !ok {
		return a, nil
	}
	before, inQuiet := a.slotTraffic(depth, quiet)
	if inQuiet <= reads+2 {
		return a, nil
	}
	l, err := Lower(f, t)
	if err != nil {
		return nil, err
	}
	b, err := Allocate(l, regs)
	if err != nil {
		return nil, err
	}
	if after, _ := b.slotTraffic(depth, quiet); after+reads+2 >= before {
		b.Release()
		return a, nil
	}
	a.Release()
	b.ContextInSlot = true
	return b, nil
}

// contextRegistersFor returns the register set with the context register
// to allocate l with, or nil.
func (t *Target) contextRegistersFor(l *Func) *regalloc.RegisterInfo {
	if l.V128 {
		return t.V128ContextRegisters
	}
	return t.ContextRegisters
}

// blockDepths returns the loop depth of each block.
func (l *Func) blockDepths() []int {
	ssaDepth := loopDepths(l.F)
	depth := make([]int, len(l.Blocks))
	for i := range l.Blocks {
		depth[i] = ssaDepth[l.Blocks[i].SSAID]
	}
	return depth
}

// contextReads counts, loop-weighted, the instructions of l that read the
// context, and reports false when one needs it in its register. quiet
// marks the blocks in loops whose own blocks (those of loops nested in
// them aside) read no context: where R14 could hold a value through
// every iteration.
func contextReads(l *Func, depth []int, use func(*Instr) ContextUse) (n int, quiet []bool, ok bool) {
	inner := regalloc.InnermostLoops(len(l.Blocks), func(b int) []int { return l.Blocks[b].Succs })
	noisy := make([]bool, len(l.Blocks)) // per loop header
	for bi := range l.Blocks {
		for i := range l.Blocks[bi].Instrs {
			switch use(&l.Blocks[bi].Instrs[i]) {
			case ReadsContext:
				n += loopWeight(depth[bi])
				if inner[bi] >= 0 {
					noisy[inner[bi]] = true
				}
			case NeedsContextRegister:
				return 0, nil, false
			}
		}
	}
	quiet = make([]bool, len(l.Blocks))
	for bi, h := range inner {
		quiet[bi] = h >= 0 && !noisy[h]
	}
	return n, quiet, true
}

// slotTraffic counts, loop-weighted, the spill-slot accesses of a's
// code: operands and results in slots, and moves to and from slots
// between instructions and on edges (an edge at the shallower depth of
// its ends). inQuiet is the part of it in the blocks quiet marks.
func (a *Allocation) slotTraffic(depth []int, quiet []bool) (total, inQuiet int) {
	spilled := func(v regalloc.VReg) int {
		if v != NoVReg && a.Res.Locations[v].Spilled {
			return 1
		}
		return 0
	}
	// move counts the slot accesses of a move: none when it stays put.
	move := func(dst, src regalloc.VReg) int {
		if a.Res.Locations[dst] == a.Res.Locations[src] {
			return 0
		}
		return spilled(dst) + spilled(src)
	}
	count := func(d, n int, q bool) {
		total += loopWeight(d) * n
		if q {
			inQuiet += loopWeight(d) * n
		}
	}
	for bi := range a.Blocks {
		d := depth[bi]
		for i := range a.Blocks[bi].Instrs {
			m := &a.Blocks[bi].Instrs[i]
			n := 0
			dsts, srcs := a.MovesBefore(bi, i)
			for k := range dsts {
				n += move(dsts[k], srcs[k])
			}
			for _, p := range m.operands() {
				n += spilled(*p)
			}
			n += spilled(m.Dst)
			count(d, n, quiet[bi])
			for _, e := range m.Edges {
				n = 0
				for k := range e.Dsts {
					n += move(e.Dsts[k], e.Srcs[k])
				}
				for k := range e.Consts {
					n += spilled(e.Consts[k].Dst)
				}
				count(min(d, depth[e.Target]), n, quiet[bi] && quiet[e.Target])
			}
		}
	}
	return total, inQuiet
}
