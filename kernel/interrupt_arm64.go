package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/drivers/gic"
)

// Interrupts on arm64 come through the GIC the device tree lists; the
// kernel takes two: the virtual timer (the scheduler's clock) and the
// console's receive interrupt.

var (
	intc         gic.V2
	consoleIntid uint32 // INTID of the console UART
)

// GICv2 compatible strings (QEMU virt says cortex-a15-gic).
var gicV2Compatible = [...]string{"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic"}

// initInterrupts finds the interrupt controller, the timer's and the
// console's interrupts, and enables them.
func initInterrupts(t devicetree.Tree, consoleNode devicetree.Node) {
	var node devicetree.Node
	found := false
	for _, c := range gicV2Compatible {
		if node, found = t.FindCompatible(c, devicetree.Node{}); found {
			break
		}
	}
	if !found {
		fatal("no GICv2 in the device tree", 0)
	}
	dist, _, ok1 := t.Reg(node, 0)
	cpuif, _, ok2 := t.Reg(node, 1)
	if !ok1 || !ok2 {
		fatal("the GIC has no register ranges", 0)
	}
	intc = gic.V2{Dist: uintptr(dist), CPU: uintptr(cpuif)}
	intc.Init()

	timer, ok := t.FindCompatible("arm,armv8-timer", devicetree.Node{})
	if !ok {
		timer, ok = t.FindCompatible("arm,armv7-timer", devicetree.Node{})
	}
	// The timer's interrupts: secure physical, non-secure physical,
	// virtual, hypervisor.
	if timerInterrupt, ok = gicInterrupt(t, timer, 2); !ok {
		fatal("no virtual timer interrupt in the device tree", 0)
	}
	intc.Enable(timerInterrupt)
	if consoleIntid, ok = gicInterrupt(t, consoleNode, 0); ok {
		intc.Enable(consoleIntid)
	}
}

// gicInterrupt decodes interrupt i of n (three GIC cells: type, number,
// flags) into an INTID.
func gicInterrupt(t devicetree.Tree, n devicetree.Node, i int) (uint32, bool) {
	typ, ok1 := t.Cell(n, "interrupts", 3*i)
	num, ok2 := t.Cell(n, "interrupts", 3*i+1)
	if !ok1 || !ok2 {
		return 0, false
	}
	const ppi = 1
	if typ == ppi {
		return 16 + num, true
	}
	return 32 + num, true
}

// interrupt handles the highest-priority pending interrupt (others
// interrupt again once the kernel returns).
func interrupt(nested bool) {
	id := intc.Acknowledge()
	switch id {
	case gic.Spurious:
	case timerInterrupt:
		// The timer's line stays asserted until the timer is re-armed.
		stopTimer()
		intc.EndOfInterrupt(id)
		wakeExpired(monotonicNow())
		if !nested {
			preempt()
		}
	case consoleIntid:
		serialInterrupt()
		intc.EndOfInterrupt(id)
	default:
		intc.EndOfInterrupt(id)
	}
}
