package amd64

import (
	"fmt"
	"strings"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// mblock is a lowered block.
type mblock struct {
	ssaID  ssa.BlockID
	instrs []minst
	succs  []int
}

// lowered is a function after instruction selection.
type lowered struct {
	f        *ssa.Func
	blocks   []mblock
	classes  []regalloc.Class // per virtual register
	outgoing int              // words of outgoing argument area
	index    map[ssa.BlockID]int
	// consts are the constants of the function: they are not computed
	// where defined but rematerialized at each use (an immediate operand
	// where the instruction takes one), so that no register holds a
	// constant across the function.
	consts map[ssa.Value]*ssa.Instr
	// uses counts the uses of each value (operands and block arguments).
	uses []int
	// fused holds the comparisons that their block's conditional branch
	// performs itself (compare and branch).
	fused map[ssa.Value]*ssa.Instr
	// inAddress holds the additions and shifts that the memory access
	// using them computes with one 32-bit lea.
	inAddress map[ssa.Value]bool
	// calls says whether the function calls anything (functions, the
	// engine, tail calls); a leaf function needs no saved R14 and, with
	// an empty frame, no stack check.
	calls bool
}

// lower selects machine instructions for f. SSA value v becomes virtual
// register v.
func lower(f *ssa.Func) (*lowered, error) {
	l := &lowered{f: f, index: map[ssa.BlockID]int{}, consts: map[ssa.Value]*ssa.Instr{},
		uses: make([]int, f.NumValues()), fused: map[ssa.Value]*ssa.Instr{}, inAddress: map[ssa.Value]bool{}}
	l.scan()
	for v := 0; v < f.NumValues(); v++ {
		t := f.TypeOf(ssa.Value(v))
		if t == ssa.TypeV128 {
			return nil, fmt.Errorf("%s: %s values: %w", f.Name, t, errUnsupported)
		}
		l.classes = append(l.classes, classOf(t))
	}
	for _, b := range f.Blocks {
		if len(b.Instrs) == 0 || (b.ID != 0 && len(b.Preds) == 0) {
			continue // empty or unreachable
		}
		l.index[b.ID] = len(l.blocks)
		l.blocks = append(l.blocks, mblock{ssaID: b.ID})
	}
	for i := range l.blocks {
		b := f.Block(l.blocks[i].ssaID)
		if b.ID == 0 {
			for j, p := range b.Params {
				m := mi(mParamLoad)
				m.dst, m.imm, m.size, m.float = regalloc.VReg(p), int64(j), sizeOf(f.TypeOf(p)), isFloat(f.TypeOf(p))
				l.emit(i, m)
			}
		}
		for _, in := range b.Instrs {
			if err := l.instr(i, in); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", f.Name, f.FormatInstr(in), err)
			}
		}
	}
	return l, nil
}

// scan finds the constants, counts uses and picks the comparisons to fuse
// with the branch that ends their block.
func (l *lowered) scan() {
	for _, b := range l.f.Blocks {
		for _, in := range b.Instrs {
			switch in.Op {
			case ssa.OpIconst, ssa.OpF32const, ssa.OpF64const:
				l.consts[in.Results[0]] = in
			}
			for _, a := range in.Args {
				l.uses[a]++
			}
			for _, t := range in.Targets {
				for _, a := range t.Args {
					l.uses[a]++
				}
			}
		}
	}
	for _, b := range l.f.Blocks {
		for _, in := range b.Instrs {
			if (in.Op == ssa.OpLoad || in.Op == ssa.OpStore) && len(in.Args) > 0 {
				l.planAddress(in)
			}
		}
		term := b.Terminator()
		if term == nil || term.Op != ssa.OpBrif {
			continue
		}
		c := term.Args[0]
		if def := l.f.Def(c); def != nil && def.Op == ssa.OpIcmp && def.Block == b.ID && l.uses[c] == 1 {
			l.fused[c] = def
		}
	}
}

// singleUseIn returns v's defining instruction if it is op, in block b,
// used only once.
func (l *lowered) singleUseIn(v ssa.Value, op ssa.Op, b ssa.BlockID) *ssa.Instr {
	def := l.f.Def(v)
	if def == nil || def.Op != op || def.Block != b || l.uses[v] != 1 || def.Type != ssa.TypeI32 {
		return nil
	}
	return def
}

// planAddress decides whether the address of a memory access is an i32
// addition used only there (x + y, x + C or x + (z << 1..3)) that a 32-bit
// lea computes, wrapping as WebAssembly does; the addition and the shift
// are then not lowered on their own.
func (l *lowered) planAddress(access *ssa.Instr) {
	add := l.singleUseIn(access.Args[0], ssa.OpIadd, access.Block)
	if add == nil {
		return
	}
	l.inAddress[add.Results[0]] = true
	for _, operand := range add.Args {
		if shl := l.singleUseIn(operand, ssa.OpIshl, access.Block); shl != nil {
			if k, ok := l.imm32(shl.Args[1], 4); ok && k&31 >= 1 && k&31 <= 3 {
				l.inAddress[operand] = true
				return
			}
		}
	}
}

// address sets the address operands of a memory access m from SSA value
// v: one register, or the parts of a planned lea.
func (l *lowered) address(bi int, m *minst, v ssa.Value) {
	if !l.inAddress[v] {
		m.a = l.reg(bi, v)
		return
	}
	add := l.f.Def(v)
	x, y := add.Args[0], add.Args[1]
	if l.inAddress[x] { // the shifted operand goes second
		x, y = y, x
	}
	m.addrLea, m.scale = true, 1
	m.a = l.reg(bi, x)
	switch c, isConst := l.imm32(y, 4); {
	case l.inAddress[y]:
		shl := l.f.Def(y)
		k, _ := l.imm32(shl.Args[1], 4)
		m.idx, m.scale = l.reg(bi, shl.Args[0]), uint8(1)<<(k&31)
	case isConst:
		m.adisp = int32(c)
	default:
		m.idx = l.reg(bi, y)
	}
}

// reg returns the virtual register holding SSA value v at this point of
// block bi, materializing a constant into a fresh register.
func (l *lowered) reg(bi int, v ssa.Value) regalloc.VReg {
	in, ok := l.consts[v]
	if !ok {
		return regalloc.VReg(v)
	}
	m := mi(mMovImm)
	m.imm, m.size = int64(in.Imm), sizeOf(in.Type)
	if in.Op != ssa.OpIconst {
		m.op, m.float = mFconst, true
	}
	m.dst = l.newVReg(classOf(in.Type))
	l.emit(bi, m)
	return m.dst
}

// imm32 returns v's value if v is an integer constant that an x86
// instruction of the given size can take as a sign-extended 32-bit
// immediate.
func (l *lowered) imm32(v ssa.Value, size uint8) (int64, bool) {
	in, ok := l.consts[v]
	if !ok || in.Op != ssa.OpIconst {
		return 0, false
	}
	x := int64(in.Imm)
	if size == 4 {
		return int64(int32(uint32(x))), true
	}
	return x, x == int64(int32(x))
}

// secondOperand sets m's second operand from v: an immediate when
// possible, else a register.
func (l *lowered) secondOperand(bi int, m *minst, v ssa.Value) {
	if x, ok := l.imm32(v, m.size); ok {
		m.imm, m.bImm = x, true
		return
	}
	m.b = l.reg(bi, v)
}

func classOf(t ssa.Type) regalloc.Class {
	if t == ssa.TypeF32 || t == ssa.TypeF64 || t == ssa.TypeV128 {
		return regalloc.ClassFloat
	}
	return regalloc.ClassInt
}

func isFloat(t ssa.Type) bool { return classOf(t) == regalloc.ClassFloat }

func sizeOf(t ssa.Type) uint8 {
	if t.Bits() == 32 {
		return 4
	}
	return 8
}

func (l *lowered) emit(block int, m minst) {
	l.blocks[block].instrs = append(l.blocks[block].instrs, m)
}

// mi returns an instruction of kind op with no register operands.
func mi(op mop) minst {
	return minst{op: op, dst: noVReg, a: noVReg, b: noVReg, c: noVReg, idx: noVReg}
}

// newVReg makes a temporary virtual register of a class.
func (l *lowered) newVReg(c regalloc.Class) regalloc.VReg {
	l.classes = append(l.classes, c)
	return regalloc.VReg(len(l.classes) - 1)
}

func (l *lowered) edgeTo(bi int, call ssa.BlockCall) edge {
	target := l.f.Block(call.Block)
	e := edge{target: l.index[call.Block]}
	for i, a := range call.Args {
		p := target.Params[i]
		if a == p {
			continue // the parameter passes itself on
		}
		e.dsts = append(e.dsts, regalloc.VReg(p))
		e.srcs = append(e.srcs, l.reg(bi, a))
	}
	return e
}

// errUnsupported marks SSA instructions the backend does not lower yet.
var errUnsupported = fmt.Errorf("not supported by the amd64 backend yet")

func (l *lowered) instr(bi int, in *ssa.Instr) error {
	v := func(i int) regalloc.VReg { return l.reg(bi, in.Args[i]) }
	dst := noVReg
	if len(in.Results) > 0 {
		dst = regalloc.VReg(in.Results[0])
	}
	base := mi(0)
	base.dst = dst
	op := in.Op
	switch op {
	case ssa.OpIconst, ssa.OpF32const, ssa.OpF64const:
		// Rematerialized at each use (l.reg).
	case ssa.OpIadd, ssa.OpIsub, ssa.OpImul, ssa.OpBand, ssa.OpBor, ssa.OpBxor:
		if l.inAddress[in.Results[0]] {
			return nil // computed by the memory access
		}
		m := base
		m.op, m.sub, m.size = mAlu, op, sizeOf(in.Type)
		x, y := in.Args[0], in.Args[1]
		if _, ok := l.imm32(x, m.size); ok && op != ssa.OpIsub {
			x, y = y, x // commutative: the constant goes second
		}
		m.a = l.reg(bi, x)
		l.secondOperand(bi, &m, y)
		l.emit(bi, m)
	case ssa.OpSdiv, ssa.OpUdiv, ssa.OpSrem, ssa.OpUrem:
		m := base
		m.op, m.a, m.b, m.size = mDiv, v(0), v(1), sizeOf(in.Type)
		m.signed = op == ssa.OpSdiv || op == ssa.OpSrem
		m.rem = op == ssa.OpSrem || op == ssa.OpUrem
		l.emit(bi, m)
	case ssa.OpIshl, ssa.OpSshr, ssa.OpUshr, ssa.OpRotl, ssa.OpRotr:
		if l.inAddress[in.Results[0]] {
			return nil // computed by the memory access
		}
		m := base
		m.op, m.sub, m.a, m.size = mShift, op, v(0), sizeOf(in.Type)
		if x, ok := l.imm32(in.Args[1], m.size); ok {
			m.imm, m.bImm = x&int64(m.size*8-1), true // the count is taken modulo the width
		} else {
			m.b = v(1)
		}
		l.emit(bi, m)
	case ssa.OpClz, ssa.OpCtz, ssa.OpPopcnt:
		m := base
		m.op, m.sub, m.a, m.size = mBitCount, op, v(0), sizeOf(in.Type)
		l.emit(bi, m)
	case ssa.OpIcmp:
		if l.fused[in.Results[0]] != nil {
			return nil // the branch compares
		}
		m := base
		m.op, m.cond, m.a, m.size = mCmpSet, in.Cond, v(0), sizeOf(l.f.TypeOf(in.Args[0]))
		l.secondOperand(bi, &m, in.Args[1])
		l.emit(bi, m)
	case ssa.OpSelect:
		m := base
		m.op, m.c, m.a, m.b, m.size, m.float = mSelect, v(0), v(1), v(2), sizeOf(in.Type), isFloat(in.Type)
		l.emit(bi, m)
	case ssa.OpFadd, ssa.OpFsub, ssa.OpFmul, ssa.OpFdiv, ssa.OpFmin, ssa.OpFmax, ssa.OpFcopysign:
		m := base
		m.op, m.sub, m.a, m.b, m.size, m.float = mFalu, op, v(0), v(1), sizeOf(in.Type), true
		l.emit(bi, m)
	case ssa.OpFabs, ssa.OpFneg, ssa.OpFsqrt, ssa.OpFceil, ssa.OpFfloor, ssa.OpFtrunc, ssa.OpFnearest:
		m := base
		m.op, m.sub, m.a, m.size, m.float = mFunary, op, v(0), sizeOf(in.Type), true
		l.emit(bi, m)
	case ssa.OpFcmp:
		m := base
		m.op, m.cond, m.a, m.b, m.size = mFcmp, in.Cond, v(0), v(1), sizeOf(l.f.TypeOf(in.Args[0]))
		l.emit(bi, m)
	case ssa.OpFcvtToSint, ssa.OpFcvtToUint, ssa.OpFcvtToSintSat, ssa.OpFcvtToUintSat,
		ssa.OpFcvtFromSint, ssa.OpFcvtFromUint, ssa.OpFpromote, ssa.OpFdemote, ssa.OpBitcast:
		m := base
		m.op, m.sub, m.a, m.from, m.to = mConvert, op, v(0), l.f.TypeOf(in.Args[0]), in.Type
		m.size = sizeOf(in.Type)
		l.emit(bi, m)
	case ssa.OpIreduce, ssa.OpUextend:
		m := base
		m.op, m.a, m.size = mMov, v(0), 4 // a 32-bit move zero-extends
		l.emit(bi, m)
	case ssa.OpSextend:
		m := base
		m.op, m.a, m.imm, m.size = mExtend, v(0), int64(in.Aux), sizeOf(in.Type)
		l.emit(bi, m)
	case ssa.OpLoad:
		m := base
		m.op, m.imm, m.acc, m.size, m.float = mLoad, int64(in.Imm), ssa.MemAccess(in.Aux), sizeOf(in.Type), isFloat(in.Type)
		l.address(bi, &m, in.Args[0])
		l.emit(bi, m)
	case ssa.OpStore:
		m := base
		m.op, m.b, m.imm, m.acc, m.float = mStore, v(1), int64(in.Imm), ssa.MemAccess(in.Aux), isFloat(l.f.TypeOf(in.Args[1]))
		l.address(bi, &m, in.Args[0])
		l.emit(bi, m)
	case ssa.OpGlobalGet:
		m := base
		m.op, m.imm, m.size, m.float = mGlobalGet, int64(in.Aux), sizeOf(in.Type), isFloat(in.Type)
		l.emit(bi, m)
	case ssa.OpGlobalSet:
		t := l.f.TypeOf(in.Args[0])
		m := base
		m.op, m.a, m.imm, m.size, m.float = mGlobalSet, v(0), int64(in.Aux), sizeOf(t), isFloat(t)
		l.emit(bi, m)
	case ssa.OpCall:
		l.call(bi, in)
	case ssa.OpCallIndirect:
		l.callIndirect(bi, in)
	case ssa.OpReturnCall, ssa.OpReturnCallIndirect:
		l.tailCall(bi, in)
	case ssa.OpTableGet:
		l.runtimeCall(bi, exec.RuntimeTableGet, []int64{int64(in.Aux)}, in, dst)
	case ssa.OpTableSet:
		l.runtimeCall(bi, exec.RuntimeTableSet, []int64{int64(in.Aux)}, in, noVReg)
	case ssa.OpTableSize:
		l.runtimeCall(bi, exec.RuntimeTableSize, []int64{int64(in.Aux)}, in, dst)
	case ssa.OpTableGrow:
		l.runtimeCall(bi, exec.RuntimeTableGrow, []int64{int64(in.Aux)}, in, dst)
	case ssa.OpTableFill:
		l.runtimeCall(bi, exec.RuntimeTableFill, []int64{int64(in.Aux)}, in, noVReg)
	case ssa.OpTableCopy:
		l.runtimeCall(bi, exec.RuntimeTableCopy, []int64{int64(in.Aux), int64(in.Aux2)}, in, noVReg)
	case ssa.OpTableInit:
		l.runtimeCall(bi, exec.RuntimeTableInit, []int64{int64(in.Aux), int64(in.Aux2)}, in, noVReg)
	case ssa.OpElemDrop:
		l.runtimeCall(bi, exec.RuntimeElemDrop, []int64{int64(in.Aux)}, in, noVReg)
	case ssa.OpMemoryInit:
		l.runtimeCall(bi, exec.RuntimeMemoryInit, []int64{int64(in.Aux)}, in, noVReg)
	case ssa.OpDataDrop:
		l.runtimeCall(bi, exec.RuntimeDataDrop, []int64{int64(in.Aux)}, in, noVReg)
	case ssa.OpMemoryCopy, ssa.OpMemoryFill:
		m := base
		m.op, m.a, m.b, m.c = mMemCopy, v(0), v(1), v(2)
		if op == ssa.OpMemoryFill {
			m.op = mMemFill
		}
		l.emit(bi, m)
	case ssa.OpRefFunc:
		l.runtimeCall(bi, exec.RuntimeRefFunc, []int64{int64(in.Aux)}, in, dst)
	case ssa.OpMemorySize:
		m := base
		m.op, m.size = mMemSize, 4
		l.emit(bi, m)
	case ssa.OpMemoryGrow:
		l.runtimeCall(bi, exec.RuntimeMemoryGrow, nil, in, dst)
	case ssa.OpTrapIf:
		m := base
		m.op, m.a, m.trap = mTrapIf, v(0), ssa.TrapCode(in.Aux)
		l.emit(bi, m)
	case ssa.OpTrap:
		m := base
		m.op, m.trap = mTrap, ssa.TrapCode(in.Aux)
		l.emit(bi, m)
		l.blocks[bi].succs = nil
	case ssa.OpReturn:
		for i, a := range in.Args {
			t := l.f.TypeOf(a)
			m := base
			m.op, m.a, m.imm, m.size, m.float = mRetStore, l.reg(bi, a), int64(i), sizeOf(t), isFloat(t)
			l.emit(bi, m)
		}
		m := base
		m.op = mRet
		l.emit(bi, m)
	case ssa.OpJump, ssa.OpBrif, ssa.OpBrTable:
		m := base
		switch op {
		case ssa.OpJump:
			m.op = mJump
		case ssa.OpBrif:
			if cmp := l.fused[in.Args[0]]; cmp != nil {
				m.op, m.cond, m.a, m.size = mBrCmp, cmp.Cond, l.reg(bi, cmp.Args[0]), sizeOf(l.f.TypeOf(cmp.Args[0]))
				l.secondOperand(bi, &m, cmp.Args[1])
			} else {
				m.op, m.a = mBrif, v(0)
			}
		default:
			m.op, m.a = mBrTable, v(0)
		}
		for _, t := range in.Targets {
			e := l.edgeTo(bi, t)
			m.edges = append(m.edges, e)
			l.blocks[bi].succs = append(l.blocks[bi].succs, e.target)
		}
		l.emit(bi, m)
	default:
		return errUnsupported
	}
	return nil
}

// call lowers a direct call: arguments to the outgoing area, the call,
// results from the outgoing area.
func (l *lowered) call(bi int, in *ssa.Instr) {
	call := mi(mCall)
	call.imm = int64(in.Aux)
	l.callThrough(bi, call, in.Args, in.Results)
}

// callThrough stores args in the outgoing area, emits call and loads the
// results.
func (l *lowered) callThrough(bi int, call minst, args, results []ssa.Value) {
	types := make([]ssa.Type, len(results))
	for i, r := range results {
		types[i] = l.f.TypeOf(r)
	}
	l.callThroughTyped(bi, call, args, results, types)
}

// callThroughTyped is callThrough with the result types given: results
// may be fresh virtual registers that have no SSA value.
func (l *lowered) callThroughTyped(bi int, call minst, args, results []ssa.Value, types []ssa.Type) {
	for i, a := range args {
		t := l.f.TypeOf(a)
		m := mi(mArgStore)
		m.a, m.imm, m.size, m.float = l.reg(bi, a), int64(i), sizeOf(t), isFloat(t)
		l.emit(bi, m)
	}
	l.emit(bi, call)
	for i, r := range results {
		m := mi(mResultLoad)
		m.dst, m.imm, m.size, m.float = regalloc.VReg(r), int64(i), sizeOf(types[i]), isFloat(types[i])
		l.emit(bi, m)
	}
	// A callee may tail-call with up to MinArgArea arguments into this
	// area.
	l.outgoing = max(l.outgoing, MinArgArea, len(args), len(results))
	l.calls = true
}

// runtimeCall lowers an operation the engine performs in Go: immediates
// and then the instruction's operands go to the outgoing area, the result
// (if dst is set) comes back in its first word.
func (l *lowered) runtimeCall(bi int, fn uint32, imms []int64, in *ssa.Instr, dst regalloc.VReg) {
	for i, v := range imms {
		m := mi(mArgStoreImm)
		m.imm, m.table = v, uint32(i)
		l.emit(bi, m)
	}
	for i, a := range in.Args {
		m := mi(mArgStore)
		m.a, m.imm, m.size = l.reg(bi, a), int64(len(imms)+i), 8
		l.emit(bi, m)
	}
	call := mi(mRuntimeCall)
	call.imm = int64(fn)
	l.emit(bi, call)
	if dst != noVReg {
		res := mi(mResultLoad)
		res.dst, res.size = dst, sizeOf(l.f.TypeOf(ssa.Value(dst)))
		l.emit(bi, res)
	}
	l.outgoing = max(l.outgoing, len(imms)+len(in.Args), 1)
	l.calls = true
}

// callIndirect lowers call_indirect: the arguments (after the element
// index) go to the outgoing area, the call goes through the table.
func (l *lowered) callIndirect(bi int, in *ssa.Instr) {
	call := mi(mCallIndirect)
	call.a, call.imm, call.table = l.reg(bi, in.Args[0]), int64(in.Aux), in.Aux2
	l.callThrough(bi, call, in.Args[1:], in.Results)
}

// tailCall lowers return_call and return_call_indirect. With at most
// MinArgArea arguments and results the callee reuses this frame's
// incoming area and the call is a jump; otherwise it is a call followed by
// a return (correct results, but the stack grows).
func (l *lowered) tailCall(bi int, in *ssa.Instr) {
	l.calls = true
	args := in.Args
	if in.Op == ssa.OpReturnCallIndirect {
		args = args[1:]
	}
	if len(args) > MinArgArea || len(l.f.Sig.Results) > MinArgArea {
		var results []ssa.Value
		for _, t := range l.f.Sig.Results {
			results = append(results, ssa.Value(len(l.classes)))
			l.classes = append(l.classes, classOf(t))
		}
		call := mi(mCall)
		call.imm = int64(in.Aux)
		if in.Op == ssa.OpReturnCallIndirect {
			call = mi(mCallIndirect)
			call.a, call.imm, call.table = l.reg(bi, in.Args[0]), int64(in.Aux), in.Aux2
		}
		l.callThroughTyped(bi, call, args, results, l.f.Sig.Results)
		for i, r := range results {
			m := mi(mRetStore)
			m.a, m.imm, m.size, m.float = regalloc.VReg(r), int64(i), sizeOf(l.f.Sig.Results[i]), isFloat(l.f.Sig.Results[i])
			l.emit(bi, m)
		}
		l.emit(bi, mi(mRet))
		return
	}
	m := mi(mTailCall)
	m.imm = int64(in.Aux)
	if in.Op == ssa.OpReturnCallIndirect {
		m.op, m.a, m.table = mTailCallIndirect, l.reg(bi, in.Args[0]), in.Aux2
	}
	for _, a := range args {
		m.args = append(m.args, l.reg(bi, a))
	}
	l.emit(bi, m)
}

// loopHeaders marks the targets of back edges: blocks that a block
// reached from them jumps back to, found by depth-first search from the
// entry.
func (l *lowered) loopHeaders() []bool {
	h := make([]bool, len(l.blocks))
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, len(l.blocks))
	type frame struct{ block, next int }
	stack := []frame{{0, 0}}
	state[0] = onPath
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		succs := l.blocks[top.block].succs
		if top.next == len(succs) {
			state[top.block] = done
			stack = stack[:len(stack)-1]
			continue
		}
		s := succs[top.next]
		top.next++
		switch state[s] {
		case onPath:
			h[s] = true
		case unseen:
			state[s] = onPath
			stack = append(stack, frame{s, 0})
		}
	}
	return h
}

// allocation is a lowered function with its register assignment.
type allocation struct {
	*lowered
	res *regalloc.Result
}

// allocate runs the register allocator over l.
func allocate(l *lowered) (*allocation, error) {
	rf := &regalloc.Function{Classes: l.classes}
	for _, b := range l.blocks {
		var rb regalloc.Block
		for i := range b.instrs {
			m := &b.instrs[i]
			rb.Instrs = append(rb.Instrs, regalloc.Instr{Uses: m.uses(), Defs: m.defs(),
				Call: m.op == mCall || m.op == mRuntimeCall || m.op == mCallIndirect, Tied: m.tiedDst()})
		}
		rb.Succs = b.succs
		rf.Blocks = append(rf.Blocks, rb)
	}
	res, err := regalloc.Allocate(rf, registerInfo)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.f.Name, err)
	}
	return &allocation{lowered: l, res: res}, nil
}

// format renders the allocated machine code, for tests.
func (a *allocation) format() string {
	var sb strings.Builder
	loc := func(v regalloc.VReg) string {
		l := a.res.Locations[v]
		if l.Spilled {
			return fmt.Sprintf("[slot%d]", l.Slot)
		}
		return RegName(l.Reg)
	}
	for i, b := range a.blocks {
		fmt.Fprintf(&sb, "L%d:\n", i)
		for j := range b.instrs {
			sb.WriteString("    " + b.instrs[j].format(loc) + "\n")
		}
	}
	return sb.String()
}
