package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLoopTemporariesKeepRegisters: four values live through a loop, each
// read three times there, fill the four registers; the loop's short
// temporaries need two more. One of the long values leaves its register
// for the loop (its three reads take the slot), rather than every
// temporary going through a slot (a store and a load each).
func TestLoopTemporariesKeepRegisters(t *testing.T) {
	const temps = 8
	classes := make([]Class, 4+temps)
	var body []Instr
	for k := range temps / 2 {
		a, b := VReg(4+2*k), VReg(5+2*k)
		body = append(body,
			ins([]VReg{VReg(k)}, []VReg{a}),
			ins(nil, []VReg{b}),
			ins([]VReg{a, b}, nil),
			ins([]VReg{VReg((k + 1) % 4), VReg((k + 2) % 4)}, nil))
	}
	f := &Function{
		Classes: classes,
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{0}), ins(nil, []VReg{1}), ins(nil, []VReg{2}), ins(nil, []VReg{3})}, Succs: []int{1}},
			{Instrs: body, Succs: []int{1, 2}},
			{Instrs: []Instr{ins([]VReg{0, 1, 2, 3}, nil)}},
		},
	}
	res := allocateAndSimulate(t, f, testRegs)
	for v := VReg(4); v < 4+temps; v++ {
		inSlot, _ := pieces(f, res, v)
		require.Empty(t, inSlot, "temporary v%d goes through a slot", v)
	}
}

// TestSlotsShareAcrossCopies: a value takes the slot of a value it is
// copied into or out of when their lifetimes do not overlap, and another
// slot when they do.
func TestSlotsShareAcrossCopies(t *testing.T) {
	var s slots
	a := s.take(span{0, 10}, 0, nil)
	b := s.take(span{5, 20}, 1, []int{a})
	require.NotEqual(t, a, b, "overlapping lifetimes")
	c := s.take(span{10, 30}, 2, []int{b, a})
	require.Equal(t, a, c, "the first preferred slot overlaps, the second does not")
	d := s.take(span{31, 40}, 3, nil)
	require.Contains(t, []int{a, b}, d, "a slot free since before the start is reused")
	require.Equal(t, 2, s.count())
}
