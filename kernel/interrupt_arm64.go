package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/boot/platform"
	"github.com/wasmkernel/wasmkernel/drivers/bcm283x"
	"github.com/wasmkernel/wasmkernel/drivers/gic"
)

// Interrupts on arm64 come through the controller the device tree lists:
// a GICv2 (QEMU virt; the GIC-400 of the Raspberry Pi 4 and 5) or GICv3
// (virt with gic-version=3), or on a Raspberry Pi 3 or Zero 2 W the
// BCM2836 local controller, which takes the generic timer's interrupts,
// with the BCM2835 ARM controller of the peripherals behind it. The
// kernel takes two: the virtual timer (the scheduler's clock) and the
// console's receive interrupt.

var (
	intcKind     int               // a platform.Intc... constant
	intc         gic.V2            // IntcGICv2
	intc3        gic.V3            // IntcGICv3
	localIntc    bcm283x.LocalIntc // IntcBCM2836
	armIntc      bcm283x.ArmCtrl   // IntcBCM2836
	consoleIntid uint32            // GIC: INTID of the console UART
	consoleBank  uint32            // BCM2835: the console's bank and number
	consoleIRQ   uint32
	hasConsoleIR bool
)

// initInterrupts sets up the interrupt controller the device tree names
// for the timer, and enables the timer's and the console's interrupts.
func initInterrupts(t devicetree.Tree, consoleNode devicetree.Node) {
	in, err := platform.FindInterrupts(t, consoleNode)
	if err != nil {
		fatal(err.Error(), 0)
	}
	intcKind, timerInterrupt = in.Kind, in.Timer
	if deviceAddress(in.Dist|in.Local) == 0 || in.CPU != 0 && deviceAddress(in.CPU) == 0 {
		fatal("the interrupt controller's registers cannot be mapped", in.Dist|in.Local)
	}
	switch in.Kind {
	case platform.IntcGICv2, platform.IntcGICv3:
		if in.Kind == platform.IntcGICv3 {
			intc3 = gic.V3{Dist: deviceAddress(in.Dist), Redist: deviceAddress(in.CPU)}
			intc3.Init()
		} else {
			intc = gic.V2{Dist: deviceAddress(in.Dist), CPU: deviceAddress(in.CPU)}
			intc.Init()
		}
		gicEnable(timerInterrupt)
		if consoleIntid, hasConsoleIR = in.Console, in.HasConsole; hasConsoleIR {
			gicEnable(consoleIntid)
		}
	case platform.IntcBCM2836:
		localIntc = bcm283x.LocalIntc(deviceAddress(in.Local))
		localIntc.EnableTimer(timerInterrupt)
		if in.ArmCtrl != 0 && in.HasConsole {
			armIntc = bcm283x.ArmCtrl(deviceAddress(in.ArmCtrl))
			consoleBank, consoleIRQ, hasConsoleIR = in.ConsoleBank, in.Console, true
			armIntc.Enable(consoleBank, consoleIRQ)
		}
	}
}

// gicEnable, gicAcknowledge and gicEnd reach the GIC of either version
// (concrete types: an interface value would allocate in the shim).
func gicEnable(id uint32) {
	if intcKind == platform.IntcGICv3 {
		intc3.Enable(id)
	} else {
		intc.Enable(id)
	}
}

func gicAcknowledge() uint32 {
	if intcKind == platform.IntcGICv3 {
		return intc3.Acknowledge()
	}
	return intc.Acknowledge()
}

func gicEnd(id uint32) {
	if intcKind == platform.IntcGICv3 {
		intc3.EndOfInterrupt(id)
	} else {
		intc.EndOfInterrupt(id)
	}
}

// interrupt handles the pending interrupts (GIC: the highest-priority one;
// others interrupt again once the kernel returns).
func interrupt(nested bool) {
	timer, serial := false, false
	switch intcKind {
	case platform.IntcGICv2, platform.IntcGICv3:
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
	case platform.IntcBCM2836:
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
