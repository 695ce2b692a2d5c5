//go:build arm64

package gic

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// V3 is a GICv3: the distributor's registers and the first
// redistributor's (processor 0's); the CPU interface is system registers.
type V3 struct{ Dist, Redist uintptr }

// Distributor and redistributor registers and bits (v3).
const (
	distCtlARE      = 1 << 4
	distCtlGroup1   = 1 << 1
	distCtlWaitBit  = 1 << 31
	redistWaker     = 0x14
	wakerSleep      = 1 << 1
	wakerAsleep     = 1 << 2
	redistSGIOffset = 0x10000 // the SGI/PPI frame
)

// Init turns on affinity routing and group 1 in the distributor, wakes
// processor 0's redistributor, and enables the system-register CPU
// interface with every priority let through.
func (g V3) Init() {
	cpu.Write32(g.Dist+distCtl, distCtlARE)
	cpu.Write32(g.Dist+distCtl, distCtlARE|distCtlGroup1)
	for cpu.Read32(g.Dist+distCtl)&distCtlWaitBit != 0 {
	}
	w := g.Redist + redistWaker
	cpu.Write32(w, cpu.Read32(w)&^wakerSleep)
	for cpu.Read32(w)&wakerAsleep != 0 {
	}
	initCPUInterface()
}

// Enable implements Controller: group 1, a middle priority, routed to
// processor 0 (affinity 0.0.0.0), unmasked.
func (g V3) Enable(intid uint32) {
	base := g.Dist
	if intid < 32 {
		base = g.Redist + redistSGIOffset
	} else {
		cpu.Write32(g.Dist+distRoute+uintptr(intid)*8, 0)
		cpu.Write32(g.Dist+distRoute+uintptr(intid)*8+4, 0)
	}
	group := base + distGroup + uintptr(intid/32)*4
	cpu.Write32(group, cpu.Read32(group)|1<<(intid%32))
	setByte(base+distPriority, intid, priority)
	cpu.Write32(base+distSetEnable+uintptr(intid/32)*4, 1<<(intid%32))
}

// Acknowledge implements Controller.
func (V3) Acknowledge() uint32 { return acknowledgeGroup1() & 0xFFFFFF }

// EndOfInterrupt implements Controller.
func (V3) EndOfInterrupt(intid uint32) { endGroup1(intid) }

// System-register CPU interface (sysreg_arm64.s).
func initCPUInterface()
func acknowledgeGroup1() uint32
func endGroup1(intid uint32)
