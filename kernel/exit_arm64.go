package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/drivers/bcm283x"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// Leaving the VM with a status on arm64: the Arm semihosting call
// SYS_EXIT with ADP_Stopped_ApplicationExit and the status, which QEMU
// (run with -semihosting) turns into its own exit status, unchanged. On a
// machine that does not answer semihosting the call is an undefined
// instruction: the trap handler then powers off (PSCI SYSTEM_OFF, by the
// conduit the device tree's /psci node names, or on a Raspberry Pi, which
// has no PSCI, a watchdog reset, which QEMU's -no-reboot turns into an
// exit), and the status is lost.

const (
	semihostExit            = 0x18
	adpStoppedAppExit       = 0x20026
	psciSystemOff           = 0x84000008
	psciConduitHVC    uint8 = 1
	psciConduitSMC    uint8 = 2
)

var (
	exiting     bool
	exitBlock   [2]uint64 // SYS_EXIT's parameter block
	psciConduit uint8
	watchdog    bcm283x.Watchdog
)

// findPowerOff records how to power off: how PSCI is called, or where the
// Raspberry Pi's watchdog is, from the device tree.
func findPowerOff(t devicetree.Tree) {
	for _, compat := range [...]string{"brcm,bcm2835-pm-wdt", "brcm,bcm2835-pm"} {
		if n, ok := t.FindCompatible(compat, devicetree.Node{}); ok {
			if base, _, ok := t.Reg(n, 0); ok {
				watchdog = bcm283x.Watchdog(base)
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
			psciConduit = psciConduitHVC
		case "smc":
			psciConduit = psciConduitSMC
		}
		return
	}
}

func exitVM(status int) {
	if !exiting {
		exiting = true
		exitBlock = [2]uint64{adpStoppedAppExit, uint64(status)}
		cpu.Semihost(semihostExit, addr(&exitBlock))
	}
	powerOff()
}

// powerOff turns the machine off without a status.
func powerOff() {
	switch psciConduit {
	case psciConduitHVC:
		cpu.HVC(psciSystemOff, 0, 0, 0)
	case psciConduitSMC:
		cpu.SMC(psciSystemOff, 0, 0, 0)
	}
	if watchdog != 0 {
		watchdog.Reset()
	}
	cpu.Halt()
}
