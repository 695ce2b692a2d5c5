//go:build arm64

// Package bcm283x drives the Raspberry Pi's own devices. On the Pi 3 and
// Zero 2 W (BCM2837, with the BCM2836 per-core block): the local interrupt
// controller that takes the generic timer's interrupts, the ARM interrupt
// controller of the peripherals behind it and the hardware random number
// generator; on the Pi 4 and 5 (BCM2711, BCM2712) the RNG200 generator;
// on the Pi 3 and 4 the power-management watchdog that resets (or, under
// QEMU with -no-reboot, stops) the board.
//
// Register facts from Broadcom's "BCM2835 ARM Peripherals" and the
// "QA7 ARM Quad A7 core" (BCM2836) documents.
package bcm283x

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// LocalIntc is the BCM2836 local interrupt controller's registers.
type LocalIntc uintptr

// Local controller registers (core 0's).
const (
	localTimerControl = 0x40 // bit n: timer interrupt n raises an IRQ
	localIRQSource    = 0x60 // bit n: timer n; GPUSource: the ARM controller

	// GPUSource is the IRQ-source bit of the peripherals' controller.
	GPUSource = 1 << 8
)

// EnableTimer lets generic-timer interrupt n (0 secure physical, 1
// non-secure physical, 2 hypervisor, 3 virtual) reach core 0 as an IRQ.
func (l LocalIntc) EnableTimer(n uint32) {
	a := uintptr(l) + localTimerControl
	cpu.Write32(a, cpu.Read32(a)|1<<n)
}

// Pending returns core 0's IRQ sources.
func (l LocalIntc) Pending() uint32 { return cpu.Read32(uintptr(l) + localIRQSource) }

// ArmCtrl is the BCM2835 ARM interrupt controller of the peripherals. Its
// interrupts are numbered as the device tree numbers them: bank 0 the
// basic ones, banks 1 and 2 the GPU's 0-31 and 32-63.
type ArmCtrl uintptr

var (
	armPending = [3]uintptr{0x00, 0x04, 0x08}
	armEnable  = [3]uintptr{0x18, 0x10, 0x14}
)

// Enable unmasks interrupt irq of bank.
func (a ArmCtrl) Enable(bank, irq uint32) {
	if bank < 3 && irq < 32 {
		cpu.Write32(uintptr(a)+armEnable[bank], 1<<irq)
	}
}

// Pending reports whether interrupt irq of bank is pending.
func (a ArmCtrl) Pending(bank, irq uint32) bool {
	return bank < 3 && irq < 32 && cpu.Read32(uintptr(a)+armPending[bank])&(1<<irq) != 0
}

// RNG is the hardware random number generator's registers.
type RNG uintptr

const (
	rngControl = 0x0
	rngStatus  = 0x4
	rngData    = 0x8

	rngEnable     = 1
	rngWarmup     = 0x40000 // numbers discarded after enabling
	rngCountShift = 24
)

// Init starts the generator.
func (r RNG) Init() {
	cpu.Write32(uintptr(r)+rngStatus, rngWarmup)
	cpu.Write32(uintptr(r)+rngControl, rngEnable)
}

// Read32 waits for a random word and returns it.
func (r RNG) Read32() uint32 {
	for cpu.Read32(uintptr(r)+rngStatus)>>rngCountShift == 0 {
	}
	return cpu.Read32(uintptr(r) + rngData)
}

// Watchdog is the power-management block's registers.
type Watchdog uintptr

const (
	pmResetControl = 0x1c
	pmWatchdog     = 0x24
	pmPassword     = 0x5a000000
	pmFullReset    = 0x20
)

// Reset has the watchdog reset the board after a few ticks.
func (w Watchdog) Reset() {
	cpu.Write32(uintptr(w)+pmWatchdog, pmPassword|10)
	cpu.Write32(uintptr(w)+pmResetControl, pmPassword|pmFullReset)
}
