package amd64

import (
	"fmt"
	"strings"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// mop is the kind of a machine instruction before encoding.
type mop uint8

const (
	mMovImm           mop = iota + 1 // dst = imm
	mFconst                          // dst (float) = imm bits
	mMov                             // dst = a
	mAlu                             // dst = a <alu> b
	mDiv                             // dst = a / b or a % b (signed, rem)
	mShift                           // dst = a <shift> b
	mBitCount                        // dst = clz/ctz/popcnt a
	mCmpSet                          // dst = a <cond> b
	mSelect                          // dst = c != 0 ? a : b
	mExtend                          // dst = extend(a) from bits (signed)
	mLoad                            // dst = memory[a + imm]
	mStore                           // memory[a + imm] = b
	mGlobalGet                       // dst = global[imm]
	mGlobalSet                       // global[imm] = a
	mParamLoad                       // dst = incoming argument imm
	mArgStore                        // outgoing argument imm = a
	mResultLoad                      // dst = outgoing area word imm, after a call
	mRetStore                        // incoming area word imm = a, before returning
	mCall                            // call function imm
	mRet                             // return
	mMoves                           // dsts = srcs, as one parallel move
	mJump                            // jump to block target
	mBrif                            // a != 0 ? edges[0] : edges[1]
	mBrTable                         // edges[min(a, len-1)]
	mTrap                            // trap with code
	mTrapIf                          // trap with code when a != 0
	mMemSize                         // dst = memory size in pages
	mRuntimeCall                     // call engine runtime function imm (like mCall)
	mFalu                            // dst = a <sub> b, floats
	mFunary                          // dst = <sub> a, floats
	mFcmp                            // dst = a <cond> b, floats
	mConvert                         // dst = <sub> a, between types from and to
	mCallIndirect                    // call through table: a = element index; imm = type, table
	mArgStoreImm                     // outgoing argument word = imm (index in table)
	mTailCall                        // jump to function imm with args in the incoming area
	mTailCallIndirect                // the same through table: a = element index, imm = type
	mBrCmp                           // a <cond> b (or imm when bImm) ? edges[0] : edges[1]
	mMemCopy                         // memory.copy: dst a, src b, length c
	mMemFill                         // memory.fill: dst a, byte b, length c
)

var mopNames = [...]string{"", "movimm", "fconst", "mov", "alu", "div", "shift", "bitcount",
	"cmpset", "select", "extend", "load", "store", "global_get", "global_set", "param_load",
	"arg_store", "result_load", "ret_store", "call", "ret", "moves", "jump", "brif", "br_table",
	"trap", "trapif", "memory_size", "runtime_call", "falu", "funary", "fcmp", "convert", "call_indirect", "arg_store_imm", "tail_call", "tail_call_indirect", "brcmp", "memory_copy", "memory_fill"}

// edge is a control transfer to a block with the moves that assign its
// parameters.
type edge struct {
	target int // index in the lowered block list
	dsts   []regalloc.VReg
	srcs   []regalloc.VReg
}

// minst is a machine instruction on virtual registers.
type minst struct {
	op      mop
	size    uint8 // operand width in bytes: 4 or 8
	dst     regalloc.VReg
	a, b, c regalloc.VReg
	imm     int64
	sub     ssa.Op // which alu, shift or count operation
	cond    ssa.Cond
	signed  bool
	rem     bool
	acc     ssa.MemAccess
	float   bool // a float operation or value
	trap    ssa.TrapCode
	edges   []edge
	from    ssa.Type        // source type of a conversion
	to      ssa.Type        // result type of a conversion
	table   uint32          // table of call_indirect; word index of arg_store_imm
	args    []regalloc.VReg // arguments of a tail call
	// bImm says that the second operand is imm, not register b (alu,
	// shift, cmpset, brcmp).
	bImm bool
	// addrLea says that a load's or store's address is the 32-bit sum
	// a + idx*scale + adisp (idx may be noVReg), not a alone.
	addrLea bool
	idx     regalloc.VReg
	scale   uint8
	adisp   int32
}

const noVReg regalloc.VReg = -1

// uses lists the virtual registers the instruction reads.
func (m *minst) uses() []regalloc.VReg {
	var u []regalloc.VReg
	for _, v := range [...]regalloc.VReg{m.a, m.b, m.c, m.idx} {
		if v != noVReg {
			u = append(u, v)
		}
	}
	for _, e := range m.edges {
		u = append(u, e.srcs...)
	}
	return append(u, m.args...)
}

// tiedDst says whether the emitter computes dst correctly when dst and a
// share a register: it reads a before writing dst, or starts by copying
// a into dst (and b, live here too, is elsewhere).
func (m *minst) tiedDst() bool {
	if m.dst == noVReg || m.a == noVReg || m.float {
		return false
	}
	switch m.op {
	case mMov, mAlu, mShift, mBitCount, mCmpSet, mExtend, mLoad:
		return true
	}
	return false
}

// defs lists the virtual registers the instruction writes.
func (m *minst) defs() []regalloc.VReg {
	var d []regalloc.VReg
	if m.dst != noVReg {
		d = append(d, m.dst)
	}
	for _, e := range m.edges {
		d = append(d, e.dsts...)
	}
	return d
}

// format renders the instruction with locations when loc is non-nil.
func (m *minst) format(loc func(regalloc.VReg) string) string {
	name := func(v regalloc.VReg) string {
		if loc != nil {
			return loc(v)
		}
		return fmt.Sprintf("v%d", v)
	}
	var sb strings.Builder
	if m.dst != noVReg {
		sb.WriteString(name(m.dst) + " = ")
	}
	sb.WriteString(mopNames[m.op])
	switch m.op {
	case mAlu, mShift, mBitCount, mFalu, mFunary, mConvert:
		sb.WriteString("." + m.sub.String())
	case mCmpSet, mFcmp, mBrCmp:
		sb.WriteString("." + m.cond.String())
	case mDiv:
		fmt.Fprintf(&sb, ".s%v.rem%v", m.signed, m.rem)
	case mLoad, mStore:
		sb.WriteString("." + m.acc.String())
	case mTrap, mTrapIf:
		fmt.Fprintf(&sb, " %q", m.trap.String())
	}
	if m.size != 0 {
		fmt.Fprintf(&sb, "%d", m.size*8)
	}
	var ops []string
	for _, v := range [...]regalloc.VReg{m.a, m.b, m.c, m.idx} {
		if v != noVReg {
			ops = append(ops, name(v))
		}
	}
	if m.addrLea {
		ops = append(ops, fmt.Sprintf("*%d%+d", m.scale, m.adisp))
	}
	if m.bImm {
		ops = append(ops, fmt.Sprintf("$%d", m.imm))
	}
	switch m.op {
	case mMovImm, mFconst, mLoad, mStore, mGlobalGet, mGlobalSet, mParamLoad, mArgStore,
		mResultLoad, mRetStore, mCall, mExtend, mRuntimeCall, mCallIndirect, mArgStoreImm,
		mTailCall, mTailCallIndirect:
		ops = append(ops, fmt.Sprintf("#%d", m.imm))
	}
	for _, e := range m.edges {
		var mv []string
		for i := range e.dsts {
			mv = append(mv, name(e.dsts[i])+"<-"+name(e.srcs[i]))
		}
		ops = append(ops, fmt.Sprintf("L%d(%s)", e.target, strings.Join(mv, " ")))
	}
	if len(ops) > 0 {
		sb.WriteString(" " + strings.Join(ops, ", "))
	}
	return sb.String()
}
