//go:build arm64

// Package gic drives Arm's Generic Interrupt Controller as one processor
// uses it: version 2 (distributor and memory-mapped CPU interface, QEMU
// virt's default) and version 3 (distributor, redistributor and the
// system-register CPU interface, virt with gic-version=3). Interrupts are
// identified by their INTID: 16-31 are a processor's private peripheral
// interrupts (the generic timer's among them), 32 and up shared ones.
//
// Register facts from the Arm Generic Interrupt Controller Architecture
// Specification (IHI 0048B for v2, IHI 0069 for v3).
package gic

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Distributor registers (both versions).
const (
	distCtl       = 0x000
	distGroup     = 0x080
	distSetEnable = 0x100
	distPriority  = 0x400
	distTargets   = 0x800
	distRoute     = 0x6000 // v3: 64 bits per shared interrupt

	// Spurious is what acknowledging returns when nothing is pending.
	Spurious = 1023

	priority = 0xA0
)

// Controller is a GIC of either version.
type Controller interface {
	// Enable unmasks interrupt intid and routes it to this processor.
	Enable(intid uint32)
	// Acknowledge returns the highest-priority pending interrupt
	// (Spurious when none is).
	Acknowledge() uint32
	// EndOfInterrupt ends the handling of intid.
	EndOfInterrupt(intid uint32)
}

// V2 is a GICv2: the distributor and the CPU interface's registers.
type V2 struct{ Dist, CPU uintptr }

// CPU interface registers (v2).
const (
	cpuCtl      = 0x00
	cpuPriority = 0x04
	cpuAck      = 0x0C
	cpuEOI      = 0x10
)

// Init turns on the distributor and the CPU interface with every priority
// let through.
func (g V2) Init() {
	cpu.Write32(g.Dist+distCtl, 1)
	cpu.Write32(g.CPU+cpuPriority, 0xFF)
	cpu.Write32(g.CPU+cpuCtl, 1)
}

// Enable implements Controller.
func (g V2) Enable(intid uint32) {
	setByte(g.Dist+distPriority, intid, priority)
	if intid >= 32 {
		setByte(g.Dist+distTargets, intid, 1) // processor 0
	}
	cpu.Write32(g.Dist+distSetEnable+uintptr(intid/32)*4, 1<<(intid%32))
}

// Acknowledge implements Controller.
func (g V2) Acknowledge() uint32 { return cpu.Read32(g.CPU+cpuAck) & 0x3FF }

// EndOfInterrupt implements Controller.
func (g V2) EndOfInterrupt(intid uint32) { cpu.Write32(g.CPU+cpuEOI, intid) }

// setByte sets byte intid of a byte-per-interrupt register array with a
// read-modify-write of its 32-bit word (device registers take word
// accesses everywhere).
func setByte(base uintptr, intid uint32, v uint8) {
	a := base + uintptr(intid&^3)
	shift := (intid & 3) * 8
	cpu.Write32(a, cpu.Read32(a)&^(0xFF<<shift)|uint32(v)<<shift)
}
