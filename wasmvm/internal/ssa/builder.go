package ssa

// Variable is a mutable variable of the source program (a WebAssembly
// local) that the Builder turns into SSA values.
type Variable int32

// Builder constructs a function in SSA form from code that assigns
// variables, with the algorithm of Braun et al., "Simple and Efficient
// Construction of Static Single Assignment Form" (CC 2013): a variable read
// looks for the definition in the block, then in its predecessors, adding
// block parameters where control flow merges. A block must be sealed once
// all its predecessors are known.
type Builder struct {
	f        *Func
	cur      *Block
	varTypes []Type
	// defs holds, per block, the value of each variable at the block's
	// end where known (NoValue where not), indexed by Variable; a row is
	// as long as the largest variable recorded in it.
	defs     [][]Value
	rowChunk []Value // where newRow cuts rows from
	// pending holds, per unsealed block, the parameters created for
	// variable reads before all predecessors were known.
	pending map[BlockID][]pendingParam
	// distinct holds, per sealed block with more than manyPreds
	// predecessors, those predecessors without repeats (see
	// distinctPreds); seen is its scratch set of blocks.
	distinct [][]BlockID
	seen     []bool
}

type pendingParam struct {
	v     Variable
	param Value
}

// NewBuilder starts building f, positioned at its entry block.
func NewBuilder(f *Func) *Builder {
	return &Builder{
		f:       f,
		cur:     f.Entry(),
		pending: make(map[BlockID][]pendingParam),
	}
}

// Func is the function being built.
func (b *Builder) Func() *Func { return b.f }

// Current is the block instructions are appended to.
func (b *Builder) Current() *Block { return b.cur }

// SetCurrent makes instructions go to blk.
func (b *Builder) SetCurrent(blk *Block) { b.cur = blk }

// DeclareVariable creates a variable of type t.
func (b *Builder) DeclareVariable(t Type) Variable {
	b.varTypes = append(b.varTypes, t)
	return Variable(len(b.varTypes) - 1)
}

// DefineVariable assigns val to v in the current block.
func (b *Builder) DefineVariable(v Variable, val Value) { b.setDef(v, b.cur.ID, val) }

// def returns the value of v at the end of block id, or NoValue.
func (b *Builder) def(v Variable, id BlockID) Value {
	if int(id) < len(b.defs) {
		if row := b.defs[id]; int(v) < len(row) {
			return row[v]
		}
	}
	return NoValue
}

// setDef records val as the value of v at the end of block id.
func (b *Builder) setDef(v Variable, id BlockID, val Value) {
	for int(id) >= len(b.defs) {
		b.defs = append(b.defs, nil)
	}
	row := b.defs[id]
	if row == nil && len(b.varTypes) <= maxDenseRow {
		row = b.newRow()
	}
	for int(v) >= len(row) {
		row = append(row, NoValue)
	}
	row[v] = val
	b.defs[id] = row
}

// maxDenseRow is the most variables for which a block's row is made for
// all of them at once; beyond it rows grow to the variables they record.
const maxDenseRow = 256

// newRow returns a row for every variable declared so far, all NoValue,
// cut from a chunk shared with other rows.
func (b *Builder) newRow() []Value {
	n := len(b.varTypes)
	if len(b.rowChunk) < n {
		b.rowChunk = make([]Value, max(n*16, 1024))
	}
	row := b.rowChunk[:n:n]
	b.rowChunk = b.rowChunk[n:]
	for i := range row {
		row[i] = NoValue
	}
	return row
}

// UseVariable returns the value of v at the end of the current block.
func (b *Builder) UseVariable(v Variable) Value { return b.read(v, b.cur) }

func (b *Builder) read(v Variable, blk *Block) Value {
	if val := b.def(v, blk.ID); val != NoValue {
		return val
	}
	var val Value
	switch {
	case !blk.sealed:
		val = b.f.AddParam(blk, b.varTypes[v])
		b.pending[blk.ID] = append(b.pending[blk.ID], pendingParam{v, val})
	case len(blk.Preds) == 1:
		val = b.read(v, b.f.Blocks[blk.Preds[0]])
	default:
		// Define the parameter before reading the predecessors, so
		// that a loop reaching back here finds it.
		val = b.f.AddParam(blk, b.varTypes[v])
		b.setDef(v, blk.ID, val)
		b.addParamArgs(v, blk)
	}
	b.setDef(v, blk.ID, val)
	return val
}

// addParamArgs appends, to every edge into blk, the value of v at the end
// of the edge's source block, for the parameter just added.
func (b *Builder) addParamArgs(v Variable, blk *Block) {
	for i, p := range b.distinctPreds(blk) {
		if len(blk.Preds) <= manyPreds && seenBefore(blk.Preds[:i], p) {
			continue // every edge from p is handled below at once
		}
		pred := b.f.Blocks[p]
		arg := b.read(v, pred)
		term := pred.Terminator()
		for j := range term.Targets {
			if term.Targets[j].Block == blk.ID {
				term.Targets[j].Args = append(term.Targets[j].Args, arg)
			}
		}
	}
}

// manyPreds is the most predecessors a block may have for addParamArgs to
// skip repeated ones by looking back through the list; beyond it (a join
// of a large br_table's cases, say) the list without repeats is made
// once per block.
const manyPreds = 8

// distinctPreds returns the predecessors of blk, a sealed block: as they
// are when it has at most manyPreds (repeats included), else without
// repeats, in order of first occurrence.
func (b *Builder) distinctPreds(blk *Block) []BlockID {
	if len(blk.Preds) <= manyPreds {
		return blk.Preds
	}
	for int(blk.ID) >= len(b.distinct) {
		b.distinct = append(b.distinct, nil)
	}
	if ps := b.distinct[blk.ID]; ps != nil {
		return ps
	}
	if len(b.seen) < len(b.f.Blocks) {
		b.seen = make([]bool, len(b.f.Blocks)+len(b.f.Blocks)/2)
	}
	ps := make([]BlockID, 0, len(blk.Preds))
	for _, p := range blk.Preds {
		if !b.seen[p] {
			b.seen[p] = true
			ps = append(ps, p)
		}
	}
	for _, p := range ps {
		b.seen[p] = false
	}
	b.distinct[blk.ID] = ps
	return ps
}

func seenBefore(ids []BlockID, id BlockID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// Seal declares that every predecessor of blk is known, completing the
// parameters created for reads in it.
func (b *Builder) Seal(blk *Block) {
	if blk.sealed {
		return
	}
	blk.sealed = true
	for _, p := range b.pending[blk.ID] {
		b.addParamArgs(p.v, blk)
	}
	delete(b.pending, blk.ID)
}

// Sealed reports whether blk has been sealed.
func (b *Builder) Sealed(blk *Block) bool { return blk.sealed }

// Emit appends in to the current block with results of the given types and
// returns it.
func (b *Builder) Emit(in *Instr, results ...Type) *Instr { return b.f.Append(b.cur, in, results...) }

// Value1 appends an instruction with one result and returns the result.
func (b *Builder) Value1(op Op, t Type, args ...Value) Value {
	return b.Emit(&Instr{Op: op, Args: args}, t).Results[0]
}

// Iconst returns a new integer constant.
func (b *Builder) Iconst(t Type, bits uint64) Value {
	if t == TypeI32 {
		bits = uint64(uint32(bits))
	}
	return b.Emit(&Instr{Op: OpIconst, Imm: bits}, t).Results[0]
}

// Jump ends the current block with a jump to target.
func (b *Builder) Jump(target *Block, args ...Value) {
	b.Emit(&Instr{Op: OpJump, Targets: []BlockCall{{Block: target.ID, Args: args}}})
}
