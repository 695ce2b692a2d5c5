package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// rotationLoop is a loop carrying six values in four registers, each
// round's value computed from the previous ones, as in a cipher's rounds:
// block 0 defines v0-v5 and enters the loop, whose header (block 1) has
// parameters v6-v11; its body computes v12-v17 and passes them back to
// the parameters; block 2 reads them after the loop.
func rotationLoop() *Function {
	const n = 6
	classes := make([]Class, 3*n)
	var entry, body []Instr
	var init, next []VReg
	for k := range n {
		entry = append(entry, ins(nil, []VReg{VReg(k)}))
		init = append(init, VReg(k))
		p, v := VReg(n+k), VReg(2*n+k)
		prev := VReg(n + (k+n-1)%n)
		if k > 0 {
			prev = v - 1
		}
		in := ins([]VReg{p, prev}, []VReg{v})
		in.Tied = true
		body = append(body, in)
		next = append(next, v)
	}
	jump := ins(init, nil)
	back := ins(next, nil)
	for k := range n {
		jump.Copies = append(jump.Copies, Copy{Dst: VReg(n + k), Src: VReg(k)})
		back.Copies = append(back.Copies, Copy{Dst: VReg(n + k), Src: VReg(2*n + k)})
	}
	params := make([]VReg, n)
	for k := range params {
		params[k] = VReg(n + k)
	}
	return &Function{
		Classes: classes,
		Blocks: []Block{
			{Instrs: append(entry, jump), Succs: []int{1}},
			{Params: params, Instrs: append(body, back), Succs: []int{1, 2}},
			{Instrs: []Instr{ins(next, nil)}},
		},
	}
}

// TestBackEdgeKeepsSpilledParameterSlot: a value that the back edge passes
// to a parameter waiting in a slot at the header ends the round in that
// slot or in a register; no value ends in a slot other than its
// parameter's, which would make the edge load it (the loop's values in
// slots are those whose parameters are).
func TestBackEdgeKeepsSpilledParameterSlot(t *testing.T) {
	f := rotationLoop()
	res := allocateAndSimulate(t, f, testRegs)
	branch := len(f.Blocks[1].Instrs) - 1
	mismatched := 0
	for _, c := range f.Blocks[1].Instrs[branch].Copies {
		src := res.Locations[res.Piece(1, branch, c.Src, false)]
		dst := res.Locations[res.EntryPiece(1, c.Dst)]
		t.Logf("v%d %+v -> v%d %+v", c.Src, src, c.Dst, dst)
		if src != dst && src.Spilled {
			mismatched++
		}
	}
	require.Zero(t, mismatched)
}
