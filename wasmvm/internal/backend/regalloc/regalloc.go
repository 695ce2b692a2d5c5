// Package regalloc assigns machine registers to the virtual registers of a
// lowered function, by linear scan over live intervals (Poletto and Sarkar,
// "Linear Scan Register Allocation", TOPLAS 1999).
//
// The allocator knows no instruction set. A backend describes its function
// as blocks of instructions in layout order, each instruction listing the
// virtual registers it reads and writes and whether it is a call; it
// describes its registers by class, with the subset a call preserves. The
// result maps every virtual register to a register or a spill slot for its
// whole lifetime; the backend's emitter reads spilled operands through the
// scratch registers it keeps out of the allocatable set.
package regalloc

import (
	"fmt"
	"slices"
	"sort"
)

// Class is a register class.
type Class uint8

// Register classes.
const (
	ClassInt Class = iota
	ClassFloat
	numClasses
)

// VReg is a virtual register, numbered densely from 0.
type VReg int32

// Reg is a machine register number as the backend defines it.
type Reg uint8

// Instr is one instruction as the allocator sees it.
type Instr struct {
	Uses []VReg
	Defs []VReg
	// Call says the instruction clobbers every register that
	// RegisterInfo.CalleeSaved does not list.
	Call bool
	// Tied says that Defs[0] may share the register of Uses[0] when
	// Uses[0] is last used here (a two-operand form: dst = a op b).
	Tied bool
	// Commutes says that Defs[0] may share the register of Uses[1]
	// instead, when that one is last used here (dst = b op a).
	Commutes bool
}

// Block is a basic block in layout order. Succs are indices into
// Function.Blocks.
type Block struct {
	// Params are defined on entry to the block, before its first
	// instruction: the block parameters that the branches into it
	// assign. (The branch's moves write them; a value live across such a
	// branch into this block overlaps the parameters and so never shares
	// their locations.)
	Params []VReg
	Instrs []Instr
	Succs  []int
}

// Function is a lowered function.
type Function struct {
	Blocks []Block
	// Classes gives the class of each virtual register.
	Classes []Class
	// Fixed pins virtual registers to a register for their whole
	// lifetime (incoming arguments, for example); the pinned register
	// must not be in another interval's way: the allocator reserves it
	// over that interval.
	Fixed map[VReg]Reg
}

// RegisterInfo describes the machine's allocatable registers.
type RegisterInfo struct {
	// Allocatable lists, per class, the registers in order of
	// preference.
	Allocatable [numClasses][]Reg
	// CalleeSaved says which registers survive a call.
	CalleeSaved map[Reg]bool
}

// Location is where a virtual register lives.
type Location struct {
	Reg     Reg
	Slot    int // spill slot index, when Spilled
	Spilled bool
}

func (l Location) String() string {
	if l.Spilled {
		return fmt.Sprintf("slot%d", l.Slot)
	}
	return fmt.Sprintf("r%d", l.Reg)
}

// Result is the outcome of an allocation.
type Result struct {
	Locations []Location // indexed by VReg; unused registers get r0
	// NumSlots is the number of spill slots per class.
	NumSlots [numClasses]int
	// UsedCalleeSaved lists the callee-saved registers the function
	// writes, which its prologue must save.
	UsedCalleeSaved []Reg
	// CallSaves lists, per call instruction ({block, index}), the
	// registers that hold values live across it although the call
	// clobbers them: the backend stores each to its slot before the
	// call and loads it back after.
	CallSaves map[[2]int][]Save
}

// Save is a register kept in a spill slot across a call.
type Save struct {
	Reg   Reg
	Slot  int
	Class Class
}

// interval is the range of instruction positions over which a virtual
// register is live, as one range (holes are not tracked).
type interval struct {
	v          VReg
	start, end int
	crossCall  bool
	firstCall  int  // index of the first call it spans, in the calls list
	calls      int  // calls the interval spans
	refs       int  // instructions that read or write v
	saveSlot   int  // the slot it is saved to around calls, or -1
	tiedTo     VReg // the operand whose register the definition may take, or -1
	tiedAlt    VReg // the other operand it may take, for a commutative operation, or -1
}

// savable says whether the interval may sit in a register that calls
// clobber, saved and restored around each call it spans: worth it when
// it is used more often than those two memory accesses per call cost.
func (iv *interval) savable() bool { return iv.refs > 2*iv.calls }

// weight is how much keeping the interval in a register saves per
// instruction it spans: the allocator spills the lightest interval, so
// that a value used all along a function (a pointer into memory) keeps its
// register and a long-lived, rarely used one goes to memory.
func (iv *interval) weight() float64 {
	return float64(iv.refs) / float64(iv.end-iv.start+1)
}

// Allocate assigns locations to every virtual register of f.
func Allocate(f *Function, info *RegisterInfo) (*Result, error) {
	ivs, calls := liveIntervals(f)
	res := &Result{Locations: make([]Location, len(f.Classes)), CallSaves: map[[2]int][]Save{}}
	usedCallee := map[Reg]bool{}
	for class := Class(0); class < numClasses; class++ {
		var list []*interval
		for i := range ivs {
			if ivs[i].start >= 0 && f.Classes[ivs[i].v] == class {
				list = append(list, &ivs[i])
			}
		}
		markCalls(list, calls)
		if err := scan(f, info, class, list, res, usedCallee); err != nil {
			return nil, err
		}
		recordSaves(list, calls, info, res, class)
	}
	for r := range usedCallee {
		res.UsedCalleeSaved = append(res.UsedCalleeSaved, r)
	}
	sort.Slice(res.UsedCalleeSaved, func(i, j int) bool { return res.UsedCalleeSaved[i] < res.UsedCalleeSaved[j] })
	return res, nil
}

// markCalls sets crossCall on intervals that are live across a call: such
// values sit in callee-saved registers, in memory, or in a register saved
// around the calls.
func markCalls(list []*interval, calls []callSite) {
	for _, iv := range list {
		// The calls strictly inside (start, end).
		i := sort.Search(len(calls), func(k int) bool { return calls[k].pos > iv.start })
		j := sort.Search(len(calls), func(k int) bool { return calls[k].pos >= iv.end })
		iv.firstCall, iv.calls = i, max(j-i, 0)
		iv.crossCall = iv.calls > 0
	}
}

// recordSaves lists, for every call, the registers of class that hold
// values live across it and that it clobbers.
func recordSaves(list []*interval, calls []callSite, info *RegisterInfo, res *Result, class Class) {
	for _, iv := range list {
		l := res.Locations[iv.v]
		if !iv.crossCall || l.Spilled || info.CalleeSaved[l.Reg] {
			continue
		}
		for _, c := range calls[iv.firstCall : iv.firstCall+iv.calls] {
			key := [2]int{c.block, c.instr}
			res.CallSaves[key] = append(res.CallSaves[key], Save{Reg: l.Reg, Slot: iv.saveSlot, Class: class})
		}
	}
}

// scan runs linear scan for one class.
func scan(f *Function, info *RegisterInfo, class Class, list []*interval, res *Result, usedCallee map[Reg]bool) error {
	sort.Slice(list, func(i, j int) bool {
		if list[i].start != list[j].start {
			return list[i].start < list[j].start
		}
		return list[i].v < list[j].v
	})
	regs := info.Allocatable[class]
	holder := map[Reg]*interval{}
	// Fixed intervals reserve their register.
	fixedAt := map[Reg][]*interval{}
	for _, iv := range list {
		if r, ok := f.Fixed[iv.v]; ok {
			fixedAt[r] = append(fixedAt[r], iv)
		}
	}
	// conflictsWithFixedBut says whether a fixed interval other than iv
	// and but overlaps iv in register r. One that starts where iv is
	// last read does not: an instruction reads its operands before it
	// writes (the copy of a value into its argument register).
	conflictsWithFixedBut := func(r Reg, iv, but *interval) bool {
		for _, fx := range fixedAt[r] {
			if fx.start == iv.end && iv.start < iv.end {
				continue
			}
			if fx != iv && fx != but && fx.start <= iv.end && iv.start <= fx.end {
				return true
			}
		}
		return false
	}
	conflictsWithFixed := func(r Reg, iv *interval) bool { return conflictsWithFixedBut(r, iv, nil) }
	// slotEnd[s] is the last position of slot s's occupants so far: an
	// interval that starts after it can share the slot, which keeps
	// frames small in functions with many short-lived spilled values.
	var slotEnd []int
	newSlot := func(iv *interval) int {
		slot := -1
		for s, end := range slotEnd {
			if end < iv.start {
				slot = s
				break
			}
		}
		if slot < 0 {
			slot = len(slotEnd)
			slotEnd = append(slotEnd, 0)
		}
		slotEnd[slot] = iv.end
		res.NumSlots[class] = len(slotEnd)
		return slot
	}
	spill := func(iv *interval) {
		res.Locations[iv.v] = Location{Spilled: true, Slot: newSlot(iv)}
	}
	active := []*interval{}
	for _, iv := range list {
		// Expire intervals that ended before this one starts.
		kept := active[:0]
		for _, a := range active {
			if a.end >= iv.start {
				kept = append(kept, a)
			} else {
				delete(holder, res.Locations[a.v].Reg)
			}
		}
		active = kept
		if r, ok := f.Fixed[iv.v]; ok {
			if h := holder[r]; h != nil {
				// An instruction reads its operands before it
				// writes: a call's result may take the register of
				// an argument that the call last reads.
				if h.end != iv.start {
					return fmt.Errorf("register %d is fixed for v%d but held by v%d", r, iv.v, h.v)
				}
				active = slices.DeleteFunc(active, func(a *interval) bool { return a == h })
			}
			res.Locations[iv.v] = Location{Reg: r}
			holder[r] = iv
			active = append(active, iv)
			if info.CalleeSaved[r] {
				usedCallee[r] = true
			}
			continue
		}
		chosen, found := Reg(0), false
		// The operand this value is computed from, if it dies here,
		// gives up its register: no move is needed. That holds for a
		// fixed operand too (a parameter copied out of its argument
		// register), unless another fixed interval needs the register
		// while this one lives.
		for _, operand := range [...]VReg{iv.tiedTo, iv.tiedAlt} {
			if operand < 0 || found {
				continue
			}
			for k, a := range active {
				r := res.Locations[a.v].Reg
				if a.v != operand || a.end != iv.start || res.Locations[a.v].Spilled || conflictsWithFixedBut(r, iv, a) {
					continue
				}
				if iv.crossCall && !info.CalleeSaved[r] && !iv.savable() {
					break
				}
				active = append(active[:k], active[k+1:]...)
				delete(holder, r)
				chosen, found = r, true
				break
			}
		}
		// A value live across calls prefers a callee-saved register,
		// then one saved around the calls, if it is used enough.
		for pass := 0; pass < 2 && !found; pass++ {
			for _, r := range regs {
				if holder[r] != nil || conflictsWithFixed(r, iv) {
					continue
				}
				if iv.crossCall && !info.CalleeSaved[r] && (pass == 0 || !iv.savable()) {
					continue
				}
				chosen, found = r, true
				break
			}
			if !iv.crossCall {
				break
			}
		}
		if !found {
			// Spill the lightest of this interval and the active ones
			// that could give up a suitable register.
			var victim *interval
			for _, a := range active {
				r := res.Locations[a.v].Reg
				if _, fixed := f.Fixed[a.v]; fixed || conflictsWithFixed(r, iv) {
					continue
				}
				if iv.crossCall && !info.CalleeSaved[r] && !iv.savable() {
					continue
				}
				if victim == nil || a.weight() < victim.weight() {
					victim = a
				}
			}
			if victim == nil || victim.weight() >= iv.weight() {
				spill(iv)
				continue
			}
			chosen = res.Locations[victim.v].Reg
			spill(victim)
			for i, a := range active {
				if a == victim {
					active = append(active[:i], active[i+1:]...)
					break
				}
			}
		}
		res.Locations[iv.v] = Location{Reg: chosen}
		holder[chosen] = iv
		active = append(active, iv)
		if info.CalleeSaved[chosen] {
			usedCallee[chosen] = true
		} else if iv.crossCall {
			iv.saveSlot = newSlot(iv)
		}
	}
	return nil
}
