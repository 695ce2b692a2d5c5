// Package pit uses the PC's 8254 programmable interval timer for one
// thing: a known interval against which the kernel calibrates the
// time-stamp counter and the local APIC timer. Channel 2 counts down at
// 1.193182 MHz, gated by port 0x61, and its output is readable there.
package pit

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Frequency is the PIT input clock in Hz.
const Frequency = 1193182

const (
	portChannel2 = 0x42
	portCommand  = 0x43
	portGate     = 0x61
)

// Wait busy-waits for about micros microseconds (at most 54925, the
// longest channel 2 count) and calls mark just before and after, so the
// caller can read its own counters around an interval the PIT measured.
// It reports false when the PIT never finished (no PIT on this machine).
func Wait(micros uint32, before, after func()) bool {
	count := uint32(uint64(micros) * Frequency / 1000000)
	if count == 0 || count > 0xFFFF {
		count = 0xFFFF
	}
	gate := cpu.Inb(portGate)
	cpu.Outb(portGate, gate&^0x02|0x01) // speaker off, gate on
	cpu.Outb(portCommand, 0xB0)         // channel 2, lobyte/hibyte, mode 0
	cpu.Outb(portChannel2, uint8(count))
	cpu.Outb(portChannel2, uint8(count>>8))
	// Restart the count: mode 0 starts when the gate rises.
	cpu.Outb(portGate, gate&^0x03)
	cpu.Outb(portGate, gate&^0x02|0x01)
	before()
	for spins := 0; cpu.Inb(portGate)&0x20 == 0; spins++ {
		if spins > 100000000 {
			return false
		}
	}
	after()
	cpu.Outb(portGate, gate)
	return true
}
