package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// ForwardMemory removes reads of state whose value is already known: a
// global.get after a global.set or global.get of the same global, and a
// load after a store or load of the same bytes, with nothing in between
// that may have changed them. The read's result becomes the value
// stored or read before. Facts flow through a block and into a block
// whose only predecessor it is (extended basic blocks), so a value read
// before a branch is known on both sides of it.
//
// What ends a fact: a call (the callee may change any global or any byte
// of memory), a store that may write any of the fact's bytes, and every
// other operation that writes memory (memory.copy, fill, init, grow, a
// lane store). Two stores may write the same bytes unless their addresses
// are the same value or both constants and their ranges are apart.
// Dropping a load that could trap is sound: the access it repeats reads
// the same bytes and would have trapped first.
//
// This is what C compiled to WebAssembly needs around its shadow stack
// (the stack pointer global read and written several times a function)
// and its global variables (loads and stores at constant addresses,
// which clang repeats where a call between them could have changed
// them, and each inlined call adds).
func ForwardMemory(f *ssa.Func) { forwardWith(f, dominators(f)) }

// forwardWith forwards over f with dominator tree d and reports whether
// some read became a constant, which may leave its uses to fold.
func forwardWith(f *ssa.Func, d *domTree) (constants bool) {
	fw := forwarder{f: f, d: d}
	fw.visit(0, nil)
	f.ResolveArgs()
	return fw.constants
}

// maxKnown bounds the facts kept: a store searches all of them.
const maxKnown = 32

// known is one fact: global (when isGlobal) or the bytes [addr+off,
// addr+off+size) as read with access acc hold val.
type known struct {
	isGlobal bool
	global   uint32
	addr     ssa.Value
	off      uint64
	acc      ssa.MemAccess
	typ      ssa.Type
	val      ssa.Value
}

type forwarder struct {
	f         *ssa.Func
	d         *domTree
	constants bool // some read's known value is a constant
}

// alias makes the result of read in the value v known to hold.
func (fw *forwarder) alias(in *ssa.Instr, v ssa.Value) {
	fw.f.SetAlias(in.Results[0], v)
	if def := fw.f.Def(v); def != nil && isConstant(def.Op) {
		fw.constants = true
	}
}

// visit forwards in block id, starting from the facts that hold on entry,
// and goes on to the blocks id dominates.
func (fw *forwarder) visit(id ssa.BlockID, facts []known) {
	b := fw.f.Block(id)
	kept := b.Instrs[:0]
	for _, in := range b.Instrs {
		for i, a := range in.Args {
			in.Args[i] = fw.f.Resolve(a)
		}
		var drop bool
		facts, drop = fw.step(in, facts)
		if !drop {
			kept = append(kept, in)
		}
	}
	clear(b.Instrs[len(kept):])
	b.Instrs = kept
	for _, c := range fw.d.children[id] {
		if len(fw.f.Block(c).Preds) == 1 {
			fw.visit(c, append([]known(nil), facts...))
		} else {
			fw.visit(c, nil)
		}
	}
}

// step updates facts for instruction in and reports whether in is a read
// whose result is known (its result now an alias of that value).
func (fw *forwarder) step(in *ssa.Instr, facts []known) ([]known, bool) {
	switch in.Op {
	case ssa.OpGlobalGet:
		for _, k := range facts {
			if k.isGlobal && k.global == in.Aux {
				fw.alias(in, k.val)
				return facts, true
			}
		}
		return remember(facts, known{isGlobal: true, global: in.Aux, val: in.Results[0]}), false
	case ssa.OpGlobalSet:
		facts = forgetGlobal(facts, in.Aux)
		return remember(facts, known{isGlobal: true, global: in.Aux, val: in.Args[0]}), false
	case ssa.OpLoad:
		k := known{addr: in.Args[0], off: in.Imm, acc: ssa.MemAccess(in.Aux), typ: fw.f.TypeOf(in.Results[0])}
		for _, f := range facts {
			if !f.isGlobal && f.acc == k.acc && f.typ == k.typ && fw.sameAddress(f, k) {
				fw.alias(in, f.val)
				return facts, true
			}
		}
		k.val = in.Results[0]
		return remember(facts, k), false
	case ssa.OpStore:
		k := known{addr: in.Args[0], off: in.Imm, acc: ssa.MemAccess(in.Aux), val: in.Args[1]}
		k.typ = fw.f.TypeOf(k.val)
		facts = fw.forgetOverlapping(facts, k)
		if fullWidth(k.acc, k.typ) {
			facts = remember(facts, k)
		}
		return facts, false
	case ssa.OpCall, ssa.OpCallIndirect:
		return facts[:0], false
	}
	if writesMemory(in.Op) {
		return forgetMemory(facts), false
	}
	return facts, false
}

// fullWidth reports whether a store of a value of type t with access acc
// writes all of the value, so that a load of the same access and type
// reads it back unchanged.
func fullWidth(acc ssa.MemAccess, t ssa.Type) bool {
	switch acc {
	case ssa.Mem32:
		return t == ssa.TypeI32 || t == ssa.TypeF32
	case ssa.Mem64:
		return t == ssa.TypeI64 || t == ssa.TypeF64
	case ssa.Mem128:
		return t == ssa.TypeV128
	}
	return false
}

// writesMemory reports whether an operation other than a store or a call
// may change linear memory, or is not known not to.
func writesMemory(op ssa.Op) bool {
	switch op {
	case ssa.OpLoad, ssa.OpGlobalGet, ssa.OpGlobalSet, ssa.OpCounterClock, ssa.OpTrapIf,
		ssa.OpSdiv, ssa.OpUdiv, ssa.OpSrem, ssa.OpUrem, ssa.OpFcvtToSint, ssa.OpFcvtToUint,
		ssa.OpTableGet, ssa.OpTableSet, ssa.OpTableSize, ssa.OpTableGrow, ssa.OpTableFill,
		ssa.OpTableCopy, ssa.OpTableInit, ssa.OpElemDrop, ssa.OpDataDrop,
		ssa.OpVloadSplat, ssa.OpVloadZero, ssa.OpVloadSextend, ssa.OpVloadUextend, ssa.OpVloadLane:
		return false
	}
	// A terminator ends the block (a tail call leaves the function):
	// what holds at its end holds on its edges.
	return op.HasSideEffects() && !op.IsTerminator()
}

// remember adds k to facts, dropping the oldest fact when there are
// maxKnown.
func remember(facts []known, k known) []known {
	if len(facts) == maxKnown {
		facts = append(facts[:0], facts[1:]...)
	}
	return append(facts, k)
}

func forgetGlobal(facts []known, g uint32) []known {
	kept := facts[:0]
	for _, k := range facts {
		if !k.isGlobal || k.global != g {
			kept = append(kept, k)
		}
	}
	return kept
}

func forgetMemory(facts []known) []known {
	kept := facts[:0]
	for _, k := range facts {
		if k.isGlobal {
			kept = append(kept, k)
		}
	}
	return kept
}

// forgetOverlapping drops the memory facts a store described by s may
// change.
func (fw *forwarder) forgetOverlapping(facts []known, s known) []known {
	kept := facts[:0]
	for _, k := range facts {
		if k.isGlobal || fw.apart(k, s) {
			kept = append(kept, k)
		}
	}
	return kept
}

// sameAddress reports whether two accesses start at the same byte: the
// same address value and offset, or two constant addresses that add up
// to the same.
func (fw *forwarder) sameAddress(a, b known) bool {
	if a.addr == b.addr {
		return a.off == b.off
	}
	ca, okA := fw.constAddress(a.addr)
	cb, okB := fw.constAddress(b.addr)
	return okA && okB && ca+a.off == cb+b.off
}

// apart reports whether the bytes of two accesses certainly do not
// overlap: on the same address value, or on two constant addresses,
// their ranges are disjoint.
func (fw *forwarder) apart(a, b known) bool {
	aStart, bStart := a.off, b.off
	if a.addr != b.addr {
		ca, okA := fw.constAddress(a.addr)
		cb, okB := fw.constAddress(b.addr)
		if !okA || !okB {
			return false
		}
		aStart += ca
		bStart += cb
	}
	return aStart+a.acc.Size() <= bStart || bStart+b.acc.Size() <= aStart
}

// constAddress returns the value of an address operand that is a
// constant (an i32 zero-extended, as the access does).
func (fw *forwarder) constAddress(v ssa.Value) (uint64, bool) {
	d := fw.f.Def(v)
	if d == nil || d.Op != ssa.OpIconst {
		return 0, false
	}
	if fw.f.TypeOf(v) == ssa.TypeI32 {
		return uint64(uint32(d.Imm)), true
	}
	return d.Imm, true
}
