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
// Only functions whose first allocation accesses spill slots inside a
// loop are tried again, and none with an instruction that needs the
// context in its register.
func (t *Target) withContextRegister(f *ssa.Func, a *Allocation) (*Allocation, error) {
	regs := t.contextRegistersFor(a.Func)
	if regs == nil || t.ContextUse == nil || a.Framed != nil {
		return a, nil
	}
	depth := a.blockDepths()
	before, inLoops := a.slotTraffic(depth)
	if inLoops == 0 {
		return a, nil
	}
	reads, ok := contextReads(a.Func, depth, t.ContextUse)
	if !ok || reads+2 >= before {
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
	if after, _ := b.slotTraffic(depth); after+reads+2 >= before {
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
// context, and reports false when one needs it in its register.
func contextReads(l *Func, depth []int, use func(*Instr) ContextUse) (int, bool) {
	n := 0
	for bi := range l.Blocks {
		for i := range l.Blocks[bi].Instrs {
			switch use(&l.Blocks[bi].Instrs[i]) {
			case ReadsContext:
				n += loopWeight(depth[bi])
			case NeedsContextRegister:
				return 0, false
			}
		}
	}
	return n, true
}

// slotTraffic counts, loop-weighted, the spill-slot accesses of a's
// code: operands and results in slots, and moves to and from slots
// between instructions and on edges (an edge at the shallower depth of
// its ends). inLoops is the part of it inside loops.
func (a *Allocation) slotTraffic(depth []int) (total, inLoops int) {
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
	count := func(d, n int) {
		total += loopWeight(d) * n
		if d > 0 {
			inLoops += n
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
			count(d, n)
			for _, e := range m.Edges {
				n = 0
				for k := range e.Dsts {
					n += move(e.Dsts[k], e.Srcs[k])
				}
				for k := range e.Consts {
					n += spilled(e.Consts[k].Dst)
				}
				count(min(d, depth[e.Target]), n)
			}
		}
	}
	return total, inLoops
}
