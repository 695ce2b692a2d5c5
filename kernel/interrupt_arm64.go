package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/drivers/bcm283x"
	"github.com/wasmkernel/wasmkernel/drivers/gic"
)

// Interrupts on arm64 come through the controller the device tree lists:
// a GICv2 or GICv3 (QEMU virt, gic-version=2 or 3), or on a Raspberry Pi 3 the BCM2836 local
// controller, which takes the generic timer's interrupts, with the BCM2835
// ARM controller of the peripherals behind it. The kernel takes two: the
// virtual timer (the scheduler's clock) and the console's receive
// interrupt.

const (
	intcGIC = iota + 1
	intcGICv3
	intcBCM2836
)

var (
	intcKind     int
	intc         gic.V2            // intcGIC
	intc3        gic.V3            // intcGICv3
	localIntc    bcm283x.LocalIntc // intcBCM2836
	armIntc      bcm283x.ArmCtrl   // intcBCM2836
	consoleIntid uint32            // GIC: INTID of the console UART
	consoleBank  uint32            // BCM2835: the console's bank and number
	consoleIRQ   uint32
	hasConsoleIR bool
)

// GICv2 compatible strings (QEMU virt says cortex-a15-gic).
var gicV2Compatible = [...]string{"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic"}

// initInterrupts finds the interrupt controller, the timer's and the
// console's interrupts, and enables them.
func initInterrupts(t devicetree.Tree, consoleNode devicetree.Node) {
	timer, ok := t.FindCompatible("arm,armv8-timer", devicetree.Node{})
	if !ok {
		timer, ok = t.FindCompatible("arm,armv7-timer", devicetree.Node{})
	}
	if !ok {
		fatal("no generic timer in the device tree", 0)
	}
	parent, ok := t.InterruptParent(timer)
	if !ok {
		fatal("the timer has no interrupt controller", 0)
	}
	if t.HasString(parent, "compatible", "brcm,bcm2836-l1-intc") {
		initBCM2836(t, parent, timer, consoleNode)
		return
	}
	if t.HasString(parent, "compatible", "arm,gic-v3") {
		initGIC(t, parent, timer, consoleNode, intcGICv3)
		return
	}
	for _, c := range gicV2Compatible {
		if t.HasString(parent, "compatible", c) {
			initGIC(t, parent, timer, consoleNode, intcGIC)
			return
		}
	}
	fatal("no supported interrupt controller (GICv2, GICv3, BCM2836) in the device tree", 0)
}

// initGIC sets up a GIC of kind intcGIC or intcGICv3: its first register
// range is the distributor, the second the CPU interface (v2) or the
// redistributors (v3).
func initGIC(t devicetree.Tree, node, timer, consoleNode devicetree.Node, kind int) {
	dist, _, ok1 := t.Reg(node, 0)
	second, _, ok2 := t.Reg(node, 1)
	if !ok1 || !ok2 {
		fatal("the GIC has no register ranges", 0)
	}
	intcKind = kind
	if kind == intcGICv3 {
		intc3 = gic.V3{Dist: uintptr(dist), Redist: uintptr(second)}
		intc3.Init()
	} else {
		intc = gic.V2{Dist: uintptr(dist), CPU: uintptr(second)}
		intc.Init()
	}
	// The timer's interrupts: secure physical, non-secure physical,
	// virtual, hypervisor.
	var ok bool
	if timerInterrupt, ok = gicInterrupt(t, timer, 2); !ok {
		fatal("no virtual timer interrupt in the device tree", 0)
	}
	gicEnable(timerInterrupt)
	if consoleIntid, hasConsoleIR = gicInterrupt(t, consoleNode, 0); hasConsoleIR {
		gicEnable(consoleIntid)
	}
}

// gicEnable, gicAcknowledge and gicEnd reach the GIC of either version
// (concrete types: an interface value would allocate in the shim).
func gicEnable(id uint32) {
	if intcKind == intcGICv3 {
		intc3.Enable(id)
	} else {
		intc.Enable(id)
	}
}

func gicAcknowledge() uint32 {
	if intcKind == intcGICv3 {
		return intc3.Acknowledge()
	}
	return intc.Acknowledge()
}

func gicEnd(id uint32) {
	if intcKind == intcGICv3 {
		intc3.EndOfInterrupt(id)
	} else {
		intc.EndOfInterrupt(id)
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

func initBCM2836(t devicetree.Tree, local, timer, consoleNode devicetree.Node) {
	base, _, ok := t.Reg(local, 0)
	if !ok {
		fatal("the local interrupt controller has no registers", 0)
	}
	intcKind = intcBCM2836
	localIntc = bcm283x.LocalIntc(base)
	// Two cells per timer interrupt (number, flags); the virtual timer's
	// is the third.
	if timerInterrupt, ok = t.Cell(timer, "interrupts", 4); !ok {
		fatal("no virtual timer interrupt in the device tree", 0)
	}
	localIntc.EnableTimer(timerInterrupt)
	arm, ok := t.InterruptParent(consoleNode)
	if !ok || !t.HasString(arm, "compatible", "brcm,bcm2836-armctrl-ic") {
		return
	}
	if base, _, ok = t.Reg(arm, 0); !ok {
		return
	}
	armIntc = bcm283x.ArmCtrl(base)
	b, ok1 := t.Cell(consoleNode, "interrupts", 0)
	n, ok2 := t.Cell(consoleNode, "interrupts", 1)
	if hasConsoleIR = ok1 && ok2; hasConsoleIR {
		consoleBank, consoleIRQ = b, n
		armIntc.Enable(b, n)
	}
}

// interrupt handles the pending interrupts (GIC: the highest-priority one;
// others interrupt again once the kernel returns).
func interrupt(nested bool) {
	timer, serial := false, false
	switch intcKind {
	case intcGIC, intcGICv3:
		switch id := gicAcknowledge(); {
		case id >= 1020 && id <= gic.Spurious: // special INTIDs: nothing to do
		case id == timerInterrupt:
			timer = true
			// The timer's line stays asserted until the timer is
			// re-armed: stop it before ending the interrupt.
			stopTimer()
			gicEnd(id)
		default:
			serial = hasConsoleIR && id == consoleIntid
			gicEnd(id)
		}
	case intcBCM2836:
		src := localIntc.Pending()
		if src&(1<<timerInterrupt) != 0 {
			timer = true
			stopTimer()
		}
		serial = src&bcm283x.GPUSource != 0 && hasConsoleIR && armIntc.Pending(consoleBank, consoleIRQ)
	}
	if serial {
		serialInterrupt()
	}
	if timer {
		wakeExpired(monotonicNow())
		if !nested {
			preempt()
		}
	}
}
