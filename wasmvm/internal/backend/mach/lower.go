package mach

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Block is a lowered block.
type Block struct {
	SSAID  ssa.BlockID
	Instrs []Instr
	Succs  []int
}

// Func is a function after instruction selection.
type Func struct {
	F       *ssa.Func
	Blocks  []Block
	Classes []regalloc.Class // per virtual register
	// Types gives the type of each virtual register: v128 values share
	// the float class with f32 and f64 but take 16 bytes.
	Types    []ssa.Type
	Outgoing int // words of outgoing argument area
	// V128 says that the function has v128 values: its float spill
	// slots are then 16 bytes wide (FloatSlotBytes), and 8 otherwise.
	V128 bool
	// index gives each SSA block's position in Blocks.
	index []int
	// consts are the constants of the function: they are not computed
	// where defined but rematerialized at each use (an immediate operand
	// where the instruction takes one), so that no register holds a
	// constant across the function.
	consts []*ssa.Instr // per value, nil for the others
	// uses counts the uses of each value (operands and block arguments).
	uses []int
	// fused holds the comparisons that their block's conditional branch
	// or select performs itself (compare and branch, compare and select).
	fused map[ssa.Value]*ssa.Instr
	// inAddress holds the additions and shifts that the memory access
	// using them computes as one 32-bit address sum.
	inAddress valueSet
	// loadInto maps an arithmetic instruction to the load it takes as a
	// memory operand; folded holds those loads' results, which are not
	// lowered on their own.
	loadInto map[*ssa.Instr]*ssa.Instr
	folded   valueSet
	// rmw maps the stores lowered as read-modify-writes to their plan
	// (planReadModifyWrite); the plans' loads and operations are in
	// folded.
	rmw map[*ssa.Instr]rmwPlan
	// scaled maps the additions lowered as one scaled addition to their
	// shifted operand's shift (see planScaledAdd).
	scaled map[*ssa.Instr]*ssa.Instr
	// displaced maps the additions of a constant to another addition,
	// lowered as one three-term sum, to that addition (planDisplacedAdd).
	displaced map[*ssa.Instr]*ssa.Instr
	// wraps maps the results of i64-to-i32 wraps that are not lowered to
	// the i64 values they wrap (see planWraps).
	wraps map[ssa.Value]ssa.Value
	// paramBounds memoizes the bounds of block parameters (paramMax).
	paramBounds map[ssa.Value]paramBound
	// paramMins memoizes their lower bounds (paramMin).
	paramMins map[ssa.Value]paramBound
	// memoryBytes holds the shifts that compute the memory's size in
	// bytes from its size in pages (see planMemoryBytes).
	memoryBytes map[*ssa.Instr]bool
	// tests maps the condition of a branch or select to the bitwise and
	// that the branch or select tests itself (x & y compared with zero:
	// the condition is the and, or a fused eq or ne comparison of it with
	// zero); tested holds those ands' results, not lowered on their own.
	tests  map[ssa.Value]*ssa.Instr
	tested valueSet
	// Calls says whether the function calls anything (functions, the
	// engine, tail calls); a leaf function needs no saved instance
	// context and, with an empty frame, no stack check.
	Calls bool
	// FrameBlock is the block at whose start the function sets up its
	// frame, 0 (the entry) unless ShrinkWrap chose a later one.
	FrameBlock int
	// Freq is each block's estimated frequency per call (the entry's is
	// 1), from the static branch prediction (frequency.go).
	Freq []float64
	// Share is the factor by which the register allocator multiplies
	// each block's weight by loop depth (flowGraph.allocationWeight,
	// regalloc.Function.Share).
	Share []float64
	// Fixed pins the virtual registers of arguments and results that
	// travel in registers to those registers (regalloc.Function.Fixed).
	Fixed        map[regalloc.VReg]regalloc.Reg
	argRegisters [2][]regalloc.Reg
	// clobbers is Target.Clobbers.
	clobbers func(*Instr) []regalloc.Reg
	// noTailCalls, numImports and numImportedGlobals are Target's
	// NoTailCalls, NumImports and NumImportedGlobals.
	noTailCalls        bool
	numImports         uint32
	numImportedGlobals uint32
	// constOperands lets float arithmetic take a constant operand from
	// memory (OpFalu with BImm) and integer stores store an immediate
	// (OpStore with BImm), as x86 instructions can (Target.FoldLoads).
	constOperands bool
	// loopConsts are the constants that loops keep in registers, except
	// the loops whose headers registerlessLoops marks
	// (Target.registerlessLoops).
	loopConsts        loopConstants
	registerlessLoops map[ssa.BlockID]bool
	// instrArray is the array the blocks' instruction lists start in
	// (reserveInstrs), returned for reuse when the function is emitted.
	instrArray []Instr
	// spare is, while blocks are lowered, the rest of the array the
	// last block's list is in, for the blocks after it; spareWanted is
	// what reserveInstrs counted for those.
	spare       []Instr
	spareWanted int
	// quotients are the quotients of divisions by constants lowered in
	// the block being lowered (sharedQuotient).
	quotients []loweredQuotient
	// compares are the integer comparisons set as numbers in the block
	// being lowered (negationOfLowered).
	compares []loweredCompare
	// sums maps the additions and ors that perform a comparison
	// themselves to their plan (planCompareSum); the comparisons (and
	// extensions) are in folded.
	sums map[*ssa.Instr]cmpSum
	// rotated holds the shifts right lowered as rotations, their bits
	// rotated in cleared by the and using them (planMaskedShift).
	rotated valueSet
	// narrowed holds the zero extensions of i32 values that are not
	// lowered: their users read the i32 register (narrowExtends).
	narrowed valueSet
	// andNots maps the ands of a complement lowered as one and-not to
	// their operands (planAndNot); the complements are in folded.
	andNots map[*ssa.Instr]andNot
}

// Lower selects machine instructions for f. SSA value v becomes virtual
// register v.
func Lower(f *ssa.Func, t *Target) (*Func, error) {
	nv := f.NumValues()
	l := &Func{F: f, index: make([]int, len(f.Blocks)), consts: make([]*ssa.Instr, nv),
		uses: make([]int, nv), fused: map[ssa.Value]*ssa.Instr{}, inAddress: make(valueSet, nv),
		loadInto: map[*ssa.Instr]*ssa.Instr{}, folded: make(valueSet, nv), rmw: map[*ssa.Instr]rmwPlan{}, memoryBytes: map[*ssa.Instr]bool{}, wraps: map[ssa.Value]ssa.Value{}, scaled: map[*ssa.Instr]*ssa.Instr{},
		displaced: map[*ssa.Instr]*ssa.Instr{},
		tests:     map[ssa.Value]*ssa.Instr{}, tested: make(valueSet, nv),
		Fixed: map[regalloc.VReg]regalloc.Reg{}, argRegisters: t.ArgRegisters, clobbers: t.Clobbers,
		noTailCalls: t.NoTailCalls, numImports: t.NumImports, numImportedGlobals: t.NumImportedGlobals, constOperands: t.FoldLoads,
		registerlessLoops: t.registerlessLoops}
	l.scan()
	if t.FoldLoads {
		l.planReadModifyWrite()
		l.planFolds()
	}
	if t.FoldVectorLoads {
		l.planVectorFolds()
	}
	l.planTests()
	l.planOperands()
	// A register per value, and as many again for the temporaries.
	l.Classes, l.Types = make([]regalloc.Class, 0, 2*nv), make([]ssa.Type, 0, 2*nv)
	for v := 0; v < f.NumValues(); v++ {
		typ := f.TypeOf(ssa.Value(v))
		if typ == ssa.TypeV128 {
			if !t.SIMD {
				return nil, fmt.Errorf("%s: %s values: %w", f.Name, typ, ErrUnsupported)
			}
			l.V128 = true
		}
		l.newVReg(typ)
	}
	g := newFlowGraph(f)
	l.planLoopConstants(g)
	order := g.reversePostorder()
	l.Blocks = make([]Block, 0, len(order))
	l.Freq, l.Share = make([]float64, 0, len(order)), make([]float64, 0, len(order))
	for _, id := range order {
		l.index[id] = len(l.Blocks)
		l.Blocks = append(l.Blocks, Block{SSAID: id})
		l.Freq, l.Share = append(l.Freq, g.freq[id]), append(l.Share, g.allocationWeight(id))
	}
	l.reserveInstrs()
	for i := range l.Blocks {
		l.beginBlock(i)
		b := f.Block(l.Blocks[i].SSAID)
		if b.ID == 0 {
			l.params(i, b.Params)
		}
		for _, in := range b.Instrs {
			if in.Op.IsTerminator() {
				for _, m := range l.loopConsts.before[b.ID] {
					l.emit(i, m)
				}
			}
			if err := l.instr(i, in); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", f.Name, f.FormatInstr(in), err)
			}
		}
		l.endBlock(i)
	}
	l.spare = nil
	return l, nil
}

// planOperands plans, in one walk after the other plans, the operations
// that take an operand's computation into their own: comparison sums
// (cmpsum.go), masked shifts (maskedshift.go), ands of complements
// (andnot.go) and, from what those leave, extensions read as i32
// registers (narrowext.go).
func (l *Func) planOperands() {
	var reads map[ssa.Value]int
	for _, b := range l.F.Blocks {
		for i, in := range b.Instrs {
			switch in.Op {
			case ssa.OpIadd, ssa.OpBor:
				l.planCompareSum(b, i, in)
			case ssa.OpBand:
				l.planMaskedShift(in)
				l.planAndNot(in)
			}
			reads = l.countWideReads(b, in, reads)
		}
	}
	l.narrowExtends(reads)
}

// scan finds the constants, counts uses and picks the comparisons to fuse
// with the branch that ends their block.
func (l *Func) scan() {
	for _, b := range l.F.Blocks {
		for _, in := range b.Instrs {
			switch in.Op {
			case ssa.OpIconst, ssa.OpF32const, ssa.OpF64const, ssa.OpV128const:
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
	for _, b := range l.F.Blocks {
		for _, in := range b.Instrs {
			if (in.Op == ssa.OpLoad || in.Op == ssa.OpStore || in.Op.IsSIMDMemory()) && len(in.Args) > 0 {
				l.planAddress(in)
			}
		}
		for _, in := range b.Instrs {
			l.planScaledAdd(in)
			l.planDisplacedAdd(in)
			l.planWraps(in)
		}
		for _, in := range b.Instrs {
			switch {
			case in.Op == ssa.OpIshl:
				l.planMemoryBytes(in)
			case in.Op == ssa.OpBrif:
				l.fuse(b.ID, in.Args[0], false)
				l.fuseFloatBranch(b.ID, in.Args[0])
			case in.Op == ssa.OpSelect && in.Type != ssa.TypeV128:
				l.fuse(b.ID, in.Args[0], true)
			}
		}
	}
}

// fuse records that the branch or select in block b whose condition is c
// performs c's comparison itself, when c is a comparison of that block
// used only there: integer comparisons for branches, integer and float
// ones for selects.
func (l *Func) fuse(b ssa.BlockID, c ssa.Value, floats bool) {
	def := l.F.Def(c)
	if def == nil || def.Block != b || l.uses[c] != 1 {
		return
	}
	if def.Op == ssa.OpIcmp || (floats && def.Op == ssa.OpFcmp) {
		l.fused[c] = def
	}
}

// foldable says whether op's second operand may be a memory operand
// (ok), and whether, commutative, it may take it from either side. A
// switch, not a map: lowering asks for every instruction.
func foldable(op ssa.Op) (commutes, ok bool) {
	switch op {
	case ssa.OpIadd, ssa.OpImul, ssa.OpBand, ssa.OpBor, ssa.OpBxor, ssa.OpFadd, ssa.OpFmul:
		return true, true
	case ssa.OpIsub, ssa.OpFsub, ssa.OpFdiv:
		return false, true
	}
	return false, false
}

// foldDistance bounds how far back planFolds looks for an operation's
// load, over instructions without side effects.
const foldDistance = 8

// planFolds picks loads that an arithmetic operation, their only use,
// takes as a memory operand. Between the load and the operation run only
// instructions without side effects (no store, call, load or trap), so
// performing the load at the operation reorders nothing observable:
// (crc >> 8) ^ table[i] reads the table in the xor although the shift
// comes between.
func (l *Func) planFolds() {
	for _, b := range l.F.Blocks {
		for i := 1; i < len(b.Instrs); i++ {
			in := b.Instrs[i]
			commutes, ok := foldable(in.Op)
			if !ok || len(in.Args) != 2 || l.scaled[in] != nil { // a scaled addition takes both operands in registers
				continue
			}
			k := i - 1
			for k > 0 && i-k < foldDistance && !b.Instrs[k].Op.HasSideEffects() {
				k--
			}
			load := b.Instrs[k]
			if load.Op != ssa.OpLoad || len(load.Results) != 1 || load.Type != in.Type {
				continue
			}
			v := load.Results[0]
			if l.uses[v] != 1 || l.inAddress.has(in.Results[0]) || l.folded.has(v) || l.folded.has(in.Results[0]) {
				continue
			}
			size := SizeOf(in.Type)
			if acc := ssa.MemAccess(load.Aux); acc.Size() != uint64(size) || acc == ssa.Mem32U || acc == ssa.Mem32S ||
				int64(load.Imm)+int64(size) > 1<<31-1 {
				continue
			}
			if in.Args[1] == v || (commutes && in.Args[0] == v) {
				l.loadInto[in], l.folded[v] = load, true
			}
		}
	}
}

// foldedAlu lowers an operation that takes its load as a memory operand.
func (l *Func) foldedAlu(bi int, in, load *ssa.Instr, m Instr) {
	other := in.Args[0]
	if other == load.Results[0] {
		other = in.Args[1]
	}
	m.Sub, m.Size = in.Op, SizeOf(in.Type)
	m.A = l.reg(bi, other)
	// The load's address, planned as for the load: B takes the part
	// that would have been its A.
	addr := mi(0)
	addr.Imm = int64(load.Imm)
	l.address(bi, &addr, load.Args[0])
	m.B, m.AddrLea, m.Idx, m.Scale, m.ADisp = addr.A, addr.AddrLea, addr.Idx, addr.Scale, addr.ADisp
	m.AddrNoWrap = addr.AddrNoWrap
	m.MemB, m.Imm, m.Acc, m.InBounds = true, int64(load.Imm), ssa.MemAccess(load.Aux), load.Aux2 == ssa.InBounds
	l.emit(bi, m)
}

// constOperand returns the other operand and the constant's bits when
// float operation in has a constant operand the machine instruction may
// read from memory: the second of add, sub, mul and div, or the first
// of add and mul, which commute.
func (l *Func) constOperand(in *ssa.Instr) (ssa.Value, int64, bool) {
	if !l.constOperands {
		return 0, 0, false
	}
	commutes, ok := foldable(in.Op)
	if !ok {
		return 0, 0, false
	}
	isConst := func(v ssa.Value) bool {
		c, ok := l.constant(v)
		_, inRegister := l.loopConstant(in.Block, v)
		return ok && !inRegister && (c.Op == ssa.OpF32const || c.Op == ssa.OpF64const)
	}
	switch {
	case isConst(in.Args[1]):
		return in.Args[0], int64(l.consts[in.Args[1]].Imm), true
	case commutes && isConst(in.Args[0]):
		return in.Args[1], int64(l.consts[in.Args[0]].Imm), true
	}
	return 0, 0, false
}

// singleUseIn returns v's defining instruction if it is op, in block b,
// used only once.
func (l *Func) singleUseIn(v ssa.Value, op ssa.Op, b ssa.BlockID) *ssa.Instr {
	def := l.F.Def(v)
	if def == nil || def.Op != op || def.Block != b || l.uses[v] != 1 || def.Type != ssa.TypeI32 {
		return nil
	}
	return def
}

// readsWrapped says whether op, an i32 operation, has machine
// instructions that read only the low 32 bits of their register
// operands, on both backends.
func readsWrapped(op ssa.Op) bool {
	switch op {
	case ssa.OpIadd, ssa.OpIsub, ssa.OpImul, ssa.OpBand, ssa.OpBor, ssa.OpBxor,
		ssa.OpIshl, ssa.OpUshr, ssa.OpSshr, ssa.OpRotl, ssa.OpRotr, ssa.OpIcmp:
		return true
	}
	return false
}

// planWraps finds the i64-to-i32 wraps (ireduce) whose only use is an
// operand of in, an i32 operation that reads only the low 32 bits of its
// registers: in then reads the i64 value itself, and the wrap (a 32-bit
// move, which clears the high bits that i32 values otherwise keep zero)
// is not lowered. Additions and shifts computed inside an address, or
// as a scaled addition, are summed in 32 bits too (lea32, W registers);
// what reads a whole register, as an access's plain address does, is
// never one of readsWrapped's.
func (l *Func) planWraps(in *ssa.Instr) {
	if !readsWrapped(in.Op) || len(in.Args) != 2 || l.F.TypeOf(in.Args[0]) != ssa.TypeI32 {
		return
	}
	for _, a := range in.Args {
		def := l.F.Def(a)
		if def != nil && def.Op == ssa.OpIreduce && l.uses[a] == 1 {
			l.wraps[a] = def.Args[0]
		}
	}
}

// planScaledAdd finds an addition x + (z << k), k from 1 to 3, that no
// memory access computes, with the shift used only there and x not a
// constant: it is lowered to one scaled addition (lea, add with lsl) and
// the shift is not lowered on its own.
func (l *Func) planScaledAdd(in *ssa.Instr) {
	if in.Op != ssa.OpIadd || l.inAddress.has(in.Results[0]) {
		return
	}
	for i, operand := range in.Args {
		shl := l.F.Def(operand)
		if shl == nil || shl.Op != ssa.OpIshl || shl.Block != in.Block || l.uses[operand] != 1 || l.inAddress.has(operand) {
			continue
		}
		if _, isConst := l.constant(in.Args[1-i]); isConst || in.Args[1-i] == operand {
			continue
		}
		k, ok := l.imm32(shl.Args[1], SizeOf(in.Type))
		if k &= int64(SizeOf(in.Type)*8 - 1); ok && k >= 1 && k <= 3 {
			l.scaled[in], l.inAddress[operand] = shl, true
			return
		}
	}
}

// planMemoryBytes finds the memory's size in bytes computed from its size
// in pages, uextend(memory_size) << 16 with the size and its extension
// used only there: the shift is lowered to one read of the size in bytes
// and the other two are not lowered.
func (l *Func) planMemoryBytes(shl *ssa.Instr) {
	if shl.Type != ssa.TypeI64 {
		return
	}
	if k, ok := l.imm32(shl.Args[1], 8); !ok || k&63 != 16 {
		return
	}
	ext := l.F.Def(shl.Args[0])
	if ext == nil || ext.Op != ssa.OpUextend || ext.Block != shl.Block || l.uses[shl.Args[0]] != 1 {
		return
	}
	size := l.F.Def(ext.Args[0])
	if size == nil || size.Op != ssa.OpMemorySize || size.Block != shl.Block || l.uses[ext.Args[0]] != 1 {
		return
	}
	// The size is read at the shift: nothing between may grow the memory.
	instrs := l.F.Block(shl.Block).Instrs
	for i := slices.Index(instrs, size); instrs[i] != shl; i++ {
		if instrs[i].Op.HasSideEffects() {
			return
		}
	}
	l.memoryBytes[shl], l.folded[shl.Args[0]], l.folded[ext.Args[0]] = true, true, true
}

// planAddress decides whether the address of a memory access is an i32
// addition used only there (x + y, x + C or x + (z << 1..3), or one of
// the first and last plus C) that the access computes as a 32-bit sum
// (an x86 lea, an arm64 add), wrapping as WebAssembly does; the
// additions and the shift are then not lowered on their own.
func (l *Func) planAddress(access *ssa.Instr) {
	add := l.singleUseIn(access.Args[0], ssa.OpIadd, access.Block)
	if add == nil {
		return
	}
	l.inAddress[add.Results[0]] = true
	if l.planShiftIn(add) {
		return
	}
	for i, operand := range add.Args {
		if _, isConst := l.constant(add.Args[1-i]); !isConst {
			continue
		}
		// (x + y) + C or (x + (z << k)) + C: C is the displacement.
		inner := l.singleUseIn(operand, ssa.OpIadd, access.Block)
		if inner == nil {
			return
		}
		for _, a := range inner.Args {
			if _, isConst := l.constant(a); isConst {
				return
			}
		}
		l.inAddress[operand] = true
		l.planShiftIn(inner)
		return
	}
}

// planShiftIn marks an operand of address sum add that is a shift by 1 to
// 3, used only there, as computed by the sum's scaled index.
func (l *Func) planShiftIn(add *ssa.Instr) bool {
	for _, operand := range add.Args {
		if shl := l.singleUseIn(operand, ssa.OpIshl, add.Block); shl != nil {
			if k, ok := l.imm32(shl.Args[1], 4); ok && k&31 >= 1 && k&31 <= 3 {
				l.inAddress[operand] = true
				return true
			}
		}
	}
	return false
}

// address sets the address operands of a memory access m from SSA value
// v: one register, or the parts of a planned address sum.
func (l *Func) address(bi int, m *Instr, v ssa.Value) {
	if c, ok := l.imm32(v, 4); ok && c >= 0 && noWrap(0, c, m.Imm) {
		// A constant address (a C global in the data segment): the
		// displacement alone, with neither base nor index register.
		m.AddrLea, m.AddrNoWrap, m.Scale, m.ADisp = true, true, 1, int32(c)
		return
	}
	if !l.inAddress.has(v) {
		m.A = l.reg(bi, v)
		return
	}
	add := l.F.Def(v)
	m.AddrLea, m.Scale = true, 1
	for i, operand := range add.Args {
		if inner := l.F.Def(operand); l.inAddress.has(operand) && inner.Op == ssa.OpIadd {
			// An inner sum plus a constant, the displacement.
			c, _ := l.imm32(add.Args[1-i], 4)
			m.ADisp = int32(c)
			l.sumOperands(bi, m, inner)
			return
		}
	}
	x, y := add.Args[0], add.Args[1]
	if l.inAddress.has(x) { // the shifted operand goes second
		x, y = y, x
	}
	if c, ok := l.imm32(x, 4); ok && c >= 0 && l.inAddress.has(y) {
		// A constant base (a table in the data segment) indexed by a
		// shifted value: the constant is the displacement.
		shl := l.F.Def(y)
		k, _ := l.imm32(shl.Args[1], 4)
		m.Idx, m.Scale, m.ADisp = l.reg(bi, shl.Args[0]), uint8(1)<<(k&31), int32(c)
		if limit, known := l.maxValue(shl.Args[0], maxValueDepth); known {
			m.AddrNoWrap = noWrap(limit<<(k&31), c, m.Imm)
		}
		return
	}
	if c, ok := l.imm32(y, 4); ok && c >= 0 {
		if limit, known := l.maxValue(x, maxValueDepth); known && noWrap(limit, c, m.Imm) {
			// A bounded value plus a constant: one memory operand.
			m.Idx, m.ADisp, m.AddrNoWrap = l.reg(bi, x), int32(c), true
			return
		}
	}
	if c, isConst := l.imm32(y, 4); isConst {
		m.A, m.ADisp = l.reg(bi, x), int32(c)
		return
	}
	l.sumOperands(bi, m, add)
}

// sumOperands sets m's base and index from address sum add of two values:
// x + y, or x + (z << k) as x + z*2^k; or from a product x * 3, 5 or 9
// (scaledProduct) as x + x*2, 4 or 8.
func (l *Func) sumOperands(bi int, m *Instr, add *ssa.Instr) {
	if add.Op == ssa.OpImul {
		l.scaledSum(bi, m, add)
		return
	}
	x, y := add.Args[0], add.Args[1]
	if l.inAddress.has(x) { // the shifted operand goes second
		x, y = y, x
	}
	m.A = l.reg(bi, x)
	if !l.inAddress.has(y) {
		m.Idx = l.reg(bi, y)
		return
	}
	shl := l.F.Def(y)
	k, _ := l.imm32(shl.Args[1], 4)
	m.Idx, m.Scale = l.reg(bi, shl.Args[0]), uint8(1)<<(k&31)
}

// noWrap reports whether an address sum of at most limit plus the
// displacement, the static offset and the widest access (16 bytes) stays
// below 2^31, so that adding it in 64 bits gives the 32-bit sum.
func noWrap(limit uint64, disp, offset int64) bool {
	return limit+uint64(disp)+uint64(offset)+16 < 1<<31
}

// maxValueDepth bounds the definitions maxValue looks through.
const maxValueDepth = 4

// maxValue returns a bound on i32 value v when its definitions, up to
// depth deep, give one: a constant, a mask, a shift right by a constant,
// a narrow unsigned load, or/xor, sums and shifts left of bounded values,
// or a block parameter (paramMax). A wrapped i64 that
// is not lowered (planWraps) has none: its register holds the whole i64
// value.
func (l *Func) maxValue(v ssa.Value, depth int) (uint64, bool) {
	if _, wrapped := l.wraps[v]; wrapped || depth == 0 {
		return 0, false
	}
	def := l.F.Def(v)
	if def == nil {
		return l.paramMax(v)
	}
	if def.Type != ssa.TypeI32 || len(def.Results) != 1 {
		return 0, false
	}
	switch def.Op {
	case ssa.OpIconst:
		return uint64(uint32(def.Imm)), true
	case ssa.OpIadd:
		x, xok := l.maxValue(def.Args[0], depth-1)
		y, yok := l.maxValue(def.Args[1], depth-1)
		if xok && yok && x+y <= math.MaxUint32 {
			return x + y, true
		}
	case ssa.OpIshl:
		x, xok := l.maxValue(def.Args[0], depth-1)
		if k, ok := l.imm32(def.Args[1], 4); ok && xok && x<<(k&31) <= math.MaxUint32 {
			return x << (k & 31), true
		}
	case ssa.OpBand:
		bound, known := uint64(math.MaxUint32), false
		for _, a := range def.Args {
			if b, ok := l.maxValue(a, depth-1); ok {
				bound, known = min(bound, b), true
			}
		}
		return bound, known
	case ssa.OpBor, ssa.OpBxor:
		x, xok := l.maxValue(def.Args[0], depth-1)
		y, yok := l.maxValue(def.Args[1], depth-1)
		if xok && yok {
			return 1<<bits.Len64(max(x, y)) - 1, true // no bit above the larger bound's
		}
	case ssa.OpUshr:
		if c, ok := l.constant(def.Args[1]); ok && c.Op == ssa.OpIconst {
			return uint64(math.MaxUint32) >> (c.Imm & 31), true
		}
	case ssa.OpLoad:
		switch ssa.MemAccess(def.Aux) {
		case ssa.Mem8U:
			return math.MaxUint8, true
		case ssa.Mem16U:
			return math.MaxUint16, true
		}
	}
	return 0, false
}

// valueSet is a set of the SSA values of a function, indexed by value.
type valueSet []bool

// has reports whether v is in s (NoValue never is).
func (s valueSet) has(v ssa.Value) bool { return v >= 0 && int(v) < len(s) && s[v] }

// constant returns the instruction defining v if v is a constant.
func (l *Func) constant(v ssa.Value) (*ssa.Instr, bool) {
	if v < 0 || int(v) >= len(l.consts) {
		return nil, false
	}
	c := l.consts[v]
	return c, c != nil
}

// reg returns the virtual register holding SSA value v at this point of
// block bi, materializing a constant into a fresh register.
func (l *Func) reg(bi int, v ssa.Value) regalloc.VReg {
	if w, ok := l.wraps[v]; ok {
		v = w
	}
	if l.narrowed.has(v) {
		v = l.F.Def(v).Args[0] // the i32 register, zero-extended
	}
	if r, ok := l.loopConstant(l.Blocks[bi].SSAID, v); ok {
		return r
	}
	if _, ok := l.constant(v); !ok {
		// Before constInstr, whose result, a whole Instr, costs
		// more than the test for most operands, which are not
		// constants.
		return regalloc.VReg(v)
	}
	m, t, _ := l.constInstr(v)
	m.Dst = l.newVReg(t)
	l.emit(bi, m)
	return m.Dst
}

// constInstr returns the instruction that materializes v, with v's type,
// when v is a constant: OpMovImm or OpFconst, without its Dst.
func (l *Func) constInstr(v ssa.Value) (Instr, ssa.Type, bool) {
	in, ok := l.constant(v)
	if !ok {
		return Instr{}, 0, false
	}
	m := mi(OpMovImm)
	m.Imm, m.Size = int64(in.Imm), SizeOf(in.Type)
	if in.Op != ssa.OpIconst {
		m.Op, m.Float = OpFconst, true
	}
	if in.Op == ssa.OpV128const {
		m.Imm2 = int64(in.Imm2)
	}
	return m, in.Type, true
}

// imm32 returns v's value if v is an integer constant that fits a
// sign-extended 32-bit immediate at the given size (what x86 instructions
// take; other backends materialize what their encodings cannot hold).
func (l *Func) imm32(v ssa.Value, size uint8) (int64, bool) {
	in, ok := l.constant(v)
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
func (l *Func) secondOperand(bi int, m *Instr, v ssa.Value) {
	if x, ok := l.imm32(v, m.Size); ok {
		m.Imm, m.BImm = x, true
		return
	}
	m.B = l.reg(bi, v)
}

// ClassOf returns the register class of values of type t.
func ClassOf(t ssa.Type) regalloc.Class {
	if t == ssa.TypeF32 || t == ssa.TypeF64 || t == ssa.TypeV128 {
		return regalloc.ClassFloat
	}
	return regalloc.ClassInt
}

// IsFloat says whether values of type t live in float registers.
func IsFloat(t ssa.Type) bool { return ClassOf(t) == regalloc.ClassFloat }

// SizeOf returns the operand width of type t in bytes: 4 or 8, and 16
// for v128.
func SizeOf(t ssa.Type) uint8 {
	switch t.Bits() {
	case 32:
		return 4
	case 128:
		return 16
	}
	return 8
}

// Words returns how many 8-byte words of an argument area a value of
// type t takes: two for a v128 (its low half first), else one, as
// runtime.Slots counts them.
func Words(t ssa.Type) int {
	if t == ssa.TypeV128 {
		return 2
	}
	return 1
}

// WordsOf returns how many argument-area words the values of vs take.
func (l *Func) WordsOf(vs []regalloc.VReg) int {
	n := 0
	for _, v := range vs {
		n += Words(l.Types[v])
	}
	return n
}

// FloatSlotBytes is the width of a float-class spill slot: 16 in a
// function with v128 values, whose slots and call saves then move whole
// vector registers, and 8 otherwise.
func (l *Func) FloatSlotBytes() int32 {
	if l.V128 {
		return 16
	}
	return 8
}

// reserveInstrs takes the array the blocks' instruction lists start in:
// room for as many machine instructions as the function has SSA
// instructions and two more per block. Blocks are lowered one after the
// other, each into the rest of the array (beginBlock, endBlock), so that a
// block that needs more than its share takes it from the blocks that need
// less instead of growing a list of its own.
func (l *Func) reserveInstrs() {
	total := 0
	for i := range l.Blocks {
		total += len(l.F.Block(l.Blocks[i].SSAID).Instrs) + 2
	}
	l.instrArray = takeInstrArray(total)
	l.spare, l.spareWanted = l.instrArray[:0], total
}

// beginBlock makes the rest of the instruction array the list of block i,
// which is lowered next, keeping any instructions it was given before.
// When too little is left for the block, the rest comes from a new array
// for it and the blocks after it.
func (l *Func) beginBlock(i int) {
	b := &l.Blocks[i]
	need := len(l.F.Block(b.SSAID).Instrs) + 2 + len(b.Instrs)
	if cap(l.spare) < need {
		l.spare = make([]Instr, 0, max(2*need, l.spareWanted/2))
	}
	b.Instrs = append(l.spare, b.Instrs...)
}

// endBlock ends the list of block i, just lowered, at its last instruction
// (an instruction added to it later grows a list of its own) and leaves
// the rest of its array to the next block.
func (l *Func) endBlock(i int) {
	b := &l.Blocks[i]
	n := len(b.Instrs)
	l.spareWanted -= len(l.F.Block(b.SSAID).Instrs) + 2
	l.spare, b.Instrs = b.Instrs[n:n], b.Instrs[:n:n]
}

func (l *Func) emit(block int, m Instr) {
	l.Blocks[block].Instrs = append(l.Blocks[block].Instrs, m)
}

// mi returns an instruction of kind op with no register operands.
func mi(op Op) Instr {
	return Instr{Op: op, Dst: NoVReg, A: NoVReg, B: NoVReg, C: NoVReg, D: NoVReg, Idx: NoVReg}
}

// newVReg makes a virtual register for a value of type t.
func (l *Func) newVReg(t ssa.Type) regalloc.VReg {
	l.Classes = append(l.Classes, ClassOf(t))
	l.Types = append(l.Types, t)
	return regalloc.VReg(len(l.Classes) - 1)
}

func (l *Func) edgeTo(bi int, call ssa.BlockCall) Edge {
	call = forwarded(l.F, call)
	target := l.F.Block(call.Block)
	e := Edge{Target: l.index[call.Block]}
	for i, a := range call.Args {
		p := target.Params[i]
		if a == p {
			continue // the parameter passes itself on
		}
		if w, ok := l.wraps[a]; ok {
			a = w
		}
		if c, _, ok := l.constInstr(a); ok {
			c.Dst = regalloc.VReg(p) // set on the edge, not held before it
			e.Consts = append(e.Consts, c)
			continue
		}
		e.Dsts = append(e.Dsts, regalloc.VReg(p))
		e.Srcs = append(e.Srcs, l.reg(bi, a))
	}
	return e
}

// ErrUnsupported marks SSA instructions the backends do not lower yet.
var ErrUnsupported = errors.New("not supported by the compiler yet")

func (l *Func) instr(bi int, in *ssa.Instr) error {
	v := func(i int) regalloc.VReg { return l.reg(bi, in.Args[i]) }
	dst := NoVReg
	if len(in.Results) > 0 {
		dst = regalloc.VReg(in.Results[0])
	}
	base := mi(0)
	base.Dst = dst
	op := in.Op
	if dst != NoVReg && l.folded.has(in.Results[0]) {
		return nil // computed by the instruction using it
	}
	switch op {
	case ssa.OpIconst, ssa.OpF32const, ssa.OpF64const, ssa.OpV128const:
		// Rematerialized at each use (l.reg).
	case ssa.OpIadd, ssa.OpIsub, ssa.OpImul, ssa.OpBand, ssa.OpBor, ssa.OpBxor:
		if l.inAddress.has(in.Results[0]) {
			return nil // computed by the memory access
		}
		if l.tested.has(in.Results[0]) {
			return nil // the branch or select tests it
		}
		if s, ok := l.sums[in]; ok {
			l.compareSum(bi, in, s, base)
			return nil
		}
		if n, ok := l.andNots[in]; ok {
			m := base
			m.Op, m.Sub, m.Size, m.A, m.C = OpAlu, ssa.OpBand, SizeOf(in.Type), l.reg(bi, n.a), l.reg(bi, n.not)
			l.emit(bi, m)
			return nil
		}
		if load := l.loadInto[in]; load != nil {
			m := base
			m.Op = OpAlu
			l.foldedAlu(bi, in, load, m)
			return nil
		}
		m := base
		m.Op, m.Sub, m.Size = OpAlu, op, SizeOf(in.Type)
		if inner := l.displaced[in]; inner != nil {
			c, _ := l.imm32(in.Args[1], m.Size)
			m.Scale = 1
			l.sumOperands(bi, &m, inner)
			m.AddrLea, m.ADisp = true, int32(c)
			l.emit(bi, m)
			return nil
		}
		if shl := l.scaled[in]; shl != nil {
			x := in.Args[0]
			if x == shl.Results[0] {
				x = in.Args[1]
			}
			k, _ := l.imm32(shl.Args[1], m.Size)
			m.A, m.Idx, m.Scale, m.AddrLea = l.reg(bi, x), l.reg(bi, shl.Args[0]), uint8(1)<<(k&7), true
			l.emit(bi, m)
			return nil
		}
		if _, _, ok := l.scaledProduct(in); ok {
			m.Sub = ssa.OpIadd
			l.scaledSum(bi, &m, in)
			l.emit(bi, m)
			return nil
		}
		x, y := in.Args[0], in.Args[1]
		if _, ok := l.imm32(x, m.Size); ok && op != ssa.OpIsub {
			x, y = y, x // commutative: the constant goes second
		}
		m.A = l.reg(bi, x)
		l.secondOperand(bi, &m, y)
		l.emit(bi, m)
	case ssa.OpSdiv, ssa.OpUdiv, ssa.OpSrem, ssa.OpUrem:
		if l.divideByConstant(bi, in) {
			return nil
		}
		m := base
		m.Op, m.A, m.B, m.Size = OpDiv, v(0), v(1), SizeOf(in.Type)
		m.InBounds = l.nonZero(in.Args[1], in.Block)
		m.Signed = op == ssa.OpSdiv || op == ssa.OpSrem
		m.Rem = op == ssa.OpSrem || op == ssa.OpUrem
		l.emit(bi, m)
	case ssa.OpIshl, ssa.OpSshr, ssa.OpUshr, ssa.OpRotl, ssa.OpRotr:
		if l.inAddress.has(in.Results[0]) {
			return nil // computed by the memory access
		}
		if l.tested.has(in.Results[0]) {
			return nil // the branch tests a bit of its operand
		}
		if l.memoryBytes[in] {
			m := base
			m.Op, m.Size = OpMemSize, 8
			l.emit(bi, m)
			return nil
		}
		m := base
		m.Op, m.Sub, m.A, m.Size = OpShift, op, v(0), SizeOf(in.Type)
		if l.rotated.has(in.Results[0]) {
			m.Sub = ssa.OpRotr
		}
		if x, ok := l.imm32(in.Args[1], m.Size); ok {
			m.Imm, m.BImm = x&int64(m.Size*8-1), true // the count is taken modulo the width
		} else {
			m.B = v(1)
		}
		l.emit(bi, m)
	case ssa.OpClz, ssa.OpCtz, ssa.OpPopcnt, ssa.OpBswap:
		m := base
		m.Op, m.Sub, m.A, m.Size = OpBitCount, op, v(0), SizeOf(in.Type)
		l.emit(bi, m)
	case ssa.OpIcmp:
		if l.fused[in.Results[0]] != nil {
			return nil // the branch compares
		}
		l.lowerCompareSet(bi, in, base)
	case ssa.OpSelect:
		if l.fused[in.Args[0]] != nil || l.tests[in.Args[0]] != nil {
			l.selectCmp(bi, in, base)
			return nil
		}
		m := base
		m.Op, m.C, m.A, m.B, m.Size, m.Float = OpSelect, v(0), v(1), v(2), SizeOf(in.Type), IsFloat(in.Type)
		l.emit(bi, m)
	case ssa.OpFadd, ssa.OpFsub, ssa.OpFmul, ssa.OpFdiv, ssa.OpFmin, ssa.OpFmax, ssa.OpFcopysign:
		if load := l.loadInto[in]; load != nil {
			m := base
			m.Op, m.Float = OpFalu, true
			l.foldedAlu(bi, in, load, m)
			return nil
		}
		m := base
		m.Op, m.Sub, m.Size, m.Float = OpFalu, op, SizeOf(in.Type), true
		if x, bits, ok := l.constOperand(in); ok {
			m.A, m.Imm, m.BImm = l.reg(bi, x), bits, true
		} else {
			m.A, m.B = v(0), v(1)
		}
		l.emit(bi, m)
	case ssa.OpFabs, ssa.OpFneg, ssa.OpFsqrt, ssa.OpFceil, ssa.OpFfloor, ssa.OpFtrunc, ssa.OpFnearest:
		m := base
		m.Op, m.Sub, m.A, m.Size, m.Float = OpFunary, op, v(0), SizeOf(in.Type), true
		l.emit(bi, m)
	case ssa.OpFcmp:
		if l.fused[in.Results[0]] != nil {
			return nil // the select compares
		}
		m := base
		m.Op, m.Cond, m.A, m.B, m.Size = OpFcmp, in.Cond, v(0), v(1), SizeOf(l.F.TypeOf(in.Args[0]))
		l.emit(bi, m)
	case ssa.OpFcvtToSint, ssa.OpFcvtToUint, ssa.OpFcvtToSintSat, ssa.OpFcvtToUintSat,
		ssa.OpFcvtFromSint, ssa.OpFcvtFromUint, ssa.OpFpromote, ssa.OpFdemote, ssa.OpBitcast:
		m := base
		m.Op, m.Sub, m.A, m.From, m.To = OpConvert, op, v(0), l.F.TypeOf(in.Args[0]), in.Type
		m.Size = SizeOf(in.Type)
		l.emit(bi, m)
	case ssa.OpIreduce:
		if _, ok := l.wraps[in.Results[0]]; ok {
			return nil // its user reads the low half of the i64 value
		}
		m := base
		m.Op, m.A, m.Size = OpMov, v(0), 4 // a 32-bit move zero-extends
		l.emit(bi, m)
	case ssa.OpUextend:
		if l.narrowed.has(in.Results[0]) {
			return nil // its users read the i32 register
		}
		// An i32 register is zero-extended already (RATIONALE: "Why is
		// i64.extend_i32_u a copy?"): the i64 value is the same bits,
		// and the allocator gives it the i32 value's register where it
		// can.
		m := base
		m.Op, m.A, m.Size = OpCopy, v(0), 4
		l.emit(bi, m)
	case ssa.OpSextend:
		m := base
		m.Op, m.A, m.Imm, m.Size = OpExtend, v(0), int64(in.Aux), SizeOf(in.Type)
		l.emit(bi, m)
	case ssa.OpLoad:
		if l.folded.has(in.Results[0]) {
			return nil // the operation using it reads memory itself
		}
		m := base
		m.Op, m.Imm, m.Acc, m.Size, m.Float = OpLoad, int64(in.Imm), ssa.MemAccess(in.Aux), SizeOf(in.Type), IsFloat(in.Type)
		m.InBounds = in.Aux2 == ssa.InBounds
		l.address(bi, &m, in.Args[0])
		l.emit(bi, m)
	case ssa.OpStore:
		if p, ok := l.rmw[in]; ok {
			l.aluStore(bi, in, p)
			return nil
		}
		m := base
		m.Op, m.Imm, m.Acc, m.Float = OpStore, int64(in.Imm), ssa.MemAccess(in.Aux), IsFloat(l.F.TypeOf(in.Args[1]))
		width := uint8(4) // a narrower store writes the low bytes
		if m.Acc.Size() == 8 {
			width = 8
		}
		if c, ok := l.imm32(in.Args[1], width); ok && l.constOperands && !m.Float {
			m.Imm2, m.BImm = c, true // an immediate operand of the store
		} else {
			m.B = v(1)
		}
		m.InBounds = in.Aux2 == ssa.InBounds
		l.address(bi, &m, in.Args[0])
		l.emit(bi, m)
	case ssa.OpGlobalGet:
		m := base
		m.Op, m.Size, m.Float = OpGlobalGet, SizeOf(in.Type), IsFloat(in.Type)
		l.globalRef(&m, in.Aux)
		l.emit(bi, m)
	case ssa.OpGlobalSet:
		t := l.F.TypeOf(in.Args[0])
		m := base
		m.Op, m.A, m.Size, m.Float = OpGlobalSet, v(0), SizeOf(t), IsFloat(t)
		l.globalRef(&m, in.Aux)
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
		l.runtimeCall(bi, exec.RuntimeTableSet, []int64{int64(in.Aux)}, in, NoVReg)
	case ssa.OpTableSize:
		l.runtimeCall(bi, exec.RuntimeTableSize, []int64{int64(in.Aux)}, in, dst)
	case ssa.OpTableGrow:
		l.runtimeCall(bi, exec.RuntimeTableGrow, []int64{int64(in.Aux)}, in, dst)
	case ssa.OpTableFill:
		l.runtimeCall(bi, exec.RuntimeTableFill, []int64{int64(in.Aux)}, in, NoVReg)
	case ssa.OpTableCopy:
		l.runtimeCall(bi, exec.RuntimeTableCopy, []int64{int64(in.Aux), int64(in.Aux2)}, in, NoVReg)
	case ssa.OpTableInit:
		l.runtimeCall(bi, exec.RuntimeTableInit, []int64{int64(in.Aux), int64(in.Aux2)}, in, NoVReg)
	case ssa.OpElemDrop:
		l.runtimeCall(bi, exec.RuntimeElemDrop, []int64{int64(in.Aux)}, in, NoVReg)
	case ssa.OpMemoryInit:
		l.runtimeCall(bi, exec.RuntimeMemoryInit, []int64{int64(in.Aux)}, in, NoVReg)
	case ssa.OpDataDrop:
		l.runtimeCall(bi, exec.RuntimeDataDrop, []int64{int64(in.Aux)}, in, NoVReg)
	case ssa.OpMemoryCopy, ssa.OpMemoryFill:
		m := base
		m.Op, m.A, m.B, m.C = OpMemCopy, v(0), v(1), v(2)
		m.InBounds = in.Aux2 == ssa.InBounds
		if op == ssa.OpMemoryFill {
			m.Op = OpMemFill
		} else if in.Aux == ssa.CopyForward {
			m.Imm = CopyForward
		}
		l.emit(bi, m)
	case ssa.OpRefFunc:
		l.runtimeCall(bi, exec.RuntimeRefFunc, []int64{int64(in.Aux)}, in, dst)
	case ssa.OpMemorySize:
		m := base
		m.Op, m.Size, m.Imm = OpMemSize, 4, 16
		l.emit(bi, m)
	case ssa.OpCounterClock:
		m := base
		m.Op, m.Size, m.A = OpCounterClock, 8, v(0)
		l.emit(bi, m)
	case ssa.OpMemoryGrow:
		l.runtimeCall(bi, exec.RuntimeMemoryGrow, nil, in, dst)
	case ssa.OpTrapIf:
		m := base
		m.Op, m.A, m.Trap = OpTrapIf, v(0), ssa.TrapCode(in.Aux)
		l.emit(bi, m)
	case ssa.OpTrap:
		m := base
		m.Op, m.Trap = OpTrap, ssa.TrapCode(in.Aux)
		l.emit(bi, m)
		l.Blocks[bi].Succs = nil
	case ssa.OpReturn:
		l.returnValues(bi, in.Args, l.typesOf(in.Args))
	case ssa.OpJump, ssa.OpBrif, ssa.OpBrTable:
		m := base
		switch op {
		case ssa.OpJump:
			m.Op = OpJump
		case ssa.OpBrif:
			if and := l.tests[in.Args[0]]; and != nil {
				m.Op = OpBrCmp
				l.testOperands(bi, &m, in.Args[0], and)
			} else if cmp := l.fused[in.Args[0]]; cmp != nil {
				m.Op, m.Cond, m.A, m.Size = OpBrCmp, cmp.Cond, l.reg(bi, cmp.Args[0]), SizeOf(l.F.TypeOf(cmp.Args[0]))
				if cmp.Op == ssa.OpFcmp {
					m.B, m.Float = l.reg(bi, cmp.Args[1]), true
				} else {
					l.secondOperand(bi, &m, cmp.Args[1])
				}
			} else {
				m.Op, m.A = OpBrif, v(0)
			}
		default:
			m.Op, m.A = OpBrTable, v(0)
		}
		for _, t := range in.Targets {
			e := l.edgeTo(bi, t)
			m.Edges = append(m.Edges, e)
			l.Blocks[bi].Succs = append(l.Blocks[bi].Succs, e.Target)
		}
		l.emit(bi, m)
	default:
		if op.IsSIMD() {
			l.simd(bi, in, base)
			return nil
		}
		return ErrUnsupported
	}
	return nil
}

// selectCmp lowers a select whose condition is a comparison it performs
// (fused) or an and it tests (tests) into one OpSelectCmp.
func (l *Func) selectCmp(bi int, in *ssa.Instr, m Instr) {
	m.Op, m.To = OpSelectCmp, in.Type
	if and := l.tests[in.Args[0]]; and != nil {
		l.testOperands(bi, &m, in.Args[0], and)
	} else {
		cmp := l.fused[in.Args[0]]
		t := l.F.TypeOf(cmp.Args[0])
		m.Cond, m.Size, m.Float = cmp.Cond, SizeOf(t), IsFloat(t)
		m.A = l.reg(bi, cmp.Args[0])
		if cmp.Op == ssa.OpIcmp {
			l.secondOperand(bi, &m, cmp.Args[1])
		} else {
			m.B = l.reg(bi, cmp.Args[1])
		}
	}
	m.C, m.D = l.reg(bi, in.Args[1]), l.reg(bi, in.Args[2])
	l.emit(bi, m)
}

// planTests finds the conditions of branches and selects that are a
// bitwise and compared with zero (the and itself, or a fused eq or ne
// comparison of it with zero), where the and is of the same block, used
// only there and reads no memory operand: the branch or select tests the
// and's operands (x86 test, arm64 tst) instead of computing it.
func (l *Func) planTests() {
	for _, b := range l.F.Blocks {
		for _, in := range b.Instrs {
			if (in.Op != ssa.OpBrif && in.Op != ssa.OpSelect) || (in.Op == ssa.OpSelect && in.Type == ssa.TypeV128) {
				continue
			}
			c := in.Args[0]
			v := c
			if cmp := l.fused[c]; cmp != nil {
				zero, ok := l.imm32(cmp.Args[1], 8)
				if cmp.Op != ssa.OpIcmp || (cmp.Cond != ssa.CondEq && cmp.Cond != ssa.CondNe) || !ok || zero != 0 {
					continue
				}
				v = cmp.Args[0]
			}
			and := l.F.Def(v)
			if and == nil || and.Op != ssa.OpBand || and.Block != b.ID || l.uses[v] != 1 || l.loadInto[and] != nil || l.inAddress.has(v) {
				continue
			}
			l.tests[c], l.tested[v] = and, true
			if s := l.bitOf(and); s != nil && in.Op == ssa.OpBrif {
				l.tested[s.Results[0]] = true
			}
		}
	}
}

// bitOf returns the shift of (x >> y) & 1, the and of a tested branch,
// when the branch may test bit y of x itself (x86 bt; on arm64 a shift
// and tst as before): a shift by a count in a register, of the same
// block, used only by the and. Bit 0 of x >> y, signed or not, is bit y
// of x for every count modulo the width, as bt takes it.
func (l *Func) bitOf(and *ssa.Instr) *ssa.Instr {
	x, y := and.Args[0], and.Args[1]
	if _, ok := l.imm32(x, 8); ok {
		x, y = y, x
	}
	one, ok := l.imm32(y, SizeOf(and.Type))
	s := l.F.Def(x)
	if !ok || one != 1 || s == nil || s.Op != ssa.OpUshr && s.Op != ssa.OpSshr || s.Block != and.Block ||
		l.uses[x] != 1 || l.inAddress.has(x) || l.memoryBytes[s] {
		return nil
	}
	if _, ok := l.imm32(s.Args[1], SizeOf(s.Type)); ok {
		return nil // a constant bit: test with a mask
	}
	return s
}

// testOperands makes m (a branch or select on condition c) test the and
// and: Sub OpBand, its operands as A and B (or the immediate), and the
// condition ne, or that of the fused comparison with zero.
func (l *Func) testOperands(bi int, m *Instr, c ssa.Value, and *ssa.Instr) {
	m.Cond = ssa.CondNe
	if cmp := l.fused[c]; cmp != nil {
		m.Cond = cmp.Cond
	}
	m.Sub, m.Size, m.Float = ssa.OpBand, SizeOf(and.Type), false
	x, y := and.Args[0], and.Args[1]
	if _, ok := l.imm32(x, m.Size); ok {
		x, y = y, x // the constant goes second
	}
	if l.tested.has(x) { // planTests: a bit of the shift's operand
		s := l.F.Def(x)
		m.Sub, m.A, m.B = ssa.OpUshr, l.reg(bi, s.Args[0]), l.reg(bi, s.Args[1])
		return
	}
	m.A = l.reg(bi, x)
	l.secondOperand(bi, m, y)
}

// call lowers a direct call: arguments to their registers and the
// outgoing area, the call, results from their registers and the area.
func (l *Func) call(bi int, in *ssa.Instr) {
	call := mi(OpCall)
	call.Imm = int64(in.Aux)
	l.callThrough(bi, call, in.Args, in.Results)
}

// callThrough passes args, emits call and takes the results.
func (l *Func) callThrough(bi int, call Instr, args, results []ssa.Value) {
	types := make([]ssa.Type, len(results))
	for i, r := range results {
		types[i] = l.F.TypeOf(r)
	}
	l.callThroughTyped(bi, call, args, results, types)
}

// callThroughTyped is callThrough with the result types given: results
// may be fresh virtual registers that have no SSA value.
func (l *Func) callThroughTyped(bi int, call Instr, args, results []ssa.Value, types []ssa.Type) {
	var argWords int
	call.Args, argWords = l.passValues(bi, args, l.typesOf(args), OpArgStore)
	slots := CallSlots(types)
	resultWords := 0
	var copies []Instr
	for i, s := range slots {
		resultWords = s.Word + Words(types[i])
		if s.Reg < 0 {
			continue
		}
		r := l.fixedVReg(types[i], s)
		call.RegDefs = append(call.RegDefs, r)
		m := mi(OpCopy)
		m.Dst, m.A = regalloc.VReg(results[i]), r
		copies = append(copies, m)
	}
	l.emit(bi, call)
	for _, m := range copies {
		l.emit(bi, m)
	}
	for i, s := range slots {
		if s.Reg < 0 {
			m := mi(OpResultLoad)
			m.Dst, m.Imm, m.Size, m.Float = regalloc.VReg(results[i]), int64(s.Word), SizeOf(types[i]), s.Float
			l.emit(bi, m)
		}
	}
	// A callee may tail-call with up to MinArgArea words of arguments
	// into this area, unless it is a function of this module and the
	// module makes no tail calls; host calls find every argument's word
	// in it.
	words := max(argWords, resultWords)
	if !l.ownCallee(call) {
		words = max(words, MinArgArea)
	}
	l.Outgoing = max(l.Outgoing, words)
	l.Calls = true
}

// ownCallee reports whether call surely calls a function of this module
// in a module that makes no tail calls: a direct call of a function that
// is not an import (an import or a table may lead to another module's
// function, which may tail-call).
func (l *Func) ownCallee(call Instr) bool {
	return l.noTailCalls && call.Op == OpCall && uint32(call.Imm) >= l.numImports
}

// runtimeCall lowers an operation the engine performs in Go: immediates
// and then the instruction's operands go to the outgoing area, the result
// (if dst is set) comes back in its first word.
func (l *Func) runtimeCall(bi int, fn uint32, imms []int64, in *ssa.Instr, dst regalloc.VReg) {
	for i, v := range imms {
		m := mi(OpArgStoreImm)
		m.Imm, m.Table = v, uint32(i)
		l.emit(bi, m)
	}
	for i, a := range in.Args {
		m := mi(OpArgStore)
		m.A, m.Imm, m.Size = l.reg(bi, a), int64(len(imms)+i), 8
		l.emit(bi, m)
	}
	call := mi(OpRuntimeCall)
	call.Imm = int64(fn)
	l.emit(bi, call)
	if dst != NoVReg {
		res := mi(OpResultLoad)
		res.Dst, res.Size = dst, SizeOf(l.F.TypeOf(ssa.Value(dst)))
		l.emit(bi, res)
	}
	l.Outgoing = max(l.Outgoing, len(imms)+len(in.Args), 1)
	l.Calls = true
}

// callIndirect lowers call_indirect: the arguments (after the element
// index) go to the outgoing area, the call goes through the table.
func (l *Func) callIndirect(bi int, in *ssa.Instr) {
	call := mi(OpCallIndirect)
	call.A, call.Imm, call.Table = l.reg(bi, in.Args[0]), int64(in.Aux), in.Aux2
	l.callThrough(bi, call, in.Args[1:], in.Results)
}

// tailCall lowers return_call and return_call_indirect. With at most
// MinArgArea arguments and results the callee reuses this frame's
// incoming area and the call is a jump; otherwise it is a call followed by
// a return (correct results, but the stack grows).
func (l *Func) tailCall(bi int, in *ssa.Instr) {
	l.Calls = true
	args := in.Args
	if in.Op == ssa.OpReturnCallIndirect {
		args = args[1:]
	}
	argWords, resultWords := 0, 0
	for _, a := range args {
		argWords += Words(l.F.TypeOf(a))
	}
	for _, t := range l.F.Sig.Results {
		resultWords += Words(t)
	}
	if argWords > MinArgArea || resultWords > MinArgArea {
		var results []ssa.Value
		for _, t := range l.F.Sig.Results {
			results = append(results, ssa.Value(l.newVReg(t)))
		}
		call := mi(OpCall)
		call.Imm = int64(in.Aux)
		if in.Op == ssa.OpReturnCallIndirect {
			call = mi(OpCallIndirect)
			call.A, call.Imm, call.Table = l.reg(bi, in.Args[0]), int64(in.Aux), in.Aux2
		}
		l.callThroughTyped(bi, call, args, results, l.F.Sig.Results)
		l.returnValues(bi, results, l.F.Sig.Results)
		return
	}
	m := mi(OpTailCall)
	m.Imm = int64(in.Aux)
	if in.Op == ssa.OpReturnCallIndirect {
		m.Op, m.A, m.Table = OpTailCallIndirect, l.reg(bi, in.Args[0]), in.Aux2
	}
	m.Args, _ = l.passValues(bi, args, l.typesOf(args), OpRetStore)
	l.emit(bi, m)
}

// LoopHeaders marks the targets of back edges: blocks that a block
// reached from them jumps back to, found by depth-first search from the
// entry.
func (l *Func) LoopHeaders() []bool {
	h := make([]bool, len(l.Blocks))
	for _, e := range l.backEdges() {
		h[e.Header] = true
	}
	return h
}

// backEdges returns the back edges of the function's blocks.
func (l *Func) backEdges() []regalloc.BackEdge {
	return regalloc.BackEdges(len(l.Blocks), func(b int) []int { return l.Blocks[b].Succs })
}

// globalRef points global access m at global idx: an imported global by
// its index in the context's pointer array, one of the module's own by
// its cell's offset among the defined globals.
func (l *Func) globalRef(m *Instr, idx uint32) {
	if idx < l.numImportedGlobals {
		m.Imm, m.ImportedGlobal = int64(idx), true
		return
	}
	m.Imm = int64(idx-l.numImportedGlobals) * exec.SizeofGlobal
}
