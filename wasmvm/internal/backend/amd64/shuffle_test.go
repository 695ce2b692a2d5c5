package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShufpdImm checks which two-source byte shuffles take shufpd: whole
// quadwords, the low one from a and the high one from b.
func TestShufpdImm(t *testing.T) {
	seq := func(lo, hi byte) (idx [16]byte) {
		for i := range byte(8) {
			idx[i], idx[8+i] = lo+i, hi+i
		}
		return idx
	}
	for _, c := range []struct {
		idx  [16]byte
		imm  byte
		fits bool
	}{
		{seq(8, 16), 1, true},  // a's high, b's low: a carried vector
		{seq(0, 24), 2, true},  // a's low, b's high
		{seq(8, 24), 3, true},  // both high
		{seq(16, 8), 0, false}, // b first
		{seq(4, 16), 0, false}, // not a whole quadword
		{seq(0, 8), 0, false},  // a alone
	} {
		imm, ok := shufpdImm(c.idx)
		require.Equal(t, c.fits, ok, "%v", c.idx)
		if ok {
			require.Equal(t, c.imm, imm, "%v", c.idx)
		}
	}
}
