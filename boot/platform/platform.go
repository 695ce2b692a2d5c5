// Package platform reads from the device tree what the arm64 kernel needs
// to know about its machine: the console UART (and, where the tree states
// them, its clock and baud rate), the interrupt controller with the
// timer's and the console's interrupts, the hardware random number
// generator, and how to power off. The same code serves QEMU's virt, the
// Raspberry Pi 3 and Zero 2 W (BCM2837: BCM2836 local and BCM2835 ARM
// interrupt controllers), the Pi 4 (BCM2711: GIC-400) and the Pi 5
// (BCM2712: GIC-400, the console on the debug header's uart10, above
// 4 GiB), so the host tests run it against each board's real device tree.
//
// Like package devicetree, it allocates nothing and reports failures as
// constant errors, so the kernel can use it before the Go runtime has a
// heap.
package platform

import "github.com/wasmkernel/wasmkernel/boot/devicetree"

// Error is a failure to find something the kernel cannot run without.
type Error string

func (e Error) Error() string { return string(e) }

const (
	ErrNoConsole   Error = "platform: no PL011 UART in the device tree"
	ErrNoTimer     Error = "platform: no generic timer in the device tree"
	ErrNoIntc      Error = "platform: the timer has no supported interrupt controller (GICv2, GICv3, BCM2836)"
	ErrNoIntcRegs  Error = "platform: the interrupt controller has no register ranges"
	ErrNoTimerIntr Error = "platform: no virtual timer interrupt in the device tree"
)

// Console is the console UART, a PL011.
type Console struct {
	Node devicetree.Node
	Base uint64
	// ClockHz is the UART's reference clock where the tree states it (a
	// fixed clock), 0 where firmware sets it up.
	ClockHz uint64
	// Baud is the rate /chosen/stdout-path asks for ("serial0:115200n8"),
	// 0 where it says none.
	Baud uint32
}

// FindConsole returns the PL011 /chosen/stdout-path names (a path, or an
// alias, with optional ":options"), or else the first enabled PL011. On
// a Pi 3 or 4 whose tree the firmware has not edited, stdout-path names
// the mini UART and the first PL011 is the one the disable-bt overlay
// puts on the header.
func FindConsole(t devicetree.Tree) (Console, error) {
	var c Console
	var n devicetree.Node
	found := false
	options := ""
	if chosen, ok := t.FindPath("/chosen"); ok {
		if path, ok := t.String(chosen, "stdout-path"); ok {
			for i := 0; i < len(path); i++ {
				if path[i] == ':' {
					path, options = path[:i], path[i+1:]
					break
				}
			}
			if len(path) > 0 && path[0] != '/' {
				if aliases, ok := t.FindPath("/aliases"); ok {
					path, _ = t.String(aliases, path)
				}
			}
			n, found = t.FindPath(path)
		}
	}
	if !found || !t.HasString(n, "compatible", "arm,pl011") {
		n, found = t.FindCompatible("arm,pl011", devicetree.Node{})
		options = ""
	}
	if !found {
		return c, ErrNoConsole
	}
	base, _, ok := t.Reg(n, 0)
	if !ok {
		return c, ErrNoConsole
	}
	c.Node, c.Base, c.Baud = n, base, leadingNumber(options)
	// The first clock is the UART's reference clock ("uartclk").
	if clk, ok := t.PropertyNode(n, "clocks"); ok && t.HasString(clk, "compatible", "fixed-clock") {
		c.ClockHz, _ = t.Uint(clk, "clock-frequency")
	}
	return c, nil
}

// leadingNumber returns the decimal number s starts with (0 for none).
func leadingNumber(s string) uint32 {
	var n uint32
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9' && n < 1e8; i++ {
		n = n*10 + uint32(s[i]-'0')
	}
	return n
}

// PSCI conduits.
const (
	PSCINone uint8 = iota
	PSCIHVC
	PSCISMC
)

// PowerOff is how the machine can be switched off.
type PowerOff struct {
	PSCI     uint8  // how PSCI is called (PSCINone: no PSCI)
	Watchdog uint64 // the Raspberry Pi's power-management watchdog, 0 if none
}

// FindPowerOff returns how PSCI is called, from /psci's "method", and
// where a Raspberry Pi's watchdog is.
func FindPowerOff(t devicetree.Tree) PowerOff {
	var p PowerOff
	for _, compat := range [...]string{"brcm,bcm2835-pm-wdt", "brcm,bcm2835-pm"} {
		if n, ok := t.FindCompatible(compat, devicetree.Node{}); ok {
			if base, _, ok := t.Reg(n, 0); ok {
				p.Watchdog = base
				break
			}
		}
	}
	for _, compat := range [...]string{"arm,psci-1.0", "arm,psci-0.2", "arm,psci"} {
		n, ok := t.FindCompatible(compat, devicetree.Node{})
		if !ok {
			continue
		}
		switch m, _ := t.String(n, "method"); m {
		case "hvc":
			p.PSCI = PSCIHVC
		case "smc":
			p.PSCI = PSCISMC
		}
		break
	}
	return p
}

// Hardware random number generators.
const (
	RNGNone    = iota
	RNGBCM2835 // BCM2835/BCM2837 (Pi 3, Zero 2 W)
	RNGIproc   // Broadcom iProc RNG200 (BCM2711, BCM2712: Pi 4, Pi 5)
)

// Entropy is a hardware random number generator.
type Entropy struct {
	Kind int
	Base uint64
}

// FindEntropy returns the hardware random number generator the tree
// lists (virtio entropy devices aside: the kernel probes those).
func FindEntropy(t devicetree.Tree) (Entropy, bool) {
	for _, g := range [...]struct {
		compat string
		kind   int
	}{{"brcm,bcm2835-rng", RNGBCM2835}, {"brcm,bcm2711-rng200", RNGIproc}, {"brcm,iproc-rng200", RNGIproc}} {
		if n, ok := t.FindCompatible(g.compat, devicetree.Node{}); ok {
			if base, _, ok := t.Reg(n, 0); ok {
				return Entropy{Kind: g.kind, Base: base}, true
			}
		}
	}
	return Entropy{}, false
}
