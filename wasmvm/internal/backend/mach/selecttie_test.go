package mach

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSelectCmpSharing checks which operands a select that compares may
// share its result's register with: its value if false (TiedOperand) for
// an integer comparison, and its first compared operand (Commutes) only
// when that is none of its other operands, which must survive the copy
// of the value if false (hashtable's `x == 0 ? c : x` wrote c's register).
func TestSelectCmpSharing(t *testing.T) {
	sel := Instr{Op: OpSelectCmp, Dst: 9, A: 1, B: NoVReg, C: 2, D: 3}
	require.True(t, sel.TiedDst())
	require.Equal(t, sel.D, sel.TiedOperand())
	require.True(t, sel.Commutes())
	for _, same := range []func(m *Instr){
		func(m *Instr) { m.D = m.A }, func(m *Instr) { m.C = m.A }, func(m *Instr) { m.B = m.A },
	} {
		m := sel
		same(&m)
		require.False(t, m.Commutes(), "%+v", m)
	}
	float := sel
	float.Float = true
	require.False(t, float.TiedDst())
	require.False(t, float.Commutes())
}
