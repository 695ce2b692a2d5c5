//go:build amd64

// Package apic drives the x86 interrupt controllers the kernel uses: the
// local APIC of the boot processor (end of interrupt, its one-shot timer)
// in xAPIC mode at its memory-mapped base, the I/O APIC that routes ISA
// interrupts such as the serial port's, and the legacy 8259 PICs, which
// it only masks.
//
// Register facts from the Intel SDM vol. 3A, chapter 11, and the 82093AA
// I/O APIC data sheet.
package apic

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

const (
	msrAPICBase = 0x1B

	regID          = 0x020
	regEOI         = 0x0B0
	regSpurious    = 0x0F0
	regLVTTimer    = 0x320
	regInitCount   = 0x380
	regCurrentCnt  = 0x390
	regDivideConf  = 0x3E0
	lvtMasked      = 1 << 16
	divideBy16     = 0x3
	spuriousEnable = 1 << 8

	// IOAPICBase is where PCs and QEMU put the first I/O APIC.
	IOAPICBase = 0xFEC00000
)

// Local is a local APIC in xAPIC mode.
type Local struct{ base uintptr }

// BootLocal enables the local APIC found through IA32_APIC_BASE, with
// spurious interrupts on vector spurious, and returns it.
func BootLocal(spurious uint8) Local {
	base := cpu.ReadMSR(msrAPICBase)
	cpu.WriteMSR(msrAPICBase, base|1<<11) // global enable
	l := Local{base: uintptr(base &^ 0xFFF)}
	l.write(regSpurious, spuriousEnable|uint32(spurious))
	l.write(regLVTTimer, lvtMasked)
	return l
}

func (l Local) read(reg uintptr) uint32 { return *(*uint32)(cpu.Pointer(l.base + reg)) }

func (l Local) write(reg uintptr, v uint32) { *(*uint32)(cpu.Pointer(l.base + reg)) = v }

// ID returns the APIC ID.
func (l Local) ID() uint32 { return l.read(regID) >> 24 }

// EOI acknowledges the interrupt being serviced.
func (l Local) EOI() { l.write(regEOI, 0) }

// StartTimer arms the one-shot timer to raise vector after count ticks of
// the bus clock divided by 16. A count of 0 stops it.
func (l Local) StartTimer(vector uint8, count uint32) {
	l.write(regDivideConf, divideBy16)
	l.write(regLVTTimer, uint32(vector))
	l.write(regInitCount, count)
}

// StopTimer disarms the timer.
func (l Local) StopTimer() {
	l.write(regInitCount, 0)
	l.write(regLVTTimer, lvtMasked)
}

// TimerCount returns the timer's current count.
func (l Local) TimerCount() uint32 { return l.read(regCurrentCnt) }

// MaskLegacyPICs masks every line of both 8259 PICs so that only the
// APICs deliver interrupts.
func MaskLegacyPICs() {
	cpu.Outb(0x21, 0xFF)
	cpu.Outb(0xA1, 0xFF)
}

// IOAPIC is an I/O APIC at its memory-mapped base.
type IOAPIC struct{ base uintptr }

// NewIOAPIC returns the I/O APIC at base.
func NewIOAPIC(base uintptr) IOAPIC { return IOAPIC{base: base} }

func (a IOAPIC) write(reg, v uint32) {
	*(*uint32)(cpu.Pointer(a.base)) = reg
	*(*uint32)(cpu.Pointer(a.base + 0x10)) = v
}

// Route delivers interrupt input irq (edge-triggered, active high, as ISA
// interrupts are) to vector on the processor with APIC ID dest.
func (a IOAPIC) Route(irq uint8, vector uint8, dest uint32) {
	reg := 0x10 + 2*uint32(irq)
	a.write(reg+1, dest<<24)
	a.write(reg, uint32(vector))
}
