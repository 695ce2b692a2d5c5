package ssa

import "slices"

// Instr is one instruction. Which immediate fields are used depends on Op
// (see the Op constants). Its fields are ordered to leave little padding
// (104 bytes): a large function has tens of thousands of instructions.
type Instr struct {
	Op      Op
	Type    Type // type of the first result, TypeInvalid if none
	Cond    Cond
	Block   BlockID // the block holding the instruction
	Args    []Value // operands
	Results []Value // results; most instructions have zero or one
	Imm     uint64
	Imm2    uint64
	Aux     uint32
	Aux2    uint32
	Targets []BlockCall // successors of a terminator
}

// Result returns the first result, or NoValue.
func (in *Instr) Result() Value {
	if len(in.Results) == 0 {
		return NoValue
	}
	return in.Results[0]
}

// BlockCall is a jump to a block with arguments for its parameters.
type BlockCall struct {
	Block BlockID
	Args  []Value
}

// Block is a basic block: parameters, then instructions, the last of which
// is a terminator once the block is complete.
type Block struct {
	ID     BlockID
	Params []Value
	Instrs []*Instr
	Preds  []BlockID // predecessors, one entry per incoming edge

	sealed bool // all predecessors are known (SSA construction)
}

// Terminator returns the block's last instruction if it is a terminator.
func (b *Block) Terminator() *Instr {
	if n := len(b.Instrs); n > 0 && b.Instrs[n-1].Op.IsTerminator() {
		return b.Instrs[n-1]
	}
	return nil
}

// Signature is the parameter and result types of a function.
type Signature struct {
	Params  []Type
	Results []Type
}

// valueDef records where a value comes from.
type valueDef struct {
	typ   Type
	instr *Instr  // defining instruction, nil for a block parameter
	block BlockID // block of the definition
	// alias, when not NoValue, says that this value was replaced by
	// another (a removed block parameter or a folded instruction).
	alias Value
}

// Func is a function in SSA form. Block 0 is the entry; its parameters are
// the function's parameters.
type Func struct {
	Name   string
	Sig    Signature
	Blocks []*Block
	values []valueDef
	// results is where resultSlots cuts instructions' result lists from.
	results []Value
	// aliased counts the values SetAlias has replaced; resolvedAt is
	// that count when ResolveArgs last rewrote the operands.
	aliased, resolvedAt int
}

// NewFunc returns a function with an entry block whose parameters match
// sig.Params.
func NewFunc(name string, sig Signature) *Func {
	f := &Func{Name: name, Sig: sig}
	entry := f.NewBlock()
	for _, t := range sig.Params {
		f.AddParam(entry, t)
	}
	entry.sealed = true
	return f
}

// Reserve makes room for about values values and blocks blocks more, so
// that a builder that knows the size of its source does not grow the
// function's tables step by step.
func (f *Func) Reserve(values, blocks int) {
	f.values = slices.Grow(f.values, values)
	f.Blocks = slices.Grow(f.Blocks, blocks)
}

// NewBlock appends an empty block.
func (f *Func) NewBlock() *Block {
	b := &Block{ID: BlockID(len(f.Blocks))}
	f.Blocks = append(f.Blocks, b)
	return b
}

// Block returns the block with the given id.
func (f *Func) Block(id BlockID) *Block { return f.Blocks[id] }

// Entry is the entry block.
func (f *Func) Entry() *Block { return f.Blocks[0] }

// NumValues is one more than the largest value id, for sizing per-value
// tables.
func (f *Func) NumValues() int { return len(f.values) }

// TypeOf returns the type of v.
func (f *Func) TypeOf(v Value) Type { return f.values[v].typ }

// Def returns the instruction defining v, or nil for a block parameter.
func (f *Func) Def(v Value) *Instr { return f.values[v].instr }

// Resolve follows aliases to the value that stands for v.
func (f *Func) Resolve(v Value) Value {
	for v != NoValue && f.values[v].alias != NoValue {
		v = f.values[v].alias
	}
	return v
}

// SetAlias replaces every later use of v by to (after Resolve).
func (f *Func) SetAlias(v, to Value) {
	f.values[v].alias = to
	f.aliased++
}

func (f *Func) newValue(t Type, in *Instr, b BlockID) Value {
	f.values = append(f.values, valueDef{typ: t, instr: in, block: b, alias: NoValue})
	return Value(len(f.values) - 1)
}

// AddParam appends a parameter of type t to block b.
func (f *Func) AddParam(b *Block, t Type) Value {
	v := f.newValue(t, nil, b.ID)
	b.Params = append(b.Params, v)
	return v
}

// Append adds in to block b, giving it results of the given types.
func (f *Func) Append(b *Block, in *Instr, results ...Type) *Instr {
	f.Define(b, in, results...)
	b.Instrs = append(b.Instrs, in)
	for _, t := range in.Targets {
		tb := f.Blocks[t.Block]
		tb.Preds = append(tb.Preds, b.ID)
	}
	return in
}

// ResolveArgs rewrites every operand and block argument through Resolve.
// Passes that alias values call it once at their end. When no value was
// aliased since its last call, no operand can need rewriting, and it
// returns at once: most passes call it and alias nothing.
func (f *Func) ResolveArgs() {
	if f.aliased == f.resolvedAt {
		return
	}
	f.resolvedAt = f.aliased
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			for i, a := range in.Args {
				in.Args[i] = f.Resolve(a)
			}
			for _, t := range in.Targets {
				for i, a := range t.Args {
					t.Args[i] = f.Resolve(a)
				}
			}
		}
	}
}

// MarkResolved records that the caller has rewritten every operand and
// block argument of f through Resolve since the last SetAlias, as
// ResolveArgs does: a pass that visits every instruction after the
// definitions of its operands resolves them as it goes, and need not walk
// the function again. Verify rejects an operand that is a replaced value
// afterwards, as after ResolveArgs.
func (f *Func) MarkResolved() { f.resolvedAt = f.aliased }

// Insert puts in into block b before its i-th instruction, giving it
// results of the given types, and returns it. Unlike Append it does not
// record successors: passes insert only instructions without targets.
func (f *Func) Insert(b *Block, i int, in *Instr, results ...Type) *Instr {
	f.Define(b, in, results...)
	b.Instrs = slices.Insert(b.Instrs, i, in)
	return in
}

// Move records that in, with its results, now lives in block to; the
// caller has already placed it in to's instruction list.
func (f *Func) Move(in *Instr, to BlockID) {
	in.Block = to
	for _, r := range in.Results {
		f.values[r].block = to
	}
}

// Define gives in results of the given types and records that it belongs
// to block b, without placing it in b's instruction list: the caller
// places it (passes rebuilding a list, inlining).
func (f *Func) Define(b *Block, in *Instr, results ...Type) *Instr {
	in.Block = b.ID
	if len(results) > 0 {
		in.Type = results[0]
		in.Results = f.resultSlots(len(results))
		for i, t := range results {
			in.Results[i] = f.newValue(t, in, b.ID)
		}
	}
	return in
}

// resultSlots returns room for n results, cut from a chunk shared by the
// instructions of f (capped: appending to it reallocates).
func (f *Func) resultSlots(n int) []Value {
	if len(f.results) < n {
		// Most instructions have a result: size the chunk by the
		// values the function has room for, within bounds.
		f.results = make([]Value, max(n, min(1024, 16+cap(f.values)/2)))
	}
	r := f.results[:n:n]
	f.results = f.results[n:]
	return r
}

// BlockOf returns the block defining v: its instruction's block, or the
// block it is a parameter of.
func (f *Func) BlockOf(v Value) BlockID { return f.values[v].block }
