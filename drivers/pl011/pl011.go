//go:build arm64

// Package pl011 drives Arm's PrimeCell UART (PL011), the console of QEMU's
// virt machine and of the Raspberry Pi 3 (where it is the first UART).
// Output polls the transmit FIFO; input is read by the interrupt handler
// from the receive FIFO.
//
// Register facts from the PrimeCell UART (PL011) Technical Reference
// Manual (DDI 0183).
package pl011

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// UART is the physical address of a PL011's registers (identity-mapped as
// device memory). The zero UART discards output and has no input, so
// kernel messages before the device tree is read go nowhere instead of
// faulting.
type UART uintptr

// Register offsets and bits.
const (
	regData     = 0x00
	regFlags    = 0x18
	regIntBaud  = 0x24
	regFracBaud = 0x28
	regLineCtl  = 0x2C
	regControl  = 0x30
	regIntMask  = 0x38
	regIntClear = 0x44

	flagBusy    = 1 << 3
	flagRxEmpty = 1 << 4
	flagTxFull  = 1 << 5

	lineFIFO   = 1 << 4
	lineWord8  = 3 << 5
	ctlEnable  = 1 << 0
	ctlTx      = 1 << 8
	ctlRx      = 1 << 9
	intRx      = 1 << 4
	intRxTimer = 1 << 6
)

// Init enables the UART for 8-bit words with FIFOs, transmit and receive,
// and leaves its interrupts masked. Given the reference clock and a baud
// rate (as the device tree states them on the Raspberry Pi 5), it programs
// the divisor; with zeros the baud rate stays as the firmware or the
// emulator set it.
func (u UART) Init(clockHz uint64, baud uint32) {
	if u == 0 {
		return
	}
	// Finish what the firmware was sending, then reprogram disabled: the
	// divisor takes effect at the line-control write (TRM 3.3.6).
	for cpu.Read32(uintptr(u)+regFlags)&flagBusy != 0 {
	}
	cpu.Write32(uintptr(u)+regControl, 0)
	cpu.Write32(uintptr(u)+regIntMask, 0)
	if clockHz != 0 && baud != 0 {
		ibrd, fbrd := Divisor(clockHz, baud)
		cpu.Write32(uintptr(u)+regIntBaud, ibrd)
		cpu.Write32(uintptr(u)+regFracBaud, fbrd)
	}
	cpu.Write32(uintptr(u)+regLineCtl, lineFIFO|lineWord8)
	cpu.Write32(uintptr(u)+regControl, ctlEnable|ctlTx|ctlRx)
}

// Send writes one byte, waiting while the transmit FIFO is full.
func (u UART) Send(b byte) {
	if u == 0 {
		return
	}
	for cpu.Read32(uintptr(u)+regFlags)&flagTxFull != 0 {
	}
	cpu.Write32(uintptr(u)+regData, uint32(b))
}

// Receive returns the next received byte, if there is one.
func (u UART) Receive() (byte, bool) {
	if u == 0 || cpu.Read32(uintptr(u)+regFlags)&flagRxEmpty != 0 {
		return 0, false
	}
	return byte(cpu.Read32(uintptr(u) + regData)), true
}

// EnableReceiveInterrupt raises the UART's interrupt when bytes arrive
// (FIFO level reached, or the receive timeout after a pause).
func (u UART) EnableReceiveInterrupt() {
	if u == 0 {
		return
	}
	cpu.Write32(uintptr(u)+regIntClear, 0x7FF)
	cpu.Write32(uintptr(u)+regIntMask, intRx|intRxTimer)
}
