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
}

// Block is a basic block in layout order. Succs are indices into
// Function.Blocks.
type Block struct {
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
}

// interval is the range of instruction positions over which a virtual
// register is live, as one range (holes are not tracked).
type interval struct {
	v          VReg
	start, end int
	crossCall  bool
	refs       int // instructions that read or write v
}

// weight is how much keeping the interval in a register saves per
// instruction it spans: the allocator spills the lightest interval, so
// that a value used all along a function (a pointer into memory) keeps its
// register and a long-lived, rarely used one goes to memory.
func (iv *interval) weight() float64 {
	return float64(iv.refs) / float64(iv.end-iv.start+1)
}

// Allocate assigns locations to every virtual register of f.
func Allocate(f *Function, info *RegisterInfo) (*Result, error) {
	ivs, callPos := liveIntervals(f)
	res := &Result{Locations: make([]Location, len(f.Classes))}
	usedCallee := map[Reg]bool{}
	for class := Class(0); class < numClasses; class++ {
		var list []*interval
		for i := range ivs {
			if ivs[i].start >= 0 && f.Classes[ivs[i].v] == class {
				list = append(list, &ivs[i])
			}
		}
		markCalls(list, callPos)
		if err := scan(f, info, class, list, res, usedCallee); err != nil {
			return nil, err
		}
	}
	for r := range usedCallee {
		res.UsedCalleeSaved = append(res.UsedCalleeSaved, r)
	}
	sort.Slice(res.UsedCalleeSaved, func(i, j int) bool { return res.UsedCalleeSaved[i] < res.UsedCalleeSaved[j] })
	return res, nil
}

// markCalls sets crossCall on intervals that are live across a call: such
// values must sit in callee-saved registers or in memory.
func markCalls(list []*interval, callPos []int) {
	for _, iv := range list {
		// The first call strictly inside (start, end).
		i := sort.SearchInts(callPos, iv.start+1)
		iv.crossCall = i < len(callPos) && callPos[i] < iv.end
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
	conflictsWithFixed := func(r Reg, iv *interval) bool {
		for _, fx := range fixedAt[r] {
			if fx != iv && fx.start <= iv.end && iv.start <= fx.end {
				return true
			}
		}
		return false
	}
	// slotEnd[s] is the last position of slot s's occupants so far: an
	// interval that starts after it can share the slot, which keeps
	// frames small in functions with many short-lived spilled values.
	var slotEnd []int
	spill := func(iv *interval) {
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
		res.Locations[iv.v] = Location{Spilled: true, Slot: slot}
		res.NumSlots[class] = len(slotEnd)
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
				return fmt.Errorf("register %d is fixed for v%d but held by v%d", r, iv.v, h.v)
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
		for _, r := range regs {
			if holder[r] != nil || conflictsWithFixed(r, iv) {
				continue
			}
			if iv.crossCall && !info.CalleeSaved[r] {
				continue
			}
			chosen, found = r, true
			break
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
				if iv.crossCall && !info.CalleeSaved[r] {
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
		}
	}
	return nil
}
