package frontend

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// instr translates the instruction in t.in.
func (t *translator) instr() error {
	op := t.in.Op
	if !t.reachable {
		return t.deadInstr(op)
	}
	switch op {
	case wasm.OpBlock, wasm.OpLoop, wasm.OpIf:
		t.open(op)
	case wasm.OpElse:
		t.elseBranch()
	case wasm.OpEnd:
		t.end()
	case wasm.OpBr:
		t.br(t.in.Index)
	case wasm.OpBrIf:
		t.brIf(t.in.Index)
	case wasm.OpBrTable:
		t.brTable()
	case wasm.OpReturn:
		t.b.Emit(&ssa.Instr{Op: ssa.OpReturn, Args: t.popN(len(t.f.Sig.Results))})
		t.setUnreachable()
	case wasm.OpUnreachable:
		t.b.Emit(&ssa.Instr{Op: ssa.OpTrap, Aux: uint32(ssa.TrapUnreachable)})
		t.setUnreachable()
	default:
		return t.plainInstr()
	}
	return nil
}

// deadInstr handles an instruction in unreachable code: only the structure
// matters, to find where reachable code resumes.
func (t *translator) deadInstr(op wasm.Opcode) error {
	switch op {
	case wasm.OpBlock, wasm.OpLoop, wasm.OpIf:
		t.dead++
	case wasm.OpElse:
		if t.dead == 0 {
			t.elseBranch()
		}
	case wasm.OpEnd:
		if t.dead > 0 {
			t.dead--
		} else {
			t.end()
		}
	}
	return nil
}

func (t *translator) open(op wasm.Opcode) {
	params, results := t.blockType(t.in.Block)
	fr := frame{params: params, results: results, follow: t.newBlockWithParams(results)}
	switch op {
	case wasm.OpBlock:
		fr.kind = frameBlock
		fr.height = len(t.stack) - len(params)
	case wasm.OpLoop:
		fr.kind = frameLoop
		fr.header = t.newBlockWithParams(params)
		t.b.Jump(fr.header, t.popN(len(params))...)
		fr.height = len(t.stack)
		t.b.SetCurrent(fr.header)
		t.stack = append(t.stack, fr.header.Params...)
	case wasm.OpIf:
		fr.kind = frameIf
		cond := t.pop()
		fr.height = len(t.stack) - len(params)
		fr.paramValues = t.topN(len(params))
		then := t.f.NewBlock()
		fr.elseBlock = t.f.NewBlock()
		t.b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{cond},
			Targets: []ssa.BlockCall{{Block: then.ID}, {Block: fr.elseBlock.ID}}})
		t.b.Seal(then)
		t.b.Seal(fr.elseBlock)
		t.b.SetCurrent(then)
	}
	t.ctrls = append(t.ctrls, fr)
}

// fallthroughTo ends the current block, if reachable, with a jump to the
// frame's follow block carrying its results.
func (t *translator) fallthroughTo(fr *frame) {
	if t.reachable {
		t.b.Jump(fr.follow, t.popN(len(fr.results))...)
	}
}

func (t *translator) elseBranch() {
	fr := &t.ctrls[len(t.ctrls)-1]
	t.fallthroughTo(fr)
	t.stack = append(t.stack[:fr.height], fr.paramValues...)
	fr.kind = frameElse
	t.b.SetCurrent(fr.elseBlock)
	fr.elseBlock = nil
	t.reachable, t.dead = true, 0
}

func (t *translator) end() {
	fr := t.ctrls[len(t.ctrls)-1]
	t.fallthroughTo(&fr)
	if fr.kind == frameIf {
		// An if without else: the false branch passes the parameters on
		// as results (validation made their types equal).
		t.b.SetCurrent(fr.elseBlock)
		t.b.Jump(fr.follow, fr.paramValues...)
	}
	if fr.kind == frameLoop {
		t.b.Seal(fr.header) // every back edge is known now
	}
	t.ctrls = t.ctrls[:len(t.ctrls)-1]
	t.b.Seal(fr.follow)
	t.stack = t.stack[:fr.height]
	t.b.SetCurrent(fr.follow)
	if fr.kind == frameFunc {
		t.b.Emit(&ssa.Instr{Op: ssa.OpReturn, Args: append([]ssa.Value(nil), fr.follow.Params...)})
		return
	}
	t.reachable, t.dead = len(fr.follow.Preds) > 0, 0
	if t.reachable {
		t.stack = append(t.stack, fr.follow.Params...)
	}
}

func (t *translator) frameAt(depth uint32) *frame { return &t.ctrls[len(t.ctrls)-1-int(depth)] }

func (t *translator) br(depth uint32) {
	target, n := t.frameAt(depth).branchTarget()
	t.b.Jump(target, t.topN(n)...)
	t.setUnreachable()
}

func (t *translator) brIf(depth uint32) {
	cond := t.pop()
	target, n := t.frameAt(depth).branchTarget()
	cont := t.f.NewBlock()
	t.b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{cond},
		Targets: []ssa.BlockCall{{Block: target.ID, Args: t.topN(n)}, {Block: cont.ID}}})
	t.b.Seal(cont)
	t.b.SetCurrent(cont)
}

func (t *translator) brTable() {
	index := t.pop()
	depths := append(append([]uint32(nil), t.in.Targets...), t.in.Index)
	calls := make([]ssa.BlockCall, len(depths))
	for i, d := range depths {
		target, n := t.frameAt(d).branchTarget()
		calls[i] = ssa.BlockCall{Block: target.ID, Args: t.topN(n)}
	}
	t.b.Emit(&ssa.Instr{Op: ssa.OpBrTable, Args: []ssa.Value{index}, Targets: calls})
	t.setUnreachable()
}
