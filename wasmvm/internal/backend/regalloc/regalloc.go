// Package regalloc assigns machine registers to the virtual registers of a
// lowered function, by linear scan over live intervals with lifetime holes
// and interval splitting (Wimmer and Mössenböck, "Optimized Interval
// Splitting in a Linear Scan Register Allocator", VEE 2005; Wimmer and
// Franz, "Linear Scan Register Allocation on SSA Form", CGO 2010).
//
// The allocator knows no instruction set. A backend describes its function
// as blocks of instructions in layout order, each instruction listing the
// virtual registers it reads and writes, whether it is a call and which
// registers it clobbers otherwise; it
// describes its registers by class, with the subset a call preserves.
//
// A virtual register's lifetime is a list of ranges over the instruction
// positions, with holes where it is dead, so that values whose ranges
// interleave share a register. When no register is free the allocator
// splits intervals rather than spilling them whole: the part of a value
// with no use for longest goes to its stack slot, at a block boundary of
// the lowest weight it can find (by loop depth, and by the blocks'
// predicted shares of their loops' passes, Function.Share), and comes
// back into a register before its next use. Each part (piece) of a split virtual register becomes a
// virtual register of its own with one location (Result.Locations): the
// backend renames the operands of each instruction to the pieces that
// Result.Piece names, and performs the moves between pieces that
// Result.Moves (inside blocks) and Result.EdgeMoves (on control-flow edges)
// list. A value in a slot at an instruction is read there through memory:
// the backend's emitter handles spilled operands through the scratch
// registers it keeps out of the allocatable set.
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

// Instr is one instruction as the allocator sees it. Its fields are
// ordered to leave little padding (104 bytes).
type Instr struct {
	Uses []VReg
	Defs []VReg
	// Clobbers lists the registers the instruction overwrites besides
	// its results (and a call's clobbers), which it may write before it
	// has read its operands: no operand of the instruction and no value
	// live across it is allocated to them; its results may be. (x86's
	// division, for example, writes RDX.)
	Clobbers []Reg
	// Call says the instruction clobbers every register that
	// RegisterInfo.CalleeSaved does not list. A call reads its operands
	// before it writes its results, so a result may take the register
	// of an operand that the call last reads.
	Call bool
	// Tied says that Defs[0] may share the register of Uses[0] when
	// Uses[0] is last used here (a two-operand form: dst = a op b).
	Tied bool
	// Commutes says that Defs[0] may share the register of Uses[1]
	// instead, when that one is last used here (dst = b op a).
	Commutes bool
	// Copies are the moves the instruction's edges make into block
	// parameters (Dst = Src, Src among Uses): the allocator tries to
	// give the two the same register, so that the move disappears.
	Copies []Copy
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
	// must not be in another interval's way: the allocator keeps the
	// others out of it over that interval. Fixed registers are never
	// split.
	Fixed map[VReg]Reg
	// Share, when it has an entry per block, gives the factor in (0, 1]
	// by which the allocator multiplies each block's weight by loop depth
	// (blockWeights): less than 1 on a loop's (or the function's) rare
	// paths, so that its hot path keeps its values in registers and the
	// rare paths reload them. Without it, blocks weigh by their loop
	// depths alone.
	Share []float64
}

// RegisterInfo describes the machine's allocatable registers.
type RegisterInfo struct {
	// Allocatable lists, per class, the registers in order of
	// preference.
	Allocatable [numClasses][]Reg
	// CalleeSaved says which registers survive a call.
	CalleeSaved map[Reg]bool
	// SlotDestinations says that the backend computes an operation whose
	// result shares its tied operand's spill slot in that slot (x86's
	// `sub DWORD PTR [slot],1`), and a branch on the result from the
	// flags that operation set: the allocator then leaves a loop's
	// counter stepped in its slot there (inSlotStep).
	SlotDestinations bool
}

// Location is where a virtual register lives (8 bytes: a function has
// one per virtual register and piece).
type Location struct {
	Slot    int32 // spill slot index, when Spilled
	Reg     Reg
	Spilled bool
}

func (l Location) String() string {
	if l.Spilled {
		return fmt.Sprintf("slot%d", l.Slot)
	}
	return fmt.Sprintf("r%d", l.Reg)
}

// Copy is one move of a parallel move: Dst = Src, two pieces of one value.
type Copy struct{ Dst, Src VReg }

// Result is the outcome of an allocation.
type Result struct {
	// Locations is indexed by virtual register: the function's own
	// (unused ones get r0), then the pieces split off them.
	Locations []Location
	// Origin gives, for every piece split off, the function's virtual
	// register it is part of: Origin[i] belongs to virtual register
	// len(Function.Classes)+i.
	Origin []VReg
	// NumSlots is the number of spill slots per class.
	NumSlots [numClasses]int
	// UsedCalleeSaved lists the callee-saved registers the function
	// writes, which its prologue must save.
	UsedCalleeSaved []Reg
	// Moves lists the parallel moves to perform before instruction
	// {block, index}, on the pieces that instruction reads.
	Moves map[[2]int][]Copy
	// EdgeMoves lists the parallel moves to perform on the control-flow
	// edge {from, to}, together with the moves that assign the target's
	// parameters: the sources are the pieces at the branch, the
	// destinations those on entry to the target.
	EdgeMoves map[[2]int][]Copy
	// ExitRegisters gives, for the blocks that a loop's latch branches
	// to besides its header, the registers (as a mask of 1<<Reg) that
	// hold values live into them; a register not in the mask is free
	// to overwrite on the way there.
	ExitRegisters map[int]uint64
	// LoopDepth and InnerLoop give, per block, how many loops contain it
	// and the header of the smallest, or -1: the loops that weighed the
	// allocation's choices.
	LoopDepth, InnerLoop []int

	numVRegs int
	entry    []int32 // each block's entry position index
	// pieceOf says, per virtual register, where its pieces are listed
	// in pieceStart and pieceVRegs (none for one not split; nil when no
	// register is split).
	pieceOf    []pieceList
	pieceStart []int32 // the positions the pieces start at
	pieceVRegs []VReg  // ... and their virtual registers
}

// pieceList is the pieces of one split virtual register: entries
// [first, first+n) of Result.pieceStart and Result.pieceVRegs.
type pieceList struct{ first, n int32 }

// Piece returns the virtual register that instruction instr of block
// reads v through (def false) or writes it through (def true): v itself
// or a piece split off it.
func (r *Result) Piece(block, instr int, v VReg, def bool) VReg {
	pos := 2 * (r.entry[block] + 1 + int32(instr))
	if def {
		pos++
	}
	return r.pieceAt(v, pos)
}

// Split reports whether v is split into pieces.
func (r *Result) Split(v VReg) bool {
	return int(v) < len(r.pieceOf) && r.pieceOf[v].n > 0
}

// EntryPiece returns the piece of v, a parameter of block, that the
// edges into block assign.
func (r *Result) EntryPiece(block int, v VReg) VReg {
	return r.pieceAt(v, 2*r.entry[block]+1)
}

func (r *Result) pieceAt(v VReg, pos int32) VReg {
	if !r.Split(v) {
		return v
	}
	pl := r.pieceOf[v]
	starts := r.pieceStart[pl.first : pl.first+pl.n]
	i := sort.Search(len(starts), func(k int) bool { return starts[k] > pos }) - 1
	if i < 0 {
		return v
	}
	return r.pieceVRegs[int(pl.first)+i]
}

// Allocate assigns locations to every virtual register of f.
func Allocate(f *Function, info *RegisterInfo) (*Result, error) {
	ar := arenaPool.Get()
	defer arenaPool.Put(ar) // the result refers to none of the intervals
	lv := buildIntervals(f, ar)
	a := newAllocator(f, info, lv, ar)
	for class := Class(0); class < numClasses; class++ {
		if err := a.scan(class); err != nil {
			return nil, err
		}
	}
	res := a.resolve()
	a.exitRegisters(res)
	res.LoopDepth, res.InnerLoop = lv.loops.depth, lv.loops.inner
	for r, used := range a.usedCallee {
		if used {
			res.UsedCalleeSaved = append(res.UsedCalleeSaved, Reg(r))
		}
	}
	return res, nil
}
