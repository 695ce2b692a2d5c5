//go:build amd64

// Package pit uses the PC's 8254 programmable interval timer for one
// thing: a known interval against which the kernel calibrates the
// time-stamp counter and the local APIC timer. Channel 0 counts down at
// 1.193182 MHz; its count is read with the latch command, which needs no
// other chip (QEMU's microvm has the PIT but not the port 0x61 logic that
// channel 2 is usually read through).
package pit

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Frequency is the PIT input clock in Hz.
const Frequency = 1193182

const (
	portChannel0 = 0x40
	portCommand  = 0x43
)

func count() uint16 {
	cpu.Outb(portCommand, 0x00) // latch channel 0
	lo := cpu.Inb(portChannel0)
	hi := cpu.Inb(portChannel0)
	return uint16(hi)<<8 | uint16(lo)
}

// Wait busy-waits for micros microseconds (at most 50000) of PIT time and
// calls before and after around the interval, so the caller can read its
// own counters across an interval the PIT measured. It reports false when
// the PIT does not count (no PIT on this machine).
func Wait(micros uint32, before, after func()) bool {
	if micros > 50000 {
		micros = 50000
	}
	ticks := uint16(uint64(micros) * Frequency / 1000000)
	cpu.Outb(portCommand, 0x30) // channel 0, lobyte/hibyte, mode 0
	cpu.Outb(portChannel0, 0xFF)
	cpu.Outb(portChannel0, 0xFF)
	start := count()
	before()
	for spins := 0; start-count() < ticks; spins++ {
		if spins > 50000000 {
			return false
		}
	}
	after()
	return true
}
