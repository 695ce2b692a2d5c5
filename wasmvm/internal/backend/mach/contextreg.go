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
// only in functions whose loops spill, with the context in the frame?".

// ContextUse says how the code a backend emits for an instruction uses
// the instance context register (Target.ContextUse).
type ContextUse uint8

const (
	// NoContext: the code does not read the context.
	NoContext ContextUse = iota
	// ReadsContext: the code reads the context; from the frame slot,
	// it costs one load.
	ReadsContext
	// CallsWithContext: the code calls, with the context in its
	// register: one load per register the function allocates
	// (Target.ContextRegisterCount).
	CallsWithContext
	// NeedsContextRegister: the code reads the context where it has no
	// scratch register to load it into; a function with such an
	// instruction keeps the context in its register.
	NeedsContextRegister
)

// loopWeight is the weight of a memory access at loop depth d: each loop
// level counts as eight iterations, up to four levels.
func loopWeight(d int) int { return 1 << (3 * min(d, 4)) }

// maxContextRetry is the size, in machine instructions, of the largest
// function allocated a second time for the context register: the
// allocator's time grows faster than a function's size, and the suite's
// functions that gain from the register have at most 625 instructions,
// while a second pass over Sightglass ed25519's two largest (27200 and
// 12964 instructions) made its compilation 60% longer, and over crc32's
// and interp's main functions (1470 and 1932, neither kept) 8%.
const maxContextRetry = 1000

// contextGain is the share of a function's weighted spill-slot traffic
// that an allocation with the context registers must save, 1/contextGain,
// to be kept: the count leaves out register moves and the entry's cost
// against loops that run a few times per call. In the suite, the
// allocations kept saved 28% (chacha20's rounds) to 51% (hashtable's
// probes); fpmath's largest function (4.5%) and memcopy's memmove (15%)
// ran 0.8% and 0.7% more instructions with the registers.
const contextGain = 4

// withContextRegister returns a, or an allocation of f made again with
// t.ContextRegisters (Allocation.ContextInSlot) when that one moves
// fewer words between registers and memory, loop-weighted, counting the
// loads of the context registers where instructions read them and the
// save and restore of each, by a margin (contextGain).
// Only functions of at most maxContextRetry instructions are tried
// again, whose first allocation has integer spill slots and accesses
// them in loops that read no context more than the context reads
// would cost, and none with an instruction that needs the context in
// its register.
func (t *Target) withContextRegister(f *ssa.Func, a *Allocation) (*Allocation, error) {
	regs := t.contextRegistersFor(a.Func)
	if regs == nil || t.ContextUse == nil || a.Framed != nil || a.Res.NumSlots[regalloc.ClassInt] == 0 || a.numInstrs() > maxContextRetry {
		return a, nil
	}
	depth := a.Res.LoopDepth
	regCount := max(t.ContextRegisterCount, 1)
	reads, quiet, ok := contextReads(a.Func, depth, a.Res.InnerLoop, t.ContextUse, regCount)
	if !ok {
		return a, nil
	}
	reads += 2 * regCount // each register saved on entry, restored on return
	if quiet == nil || a.slotTraffic(depth, quiet, nil) <= reads {
		return a, nil
	}
	before := a.slotTraffic(depth, nil, nil)
	l, err := Lower(f, t)
	if err != nil {
		return nil, err
	}
	b, err := Allocate(l, regs)
	if err != nil {
		return nil, err
	}
	if after := b.slotTraffic(depth, nil, nil) + reads; after > before-before/contextGain {
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

// numInstrs returns the number of instructions of l.
func (l *Func) numInstrs() int {
	n := 0
	for i := range l.Blocks {
		n += len(l.Blocks[i].Instrs)
	}
	return n
}

// contextReads counts, weighted by the loop depths depth, the loads of
// the context the instructions of l need (regCount per call), and
// reports false when one needs it in its register. quiet marks the blocks of the loops (inner:
// each block's innermost loop's header, or -1) whose own blocks, those
// of loops nested in them aside, read no context: where R14 could hold
// a value through every iteration; it is nil when there are none.
func contextReads(l *Func, depth, inner []int, use func(*Instr) ContextUse, regCount int) (n int, quiet []bool, ok bool) {
	noisy := make([]bool, len(l.Blocks)) // per loop header
	for bi := range l.Blocks {
		for i := range l.Blocks[bi].Instrs {
			loads := 1
			switch use(&l.Blocks[bi].Instrs[i]) {
			case CallsWithContext:
				loads = regCount
				fallthrough
			case ReadsContext:
				n += loads * loopWeight(depth[bi])
				if inner[bi] >= 0 {
					noisy[inner[bi]] = true
				}
			case NeedsContextRegister:
				return 0, nil, false
			}
		}
	}
	for bi, h := range inner {
		if h >= 0 && !noisy[h] {
			if quiet == nil {
				quiet = make([]bool, len(l.Blocks))
			}
			quiet[bi] = true
		}
	}
	return n, quiet, true
}

// slotTraffic counts, loop-weighted, the spill-slot accesses of a's
// code in the blocks that in marks (all of them when in is nil), of the
// values of the classes that classes marks (all when it is nil); see
// blockSlotTraffic.
func (a *Allocation) slotTraffic(depth []int, in []bool, classes []bool) int {
	total := 0
	for bi, n := range a.blockSlotTraffic(depth, classes) {
		if in == nil || in[bi] {
			total += n
		}
	}
	return total
}

// blockSlotTraffic counts per block, loop-weighted, the spill-slot
// accesses of a's code: operands and results in slots, and moves to and
// from slots before instructions and on the edges that leave the block
// (at the shallower depth of their ends). Only values of the classes
// that classes marks count (all when it is nil).
func (a *Allocation) blockSlotTraffic(depth []int, classes []bool) []int {
	spilled := func(v regalloc.VReg) int {
		if v != NoVReg && a.Res.Locations[v].Spilled && (classes == nil || classes[a.Classes[v]]) {
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
	total := make([]int, len(a.Blocks))
	for at, copies := range a.Res.Moves {
		for _, c := range copies {
			total[at[0]] += loopWeight(depth[at[0]]) * move(c.Dst, c.Src)
		}
	}
	for bi := range a.Blocks {
		d := depth[bi]
		for i := range a.Blocks[bi].Instrs {
			m := &a.Blocks[bi].Instrs[i]
			n := spilled(m.Dst)
			for _, p := range m.operands() {
				n += spilled(*p)
			}
			total[bi] += loopWeight(d) * n
			for _, e := range m.Edges {
				n = 0
				for k := range e.Dsts {
					n += move(e.Dsts[k], e.Srcs[k])
				}
				for k := range e.Consts {
					n += spilled(e.Consts[k].Dst)
				}
				total[bi] += loopWeight(min(d, depth[e.Target])) * n
			}
		}
	}
	return total
}
