package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/boot/platform"
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
	semihostExit      = 0x18
	adpStoppedAppExit = 0x20026
	psciSystemOff     = 0x84000008
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
	p := platform.FindPowerOff(t)
	psciConduit = p.PSCI
	if p.Watchdog != 0 {
		watchdog = bcm283x.Watchdog(deviceAddress(p.Watchdog))
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
	case platform.PSCIHVC:
		cpu.HVC(psciSystemOff, 0, 0, 0)
	case platform.PSCISMC:
		cpu.SMC(psciSystemOff, 0, 0, 0)
	}
	if watchdog != 0 {
		watchdog.Reset()
	}
	cpu.Halt()
}
