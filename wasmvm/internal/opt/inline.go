package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// MaxInlineSize is the most instructions, constants not counted, that a
// function may have to be inlined.
const MaxInlineSize = 40

// Inlinable reports whether calls to f may be replaced by its body: f is
// small (MaxInlineSize), calls no function of its module (only imports,
// functions numbered below imports: those run in the host and never come
// back into code that could be inlined, so inlining never recurses) and
// makes no tail call, uses no operation that leaves compiled code for the
// runtime (growing or bulk operations on memories and tables, whose exits
// expect a frame of their own), and its entry block is not a loop header
// (its parameters are the call's arguments). f must already be
// optimized; Inline only reads it.
func Inlinable(f *ssa.Func, imports uint32) bool {
	if len(f.Entry().Preds) != 0 {
		return false
	}
	size := 0
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			if in.Op == ssa.OpCall && in.Aux < imports {
				size++
				continue
			}
			switch in.Op {
			case ssa.OpCall, ssa.OpCallIndirect, ssa.OpReturnCall, ssa.OpReturnCallIndirect,
				ssa.OpMemoryGrow, ssa.OpMemoryInit, ssa.OpMemoryCopy, ssa.OpMemoryFill, ssa.OpDataDrop,
				ssa.OpTableGrow, ssa.OpTableFill, ssa.OpTableCopy, ssa.OpTableInit, ssa.OpElemDrop:
				return false
			}
			if !isConstant(in.Op) {
				size++
			}
		}
	}
	return size <= MaxInlineSize
}

// Inline replaces every direct call in f to a function for which callee
// returns a body (nil: not to be inlined; it must be Inlinable) by a copy
// of that body: the calling block is split after the call, the callee's
// blocks are copied with fresh values, its entry parameters stand for the
// arguments, and each of its returns becomes a jump to the second half,
// whose parameters stand for the call's results. The callees are only
// read, so one body can serve many callers at once. A trap in inlined
// code is reported in the caller's frame: the inlined function has none.
// It reports whether anything was inlined.
func Inline(f *ssa.Func, callee func(idx uint32) *ssa.Func) bool {
	inlined := false
	var sp splicer
	reserveInlined(f, callee)
	// The calls of a block are inlined from its last to its first: each
	// split moves only the instructions up to the next call already
	// inlined, so a long block with many calls is split in linear time.
	// The blocks the splits add hold no calls left to inline.
	for bi, n := 0, len(f.Blocks); bi < n; bi++ {
		b := f.Blocks[bi]
		for i := len(b.Instrs) - 1; i >= 0; i-- {
			in := b.Instrs[i]
			if in.Op != ssa.OpCall {
				continue
			}
			body := callee(in.Aux)
			if body == nil {
				continue
			}
			sp.splice(f, body, b, i)
			inlined = true
		}
	}
	if inlined {
		f.ResolveArgs()
	}
	return inlined
}

// reserveInlined makes room in f for the values and blocks that inlining
// the calls for which callee gives a body adds: grown by append, a large
// function's array of values would be copied a dozen times over.
func reserveInlined(f *ssa.Func, callee func(idx uint32) *ssa.Func) {
	values, blocks := 0, 0
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			if in.Op != ssa.OpCall {
				continue
			}
			if body := callee(in.Aux); body != nil {
				values += body.NumValues() + len(in.Results)
				blocks += len(body.Blocks) + 1
			}
		}
	}
	if values > 0 {
		f.Reserve(values, blocks)
	}
}

// splicer copies callee bodies into a caller. Its scratch arrays serve
// every call of one Inline, and each copy takes its instructions and their
// operand lists out of one array apiece rather than allocating them one by
// one: a large function inlines thousands of calls, and the allocations
// were most of the inliner's time.
type splicer struct {
	vals   []ssa.Value                 // per value of the body, its copy
	blocks []*ssa.Block                // per block of the body, its copy
	types  []ssa.Type                  // the result types of the instruction at hand
	orders map[*ssa.Func][]ssa.BlockID // per body, its blocks in reverse postorder
}

// order returns body's blocks in reverse postorder, computed once per body.
func (sp *splicer) order(body *ssa.Func) []ssa.BlockID {
	if o, ok := sp.orders[body]; ok {
		return o
	}
	if sp.orders == nil {
		sp.orders = map[*ssa.Func][]ssa.BlockID{}
	}
	o := reversePostorder(body)
	sp.orders[body] = o
	return o
}

// splice inlines body in place of the call b.Instrs[i].
func (sp *splicer) splice(f, body *ssa.Func, b *ssa.Block, i int) {
	call := b.Instrs[i]
	cont := f.NewBlock()
	for k, r := range call.Results {
		f.SetAlias(r, f.AddParam(cont, body.Sig.Results[k]))
	}
	// The second half of b moves to cont, and its successors see cont as
	// their predecessor.
	rest := b.Instrs[i+1:]
	for _, in := range rest {
		f.Move(in, cont.ID)
	}
	cont.Instrs = append(cont.Instrs, rest...)
	for _, t := range successors(cont) {
		succ := f.Block(t.Block)
		for k, p := range succ.Preds {
			if p == b.ID {
				succ.Preds[k] = cont.ID
			}
		}
	}
	b.Instrs = b.Instrs[:i]

	vals := cleared(sp.vals, body.NumValues())
	sp.vals = vals
	for k, p := range body.Entry().Params {
		vals[p] = call.Args[k]
	}
	blocks := cleared(sp.blocks, len(body.Blocks))
	sp.blocks = blocks
	order := sp.order(body)
	numInstrs, numArgs := 0, 0
	for _, id := range order {
		nb := f.NewBlock()
		blocks[id] = nb
		bb := body.Block(id)
		nb.Instrs = make([]*ssa.Instr, 0, len(bb.Instrs))
		numInstrs += len(bb.Instrs)
		for _, in := range bb.Instrs {
			numArgs += len(in.Args)
			for _, t := range in.Targets {
				numArgs += len(t.Args)
			}
		}
		if id == 0 {
			continue
		}
		for _, p := range bb.Params {
			vals[p] = f.AddParam(nb, body.TypeOf(p))
		}
	}
	f.Append(b, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: blocks[0].ID}}})
	instrs := make([]ssa.Instr, numInstrs)
	args := make([]ssa.Value, numArgs)
	// mapArgs returns the copies of a body's operands, cut out of args.
	mapArgs := func(in []ssa.Value) []ssa.Value {
		if len(in) == 0 {
			return nil
		}
		out := args[:len(in):len(in)]
		args = args[len(in):]
		for k, a := range in {
			out[k] = vals[body.Resolve(a)]
		}
		return out
	}
	for _, id := range order {
		nb := blocks[id]
		for _, in := range body.Block(id).Instrs {
			c := &instrs[0]
			instrs = instrs[1:]
			*c = ssa.Instr{Op: in.Op, Imm: in.Imm, Imm2: in.Imm2, Aux: in.Aux, Aux2: in.Aux2, Cond: in.Cond}
			if in.Op == ssa.OpReturn {
				c.Op = ssa.OpJump
				c.Targets = []ssa.BlockCall{{Block: cont.ID, Args: mapArgs(in.Args)}}
			} else {
				c.Args = mapArgs(in.Args)
			}
			if len(in.Targets) > 0 {
				c.Targets = make([]ssa.BlockCall, 0, len(in.Targets))
			}
			for _, t := range in.Targets {
				c.Targets = append(c.Targets, ssa.BlockCall{Block: blocks[t.Block].ID, Args: mapArgs(t.Args)})
			}
			types := sp.types[:0]
			for _, r := range in.Results {
				types = append(types, body.TypeOf(r))
			}
			sp.types = types
			f.Append(nb, c, types...)
			for k, r := range in.Results {
				vals[r] = c.Results[k]
			}
		}
	}
}

// cleared returns s with length n and every element zero, reallocated only
// when too small.
func cleared[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}
