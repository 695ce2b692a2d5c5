// Package mach is the machine-independent half of wasmkernel's code
// generators: instruction selection from SSA into machine instructions on
// virtual registers (Instr, one kind per operation the backends encode),
// the calling-convention shape they share (the first arguments and
// results of each class in registers, the others in an outgoing area of at
// least MinArgArea words where the callee may tail-call: CallSlots), block
// layout (loop bodies contiguous, the likelier path falling through), and
// register allocation
// with package regalloc. Each backend (amd64, arm64) supplies its
// registers and turns the allocated instructions into its own encoding;
// where an encoding cannot hold an immediate or an address form that
// lowering chose, the backend materializes it.
package mach

import (
	"fmt"
	"strings"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// MinArgArea is the smallest outgoing argument area, in words, of a call
// whose callee may tail-call (every call in a module with tail calls, and
// calls of imports and through tables): that area holds at least this
// many, so that a tail call can place up to that many arguments (and its
// callee up to that many results) in its own incoming area and jump.
const MinArgArea = 16

// Op is the kind of a machine instruction before encoding.
type Op uint8

const (
	OpMovImm           Op = iota + 1 // dst = imm
	OpFconst                         // dst (float) = imm bits
	OpMov                            // dst = a
	OpAlu                            // dst = a <alu> b (a + idx*scale with AddrLea); with c (Sub OpBand), dst = a & ^c (andnot.go)
	OpDiv                            // dst = a / b or a % b (signed, rem)
	OpShift                          // dst = a <shift> b
	OpBitCount                       // dst = clz/ctz/popcnt/bswap a (Sub)
	OpCmpSet                         // dst = a <cond> b; with Sub OpIadd or OpBor, dst = c + (a <cond> b) or c | (a <cond> b), of type To (cmpsum.go)
	OpSelect                         // dst = c != 0 ? a : b
	OpExtend                         // dst = extend(a) from bits (signed)
	OpLoad                           // dst = memory[a + imm]
	OpStore                          // memory[a + imm] = b (or imm2 when bImm)
	OpGlobalGet                      // dst = global at imm (see ImportedGlobal)
	OpGlobalSet                      // global at imm = a
	OpParamLoad                      // dst = incoming argument imm
	OpArgStore                       // outgoing argument imm = a
	OpResultLoad                     // dst = outgoing area word imm, after a call
	OpRetStore                       // incoming area word imm = a, before returning
	OpCall                           // call function imm
	OpRet                            // return
	OpMoves                          // dsts = srcs, as one parallel move
	OpJump                           // jump to block target
	OpBrif                           // a != 0 ? edges[0] : edges[1]
	OpBrTable                        // edges[min(a, len-1)]
	OpTrap                           // trap with code
	OpTrapIf                         // trap with code when a != 0
	OpMemSize                        // dst = memory size in bytes >> imm (16: in pages)
	OpRuntimeCall                    // call engine runtime function imm (like OpCall)
	OpFalu                           // dst = a <sub> b, floats
	OpFunary                         // dst = <sub> a, floats
	OpFcmp                           // dst = a <cond> b, floats
	OpConvert                        // dst = <sub> a, between types from and to
	OpCallIndirect                   // call through table: a = element index; imm = type, table
	OpArgStoreImm                    // outgoing argument word = imm (index in table)
	OpTailCall                       // jump to function imm with args in the incoming area
	OpTailCallIndirect               // the same through table: a = element index, imm = type
	OpBrCmp                          // a <cond> b (or imm when bImm) ? edges[0] : edges[1]; with Sub OpBand, (a & b) <cond> 0; with Sub OpUshr, bit b of a <cond> 0 (eq, ne)
	OpMemCopy                        // memory.copy: dst a, src b, length c; Imm CopyForward or 0
	OpMemFill                        // memory.fill: dst a, byte b, length c
	// OpVec is every SIMD operation that does not access memory: Sub is
	// the ssa.Op, Shape its lane shape, Cond a comparison's condition,
	// Imm and Imm2 the lane index or the shuffle's byte indices (as in
	// ssa), a, b and c the operands in the SSA order. A shift count that
	// is a constant is Imm with BImm (taken modulo the lane width); on
	// FoldLoads targets, a v128 constant operand of an operation that
	// may read it from memory is Imm (low half) and Imm2 with BImm
	// (VecConstB). The backend selects the machine instructions.
	OpVec
	// OpVmem is a SIMD memory access other than a whole v128 load or
	// store (those are OpLoad and OpStore with Size 16): Sub is the
	// ssa.Op, Acc the bytes accessed, the address as for OpLoad (a, or
	// the AddrLea sum) plus the static offset Imm, b the vector operand
	// of a lane load or store, Imm2 its lane, and Shape the lane shape
	// of a splat or lane access or the result shape of an extending load.
	OpVmem
	OpCounterClock // dst = clock a from the counter clock, or -1 (ssa.OpCounterClock)
	// OpParams defines RegDefs, the parameters that arrive in argument
	// registers, on entry; it emits nothing.
	OpParams
	// OpCopy is dst = a for values of any class and width (a parallel
	// move of one value). Size 4 says that only a's low 32 bits can be
	// set (an i32 value zero-extended to i64): a 32-bit move copies it.
	OpCopy
	// OpMulHigh is dst = the high half of the double-width product of a
	// and b (Signed: as signed values), for division by constants.
	OpMulHigh
	// OpSelectCmp is a select that performs its condition's comparison
	// itself: dst = (a <cond> b, or imm when BImm) ? c : d, or with Sub
	// OpBand ((a & b) <cond> 0) ? c : d. Size is the compared operands'
	// width and Float says they are floats, as for OpBrCmp and OpFcmp; To
	// is the type of the selected values.
	OpSelectCmp
	// OpAluStore is a read-modify-write of memory: memory[address] =
	// memory[address] <sub> b (or Imm2 when BImm), the address as for
	// OpStore (a, or the AddrLea sum, plus the static offset Imm), Acc
	// the access (full width: Mem32 or Mem64) and Size its bytes. Only
	// targets with FoldLoads get it.
	OpAluStore
)

var opNames = [...]string{"", "movimm", "fconst", "mov", "alu", "div", "shift", "bitcount",
	"cmpset", "select", "extend", "load", "store", "global_get", "global_set", "param_load",
	"arg_store", "result_load", "ret_store", "call", "ret", "moves", "jump", "brif", "br_table",
	"trap", "trapif", "memory_size", "runtime_call", "falu", "funary", "fcmp", "convert", "call_indirect", "arg_store_imm", "tail_call", "tail_call_indirect", "brcmp", "memory_copy", "memory_fill", "vec", "vmem", "counter_clock", "params", "copy", "mulhigh", "select_cmp", "alu_store"}

// String returns the operation's name as Format prints it.
func (op Op) String() string {
	if int(op) < len(opNames) {
		return opNames[op]
	}
	return fmt.Sprintf("op%d", op)
}

// Edge is a control transfer to a block with the moves that assign its
// parameters.
type Edge struct {
	Target int // index in the lowered block list
	Dsts   []regalloc.VReg
	Srcs   []regalloc.VReg
	// Consts assign the parameters that the edge passes constants: each
	// is an OpMovImm or OpFconst whose Dst is the parameter, performed on
	// the edge after its moves (edgeconst.go).
	Consts []Instr
	// Restore says that the edge leaves a save region: after its moves
	// and constants it restores the callee-saved registers that the
	// region's root saved (saveregions.go).
	Restore bool
}

// Instr is a machine instruction on virtual registers. Its fields are
// ordered to leave little padding (144 bytes): functions hold arrays of
// tens of thousands of them.
type Instr struct {
	Op         Op
	Size       uint8 // operand width in bytes: 4 or 8, 16 for v128
	Dst        regalloc.VReg
	A, B, C, D regalloc.VReg // D: the fourth operand, a select_cmp's
	Imm        int64
	Imm2       int64  // upper half of a v128 constant; SIMD lane or shuffle bytes
	Sub        ssa.Op // which alu, shift, count or SIMD operation
	Shape      ssa.Shape
	Cond       ssa.Cond
	Signed     bool
	Rem        bool
	Acc        ssa.MemAccess
	Float      bool // a float operation or value
	Trap       ssa.TrapCode
	From       ssa.Type // source type of a conversion
	To         ssa.Type // result type of a conversion
	Table      uint32   // table of call_indirect; word index of arg_store_imm
	Edges      []Edge
	// Args are the virtual registers, pinned to argument registers, that
	// a call passes (or a return returns) in registers.
	Args []regalloc.VReg
	// RegDefs are the virtual registers, pinned to result registers,
	// that a call defines (or OpParams, pinned to argument registers).
	RegDefs []regalloc.VReg
	// MemB says that the second operand of an alu, falu or vec is in memory:
	// B is the i32 address (zero-extended), or with AddrLea the base of
	// the sum B + Idx*Scale + ADisp; Imm is the static offset and Acc the
	// access (full width), as for the load it replaces.
	MemB bool
	// BImm says that the second operand is imm, not register b (alu,
	// shift, cmpset, brcmp; falu: imm holds the float constant's bits;
	// store and alu_store: imm2, as imm is the static offset).
	BImm bool
	// AddrLea says that a load's or store's address is the 32-bit sum
	// a + idx*scale + adisp (idx may be noVReg), not a alone; for an
	// integer addition (OpAlu), that it computes a + idx*scale + adisp.
	AddrLea bool
	// AddrNoWrap says that an AddrLea sum without a (noVReg a) never
	// reaches 2^31, static offset and access size included: idx*scale +
	// adisp may then be added in 64 bits (one x86 memory operand).
	AddrNoWrap bool
	// InBounds says that a load, store or memory operand, or a bulk
	// operation's ranges, need no bounds check (ssa.InBounds); of an
	// OpDiv, that its divisor is never 0 (Func.nonZero): no check for
	// division by zero.
	InBounds bool
	// ImportedGlobal says that a global_get's or global_set's global is
	// imported: Imm is its index in the context's pointer array
	// (exec.OffsetGlobals). Otherwise Imm is the byte offset of its cell
	// from the context's DefinedGlobals.
	ImportedGlobal bool
	Scale          uint8
	Idx            regalloc.VReg
	ADisp          int32
}

const NoVReg regalloc.VReg = -1

// CopyForward, the Imm of an OpMemCopy, says that a forward copy is right
// (ssa.CopyForward): the emitter need not test the direction.
const CopyForward int64 = 1

// operands returns the fields that hold the register operands the
// instruction reads (NoVReg where unused), besides its edges' sources and
// its register arguments: the one list that every pass over operands
// (uses, renaming, formatting) goes through.
func (m *Instr) operands() [5]*regalloc.VReg {
	return [...]*regalloc.VReg{&m.A, &m.B, &m.C, &m.D, &m.Idx}
}

// Uses lists the virtual registers the instruction reads.
func (m *Instr) Uses() []regalloc.VReg { return m.appendUses(nil) }

// appendUses appends the virtual registers the instruction reads to u.
func (m *Instr) appendUses(u []regalloc.VReg) []regalloc.VReg {
	for _, p := range m.operands() {
		if v := *p; v != NoVReg {
			u = append(u, v)
		}
	}
	for _, e := range m.Edges {
		u = append(u, e.Srcs...)
	}
	return append(u, m.Args...)
}

// TiedDst says whether the emitter computes dst correctly when dst and
// its tied operand (TiedOperand: a, d for OpSelectCmp, c for a
// comparison sum, OpCmpSet with c) share a
// register: it reads that operand before writing dst, or starts by
// copying it into dst (and the other operands, live here too, are
// elsewhere). Every SIMD emitter must handle dst = a for OpVec (whatever
// a's class). A select that compares integers reads its comparison's
// operands first and then starts from its value if false, d (on amd64
// mov d; cmov, on arm64 one csel).
func (m *Instr) TiedDst() bool {
	if m.Dst == NoVReg || m.A == NoVReg {
		return false
	}
	switch m.Op {
	case OpFalu, OpFunary, OpVec, OpCopy:
		return true
	case OpSelectCmp:
		return !m.Float // a float comparison for equality starts from c
	case OpMov, OpAlu, OpShift, OpBitCount, OpCmpSet, OpExtend, OpLoad:
		return !m.Float
	}
	return false
}

// TiedOperand is the operand dst may share a register with when TiedDst
// says so.
func (m *Instr) TiedOperand() regalloc.VReg {
	if m.Op == OpSelectCmp {
		return m.D
	}
	if m.Op == OpCmpSet && m.C != NoVReg {
		return m.C // compared first, then c copied into dst and combined
	}
	return m.A
}

// Commutes says whether the emitter also computes dst correctly when dst
// shares the register of b instead (dst = b op a): integer addition,
// multiplication and the bitwise operations on two registers. For a
// select that compares integers, whose tied operand is d, the other is a,
// its comparison's first operand (the allocator's operands put d, then a,
// first); for a product lowered as x + x*scale, x again.
func (m *Instr) Commutes() bool {
	switch m.Op {
	case OpVec:
		return vecCommutes(m)
	case OpSelectCmp:
		// dst = a: the comparison reads a before d is copied into
		// dst. Only when a is none of the other operands: then the
		// allocator's operands are d, a, ... (Allocate); were a also
		// d, the second would be b or c, which must survive the copy.
		return m.TiedDst() && m.A != m.B && m.A != m.C && m.A != m.D
	case OpAlu:
		if m.AddrLea && !m.MemB && m.A != NoVReg && m.B == NoVReg && m.Idx == m.A {
			// x + x*scale (a product by 3, 5 or 9: lea, add with lsl)
			// reads x twice before writing: listed twice, x would
			// otherwise stay live across it, and dst never share its
			// register as an imul's does. Other sums keep idx apart:
			// tying dst to it too moved sort's insertion loop's
			// registers into a back-edge copy.
			return true
		}
	}
	if m.Op != OpAlu || m.BImm || m.MemB || m.B == NoVReg {
		return false
	}
	switch m.Sub {
	case ssa.OpIadd, ssa.OpImul, ssa.OpBand, ssa.OpBor, ssa.OpBxor:
		return true
	}
	return false
}

// Defs lists the virtual registers the instruction writes.
func (m *Instr) Defs() []regalloc.VReg {
	var d []regalloc.VReg
	if m.Dst != NoVReg {
		d = append(d, m.Dst)
	}
	for _, e := range m.Edges {
		d = append(d, e.Dsts...)
		for _, c := range e.Consts {
			d = append(d, c.Dst)
		}
	}
	return append(d, m.RegDefs...)
}

// Format renders the instruction with locations when loc is non-nil.
func (m *Instr) Format(loc func(regalloc.VReg) string) string {
	name := func(v regalloc.VReg) string {
		if loc != nil {
			return loc(v)
		}
		return fmt.Sprintf("v%d", v)
	}
	var sb strings.Builder
	if m.Dst != NoVReg {
		sb.WriteString(name(m.Dst) + " = ")
	}
	sb.WriteString(m.Op.String())
	switch m.Op {
	case OpAlu, OpShift, OpBitCount, OpFalu, OpFunary, OpConvert:
		sb.WriteString("." + m.Sub.String())
	case OpVec, OpVmem:
		sb.WriteString("." + m.Sub.String() + "." + m.Shape.String())
		if m.Sub == ssa.OpVicmp || m.Sub == ssa.OpVfcmp {
			sb.WriteString("." + m.Cond.String())
		}
	case OpCmpSet, OpFcmp, OpBrCmp, OpSelectCmp:
		switch m.Sub {
		case ssa.OpBand:
			sb.WriteString(".band")
		case ssa.OpUshr:
			sb.WriteString(".bit")
		case ssa.OpIadd, ssa.OpBor:
			sb.WriteString("." + m.Sub.String())
		}
		sb.WriteString("." + m.Cond.String())
	case OpDiv:
		fmt.Fprintf(&sb, ".s%v.rem%v", m.Signed, m.Rem)
	case OpLoad, OpStore:
		sb.WriteString("." + m.Acc.String())
	case OpAluStore:
		sb.WriteString("." + m.Sub.String())
	case OpTrap, OpTrapIf:
		fmt.Fprintf(&sb, " %q", m.Trap.String())
	}
	if m.Size != 0 {
		fmt.Fprintf(&sb, "%d", m.Size*8)
	}
	var ops []string
	for _, p := range m.operands() {
		if v := *p; v != NoVReg {
			ops = append(ops, name(v))
		}
	}
	if m.AddrLea {
		ops = append(ops, fmt.Sprintf("*%d%+d", m.Scale, m.ADisp))
	}
	switch {
	case m.BImm && (m.Op == OpAluStore || m.Op == OpStore):
		ops = append(ops, fmt.Sprintf("$%d", m.Imm2))
	case m.BImm:
		ops = append(ops, fmt.Sprintf("$%d", m.Imm))
	}
	switch m.Op {
	case OpMovImm, OpFconst, OpLoad, OpStore, OpGlobalGet, OpGlobalSet, OpParamLoad, OpArgStore,
		OpResultLoad, OpRetStore, OpCall, OpExtend, OpRuntimeCall, OpCallIndirect, OpArgStoreImm,
		OpTailCall, OpTailCallIndirect, OpVmem, OpAluStore:
		ops = append(ops, fmt.Sprintf("#%d", m.Imm))
	}
	if m.Op == OpVec && !m.BImm && (m.Imm != 0 || m.Imm2 != 0) {
		ops = append(ops, fmt.Sprintf("#%d", m.Imm))
	}
	if m.Imm2 != 0 && m.Op != OpAluStore && m.Op != OpStore || (m.Op == OpFconst && m.Size == 16) {
		ops = append(ops, fmt.Sprintf("#%d", m.Imm2))
	}
	for _, e := range m.Edges {
		var mv []string
		for i := range e.Dsts {
			mv = append(mv, name(e.Dsts[i])+"<-"+name(e.Srcs[i]))
		}
		for _, c := range e.Consts {
			mv = append(mv, fmt.Sprintf("%s<-#%d", name(c.Dst), c.Imm))
		}
		ops = append(ops, fmt.Sprintf("L%d(%s)", e.Target, strings.Join(mv, " ")))
	}
	if len(ops) > 0 {
		sb.WriteString(" " + strings.Join(ops, ", "))
	}
	return sb.String()
}
