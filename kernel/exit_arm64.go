package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// Leaving the VM with a status on arm64: the Arm semihosting call
// SYS_EXIT with ADP_Stopped_ApplicationExit and the status, which QEMU
// (run with -semihosting) turns into its own exit status, unchanged. On a
// machine that does not answer semihosting the call is an undefined
// instruction: the trap handler then powers off (PSCI SYSTEM_OFF, by the
// conduit the device tree's /psci node names), and the status is lost.

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
)

// findPSCI records how PSCI is called, from the device tree.
func findPSCI(t devicetree.Tree) {
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
	cpu.Halt()
}
