//go:build amd64

// Package ns16550 drives the 16550-compatible UART of PCs and of QEMU's
// x86 machines (COM1 at I/O port 0x3F8, IRQ 4): the kernel console.
// Output polls the transmitter; input is read by the interrupt handler
// from the receive FIFO.
//
// Register facts from the National Semiconductor PC16550D data sheet.
package ns16550

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Port is the base I/O port of a UART.
type Port uint16

// COM1 is the first serial port of a PC.
const COM1 Port = 0x3F8

// IRQ is COM1's ISA interrupt line.
const IRQ = 4

// Register offsets.
const (
	regData         = 0 // receive / transmit holding; divisor low with DLAB
	regIntEnable    = 1 // divisor high with DLAB
	regFIFOControl  = 2
	regLineControl  = 3
	regModemControl = 4
	regLineStatus   = 5

	lineStatusDataReady = 0x01
	lineStatusTHREmpty  = 0x20
)

// Init sets 115200 baud, 8 data bits, no parity, one stop bit, and
// leaves interrupts off.
func (p Port) Init() {
	cpu.Outb(uint16(p)+regIntEnable, 0)
	cpu.Outb(uint16(p)+regLineControl, 0x80) // DLAB
	cpu.Outb(uint16(p)+regData, 1)           // divisor 1: 115200 baud
	cpu.Outb(uint16(p)+regIntEnable, 0)
	cpu.Outb(uint16(p)+regLineControl, 0x03) // 8N1
	// FIFOs stay as they are: turning them on or clearing them would drop
	// input that arrived before the kernel started.
	cpu.Outb(uint16(p)+regModemControl, 0x0B) // DTR, RTS, OUT2 (interrupt gate)
}

// Send sends b, waiting for room in the transmitter.
//
//go:nosplit
func (p Port) Send(b byte) {
	for cpu.Inb(uint16(p)+regLineStatus)&lineStatusTHREmpty == 0 {
		cpu.Pause()
	}
	cpu.Outb(uint16(p)+regData, b)
}

// Receive returns a received byte, or ok false when none is waiting.
func (p Port) Receive() (b byte, ok bool) {
	if cpu.Inb(uint16(p)+regLineStatus)&lineStatusDataReady == 0 {
		return 0, false
	}
	return cpu.Inb(uint16(p) + regData), true
}

// EnableReceiveInterrupt makes the UART raise its IRQ when data arrives.
func (p Port) EnableReceiveInterrupt() { cpu.Outb(uint16(p)+regIntEnable, 0x01) }
