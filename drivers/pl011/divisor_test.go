package pl011

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDivisor(t *testing.T) {
	for _, tc := range []struct {
		clock          uint64
		baud           uint32
		integer, fract uint32
	}{
		{9216000, 115200, 5, 0},   // Raspberry Pi 5's uart10
		{48000000, 115200, 26, 3}, // Pi 3 and 4 with init_uart_clock=48000000
		{24000000, 115200, 13, 1}, // QEMU virt's 24 MHz
		{48000000, 0, 0, 0},
	} {
		i, f := Divisor(tc.clock, tc.baud)
		require.Equal(t, [2]uint32{tc.integer, tc.fract}, [2]uint32{i, f}, "%d Hz, %d baud", tc.clock, tc.baud)
	}
}
