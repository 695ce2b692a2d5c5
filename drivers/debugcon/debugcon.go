//go:build amd64

// Package debugcon drives QEMU's ISA debug console (device isa-debugcon):
// an output-only I/O port whose bytes QEMU writes to a character device,
// such as a host file. The kernel sends the files its apps wrote back to
// the host through it: a binary channel beside the serial console, with
// nothing to configure in the guest. Writes to the port when no device is
// there are ignored by the machine.
package debugcon

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Port is the I/O port wasmkernel gives the device (iobase=0xe9, QEMU's
// default).
const Port = 0xe9

// Writer writes to the debug console at a port.
type Writer struct{ Port uint16 }

// Write implements io.Writer; it cannot fail.
func (w Writer) Write(p []byte) (int, error) {
	const chunk = 4096 // keeps each REP OUTSB short, so interrupts are taken between chunks
	for off := 0; off < len(p); off += chunk {
		cpu.OutString(w.Port, p[off:min(off+chunk, len(p))])
	}
	return len(p), nil
}
