package arm64

import (
	"fmt"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Scratch registers of the emitter (never allocated): A, B and C hold
// spilled operands and intermediate values; tmp holds large offsets
// inside one memory operand.
const (
	scratchA = X16
	scratchB = X17
	scratchC = X14
	tmp      = X15
)

// floatScratch pairs each integer scratch register with a float one.
func floatScratch(r reg) reg {
	switch r {
	case scratchA:
		return v(31)
	case scratchB:
		return v(30)
	}
	return v(29)
}

// funcEmitter encodes one allocated function into the module's buffer.
type funcEmitter struct {
	*mach.Allocation
	e         *buf
	mod       *moduleEmitter
	frameSize int64
	spillBase int64 // offset of spill slot 0 from SP
	floatBase int64 // offset of float spill slot 0 from SP
	saveBase  int64 // offset of the callee-saved area from SP
	selfSlot  int64 // where the prologue saves X26
	labels    []int // code offset of each block
	// loopHeaders marks the loop headers, which jumps are not threaded
	// past.
	loopHeaders []bool
	fixups      []fixup
	// edgeStubs are the edges whose moves sit after the function's
	// blocks, each reached by the conditional branch at its offset.
	edgeStubs []edgeStub
	trapStubs map[mach.TrapStub][]int // branches to patch per trap stub
	// frames tracks the shrink-wrapped frame (emit_frame.go).
	frames mach.Frames
	// addressIn is the value whose memory address (base plus the value,
	// zero-extended) scratchA holds, between consecutive guard-mode
	// accesses of one block; NoVReg when none.
	addressIn regalloc.VReg
	// cond is the comparison the flags hold for a materialized 0 or 1
	// (mach.CondFlags).
	cond mach.CondFlags
	// constants are the float constants the function loads, by bits,
	// with each load: they follow the code, 8 bytes each; vconstants
	// the 16-byte vector constants (low and high halves).
	constants  map[uint64][]int
	vconstants map[[2]uint64][]int
}

// edgeStub is an edge whose moves and branch are emitted after the
// function's blocks, reached by the conditional branch at at.
type edgeStub struct {
	at     int
	edge   mach.Edge
	framed bool
}

type fixup struct {
	at    int // the branch instruction
	block int
	// table, when set, makes at a br_table entry: the target's offset
	// from table, 32 bits.
	table  int
	entry  bool
	framed bool // the branch runs with the frame set up
}

// emitFunction encodes a into the module's buffer and returns the size of
// its stack frame.
func (mod *moduleEmitter) emitFunction(a *mach.Allocation) (int64, error) {
	fe := &funcEmitter{Allocation: a, e: &mod.buf, mod: mod, trapStubs: map[mach.TrapStub][]int{}, constants: map[uint64][]int{}, vconstants: map[[2]uint64][]int{}, addressIn: mach.NoVReg,
		cond: mach.NoCondFlags}
	fe.layoutFrame()
	fe.frames.Blocks = a.Framed
	if fe.frames.Blocks == nil {
		fe.prologue()
	}
	fe.labels = make([]int, len(a.Blocks))
	fe.loopHeaders = a.LoopHeaders()
	if fe.frames.Blocks != nil {
		// Jumps into the region go to the frame's set-up.
		fe.loopHeaders[a.FrameBlock] = true
	}
	epochChecks := a.EpochChecks()
	moves := a.MoveCursor()
	for i := range a.Blocks {
		fe.labels[i] = fe.e.pos()
		fe.addressIn, fe.cond = mach.NoVReg, mach.NoCondFlags // control arrives from elsewhere
		fe.frames.Framed = fe.frames.At(i)
		if fe.frames.Blocks != nil && i == a.FrameBlock {
			fe.prologue()
		}
		if epochChecks[i] {
			fe.epochCheck()
		}
		for j := range a.Blocks[i].Instrs {
			if moves.At(i, j) {
				if dsts, srcs := a.MovesBefore(i, j); len(dsts) > 0 {
					fe.addressIn = mach.NoVReg
					start := fe.e.pos()
					fe.moves(dsts, srcs)
					fe.cond.Keep(start, fe.e.pos())
				}
			}
			m, start := &a.Blocks[i].Instrs[j], fe.e.pos()
			fe.instr(m, i)
			if m.KeepsFlags() {
				fe.cond.Keep(start, fe.e.pos())
			}
		}
	}
	for _, st := range fe.edgeStubs {
		if !fe.e.patchBranch(st.at, fe.e.pos()) {
			return 0, fmt.Errorf("%s: a branch spans more than the 1 MiB an arm64 conditional branch reaches", fe.F.Name)
		}
		fe.addressIn, fe.cond = mach.NoVReg, mach.NoCondFlags
		fe.frames.Framed = st.framed
		fe.edge(st.edge, -2)
	}
	for _, f := range fe.fixups {
		to := fe.jumpLabel(f)
		if f.entry {
			fe.e.put(f.at, uint32(int32(to-f.table)))
			continue
		}
		if !fe.e.patchBranch(f.at, to) {
			return 0, fmt.Errorf("%s: a branch spans more than the 1 MiB an arm64 conditional branch reaches", fe.F.Name)
		}
	}
	if err := fe.emitTrapStubs(); err != nil {
		return 0, err
	}
	fe.emitConstants()
	return fe.frameSize, nil
}

// layoutFrame places, from SP up: the outgoing area, the spill slots, the
// callee-saved registers, the saved X26 (functions that call) and the
// link register in the top word. A leaf function that needs none of it
// has no frame.
func (fe *funcEmitter) layoutFrame() {
	out := int64(fe.Outgoing) * 8
	fe.spillBase = out
	fe.floatBase = out + int64(fe.Res.NumSlots[regalloc.ClassInt])*8
	if fe.V128 {
		fe.floatBase = (fe.floatBase + 15) &^ 15 // q loads and stores, scaled
	}
	saves := int64(len(fe.Res.UsedCalleeSaved)) * 8
	fe.saveBase = fe.floatBase + int64(fe.Res.NumSlots[regalloc.ClassFloat])*int64(fe.FloatSlotBytes())
	size := fe.saveBase + saves
	if !fe.Calls && size == 0 {
		return
	}
	size += 8 // the link register
	if fe.Calls {
		size += 8 // X26, reloaded after calls
	}
	fe.frameSize = (size + 15) &^ 15
	fe.selfSlot = fe.frameSize - 16
}

// prologue checks the stack, makes the frame and saves registers. The
// stack check of a function that calls also stops an interrupted call
// chain (exec.Context.Interrupt raises the limit), so that recursion
// without loops stops too. A leaf function (no calls) keeps X26 as it is
// and checks the epoch only at its loop headers; with a frame of at most
// mach.UncheckedLeafFrame bytes it also skips the stack check, as its
// caller checked that its own frame fits above the red zone, where the
// leaf's frame then lies (exceptions run on SP_EL1 in the kernel and on
// the signal stack in a process, never below this stack pointer).
func (fe *funcEmitter) prologue() {
	e := fe.e
	fe.frames.Framed = false
	defer func() { fe.frames.Framed = true }()
	if fe.frameSize == 0 {
		return
	}
	if fe.Calls || fe.frameSize > mach.UncheckedLeafFrame {
		fe.addSP(scratchA, SP, -fe.frameSize)
		e.ldst(ldrX, scratchB, RegExecContext, exec.OffsetStackLimit)
		e.addReg(opSubs, 8, XZR, scratchA, scratchB, 0)
		fe.trapBranch(ssa.TrapStackOverflow, e.bcond(condLO))
		e.movSP(SP, scratchA)
	} else {
		fe.addSP(SP, SP, -fe.frameSize)
	}
	fe.ldstAny(strX, RegLink, SP, fe.frameSize-8)
	for i, r := range fe.Res.UsedCalleeSaved {
		fe.ldstAny(strX, r, SP, fe.saveBase+int64(i)*8)
	}
	if fe.ReloadsInstance(fe.mod.numImports, fe.mod.tailCalls) {
		fe.ldstAny(strX, RegInstanceContext, SP, fe.selfSlot)
	}
}

// addSP emits d = n + k where n may be SP (and d may be SP), for any k.
func (fe *funcEmitter) addSP(d, n reg, k int64) {
	e := fe.e
	switch {
	case addImmOK(k):
		e.addImm(opAdd, 8, d, n, uint32(k))
	case addImmOK(-k):
		e.addImm(opSub, 8, d, n, uint32(-k))
	default:
		e.movImm(8, tmp, k)
		e.addExt(opAdd, d, n, tmp, extUXTX, 0)
	}
}

// ldstAny loads or stores t at [base + off] for any offset.
func (fe *funcEmitter) ldstAny(op memOp, t, base reg, off int64) {
	e := fe.e
	switch {
	case ldstOK(op, off):
		e.ldst(op, t, base, off)
	case off >= -256 && off < 256:
		e.ldstUnscaled(op, t, base, off)
	default:
		e.movImm(8, tmp, off)
		e.ldstReg(op, t, base, tmp, extUXTX)
	}
}

// epochCheck traps with "interrupted" when Go has asked the call chain to
// stop (exec.Context.Epoch). Loop headers check it; function entries
// that call check the stack instead, whose limit exec.Context.Interrupt
// raises, so a runaway module stops within one loop iteration or call.
func (fe *funcEmitter) epochCheck() {
	e := fe.e
	e.ldst(ldrX, scratchA, RegExecContext, exec.OffsetEpoch)
	fe.trapBranch(ssa.TrapInterrupted, e.cbnz(8, scratchA))
}

// restoreFrame reloads the callee-saved registers and the link register
// and removes the frame, where the code runs with one.
func (fe *funcEmitter) restoreFrame() {
	if fe.frameSize == 0 || !fe.frames.Framed {
		return
	}
	for i, r := range fe.Res.UsedCalleeSaved {
		fe.ldstAny(ldrX, r, SP, fe.saveBase+int64(i)*8)
	}
	fe.ldstAny(ldrX, RegLink, SP, fe.frameSize-8)
	fe.addSP(SP, SP, fe.frameSize)
}

// wordOp is the store (or load) of a register of either class to its
// spill slot: 8 bytes, or 16 for a float register in a function with
// v128 values.
func (fe *funcEmitter) wordOp(r reg, store bool) memOp {
	switch {
	case r >= V0 && fe.V128 && store:
		return strQ
	case r >= V0 && fe.V128:
		return ldrQ
	case r >= V0 && store:
		return strD
	case r >= V0:
		return ldrD
	case store:
		return strX
	}
	return ldrX
}

// slotAt returns the SP offset of spill slot l of the int or float class.
func (fe *funcEmitter) slotAt(l regalloc.Location, float bool) int64 {
	if float {
		return fe.floatBase + int64(l.Slot)*int64(fe.FloatSlotBytes())
	}
	return fe.spillBase + int64(l.Slot)*8
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
	}
	fe.ldstAny(fe.wordOp(scratch, false), scratch, SP, fe.slotAt(l, fe.isFloat(v)))
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
	l := fe.Res.Locations[v]
	if !l.Spilled {
		return
	}
	fe.ldstAny(fe.wordOp(r, true), r, SP, fe.slotAt(l, fe.isFloat(v)))
}

// moveTo copies v's value into register r of v's class.
func (fe *funcEmitter) moveTo(r reg, v regalloc.VReg) {
	src := fe.use(v, r)
	if src == r {
		return
	}
	if fe.isFloat(v) {
		fe.e.fmov(r, src)
		return
	}
	fe.e.mov(8, r, src)
}

// intCond maps an integer comparison to a condition code.
func intCond(c ssa.Cond) cond {
	switch c {
	case ssa.CondEq:
		return condEQ
	case ssa.CondNe:
		return condNE
	case ssa.CondSLt:
		return condLT
	case ssa.CondSLe:
		return condLE
	case ssa.CondSGt:
		return condGT
	case ssa.CondSGe:
		return condGE
	case ssa.CondULt:
		return condLO
	case ssa.CondULe:
		return condLS
	case ssa.CondUGt:
		return condHI
	case ssa.CondUGe:
		return condHS
	}
	panic("arm64: integer condition expected")
}

// trapBranch records a branch to the stub of a trap code.
func (fe *funcEmitter) trapBranch(code ssa.TrapCode, at int) {
	k := mach.TrapStub{Code: code, Framed: fe.frames.Framed}
	fe.trapStubs[k] = append(fe.trapStubs[k], at)
}

func (fe *funcEmitter) instr(m *mach.Instr, block int) {
	e := fe.e
	if m.Op != mach.OpLoad && m.Op != mach.OpStore {
		fe.addressIn = mach.NoVReg
	}
	switch m.Op {
	case mach.OpMovImm:
		d := fe.def(m.Dst)
		e.movImm(m.Size, d, m.Imm)
		fe.finish(m.Dst, d)
	case mach.OpMov:
		d := fe.def(m.Dst)
		e.mov(m.Size, d, fe.use(m.A, scratchB))
		fe.finish(m.Dst, d)
	case mach.OpCopy:
		fe.moves([]regalloc.VReg{m.Dst}, []regalloc.VReg{m.A})
	case mach.OpParams:
	case mach.OpAlu:
		if m.C != mach.NoVReg { // a & ^c: bic
			d := fe.def(m.Dst)
			e.logicReg(opAnd, m.Size, d, fe.use(m.A, scratchA), fe.use(m.C, scratchB), true)
			fe.finish(m.Dst, d)
			break
		}
		fe.alu(m)
	case mach.OpDiv:
		fe.div(m)
	case mach.OpMulHigh:
		fe.mulHigh(m)
	case mach.OpShift:
		fe.shift(m)
	case mach.OpBitCount:
		fe.bitCount(m)
	case mach.OpCmpSet:
		fe.compare(m)
		d := fe.def(m.Dst)
		if m.C != mach.NoVReg {
			fe.compareSum(m, d)
			break
		}
		e.cset(d, intCond(m.Cond))
		fe.finish(m.Dst, d) // a store leaves the flags alone
		fe.cond = mach.CondFlags{V: m.Dst, Code: uint8(intCond(m.Cond)), End: e.pos()}
	case mach.OpSelect:
		if m.Size == 16 {
			fe.vecSelect(m)
			return
		}
		start := e.pos()
		_, claimed := fe.cond.Of(m.C, start)
		cc := fe.selectCond(m.C)
		d := fe.def(m.Dst)
		a, b := fe.use(m.A, scratchA), fe.use(m.B, scratchB) // loads leave the flags alone
		if m.Float {
			e.fcsel(8, d, a, b, cc)
		} else {
			e.csel(m.Size, d, a, b, cc)
		}
		fe.finish(m.Dst, d)
		if claimed {
			fe.cond.Keep(start, e.pos()) // the next select on it reads the flags too
		}
	case mach.OpSelectCmp:
		fe.selectCmp(m)
	case mach.OpExtend:
		d := fe.def(m.Dst)
		e.sbfm(m.Size, d, fe.use(m.A, scratchB), 0, uint32(m.Imm-1))
		fe.finish(m.Dst, d)
	case mach.OpLoad, mach.OpStore:
		fe.memoryAccess(m)
	case mach.OpGlobalGet, mach.OpGlobalSet:
		off := fe.globalCell(m)
		op := scalarOp(m.Size, m.Float, m.Op == mach.OpGlobalSet)
		if m.Op == mach.OpGlobalSet {
			fe.ldstAny(op, fe.use(m.A, scratchC), scratchB, off)
			return
		}
		d := fe.def(m.Dst)
		fe.ldstAny(op, d, scratchB, off)
		fe.finish(m.Dst, d)
	case mach.OpParamLoad, mach.OpResultLoad:
		off := m.Imm * 8
		if m.Op == mach.OpParamLoad {
			off += fe.frameSize
		}
		d := fe.def(m.Dst)
		fe.ldstAny(scalarOp(m.Size, m.Float, false), d, SP, off)
		fe.finish(m.Dst, d)
	case mach.OpArgStore, mach.OpRetStore:
		off := m.Imm * 8
		if m.Op == mach.OpRetStore {
			off += fe.frameSize
		}
		a := fe.use(m.A, scratchB)
		fe.ldstAny(argOp(m.Size, a, true), a, SP, off)
	case mach.OpFconst:
		d := fe.def(m.Dst)
		if m.Size == 16 {
			fe.vecConst(d, uint64(m.Imm), uint64(m.Imm2))
		} else if m.Imm == 0 {
			e.fmovToFloat(8, d, XZR)
		} else {
			fe.constants[uint64(m.Imm)] = append(fe.constants[uint64(m.Imm)], e.ldrLiteral(m.Size, d))
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
		fe.restoreFrame()
		e.ret()
	case mach.OpCall:
		fe.call(uint32(m.Imm))
	case mach.OpArgStoreImm:
		e.movImm(8, scratchA, m.Imm)
		fe.ldstAny(strX, scratchA, SP, int64(m.Table)*8)
	case mach.OpCallIndirect:
		fe.callIndirect(m)
	case mach.OpTailCall, mach.OpTailCallIndirect:
		fe.tailCall(m)
	case mach.OpRuntimeCall:
		fe.mod.runtimeCalls = append(fe.mod.runtimeCalls, callFixup{at: e.bl(), fn: uint32(m.Imm)})
		e.ldst(ldrX, RegMemoryBase, RegInstanceContext, exec.OffsetMemBase)
	case mach.OpCounterClock:
		fe.counterClock(m)
	case mach.OpMemSize:
		d := fe.def(m.Dst)
		e.ldst(ldrX, d, RegInstanceContext, exec.OffsetMemLen)
		if m.Imm != 0 {
			e.ubfm(8, d, d, uint32(m.Imm), 63) // >> imm
		}
		fe.finish(m.Dst, d)
	case mach.OpJump:
		fe.edge(m.Edges[0], block)
	case mach.OpBrif:
		if cc, ok := fe.cond.Of(m.A, e.pos()); ok {
			fe.branch2(m, block, true, func(taken bool) int {
				if taken {
					return e.bcond(cond(cc))
				}
				return e.bcond(cond(cc).invert())
			})
			return
		}
		c := fe.use(m.A, scratchB)
		fe.branch2(m, block, false, func(taken bool) int {
			if taken {
				return e.cbnz(4, c)
			}
			return e.cbz(4, c)
		})
	case mach.OpBrCmp:
		c := fe.compareCond(m)
		fe.branch2(m, block, true, func(taken bool) int {
			if taken {
				return e.bcond(c)
			}
			return e.bcond(c.invert())
		})
	case mach.OpBrTable:
		fe.brTable(m)
	case mach.OpMemCopy:
		fe.memoryCopy(m)
	case mach.OpMemFill:
		fe.memoryFill(m)
	case mach.OpTrap:
		fe.trapBranch(m.Trap, e.branch())
	case mach.OpTrapIf:
		fe.trapBranch(m.Trap, e.cbnz(4, fe.use(m.A, scratchB)))
	case mach.OpVec:
		fe.simd(m)
	case mach.OpVmem:
		fe.simdMemory(m)
	default:
		panic(fmt.Sprintf("arm64: cannot emit %s", m.Op))
	}
}

// patchHere points a forward branch within the function at the next
// instruction.
func (fe *funcEmitter) patchHere(at int) {
	if !fe.e.patchBranch(at, fe.e.pos()) {
		panic("arm64: branch out of range") // forward branches over one block's moves
	}
}

// scalarOp is the load or store of a value of size bytes in a general or
// float register (16: a whole vector register).
func scalarOp(size uint8, float, store bool) memOp {
	switch {
	case size == 16 && store:
		return strQ
	case size == 16:
		return ldrQ
	}
	op := memOp{size: size, opc: 1, vector: float}
	if store {
		op.opc = 0
	}
	return op
}

// argOp is the store (or load) of a value of size bytes in register r
// to an argument area: one 8-byte word, or two for a v128.
func argOp(size uint8, r reg, store bool) memOp {
	if size == 16 {
		return scalarOp(16, true, store)
	}
	return scalarOp(8, r >= V0, store)
}

// alu emits add, sub, mul, and, or, xor with a register or an immediate.
func (fe *funcEmitter) alu(m *mach.Instr) {
	e := fe.e
	d := fe.def(m.Dst)
	a := fe.use(m.A, scratchA)
	if m.AddrLea { // a + idx*scale + adisp
		shift := uint32(0)
		for s := m.Scale; s > 1; s >>= 1 {
			shift++
		}
		e.addReg(opAdd, m.Size, d, a, fe.use(m.Idx, scratchB), shift)
		fe.addDisp(m.Size, d, int64(m.ADisp))
		fe.finish(m.Dst, d)
		return
	}
	var b reg
	if m.BImm {
		imm := m.Imm
		if m.Size == 4 {
			imm = int64(int32(imm))
		}
		switch m.Sub {
		case ssa.OpIadd, ssa.OpIsub:
			if m.Sub == ssa.OpIsub {
				imm = -imm
			}
			switch {
			case addImmOK(imm):
				e.addImm(opAdd, m.Size, d, a, uint32(imm))
				fe.finish(m.Dst, d)
				return
			case addImmOK(-imm):
				e.addImm(opSub, m.Size, d, a, uint32(-imm))
				fe.finish(m.Dst, d)
				return
			}
			if m.Sub == ssa.OpIsub {
				imm = -imm
			}
		case ssa.OpBand, ssa.OpBor, ssa.OpBxor:
			if nb, r, s, ok := bitmask(uint64(imm), m.Size); ok {
				e.logicImm(logicOps[m.Sub], m.Size, d, a, nb, r, s)
				fe.finish(m.Dst, d)
				return
			}
		}
		e.movImm(m.Size, scratchB, imm)
		b = scratchB
	} else {
		b = fe.use(m.B, scratchB)
	}
	switch m.Sub {
	case ssa.OpIadd:
		e.addReg(opAdd, m.Size, d, a, b, 0)
	case ssa.OpIsub:
		e.addReg(opSub, m.Size, d, a, b, 0)
	case ssa.OpImul:
		e.madd(m.Size, d, a, b, XZR)
	default:
		e.logicReg(logicOps[m.Sub], m.Size, d, a, b, false)
	}
	fe.finish(m.Dst, d)
}

// addDisp adds the constant c to d (nothing for 0).
func (fe *funcEmitter) addDisp(size uint8, d reg, c int64) {
	switch {
	case c == 0:
	case addImmOK(c):
		fe.e.addImm(opAdd, size, d, d, uint32(c))
	case addImmOK(-c):
		fe.e.addImm(opSub, size, d, d, uint32(-c))
	default:
		fe.e.movImm(size, scratchB, c)
		fe.e.addReg(opAdd, size, d, d, scratchB, 0)
	}
}

var logicOps = map[ssa.Op]logicOp{ssa.OpBand: opAnd, ssa.OpBor: opOrr, ssa.OpBxor: opEor}

// test sets the flags from a & b, or a & the immediate (tst): Z when
// no bit is set in both.
func (fe *funcEmitter) test(m *mach.Instr, a reg) {
	e := fe.e
	if !m.BImm {
		e.logicReg(opAnds, m.Size, XZR, a, fe.use(m.B, scratchB), false)
		return
	}
	if nb, r, s, ok := bitmask(uint64(m.Imm), m.Size); ok {
		e.logicImm(opAnds, m.Size, XZR, a, nb, r, s)
		return
	}
	e.movImm(m.Size, scratchB, m.Imm)
	e.logicReg(opAnds, m.Size, XZR, a, scratchB, false)
}

// compare sets the flags from a compared with b or the immediate, or,
// with Sub OpBand, from a & b (test).
func (fe *funcEmitter) compare(m *mach.Instr) {
	e := fe.e
	a := fe.use(m.A, scratchA)
	if m.Sub == ssa.OpBand {
		fe.test(m, a)
		return
	}
	if m.Sub == ssa.OpUshr { // bit b of a: shift it down, test bit 0
		e.twoSource(opLsrv, m.Size, scratchC, a, fe.use(m.B, scratchB))
		nb, r, s, _ := bitmask(1, m.Size)
		e.logicImm(opAnds, m.Size, XZR, scratchC, nb, r, s)
		return
	}
	if m.BImm {
		imm := m.Imm
		if m.Size == 4 {
			imm = int64(int32(imm))
		}
		switch {
		case addImmOK(imm):
			e.addImm(opSubs, m.Size, XZR, a, uint32(imm))
			return
		case addImmOK(-imm):
			e.addImm(opAdds, m.Size, XZR, a, uint32(-imm))
			return
		}
		e.movImm(m.Size, scratchB, imm)
		e.addReg(opSubs, m.Size, XZR, a, scratchB, 0)
		return
	}
	e.addReg(opSubs, m.Size, XZR, a, fe.use(m.B, scratchB), 0)
}

// div emits integer division and remainder with the WebAssembly traps
// (the hardware returns 0 for a zero divisor and wraps MIN / -1).
func (fe *funcEmitter) div(m *mach.Instr) {
	e := fe.e
	a, b := fe.use(m.A, scratchA), fe.use(m.B, scratchB)
	fe.trapBranch(ssa.TrapIntegerDivideByZero, e.cbz(m.Size, b))
	if m.Signed && !m.Rem {
		e.addImm(opAdds, m.Size, XZR, b, 1) // b == -1?
		notMinusOne := e.bcond(condNE)
		min := int64(-1 << 31)
		if m.Size == 8 {
			min = -1 << 63
		}
		e.movImm(m.Size, scratchC, min)
		e.addReg(opSubs, m.Size, XZR, a, scratchC, 0)
		fe.trapBranch(ssa.TrapIntegerOverflow, e.bcond(condEQ))
		fe.patchHere(notMinusOne)
	}
	op := opUdiv
	if m.Signed {
		op = opSdiv
	}
	d := fe.def(m.Dst)
	if !m.Rem {
		e.twoSource(op, m.Size, d, a, b)
		fe.finish(m.Dst, d)
		return
	}
	e.twoSource(op, m.Size, scratchC, a, b)
	e.msub(m.Size, d, scratchC, b, a) // a - (a/b)*b
	fe.finish(m.Dst, d)
}

// shift emits shifts and rotations by a register or a constant.
func (fe *funcEmitter) shift(m *mach.Instr) {
	e := fe.e
	d := fe.def(m.Dst)
	a := fe.use(m.A, scratchA)
	width := uint32(m.Size) * 8
	if m.BImm {
		k := uint32(m.Imm) & (width - 1)
		switch m.Sub {
		case ssa.OpIshl:
			e.ubfm(m.Size, d, a, (width-k)%width, width-1-k)
		case ssa.OpUshr:
			e.ubfm(m.Size, d, a, k, width-1)
		case ssa.OpSshr:
			e.sbfm(m.Size, d, a, k, width-1)
		case ssa.OpRotr:
			e.extr(m.Size, d, a, a, k)
		case ssa.OpRotl:
			e.extr(m.Size, d, a, a, (width-k)%width)
		}
		fe.finish(m.Dst, d)
		return
	}
	b := fe.use(m.B, scratchB)
	switch m.Sub {
	case ssa.OpIshl:
		e.twoSource(opLslv, m.Size, d, a, b)
	case ssa.OpUshr:
		e.twoSource(opLsrv, m.Size, d, a, b)
	case ssa.OpSshr:
		e.twoSource(opAsrv, m.Size, d, a, b)
	case ssa.OpRotr:
		e.twoSource(opRorv, m.Size, d, a, b)
	case ssa.OpRotl:
		e.addReg(opSub, m.Size, scratchC, XZR, b, 0) // rotate right by -b
		e.twoSource(opRorv, m.Size, d, a, scratchC)
	}
	fe.finish(m.Dst, d)
}

// bitCount emits clz, ctz (bit reverse, then clz) and popcnt (through
// the vector unit's per-byte count).
func (fe *funcEmitter) bitCount(m *mach.Instr) {
	e := fe.e
	d := fe.def(m.Dst)
	a := fe.use(m.A, scratchB)
	switch m.Sub {
	case ssa.OpClz:
		e.oneSource(opClz, m.Size, d, a)
	case ssa.OpBswap:
		op := opRev32
		if m.Size == 8 {
			op = opRev64
		}
		e.oneSource(op, m.Size, d, a)
	case ssa.OpCtz:
		e.oneSource(opRbit, m.Size, scratchC, a)
		e.oneSource(opClz, m.Size, d, scratchC)
	case ssa.OpPopcnt:
		t := floatScratch(scratchA)
		e.fmovToFloat(m.Size, t, a)
		e.vec2(vCnt, arr8B, t, t)
		e.vec2(vAddv, arr8B, t, t)
		e.fmovToInt(4, d, t)
	}
	fe.finish(m.Dst, d)
}

// branch2 ends a two-way branch: to Edges[0] when the condition holds,
// else to Edges[1]; jump(true) emits the branch taken when it holds,
// jump(false) the one taken when it does not. An edge without moves is a
// conditional branch straight to its target; otherwise the moves sit on
// the path they belong to, or, on a loop's back edge, before a branch
// that tests the flags (onFlags), which moves leave alone
// (mach.Allocation.HoistsLatchMoves).
func (fe *funcEmitter) branch2(m *mach.Instr, block int, onFlags bool, jump func(holds bool) int) {
	taken, other, holds := m.Edges[0], m.Edges[1], true
	if fe.InvertBranch(taken, other, block, fe.loopHeaders) {
		taken, other, holds = other, taken, false
	}
	if onFlags && fe.HoistsLatchMoves(taken, other, block, fe.loopHeaders) {
		fe.moves(other.Dsts, other.Srcs)
		target, _ := fe.JumpTarget(block, other.Target, fe.loopHeaders)
		fe.jumpFixup(fixup{at: jump(!holds), block: target})
		fe.edge(taken, block)
		return
	}
	if fe.NoMoves(taken) {
		if fe.MovesOutOfLine(taken, other, block, fe.loopHeaders) {
			fe.edgeStubs = append(fe.edgeStubs, edgeStub{at: jump(!holds), edge: other, framed: fe.frames.Framed})
			fe.edge(taken, block) // falls through, unless it leaves the frame
			return
		}
		fe.jumpFixup(fixup{at: jump(holds), block: fe.Threaded(taken.Target, fe.loopHeaders)})
		fe.edge(other, block)
		return
	}
	toOther := jump(!holds)
	fe.edge(taken, -2) // the other edge follows: always branch
	fe.patchHere(toOther)
	fe.edge(other, block)
}

// edge performs an edge's moves and branches to its target, omitting the
// branch to the next block.
func (fe *funcEmitter) edge(ed mach.Edge, block int) {
	fe.moves(ed.Dsts, ed.Srcs)
	for i := range ed.Consts {
		fe.instr(&ed.Consts[i], block)
	}
	target, fallsThrough := fe.JumpTarget(block, ed.Target, fe.loopHeaders)
	if fe.frames.Leaves(target) || fe.frames.BareReturn(fe.Allocation, target, fallsThrough) {
		fe.returnBlock(target)
		return
	}
	if fallsThrough {
		return
	}
	fe.jumpFixup(fixup{at: fe.e.branch(), block: target})
}

// moves performs dsts[i] = srcs[i] for all i at once.
func (fe *funcEmitter) moves(dsts, srcs []regalloc.VReg) {
	mach.ParallelMove(fe.Allocation, dsts, srcs, func(float bool) reg {
		if float {
			return floatScratch(scratchC)
		}
		return scratchC
	}, fe.copyLocation)
}

// copyLocation emits one copy between registers and spill slots.
func (fe *funcEmitter) copyLocation(mv mach.Move) {
	d, s := mv.Dst, mv.Src
	switch {
	case !d.Spilled && !s.Spilled && mv.Wide:
		fe.e.vmov(d.Reg, s.Reg)
	case !d.Spilled && !s.Spilled && mv.Float:
		fe.e.fmov(d.Reg, s.Reg)
	case !d.Spilled && !s.Spilled:
		fe.e.mov(8, d.Reg, s.Reg)
	case !d.Spilled:
		fe.ldstAny(fe.wordOp(d.Reg, false), d.Reg, SP, fe.slotAt(s, mv.Float))
	case !s.Spilled:
		fe.ldstAny(fe.wordOp(s.Reg, true), s.Reg, SP, fe.slotAt(d, mv.Float))
	case mv.Float:
		t := floatScratch(scratchA)
		fe.ldstAny(fe.wordOp(t, false), t, SP, fe.slotAt(s, true))
		fe.ldstAny(fe.wordOp(t, true), t, SP, fe.slotAt(d, true))
	default:
		fe.ldstAny(ldrX, scratchA, SP, fe.slotAt(s, false))
		fe.ldstAny(strX, scratchA, SP, fe.slotAt(d, false))
	}
}

// brTable branches through a table of 32-bit offsets (from the table's
// start) to one stub per edge, which does the edge's moves.
func (fe *funcEmitter) brTable(m *mach.Instr) {
	e := fe.e
	n := int64(len(m.Edges) - 1) // the last edge is the default
	e.mov(4, scratchA, fe.use(m.A, scratchA))
	if n < 4096 {
		e.addImm(opSubs, 4, XZR, scratchA, uint32(n))
	} else {
		e.movImm(4, scratchB, n)
		e.addReg(opSubs, 4, XZR, scratchA, scratchB, 0)
	}
	// An index past the cases branches to the default's code: a
	// predicted branch keeps the table load off the compare, where a
	// clamp to a default entry (csel) would put it. The default's moves,
	// if any, come first, so that the branch over them stays short.
	if def := m.Edges[n]; fe.NoMoves(def) {
		fe.jumpFixup(fixup{at: e.bcond(condHS), block: fe.Threaded(def.Target, fe.loopHeaders)})
	} else {
		inRange := e.bcond(condLO)
		fe.edge(def, -2) // always branch
		fe.patchHere(inRange)
	}
	tableRef := e.adr(scratchB)
	e.word(0x38200800 | ldrW.bits() | rn(scratchA)<<16 | extUXTX<<13 | 1<<12 | rn(scratchB)<<5 | rn(tmp)) // ldr w15, [x17, x16, lsl #2]
	e.addExt(opAdd, scratchB, scratchB, tmp, extSXTW, 0)
	e.br(scratchB)
	table := e.pos()
	e.patchAdr(tableRef, table)
	for range n {
		e.word(0)
	}
	for i, ed := range m.Edges[:n] {
		if fe.NoMoves(ed) { // the entry points at the target itself
			fe.jumpFixup(fixup{at: table + 4*i, block: fe.Threaded(ed.Target, fe.loopHeaders), table: table, entry: true})
			continue
		}
		e.put(table+4*i, uint32(e.pos()-table))
		fe.edge(ed, -2) // always branch
	}
}

// memoryAccess emits a load or store of linear memory 0: checked against
// the memory's length, or, in guard-region mode, unchecked (an access
// outside faults in the guard and the fault handler makes it a trap).
func (fe *funcEmitter) memoryAccess(m *mach.Instr) {
	e := fe.e
	size := int64(m.Acc.Size())
	op := accessOp(m)
	var value reg // the register stored, or loaded into
	if m.Op == mach.OpLoad {
		value = fe.def(m.Dst)
	}
	store := func(base, index reg, ext uint32) {
		if m.Op == mach.OpStore {
			value = fe.use(m.B, scratchB)
		}
		e.ldstReg(op, value, base, index, ext)
	}
	off := m.Imm
	cached := fe.addressIn
	fe.addressIn = mach.NoVReg // every path below but one clobbers scratchA
	if c := int64(m.ADisp) + off; fe.mod.guard && m.AddrLea && m.A == mach.NoVReg && m.Idx == mach.NoVReg && ldstOK(op, c) {
		// A constant address within the access's immediate offsets:
		// one instruction at that offset from the memory base.
		if m.Op == mach.OpStore {
			value = fe.use(m.B, scratchB)
		}
		e.ldst(op, value, RegMemoryBase, c)
		fe.finishLoad(m, value)
		return
	}
	if fe.mod.guard && !m.AddrLea && off == 0 {
		// One instruction: base + zero-extended 32-bit address.
		store(RegMemoryBase, fe.use(m.A, scratchA), extUXTW)
		if value != scratchA && !fe.Res.Locations[m.A].Spilled {
			fe.addressIn = cached // scratchA untouched
		}
		fe.finishLoad(m, value)
		return
	}
	if fe.mod.guard && !m.AddrLea && ldstOK(op, off) {
		// Two instructions: the address into scratchA, the offset in the
		// access; the next access through the same value reuses it.
		if cached != m.A || fe.Res.Locations[m.A].Spilled {
			e.addExt(opAdd, scratchA, RegMemoryBase, fe.use(m.A, scratchA), extUXTW, 0)
		}
		fe.addressIn = m.A
		if m.Op == mach.OpStore {
			value = fe.use(m.B, scratchB)
		}
		e.ldst(op, value, scratchA, off)
		if value == scratchA {
			fe.addressIn = mach.NoVReg // a spilled result went through it
		}
		fe.finishLoad(m, value)
		return
	}
	fe.checkedAddress(m, size)
	store(RegMemoryBase, scratchA, extUXTX)
	fe.finishLoad(m, value)
}

// checkedAddress sets scratchA to the offset in linear memory of an
// access of size bytes: the zero-extended 32-bit address plus the static
// offset, checked against the memory's length unless guard regions catch
// what lies outside.
func (fe *funcEmitter) checkedAddress(m *mach.Instr, size int64) {
	e := fe.e
	off := m.Imm
	if m.AddrLea && m.A == mach.NoVReg && m.Idx == mach.NoVReg {
		// A constant address, offset included, below 2^31.
		e.movImm(8, scratchA, int64(m.ADisp)+off)
		off = 0
	} else {
		fe.address(m)
	}
	if off != 0 {
		if addImmOK(off) {
			e.addImm(opAdd, 8, scratchA, scratchA, uint32(off))
		} else {
			e.movImm(8, scratchB, off)
			e.addReg(opAdd, 8, scratchA, scratchA, scratchB, 0)
		}
	}
	if !fe.mod.guard && !m.InBounds {
		e.addImm(opAdd, 8, scratchB, scratchA, uint32(size))
		e.ldst(ldrX, tmp, RegInstanceContext, exec.OffsetMemLen)
		e.addReg(opSubs, 8, XZR, scratchB, tmp, 0)
		fe.trapBranch(ssa.TrapMemoryOutOfBounds, e.bcond(condHI))
	}
}

// finishLoad stores a spilled load result.
func (fe *funcEmitter) finishLoad(m *mach.Instr, value reg) {
	if m.Op == mach.OpLoad {
		fe.finish(m.Dst, value)
	}
}

// address sets scratchA to a memory access's 32-bit address, zero-extended:
// one register, or the planned sum a + idx*scale + adisp wrapping at 32
// bits.
func (fe *funcEmitter) address(m *mach.Instr) {
	e := fe.e
	a := XZR // a constant base sits in the displacement
	if m.A != mach.NoVReg {
		a = fe.use(m.A, scratchA)
	}
	if !m.AddrLea {
		e.mov(4, scratchA, a)
		return
	}
	if m.Idx != mach.NoVReg {
		shift := uint32(0)
		for s := m.Scale; s > 1; s >>= 1 {
			shift++
		}
		e.addReg(opAdd, 4, scratchA, a, fe.use(m.Idx, scratchB), shift)
	} else {
		e.mov(4, scratchA, a)
	}
	disp := int64(m.ADisp)
	switch {
	case disp == 0:
	case addImmOK(disp):
		e.addImm(opAdd, 4, scratchA, scratchA, uint32(disp))
	case addImmOK(-disp):
		e.addImm(opSub, 4, scratchA, scratchA, uint32(-disp))
	default:
		e.movImm(4, scratchB, disp)
		e.addReg(opAdd, 4, scratchA, scratchA, scratchB, 0)
	}
}

// accessOp is the load or store instruction of a memory access.
func accessOp(m *mach.Instr) memOp {
	size := uint8(m.Acc.Size())
	if m.Op == mach.OpStore {
		return scalarOp(size, m.Float, true)
	}
	switch m.Acc {
	case ssa.Mem8S:
		if m.Size == 8 {
			return ldrsBX
		}
		return ldrsBW
	case ssa.Mem16S:
		if m.Size == 8 {
			return ldrsHX
		}
		return ldrsHW
	case ssa.Mem32S:
		return ldrsWX
	}
	return scalarOp(size, m.Float, false)
}

// emitConstants places the function's float constants after its code,
// aligned, in a stable order, and points their loads at them (a function
// is far below the 1 MiB a literal load reaches).
func (fe *funcEmitter) emitConstants() {
	fe.emitVectorConstants()
	if len(fe.constants) == 0 {
		return
	}
	bits := make([]uint64, 0, len(fe.constants))
	for b := range fe.constants {
		bits = append(bits, b)
	}
	slices.Sort(bits)
	for fe.e.pos()%8 != 0 {
		fe.e.brk()
	}
	for _, b := range bits {
		for _, at := range fe.constants[b] {
			fe.e.patchBranch(at, fe.e.pos())
		}
		fe.e.word(uint32(b))
		fe.e.word(uint32(b >> 32))
	}
}

// globalCell puts in scratchB the base of the cell of global access m's
// global and returns the cell's offset from it: an imported global's cell
// through the context's pointer array, one of the module's own at its
// offset from the context's DefinedGlobals.
func (fe *funcEmitter) globalCell(m *mach.Instr) int64 {
	e := fe.e
	if m.ImportedGlobal {
		e.ldst(ldrX, scratchB, RegInstanceContext, exec.OffsetGlobals)
		fe.ldstAny(ldrX, scratchB, scratchB, m.Imm*8)
		return 0
	}
	e.ldst(ldrX, scratchB, RegInstanceContext, exec.OffsetDefinedGlobals)
	return m.Imm
}
