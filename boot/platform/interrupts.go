package platform

import "github.com/wasmkernel/wasmkernel/boot/devicetree"

// Interrupt controllers.
const (
	IntcGICv2   = iota + 1 // QEMU virt (default), Pi 4 and Pi 5 (GIC-400)
	IntcGICv3              // QEMU virt with gic-version=3
	IntcBCM2836            // Pi 3, Zero 2 W
)

// Interrupts is the interrupt controller and the two interrupts the
// kernel takes: the virtual timer's (the scheduler's clock) and the
// console's receive interrupt.
type Interrupts struct {
	Kind int
	// GIC: the distributor, and the CPU interface (v2) or the
	// redistributors (v3).
	Dist, CPU uint64
	// BCM2836: the local controller, and the BCM2835 ARM controller the
	// console's interrupt comes through (0 when it has none).
	Local, ArmCtrl uint64
	// Timer is the virtual timer's INTID (GIC) or its number at the
	// local controller (BCM2836).
	Timer uint32
	// Console is the console's INTID (GIC) or its number in
	// ConsoleBank at the ARM controller (BCM2836).
	Console, ConsoleBank uint32
	HasConsole           bool
}

// GICv2 compatible strings (QEMU virt says cortex-a15-gic; the Pi 4 and 5
// gic-400).
var gicV2Compatible = [...]string{"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic"}

// FindInterrupts finds the generic timer's interrupt controller and the
// interrupts of the timer and of console.
func FindInterrupts(t devicetree.Tree, console devicetree.Node) (Interrupts, error) {
	var in Interrupts
	timer, ok := t.FindCompatible("arm,armv8-timer", devicetree.Node{})
	if !ok {
		timer, ok = t.FindCompatible("arm,armv7-timer", devicetree.Node{})
	}
	if !ok {
		return in, ErrNoTimer
	}
	parent, ok := t.InterruptParent(timer)
	if !ok {
		return in, ErrNoIntc
	}
	switch {
	case t.HasString(parent, "compatible", "brcm,bcm2836-l1-intc"):
		return findBCM2836(t, parent, timer, console)
	case t.HasString(parent, "compatible", "arm,gic-v3"):
		in.Kind = IntcGICv3
	default:
		for _, c := range gicV2Compatible {
			if t.HasString(parent, "compatible", c) {
				in.Kind = IntcGICv2
			}
		}
		if in.Kind == 0 {
			return in, ErrNoIntc
		}
	}
	var ok1, ok2 bool
	in.Dist, _, ok1 = t.Reg(parent, 0)
	in.CPU, _, ok2 = t.Reg(parent, 1)
	if !ok1 || !ok2 {
		return in, ErrNoIntcRegs
	}
	// The timer's interrupts: secure physical, non-secure physical,
	// virtual, hypervisor.
	if in.Timer, ok = gicInterrupt(t, timer, 2); !ok {
		return in, ErrNoTimerIntr
	}
	in.Console, in.HasConsole = gicInterrupt(t, console, 0)
	return in, nil
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

func findBCM2836(t devicetree.Tree, local, timer, console devicetree.Node) (Interrupts, error) {
	in := Interrupts{Kind: IntcBCM2836}
	var ok bool
	if in.Local, _, ok = t.Reg(local, 0); !ok {
		return in, ErrNoIntcRegs
	}
	// Two cells per timer interrupt (number, flags); the virtual timer's
	// is the third.
	if in.Timer, ok = t.Cell(timer, "interrupts", 4); !ok {
		return in, ErrNoTimerIntr
	}
	arm, ok := t.InterruptParent(console)
	if !ok || !t.HasString(arm, "compatible", "brcm,bcm2836-armctrl-ic") {
		return in, nil
	}
	if in.ArmCtrl, _, ok = t.Reg(arm, 0); !ok {
		return in, nil
	}
	b, ok1 := t.Cell(console, "interrupts", 0)
	n, ok2 := t.Cell(console, "interrupts", 1)
	if in.HasConsole = ok1 && ok2; in.HasConsole {
		in.ConsoleBank, in.Console = b, n
	}
	return in, nil
}
