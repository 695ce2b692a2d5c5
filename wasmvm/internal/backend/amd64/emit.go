package amd64

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Scratch registers of the emitter (never allocated). A spilled result is
// computed in scratchA, which also serves an operand read before the
// result is written; spilled operands go through scratchB and scratchA.
// RDX is allocatable: the code for the instructions that write it by
// definition (division, the 64-bit high multiplication, the clock, bulk
// memory) lists it as clobbered (clobbers), and no other code touches it.
// For floats X15 pairs with scratchA and X14 with scratchB (floatScratch),
// and X13 is a third float scratch.
const (
	scratchA = RAX
	scratchB = RCX
	scratchX = X13
)

// funcEmitter encodes one allocated function into the module's buffer.
type funcEmitter struct {
	*mach.Allocation
	e         *buf
	mod       *moduleEmitter
	frameSize int32
	spillBase int32 // offset of spill slot 0 from RSP
	saveBase  int32 // offset of the callee-saved area from RSP
	selfSlot  int32 // where the prologue saves R14 (context.go)
	execSlot  int32 // where the prologue saves R15 when it allocates R15
	labels    []int // code offset of each block
	// loopHeaders marks the loop headers, which jumps are not threaded
	// past.
	loopHeaders []bool
	fixups      []fixup
	// edgeStubs are the edges whose moves sit after the function's
	// blocks, each reached by the conditional jump at its rel32.
	edgeStubs []edgeStub
	// jumpTables are the br_table tables, placed after the code.
	jumpTables []jumpTable
	trapStubs  map[mach.TrapStub][]int // jumps to patch per trap stub
	// otherInstanceCalls are the indirect calls' paths for callees of
	// another instance, placed after the blocks (emit_callindirect.go).
	otherInstanceCalls []otherInstanceCall
	// frames tracks the shrink-wrapped frame (emit_frame.go).
	frames mach.Frames
	// saved says that the block being emitted runs with the callee-saved
	// registers saved, where a save region saves them (emit_saves.go).
	saved bool
	// constants are the float constants the function loads, by bits,
	// with the rel32 of each load: they follow the code, 8 bytes each.
	constants map[uint64][]int
	// vconstants are the 16-byte constants (v128 values, SIMD masks),
	// placed after the 8-byte ones, 16-byte aligned.
	vconstants map[[2]uint64][]int
	// stored is the float value whose spill store is the last code
	// emitted, still in its register: a use right after copies the
	// register instead of reloading (no store-to-load forwarding wait).
	stored storedSpill
	// word is the integer spill slot last stored, while that store ends
	// the code (emit_forward.go).
	word storedWord
	// flags is the register whose value the flags describe (ZF and SF,
	// from the add, sub, and, or or xor that computed it) while the code
	// ends where that instruction does: a test of it right after is
	// left out.
	flags flagsOf
	// cond is the comparison the flags hold for a materialized 0 or 1
	// (emit_cond.go).
	cond mach.CondFlags
}

// flagsOf says that the flags hold the zero and sign of register r's
// low size bytes while the code ends at end.
type flagsOf struct {
	r    reg
	size uint8
	end  int
}

// storedSpill is a spilled float value still in register r while the
// code ends at end.
type storedSpill struct {
	v   regalloc.VReg
	r   reg
	end int
}

// edgeStub is an edge whose moves and jump are emitted after the
// function's blocks, reached by the conditional jump whose rel32 is at.
type edgeStub struct {
	at     int
	edge   mach.Edge
	framed bool
	saved  bool // the branch runs with the callee-saved registers saved
}

type fixup struct {
	at     int // rel32 offset
	block  int
	framed bool // the jump runs with the frame set up
}

// emitFunction encodes a into the module's buffer and returns the size of
// its stack frame.
func (mod *moduleEmitter) emitFunction(a *mach.Allocation) int32 {
	fe := &funcEmitter{Allocation: a, e: &mod.buf, mod: mod, trapStubs: map[mach.TrapStub][]int{}, constants: map[uint64][]int{},
		vconstants: map[[2]uint64][]int{}, stored: storedSpill{end: -1}, word: storedWord{end: -1}, flags: flagsOf{end: -1},
		cond: mach.NoCondFlags}
	fe.layoutFrame()
	fe.frames.Blocks = a.Framed
	if fe.frames.Blocks == nil {
		fe.prologue()
	}
	fe.labels = make([]int, len(a.Blocks))
	fe.loopHeaders = a.LoopHeaders()
	cases := fe.caseTargets()
	moves := a.MoveCursor()
	for i := range a.Blocks {
		if cases != nil && cases[i] {
			fe.e.alignCode(caseAlignment)
		}
		fe.labels[i] = len(fe.e.b)
		fe.stored = storedSpill{end: -1} // other edges enter here
		fe.word, fe.flags, fe.cond = storedWord{end: -1}, flagsOf{end: -1}, mach.NoCondFlags
		fe.frames.Framed = fe.frames.At(i)
		if fe.frames.Blocks != nil && i == a.FrameBlock {
			fe.prologue()
		}
		fe.enterBlock(i)
		for j := range a.Blocks[i].Instrs {
			if moves.At(i, j) {
				if dsts, srcs := a.MovesBefore(i, j); len(dsts) > 0 {
					start := len(fe.e.b)
					fe.moves(dsts, srcs)
					fe.keepFlags(start, dsts...)
				}
			}
			m, start := &a.Blocks[i].Instrs[j], len(fe.e.b)
			fe.instr(m, i)
			if m.KeepsFlags() {
				fe.keepFlags(start, m.Dst)
			}
		}
	}
	for _, st := range fe.edgeStubs {
		fe.e.patch32(st.at, len(fe.e.b))
		fe.stored, fe.word, fe.flags, fe.cond = storedSpill{end: -1}, storedWord{end: -1}, flagsOf{end: -1}, mach.NoCondFlags
		fe.frames.Framed = st.framed
		fe.saved = st.saved
		fe.edge(st.edge, -2)
	}
	for _, f := range fe.fixups {
		fe.e.patch32(f.at, fe.jumpLabel(f))
	}
	fe.emitOtherInstanceCalls()
	fe.resolveJumpTables()
	fe.emitTrapStubs()
	fe.emitJumpTables()
	fe.emitConstants()
	return fe.frameSize
}

func (fe *funcEmitter) layoutFrame() {
	out := int32(fe.Outgoing) * 8
	slots := int32(fe.Res.NumSlots[regalloc.ClassInt])*8 + int32(fe.Res.NumSlots[regalloc.ClassFloat])*fe.FloatSlotBytes()
	saves := int32(len(fe.Res.UsedCalleeSaved)) * 8
	if fe.Calls || fe.ContextInSlot {
		saves += 8 // R14, reloaded after calls or read from there
	}
	if fe.ContextInSlot {
		saves += 8 // R15
	}
	fe.spillBase = out
	fe.saveBase = out + slots
	fe.selfSlot = fe.saveBase + saves - 8
	fe.execSlot = fe.selfSlot - 8
	size := out + slots + saves
	if fe.Calls && size%16 != 8 { // keep RSP 16-byte aligned at calls
		size += 8
	}
	fe.frameSize = size
}

// prologue checks the stack, makes the frame and saves registers. The
// stack check of a function that calls also stops an interrupted call
// chain (exec.Context.Interrupt raises the limit), so that recursion
// without loops stops too; loops check nothing, a signal stops them
// (exec.Context.Interrupt). A leaf function (no calls) keeps R14 as it is;
// with a frame of at most mach.UncheckedLeafFrame bytes it also skips the
// stack check, as its return address and frame lie in the red zone above
// the limit its caller checked (exec.RedZone). A frame of at most
// mach.EntryCheckedFrame bytes is checked by the stack pointer on entry,
// without computing the one below the frame.
func (fe *funcEmitter) prologue() {
	e := fe.e
	fe.frames.Framed = false
	defer func() { fe.frames.Framed = true }()
	if fe.Calls || fe.frameSize > mach.UncheckedLeafFrame {
		sp := RSP
		if fe.frameSize > mach.EntryCheckedFrame {
			sp = scratchA
			e.lea(sp, memAt(RSP, -fe.frameSize))
		}
		e.aluRM(aluCmp, 8, sp, memAt(RegExecContext, exec.OffsetStackLimit))
		fe.trapBranch(ssa.TrapStackOverflow, e.jcc32(ccB))
	}
	if fe.frameSize > 0 {
		e.aluRI(aluSub, 8, RSP, fe.frameSize)
	}
	if fe.Saves == nil {
		fe.saveRegisters()
	}
	if fe.ContextInSlot || fe.ReloadsInstance(fe.mod.numImports, fe.mod.tailCalls) {
		e.store(8, memAt(RSP, fe.selfSlot), RegInstanceContext)
	}
	if fe.ContextInSlot {
		e.store(8, memAt(RSP, fe.execSlot), RegExecContext)
	}
}

func (fe *funcEmitter) epilogue() {
	e := fe.e
	if !fe.frames.Framed {
		e.ret()
		return
	}
	if fe.Saves == nil || fe.saved {
		fe.restoreRegisters()
	}
	fe.contextForCall() // the caller expects its context back
	if fe.frameSize > 0 {
		e.aluRI(aluAdd, 8, RSP, fe.frameSize)
	}
	e.ret()
}

// slot returns the memory operand of a spilled virtual register.
func (fe *funcEmitter) slot(v regalloc.VReg) mem {
	return fe.slotAt(fe.Res.Locations[v], fe.Classes[v] == regalloc.ClassFloat)
}

// slotAt returns the memory operand of spill slot l of the int or float
// class.
func (fe *funcEmitter) slotAt(l regalloc.Location, float bool) mem {
	if float {
		ints := int32(fe.Res.NumSlots[regalloc.ClassInt]) * 8
		return memAt(RSP, fe.spillBase+ints+int32(l.Slot)*fe.FloatSlotBytes())
	}
	return memAt(RSP, fe.spillBase+int32(l.Slot)*8)
}

// slotBytes is how many bytes a spill slot access moves for register r:
// the float slot width for a vector register, 8 for the others.
func (fe *funcEmitter) slotBytes(r reg) uint8 {
	if r >= X0 {
		return uint8(fe.FloatSlotBytes())
	}
	return 8
}

// floatScratch pairs each integer scratch register with a float one;
// scratchX stays itself.
func floatScratch(r reg) reg {
	switch r {
	case scratchA:
		return X15
	case scratchB:
		return X14
	}
	return scratchX
}

func (fe *funcEmitter) isFloat(v regalloc.VReg) bool { return fe.Classes[v] == regalloc.ClassFloat }

// use returns a register holding v, loading a spilled v into scratch (or
// its float partner for a float value).
func (fe *funcEmitter) use(v regalloc.VReg, scratch reg) reg {
	l := fe.Res.Locations[v]
	if !l.Spilled {
		return l.Reg
	}
	if fe.isFloat(v) {
		scratch = floatScratch(scratch)
		if st := fe.stored; st.v == v && st.end == len(fe.e.b) {
			fe.e.movaps(scratch, st.r)
			return scratch
		}
		fe.e.loadF(fe.slotBytes(scratch), scratch, fe.slot(v))
		return scratch
	}
	if r, ok := fe.forwarded(v); ok {
		if r != scratch {
			fe.e.movRR(8, scratch, r)
		}
		return scratch
	}
	fe.e.load(8, scratch, fe.slot(v))
	return scratch
}

// def returns the register to compute v into; finish stores it if v is
// spilled.
func (fe *funcEmitter) def(v regalloc.VReg) reg {
	l := fe.Res.Locations[v]
	if !l.Spilled {
		return l.Reg
	}
	if fe.isFloat(v) {
		return floatScratch(scratchA)
	}
	return scratchA
}

func (fe *funcEmitter) finish(v regalloc.VReg, r reg) {
	if !fe.Res.Locations[v].Spilled {
		return
	}
	if fe.isFloat(v) {
		fe.e.storeF(fe.slotBytes(r), fe.slot(v), r)
		fe.stored = storedSpill{v: v, r: r, end: len(fe.e.b)}
		return
	}
	fe.e.store(8, fe.slot(v), r)
	fe.noteStore(fe.slot(v), r)
}

// moveTo copies v's value into register r of v's class.
func (fe *funcEmitter) moveTo(r reg, v regalloc.VReg) {
	src := fe.use(v, r)
	if src == r {
		return
	}
	if fe.isFloat(v) {
		fe.e.movaps(r, src)
		return
	}
	fe.e.movRR(8, r, src)
}

// loadAny and storeAny move 8 bytes (or 16, for a vector register)
// between a register of either class and memory.
func (fe *funcEmitter) loadAny(size uint8, r reg, m mem) {
	if r >= X0 {
		fe.e.loadF(max(size, 8), r, m)
		return
	}
	fe.e.load(8, r, m)
}

func (fe *funcEmitter) storeAny(size uint8, m mem, r reg) {
	if r >= X0 {
		fe.e.storeF(max(size, 8), m, r)
		return
	}
	fe.e.store(8, m, r)
}

func condCode(c ssa.Cond) byte {
	switch c {
	case ssa.CondEq:
		return ccE
	case ssa.CondNe:
		return ccNE
	case ssa.CondSLt:
		return ccL
	case ssa.CondSLe:
		return ccLE
	case ssa.CondSGt:
		return ccG
	case ssa.CondSGe:
		return ccGE
	case ssa.CondULt:
		return ccB
	case ssa.CondULe:
		return ccBE
	case ssa.CondUGt:
		return ccA
	case ssa.CondUGe:
		return ccAE
	}
	panic("amd64: integer condition expected")
}

func (fe *funcEmitter) instr(m *mach.Instr, block int) {
	e := fe.e
	switch m.Op {
	case mach.OpMovImm:
		d := fe.def(m.Dst)
		e.movRI(m.Size, d, m.Imm)
		fe.finish(m.Dst, d)
	case mach.OpMov:
		d := fe.def(m.Dst)
		if fe.spilledInt(m.A) {
			fe.movFromSlot(m.Size, d, m.A)
		} else {
			e.movRR(m.Size, d, fe.use(m.A, scratchB)) // mov r32, r32 zero-extends
		}
		fe.finish(m.Dst, d)
	case mach.OpCopy:
		if d, a := fe.Res.Locations[m.Dst], fe.Res.Locations[m.A]; m.Size == 4 && !d.Spilled && !a.Spilled {
			if d.Reg != a.Reg {
				e.movRR(4, d.Reg, a.Reg) // no REX.W: often a byte shorter
			}
			return
		}
		fe.moves([]regalloc.VReg{m.Dst}, []regalloc.VReg{m.A})
	case mach.OpParams:
	case mach.OpAlu:
		if m.C != mach.NoVReg { // a & ^c: andn d, c, a
			d := fe.def(m.Dst)
			e.vexRRR(vop{esc: 0x38, op: 0xF2, w: m.Size == 8}, d, fe.use(m.C, scratchB), fe.use(m.A, scratchA))
			fe.finish(m.Dst, d)
			return
		}
		if m.MemB {
			fe.aluMemory(m)
			return
		}
		if m.BImm && fe.aluImmInSlot(m) {
			return
		}
		d := fe.def(m.Dst)
		if m.BImm {
			fe.aluImm(m, d)
			fe.finish(m.Dst, d)
			return
		}
		if m.AddrLea { // a + idx*scale + adisp
			// lea reads both before it writes d (maybe scratchA).
			fe.leaAdd(m.Size, d, mem{base: fe.use(m.A, scratchB), index: int(fe.use(m.Idx, scratchA)), scale: m.Scale, disp: m.ADisp})
			fe.finish(m.Dst, d)
			return
		}
		if fe.aluSlotOperand(m, d) {
			fe.finish(m.Dst, d)
			return
		}
		// aluSlotOperand took every spilled b: b is in its register.
		a, b := fe.use(m.A, scratchB), fe.Res.Locations[m.B].Reg
		if d != a && m.Sub == ssa.OpIadd {
			fe.leaAdd(m.Size, d, mem{base: a, index: int(b), scale: 1})
			fe.finish(m.Dst, d)
			return
		}
		if d == b && d != a { // the allocator took b's register: b op a
			a, b = b, a
		}
		if d != a {
			e.movRR(m.Size, d, a)
		}
		if m.Sub == ssa.OpImul {
			e.imulRR(m.Size, d, b)
		} else {
			e.aluRR(aluOpFor(m.Sub), m.Size, d, b)
			fe.flags = flagsOf{r: d, size: m.Size, end: len(e.b)}
		}
		fe.finish(m.Dst, d)
	case mach.OpDiv:
		fe.div(m)
	case mach.OpMulHigh:
		fe.mulHigh(m)
	case mach.OpShift:
		if !m.BImm && fe.shiftX(m) || m.BImm && fe.rotateX(m) {
			break
		}
		if !m.BImm {
			fe.moveTo(RCX, m.B)
		}
		d := fe.def(m.Dst)
		if a := fe.use(m.A, scratchA); a != d {
			e.movRR(m.Size, d, a)
		}
		digit := shiftDigit(m.Sub)
		if m.BImm {
			e.shiftImm(m.Size, digit, d, byte(m.Imm))
		} else {
			e.shiftCL(m.Size, digit, d)
		}
		fe.finish(m.Dst, d)
	case mach.OpBitCount:
		d := fe.def(m.Dst)
		if m.Sub == ssa.OpBswap {
			if a := fe.use(m.A, scratchB); a != d {
				e.movRR(m.Size, d, a)
			}
			e.bswap(m.Size, d)
			fe.finish(m.Dst, d)
			break
		}
		op := map[ssa.Op]byte{ssa.OpClz: 0xBD, ssa.OpCtz: 0xBC, ssa.OpPopcnt: 0xB8}[m.Sub]
		e.bitCount(m.Size, op, d, fe.use(m.A, scratchB))
		fe.finish(m.Dst, d)
	case mach.OpCmpSet:
		if m.C != mach.NoVReg {
			fe.compareSum(m)
			break
		}
		fe.compare(m)
		d := fe.def(m.Dst)
		e.setcc(condCode(m.Cond), d)
		fe.finish(m.Dst, d) // a store leaves the flags alone
		fe.setCond(m.Dst, condCode(m.Cond))
	case mach.OpSelect:
		if m.Float {
			fe.selectFloat(m)
			return
		}
		d := fe.def(m.Dst)
		start := len(e.b)
		_, claimed := fe.condOf(m.C)
		e.cmov(m.Size, fe.selectStart(m, d), d, fe.use(m.A, scratchB))
		fe.finish(m.Dst, d)
		if claimed {
			fe.keepCond(start) // the next select on it reads the flags too
		}
	case mach.OpSelectCmp:
		fe.selectCmp(m)
	case mach.OpExtend:
		d := fe.def(m.Dst)
		e.extendRR(m.Size, d, fe.use(m.A, scratchB), m.Imm)
		fe.finish(m.Dst, d)
	case mach.OpLoad, mach.OpStore:
		fe.memoryAccess(m)
	case mach.OpAluStore:
		fe.aluStore(m)
	case mach.OpGlobalGet:
		cell := fe.globalCell(m)
		d := fe.def(m.Dst)
		if m.Float {
			e.loadF(m.Size, d, cell)
		} else {
			e.load(m.Size, d, cell)
		}
		fe.finish(m.Dst, d)
	case mach.OpGlobalSet:
		cell := fe.globalCell(m)
		if m.Float {
			e.storeF(m.Size, cell, fe.use(m.A, scratchA))
		} else {
			e.store(8, cell, fe.use(m.A, scratchA))
		}
	case mach.OpParamLoad:
		d := fe.def(m.Dst)
		fe.loadAny(m.Size, d, memAt(RSP, fe.frameSize+8+int32(m.Imm)*8))
		fe.finish(m.Dst, d)
	case mach.OpArgStore:
		fe.storeAny(m.Size, memAt(RSP, int32(m.Imm)*8), fe.use(m.A, scratchB))
	case mach.OpResultLoad:
		d := fe.def(m.Dst)
		fe.loadAny(m.Size, d, memAt(RSP, int32(m.Imm)*8))
		fe.finish(m.Dst, d)
	case mach.OpRetStore:
		fe.storeAny(m.Size, memAt(RSP, fe.frameSize+8+int32(m.Imm)*8), fe.use(m.A, scratchB))
	case mach.OpVec:
		fe.vec(m)
	case mach.OpVmem:
		fe.vmem(m)
	case mach.OpFconst:
		d := fe.def(m.Dst)
		if m.Size == 16 {
			fe.vecConst(d, [2]uint64{uint64(m.Imm), uint64(m.Imm2)})
		} else if m.Imm == 0 {
			e.sseRR(0, false, 0x57, d, d) // xorps d, d
		} else {
			fe.constants[uint64(m.Imm)] = append(fe.constants[uint64(m.Imm)], e.loadFRIP(m.Size, d))
		}
		fe.finish(m.Dst, d)
	case mach.OpFalu:
		fe.floatBinary(m)
	case mach.OpFunary:
		fe.floatUnary(m)
	case mach.OpFcmp:
		fe.floatCompare(m)
	case mach.OpConvert:
		fe.convert(m)
	case mach.OpRet:
		fe.epilogue()
	case mach.OpCall:
		fe.call(uint32(m.Imm))
	case mach.OpArgStoreImm:
		e.movRI(8, scratchA, m.Imm)
		e.store(8, memAt(RSP, int32(m.Table)*8), scratchA)
	case mach.OpCallIndirect:
		fe.callIndirect(m)
	case mach.OpTailCall, mach.OpTailCallIndirect:
		fe.tailCall(m)
	case mach.OpRuntimeCall:
		fe.contextForCall()
		fe.mod.runtimeCalls = append(fe.mod.runtimeCalls, callFixup{at: e.call32(), fn: uint32(m.Imm)})
		e.load(8, RegMemoryBase, memAt(RegInstanceContext, exec.OffsetMemBase))
	case mach.OpCounterClock:
		fe.counterClock(m)
	case mach.OpMemSize:
		d := fe.def(m.Dst)
		e.load(8, d, memAt(fe.context(d), exec.OffsetMemLen))
		if m.Imm != 0 {
			e.shiftImm(8, shiftDigit(ssa.OpUshr), d, byte(m.Imm))
		}
		fe.finish(m.Dst, d)
	case mach.OpJump:
		fe.edge(m.Edges[0], block)
	case mach.OpBrif:
		if cc, ok := fe.condOf(m.A); ok {
			fe.branch2(m, block, cc)
			return
		}
		fe.testZero(4, fe.use(m.A, scratchB))
		fe.branch2(m, block, ccNE)
	case mach.OpMemCopy:
		fe.memoryCopy(m)
	case mach.OpMemFill:
		fe.memoryFill(m)
	case mach.OpBrCmp:
		if m.Sub == ssa.OpUshr { // bit b of a: bt sets CF to it
			e.bt(m.Size, fe.use(m.A, scratchB), fe.use(m.B, scratchA))
			fe.branch2(m, block, map[ssa.Cond]byte{ssa.CondNe: ccB, ssa.CondEq: ccAE}[m.Cond])
			break
		}
		if m.Float {
			fe.branch2(m, block, fe.floatOrder(m))
			break
		}
		fe.compare(m)
		fe.branch2(m, block, condCode(m.Cond))
	case mach.OpBrTable:
		fe.brTable(m, block)
	case mach.OpTrap:
		fe.trapBranch(m.Trap, e.jmp32())
	case mach.OpTrapIf:
		cc, ok := fe.condOf(m.A)
		if !ok {
			fe.testZero(4, fe.use(m.A, scratchB))
			cc = ccNE
		}
		fe.trapBranch(m.Trap, e.jcc32(cc))
	default:
		panic(fmt.Sprintf("amd64: cannot emit %s", m.Op))
	}
}

// aluOpOf returns the two-operand ALU instruction of an SSA operation, if
// it has one. Switches, not maps, here and below: the emitter asks for
// every instruction.
func aluOpOf(op ssa.Op) (aluOp, bool) {
	switch op {
	case ssa.OpIadd:
		return aluAdd, true
	case ssa.OpIsub:
		return aluSub, true
	case ssa.OpBand:
		return aluAnd, true
	case ssa.OpBor:
		return aluOr, true
	case ssa.OpBxor:
		return aluXor, true
	}
	return aluOp{}, false
}

// aluOpFor is aluOpOf for an operation that has one.
func aluOpFor(op ssa.Op) aluOp {
	a, _ := aluOpOf(op)
	return a
}

// shiftXPrefix returns the mandatory prefix of BMI2's shlx, shrx or sarx
// for a shift, if it has one.
func shiftXPrefix(op ssa.Op) (byte, bool) {
	switch op {
	case ssa.OpIshl:
		return 0x66, true
	case ssa.OpUshr:
		return 0xF2, true
	case ssa.OpSshr:
		return 0xF3, true
	}
	return 0, false
}

// shiftX emits a shift by a register count with BMI2 (shlx, shrx, sarx:
// d = a shifted by b, the count masked as WebAssembly does, in any
// registers) and reports whether it could: not for rotations, nor
// without BMI2.
func (fe *funcEmitter) shiftX(m *mach.Instr) bool {
	prefix, ok := shiftXPrefix(m.Sub)
	if !ok || !fe.bmi2() {
		return false
	}
	d := fe.def(m.Dst)
	// Both operands are read before d (maybe scratchA) is written.
	fe.e.vexRRR(vop{prefix: prefix, esc: 0x38, op: 0xF7, w: m.Size == 8}, d, fe.use(m.B, scratchA), fe.use(m.A, scratchB))
	fe.finish(m.Dst, d)
	return true
}

// bmi2 reports whether the code may use BMI2's instructions; each use
// records FeatureBMI2 in the module.
func (fe *funcEmitter) bmi2() bool {
	if fe.mod.cpu&FeatureBMI2 == 0 {
		return false
	}
	fe.mod.features |= FeatureBMI2
	return true
}

// shiftDigit returns the /digit of a shift or rotation.
func shiftDigit(op ssa.Op) byte {
	switch op {
	case ssa.OpIshl:
		return 4
	case ssa.OpUshr:
		return 5
	case ssa.OpSshr:
		return 7
	case ssa.OpRotr:
		return 1
	}
	return 0 // ssa.OpRotl
}

// aluImm emits d = a <op> imm. An a in its spill slot (and not just
// stored from a register) is loaded straight into d and operated on
// there rather than loaded into a scratch register and added with lea:
// as many instructions, and the operation sets the flags from d, so that
// a branch on d tests nothing (a loop's counter kept in its slot:
// `mov d,[slot]; sub d,1; je`).
func (fe *funcEmitter) aluImm(m *mach.Instr, d reg) {
	e := fe.e
	if m.Sub != ssa.OpImul && fe.spilledInt(m.A) {
		if _, ok := fe.forwarded(m.A); !ok {
			e.load(m.Size, d, fe.slot(m.A))
			e.aluRI(aluOpFor(m.Sub), m.Size, d, int32(m.Imm))
			fe.flags = flagsOf{r: d, size: m.Size, end: len(e.b)}
			return
		}
	}
	a := fe.peek(m.A, scratchB)
	if m.Sub == ssa.OpImul {
		e.imulRRI(m.Size, d, a, int32(m.Imm))
		return
	}
	if d != a && (m.Sub == ssa.OpIadd || (m.Sub == ssa.OpIsub && m.Imm != -1<<31)) {
		disp := int32(m.Imm)
		if m.Sub == ssa.OpIsub {
			disp = -disp
		}
		fe.leaAdd(m.Size, d, memAt(a, disp))
		return
	}
	if d != a && m.Sub == ssa.OpBand && (m.Imm == 0xff || m.Imm == 0xffff) {
		// One movzx in place of a copy and an and; it sets no flags,
		// so fe.flags goes on describing nothing here.
		bits := int64(8)
		if m.Imm == 0xffff {
			bits = 16
		}
		e.zeroExtendRR(d, a, bits)
		return
	}
	if d != a {
		e.movRR(m.Size, d, a)
	}
	e.aluRI(aluOpFor(m.Sub), m.Size, d, int32(m.Imm))
	fe.flags = flagsOf{r: d, size: m.Size, end: len(e.b)}
}

// testZero sets ZF (and SF) from register r's low size bytes: test r, r,
// unless the instruction that computed r has just set them.
func (fe *funcEmitter) testZero(size uint8, r reg) {
	if !fe.flagsDescribe(r, size) {
		fe.e.test(size, r, r)
	}
}

// flagsDescribe reports whether the flags hold the zero and sign of
// register r's low size bytes here.
func (fe *funcEmitter) flagsDescribe(r reg, size uint8) bool {
	f := fe.flags
	return f.r == r && f.size == size && f.end == len(fe.e.b)
}

// leaAdd computes an addition into a third register with one lea (32-bit
// for i32: the sum wraps and the upper half is zeroed, as add does). The
// lea leaves the flags alone: if they describe another register's value
// right before it, they still do right after.
func (fe *funcEmitter) leaAdd(size uint8, d reg, sum mem) {
	keep := fe.flags.end == len(fe.e.b) && fe.flags.r != d
	start := len(fe.e.b)
	if size == 4 {
		fe.e.lea32(d, sum)
	} else {
		fe.e.lea(d, sum)
	}
	if keep {
		fe.flags.end = len(fe.e.b)
	}
	fe.keepCond(start)
}

// compare sets the flags from a compared with b or the immediate, or,
// with Sub OpBand, from a & b (test). It reads b through scratchA: every
// caller compares before it writes a result.
func (fe *funcEmitter) compare(m *mach.Instr) {
	if fe.compareSpilled(m) {
		return
	}
	a := fe.use(m.A, scratchB)
	if m.Sub == ssa.OpBand {
		if m.BImm {
			fe.e.testImm(m.Size, a, int32(m.Imm))
		} else {
			fe.e.test(m.Size, a, fe.use(m.B, scratchA))
		}
		return
	}
	if m.BImm {
		if m.Imm == 0 && (m.Cond == ssa.CondEq || m.Cond == ssa.CondNe) {
			fe.testZero(m.Size, a)
			return
		}
		fe.e.aluRI(aluCmp, m.Size, a, int32(m.Imm))
		return
	}
	fe.e.aluRR(aluCmp, m.Size, a, fe.use(m.B, scratchA))
}

// compareSpilled compares (or tests) with a spilled operand's slot as the
// memory operand of cmp (test), where one operand is spilled and the other is not (or
// is the immediate), instead of loading the slot into a scratch
// register first. It reports whether it did.
func (fe *funcEmitter) compareSpilled(m *mach.Instr) bool {
	e := fe.e
	aSpilled := fe.spilledInt(m.A)
	test := m.Sub == ssa.OpBand
	switch {
	case aSpilled && m.BImm && test:
		e.testMI(m.Size, fe.slot(m.A), int32(m.Imm))
	case aSpilled && m.BImm:
		e.aluMI(aluCmp, m.Size, fe.slot(m.A), int32(m.Imm))
	case aSpilled && !fe.spilledInt(m.B) && test:
		e.opRM(is64(m.Size), []byte{0x85}, fe.Res.Locations[m.B].Reg, fe.slot(m.A))
	case aSpilled && !fe.spilledInt(m.B):
		e.aluMR(aluCmp, m.Size, fe.slot(m.A), fe.Res.Locations[m.B].Reg)
	case !aSpilled && !m.BImm && fe.spilledInt(m.B) && test:
		e.opRM(is64(m.Size), []byte{0x85}, fe.use(m.A, scratchB), fe.slot(m.B))
	case !aSpilled && !m.BImm && fe.spilledInt(m.B):
		e.aluRM(aluCmp, m.Size, fe.use(m.A, scratchB), fe.slot(m.B))
	default:
		return false
	}
	return true
}

// spilledInt reports whether integer virtual register v lives in a spill
// slot here, whose low bytes an instruction may read as its operand.
func (fe *funcEmitter) spilledInt(v regalloc.VReg) bool {
	return v != mach.NoVReg && !fe.isFloat(v) && fe.Res.Locations[v].Spilled
}

// branch2 ends a two-way branch whose flags are set: to Edges[0] when cc
// holds, else to Edges[1]. An edge without moves is a conditional jump
// straight to its target; otherwise the moves sit on the path they belong
// to. Where both edges are plain, the one to the next block falls through
// (mach.Allocation.InvertBranch); where only that one is, the other's
// moves go out of line (mach.Allocation.MovesOutOfLine), or, on a loop's
// back edge, before the jump (mach.Allocation.HoistsLatchMoves).
func (fe *funcEmitter) branch2(m *mach.Instr, block int, cc byte) {
	e := fe.e
	taken, other := m.Edges[0], m.Edges[1]
	if fe.InvertBranch(taken, other, block, fe.loopHeaders) {
		taken, other, cc = other, taken, cc^1 // the negated condition
	}
	if fe.HoistsLatchMoves(taken, other, block, fe.loopHeaders) {
		// mov leaves the flags alone: back's moves, then one jump back.
		fe.moves(other.Dsts, other.Srcs)
		target, _ := fe.JumpTarget(block, other.Target, fe.loopHeaders)
		fe.jumpFixup(fixup{at: e.jcc32(cc ^ 1), block: target})
		fe.edge(taken, block)
		return
	}
	if fe.NoMoves(taken) {
		if fe.MovesOutOfLine(taken, other, block, fe.loopHeaders) {
			fe.edgeStubs = append(fe.edgeStubs, edgeStub{at: e.jcc32(cc ^ 1), edge: other, framed: fe.frames.Framed, saved: fe.saved})
			fe.edge(taken, block) // falls through, unless it leaves the frame
			return
		}
		fe.jumpFixup(fixup{at: e.jcc32(cc), block: fe.Threaded(taken.Target, fe.loopHeaders)})
		fe.edge(other, block)
		return
	}
	toOther := e.jcc32(cc ^ 1)
	fe.edge(taken, -2) // the other edge follows: always jump
	e.patch32(toOther, len(e.b))
	fe.edge(other, block)
}

// edge performs an edge's moves and jumps to its target, omitting the jump
// to the next block.
func (fe *funcEmitter) edge(ed mach.Edge, block int) {
	fe.moves(ed.Dsts, ed.Srcs)
	for i := range ed.Consts {
		fe.instr(&ed.Consts[i], block)
	}
	if ed.Restore {
		fe.restoreRegisters()
	}
	target, fallsThrough := fe.JumpTarget(block, ed.Target, fe.loopHeaders)
	if fe.frames.Leaves(target) || fe.frames.BareReturn(fe.Allocation, target, fallsThrough) {
		fe.returnBlock(target)
		return
	}
	if fallsThrough {
		return
	}
	fe.jumpFixup(fixup{at: fe.e.jmp32(), block: target})
}

// moves performs dsts[i] = srcs[i] for all i at once.
func (fe *funcEmitter) moves(dsts, srcs []regalloc.VReg) {
	mach.ParallelMove(fe.Allocation, dsts, srcs, func(float bool) reg {
		if float {
			return scratchX
		}
		return scratchB // copyLocation moves between slots through scratchA
	}, fe.copyLocation)
}

// copyLocation emits one copy between registers and spill slots.
func (fe *funcEmitter) copyLocation(mv mach.Move) {
	slot := func(l regalloc.Location) mem { return fe.slotAt(l, mv.Float) }
	d, s := mv.Dst, mv.Src
	switch {
	case !d.Spilled && !s.Spilled && mv.Float:
		fe.e.movaps(d.Reg, s.Reg)
	case !d.Spilled && !s.Spilled:
		fe.e.movRR(8, d.Reg, s.Reg)
	case !d.Spilled:
		fe.loadAny(fe.slotBytes(d.Reg), d.Reg, slot(s))
	case !s.Spilled:
		fe.storeAny(fe.slotBytes(s.Reg), slot(d), s.Reg)
		if !mv.Float {
			fe.noteStore(slot(d), s.Reg)
		}
	case mv.Wide:
		fe.e.loadUps(floatScratch(scratchA), slot(s))
		fe.e.storeUps(slot(d), floatScratch(scratchA))
	default:
		fe.e.load(8, scratchA, slot(s))
		fe.e.store(8, slot(d), scratchA)
		if !mv.Float {
			fe.noteStore(slot(d), scratchA)
		}
	}
}

// div emits integer division and remainder with the WebAssembly traps.
// The division writes RDX (clobbers), which holds no operand.
func (fe *funcEmitter) div(m *mach.Instr) {
	e := fe.e
	// The divisor is read where it is: in neither RAX nor RDX, which
	// the division writes (a scratch register and a clobber).
	divisor := fe.use(m.B, scratchB)
	fe.moveTo(scratchA, m.A)
	if !m.InBounds { // a divisor lowering shows nonzero needs no check
		e.test(m.Size, divisor, divisor)
		fe.trapBranch(ssa.TrapIntegerDivideByZero, e.jcc32(ccE))
	}
	var done int = -1
	if m.Signed {
		e.aluRI(aluCmp, m.Size, divisor, -1)
		notMinusOne := e.jcc32(ccNE)
		if m.Rem {
			e.movRI(4, RDX, 0) // x % -1 == 0, and idiv would fault on MIN
			done = e.jmp32()
		} else {
			min := int64(-1 << 31)
			if m.Size == 8 {
				min = -1 << 63
			}
			e.movRI(m.Size, RDX, min)
			e.aluRR(aluCmp, m.Size, scratchA, RDX)
			fe.trapBranch(ssa.TrapIntegerOverflow, e.jcc32(ccE))
		}
		e.patch32(notMinusOne, len(e.b))
		e.signExtendAX(m.Size)
		e.unaryF7(m.Size, 7, divisor)
	} else {
		e.movRI(4, RDX, 0)
		e.unaryF7(m.Size, 6, divisor)
	}
	if done >= 0 {
		e.patch32(done, len(e.b))
	}
	d := fe.def(m.Dst)
	src := scratchA
	if m.Rem {
		src = RDX
	}
	if d != src { // the division's writes zero-extend already
		e.movRR(m.Size, d, src)
	}
	fe.finish(m.Dst, d)
}

// memoryAccess emits a load or store of linear memory 0: checked against
// the memory's length, or, in guard-region mode, unchecked (an access
// outside faults in the guard and the fault handler makes it a trap).
func (fe *funcEmitter) memoryAccess(m *mach.Instr) {
	e := fe.e
	size := int64(m.Acc.Size())
	addr := fe.linearAddress(m)
	if m.Op == mach.OpStore {
		if m.BImm {
			e.storeImm(uint8(size), addr, int32(m.Imm2))
			return
		}
		if m.Float {
			e.storeF(uint8(size), addr, fe.use(m.B, scratchB))
		} else {
			e.store(uint8(size), addr, fe.use(m.B, scratchB))
		}
		return
	}
	d := fe.def(m.Dst)
	if m.Float {
		e.loadF(uint8(size), d, addr)
		fe.finish(m.Dst, d)
		return
	}
	switch m.Acc {
	case ssa.Mem8U, ssa.Mem16U, ssa.Mem32U:
		e.loadExt(m.Size, d, addr, uint8(size), false)
	case ssa.Mem8S, ssa.Mem16S, ssa.Mem32S:
		e.loadExt(m.Size, d, addr, uint8(size), true)
	default:
		e.load(m.Size, d, addr)
	}
	fe.finish(m.Dst, d)
}

// aluStore emits a read-modify-write of memory, [address] op= b or imm.
func (fe *funcEmitter) aluStore(m *mach.Instr) {
	addr := fe.linearAddress(m)
	if m.BImm {
		fe.e.aluMI(aluOpFor(m.Sub), m.Size, addr, int32(m.Imm2))
		return
	}
	fe.e.aluMR(aluOpFor(m.Sub), m.Size, addr, fe.use(m.B, scratchB))
}

// linearAddress computes the address of memory access m (its Acc bytes at
// a, or the AddrLea sum, plus Imm) and checks it against the memory's
// length unless guard regions catch it; it returns the memory operand,
// which uses scratchA. It uses scratchB too, which is free again after it.
func (fe *funcEmitter) linearAddress(m *mach.Instr) mem {
	e := fe.e
	size := int64(m.Acc.Size())
	// index holds the 32-bit address, zero-extended: an i32 register as
	// it is (32-bit operations zero the upper half, and Go hands i32
	// values to native code zero-extended), or the wrapped sum.
	var index reg
	disp := m.Imm
	switch {
	case m.AddrNoWrap:
		// idx*scale + adisp stays below 2^31: one memory operand.
		index := fe.noWrapIndex(m, scratchA)
		disp += int64(m.ADisp)
		if !fe.mod.guard && !m.InBounds {
			fe.checkBounds(scratchB, mem{base: noBase, index: index, scale: m.Scale, disp: int32(disp + size)})
		}
		return mem{base: RegMemoryBase, index: index, scale: m.Scale, disp: int32(disp)}
	case m.AddrLea:
		// The 32-bit sum wraps as WebAssembly's address arithmetic does.
		e.lea32(scratchA, fe.addressSum(m.A, m, scratchA))
		index = scratchA
	default:
		index = fe.use(m.A, scratchA)
	}
	if disp+size > 1<<31-1 {
		e.movRR(8, scratchA, index)
		e.movRI(8, scratchB, disp)
		e.aluRR(aluAdd, 8, scratchA, scratchB)
		index, disp = scratchA, 0
	}
	if !fe.mod.guard && !m.InBounds {
		fe.checkBounds(scratchB, memAt(index, int32(disp+size)))
	}
	return mem{base: RegMemoryBase, index: int(index), scale: 1, disp: int32(disp)}
}

// call emits a call to function idx of the index space: directly for a
// module-defined function, through the function descriptor for an import.
// After an import (or anything, in a module with tail calls, which can
// leave through another instance) R14 and the memory base are reloaded,
// since the callee may have changed instance or grown memory.
func (fe *funcEmitter) call(idx uint32) {
	e := fe.e
	if idx < fe.mod.numImports {
		fe.execForCall()
		e.load(8, scratchA, memAt(fe.context(scratchA), exec.OffsetFuncs))
		e.lea(scratchA, memAt(scratchA, int32(idx)*exec.SizeofFuncDesc))
		e.load(8, RegInstanceContext, memAt(scratchA, 8))
		e.load(8, scratchA, memAt(scratchA, 0))
		e.byte1(0xFF, 0xD0) // call rax
	} else {
		fe.contextForCall()
		fe.mod.calls = append(fe.mod.calls, callFixup{at: e.call32(), fn: idx})
		if !fe.mod.tailCalls {
			// A function of this module returns with this instance's
			// context and the current memory base: it reloads both
			// after any call of its own that could change them.
			return
		}
	}
	e.load(8, RegInstanceContext, memAt(RSP, fe.selfSlot))
	e.load(8, RegMemoryBase, memAt(RegInstanceContext, exec.OffsetMemBase))
}

// emitTrapStubs emits one exit per trap code the function uses: store the
// code in the context and unwind to the stack base.
func (fe *funcEmitter) emitTrapStubs() {
	for code := ssa.TrapCode(1); code <= ssa.TrapNullReference; code++ {
		for _, framed := range []bool{false, true} {
			jumps := fe.trapStubs[mach.TrapStub{Code: code, Framed: framed}]
			if len(jumps) == 0 {
				continue
			}
			for _, j := range jumps {
				fe.e.patch32(j, len(fe.e.b))
			}
			// Record the frame for the stack trace. The stack check,
			// and code before the frame is set up (shrink-wrapping),
			// jump here before the frame exists: point at where it
			// would be, so the return address is at TrapSP+frameSize
			// in every case.
			frame := int32(0)
			if !framed {
				frame = -fe.frameSize
			} else {
				fe.execForCall() // R15 may hold a value
			}
			fe.e.lea(scratchA, memAt(RSP, frame))
			fe.e.store(8, memAt(RegExecContext, exec.OffsetTrapSP), scratchA)
			fe.e.leaRIP32(scratchA) // rip+0: an address inside this function
			fe.e.store(8, memAt(RegExecContext, exec.OffsetTrapPC), scratchA)
			emitTrapExit(fe.e, code)
		}
	}
}

// emitTrapExit stores the trap and returns to Go from any depth.
func emitTrapExit(e *buf, code ssa.TrapCode) {
	e.storeImm(4, memAt(RegExecContext, exec.OffsetExitCode), int32(exec.ExitTrap))
	e.storeImm(4, memAt(RegExecContext, exec.OffsetExitArg), int32(code))
	e.load(8, RSP, memAt(RegExecContext, exec.OffsetStackBase))
	e.ret()
}

// tailCall removes the frame and jumps to the callee, which returns to
// this function's caller; the arguments are in place (their registers, and
// this function's incoming area: lowering stored them with OpRetStore).
func (fe *funcEmitter) tailCall(m *mach.Instr) {
	e := fe.e
	idx := uint32(m.Imm)
	desc := memAt(scratchA, 0)
	switch {
	case m.Op == mach.OpTailCallIndirect:
		desc = fe.resolveIndirect(m)
	case idx < fe.mod.numImports:
		e.load(8, scratchA, memAt(fe.context(scratchA), exec.OffsetFuncs))
		e.lea(scratchA, memAt(scratchA, int32(idx)*exec.SizeofFuncDesc))
	}
	fe.contextForCall() // for a callee of this module; the others' is loaded below
	for i, r := range fe.Res.UsedCalleeSaved {
		e.load(8, r, memAt(RSP, fe.saveBase+int32(i)*8))
	}
	e.aluRI(aluAdd, 8, RSP, fe.frameSize)
	if m.Op == mach.OpTailCall && idx >= fe.mod.numImports {
		fe.mod.calls = append(fe.mod.calls, callFixup{at: e.jmp32(), fn: idx})
		return
	}
	e.load(8, RegInstanceContext, desc.plus(8))
	e.load(8, RegMemoryBase, memAt(RegInstanceContext, exec.OffsetMemBase))
	e.jmpM(desc)
}

// trapBranch records jumps (their rel32) to the stub of a trap code.
func (fe *funcEmitter) trapBranch(code ssa.TrapCode, at ...int) {
	k := mach.TrapStub{Code: code, Framed: fe.frames.Framed}
	fe.trapStubs[k] = append(fe.trapStubs[k], at...)
}

// emitConstants places the function's float constants after its code,
// aligned, in a stable order, and points their loads at them.
func (fe *funcEmitter) emitConstants() {
	if len(fe.vconstants) > 0 {
		vs := make([][2]uint64, 0, len(fe.vconstants))
		for v := range fe.vconstants {
			vs = append(vs, v)
		}
		slices.SortFunc(vs, func(x, y [2]uint64) int {
			return cmp.Or(cmp.Compare(x[1], y[1]), cmp.Compare(x[0], y[0]))
		})
		for len(fe.e.b)%16 != 0 { // SSE memory operands must be aligned
			fe.e.byte1(0xCC)
		}
		for _, v := range vs {
			for _, at := range fe.vconstants[v] {
				fe.e.patch32(at, len(fe.e.b))
			}
			fe.e.imm64(int64(v[0]))
			fe.e.imm64(int64(v[1]))
		}
	}
	if len(fe.constants) == 0 {
		return
	}
	bits := make([]uint64, 0, len(fe.constants))
	for b := range fe.constants {
		bits = append(bits, b)
	}
	slices.Sort(bits)
	for len(fe.e.b)%8 != 0 {
		fe.e.byte1(0xCC)
	}
	for _, b := range bits {
		for _, at := range fe.constants[b] {
			fe.e.patch32(at, len(fe.e.b))
		}
		fe.e.imm64(int64(b))
	}
}

// foldedOperand checks a folded load's access (in bounds-checked mode)
// and returns its memory operand; the address sits in B, zero-extended.
// The operand's index goes through scratchB, the check through scratchA:
// the caller reads its other operand into the result's register after
// this.
func (fe *funcEmitter) foldedOperand(m *mach.Instr) mem {
	e := fe.e
	var index reg
	switch {
	case m.AddrNoWrap:
		index := fe.noWrapIndex(m, scratchB)
		disp := int64(m.Imm) + int64(m.ADisp)
		if !fe.mod.guard && !m.InBounds {
			fe.checkBounds(scratchA, mem{base: noBase, index: index, scale: m.Scale, disp: int32(disp + int64(m.Acc.Size()))})
		}
		return mem{base: RegMemoryBase, index: index, scale: m.Scale, disp: int32(disp)}
	case m.AddrLea:
		// The 32-bit sum wraps as WebAssembly's address arithmetic does.
		e.lea32(scratchB, fe.addressSum(m.B, m, scratchB))
		index = scratchB
	default:
		index = fe.use(m.B, scratchB)
	}
	if !fe.mod.guard && !m.InBounds {
		fe.checkBounds(scratchA, memAt(index, int32(m.Imm+int64(m.Acc.Size()))))
	}
	return mem{base: RegMemoryBase, index: int(index), scale: 1, disp: int32(m.Imm)}
}

// aluMemory emits d = a op [memory] for integers and floats.
func (fe *funcEmitter) aluMemory(m *mach.Instr) {
	e := fe.e
	operand := fe.foldedOperand(m)
	d := fe.def(m.Dst)
	switch {
	case m.Float && fe.avx():
		e.vexRM(scalarVop(m.Size, floatOpFor(m.Sub)), d, fe.use(m.A, scratchB), operand)
	case m.Float:
		if a := fe.use(m.A, scratchB); d != a {
			e.movaps(d, a)
		}
		e.sseRM(scalarPrefix(m.Size), false, floatOpFor(m.Sub), d, operand)
	case m.Sub == ssa.OpImul:
		// d is not the index's register: B lives across the write.
		fe.useInto(m.Size, d, m.A)
		e.opRM(is64(m.Size), []byte{0x0F, 0xAF}, d, operand)
	default:
		fe.useInto(m.Size, d, m.A)
		e.aluRM(aluOpFor(m.Sub), m.Size, d, operand)
	}
	fe.finish(m.Dst, d)
}

// floatOpOf returns the scalar SSE arithmetic opcode of an SSA
// operation, if it has one.
func floatOpOf(op ssa.Op) (byte, bool) {
	switch op {
	case ssa.OpFadd:
		return sseAdd, true
	case ssa.OpFsub:
		return sseSub, true
	case ssa.OpFmul:
		return sseMul, true
	case ssa.OpFdiv:
		return sseDiv, true
	}
	return 0, false
}

// floatOpFor is floatOpOf for an operation that has one.
func floatOpFor(op ssa.Op) byte {
	b, _ := floatOpOf(op)
	return b
}

// globalCell puts the address of the cell of global access m's global in
// scratchB and returns the cell: an imported global's cell through the
// context's pointer array, one of the module's own at its offset from
// the context's DefinedGlobals.
func (fe *funcEmitter) globalCell(m *mach.Instr) mem {
	e := fe.e
	if m.ImportedGlobal {
		e.load(8, scratchB, memAt(fe.context(scratchB), exec.OffsetGlobals))
		e.load(8, scratchB, memAt(scratchB, int32(m.Imm)*8))
		return memAt(scratchB, 0)
	}
	e.load(8, scratchB, memAt(fe.context(scratchB), exec.OffsetDefinedGlobals))
	return memAt(scratchB, int32(m.Imm))
}

// noWrapIndex is the index register of an AddrNoWrap address, read
// through scratch, or -1 for a constant address (no index).
func (fe *funcEmitter) noWrapIndex(m *mach.Instr, scratch reg) int {
	if m.Idx == mach.NoVReg {
		return -1
	}
	return int(fe.use(m.Idx, scratch))
}

// addressSum is the operand of the lea that sums an AddrLea address:
// base (a register, or none when the sum has a constant base in its
// displacement) + idx*scale + adisp. The index is read through the other
// of scratchA and scratchB.
func (fe *funcEmitter) addressSum(base regalloc.VReg, m *mach.Instr, baseScratch reg) mem {
	sum := mem{base: noBase, index: -1, scale: 1, disp: m.ADisp}
	if base != mach.NoVReg {
		sum.base = fe.use(base, baseScratch)
	}
	if m.Idx != mach.NoVReg {
		idxScratch := scratchA
		if baseScratch == scratchA {
			idxScratch = scratchB
		}
		sum.index, sum.scale = int(fe.use(m.Idx, idxScratch)), m.Scale
	}
	return sum
}

// checkBounds traps unless end, the address just past an access (its
// sum computed by lea into scratch), lies within the memory's length.
func (fe *funcEmitter) checkBounds(scratch reg, end mem) {
	e := fe.e
	e.lea(scratch, end)
	e.aluRM(aluCmp, 8, scratch, memAt(RegInstanceContext, exec.OffsetMemLen))
	fe.trapBranch(ssa.TrapMemoryOutOfBounds, e.jcc32(ccA))
}
