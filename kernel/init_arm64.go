package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot"
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
	"github.com/wasmkernel/wasmkernel/drivers/pl011"
)

// earlyInit brings the kernel up at the first exception, which is the Go
// runtime's first system call: everything it knows about the machine
// comes from the device tree (console, memory, interrupt controller,
// timer, real-time clock, power off).
func earlyInit() {
	info := boot.StartInfo()
	if !info.Valid() {
		exitVM(exitFault) // no device tree: no console to say so on
	}
	t := info.Tree()
	consoleNode := findConsole(t)
	console.Init()
	printString("wasmkernel: kernel entered\n")
	findPowerOff(t)
	mapRAM(info)
	initPhysical(info)
	initThreads()
	initClocks(t)
	initInterrupts(t, consoleNode)
	initRandom(t)
	console.EnableReceiveInterrupt()
	serialInterrupt() // what arrived before the interrupt was on
	printString("wasmkernel: ")
	printDec(int64(totalFrames) * pageSize >> 20)
	printString(" MiB free, counter ")
	printDec(int64(cpu.CounterFrequency() / 1e6))
	printString(" MHz\n")
}

// findConsole sets console to the UART /chosen/stdout-path names (a path,
// or an alias, with optional ":options"), or to the first PL011, and
// returns its node.
func findConsole(t devicetree.Tree) devicetree.Node {
	var n devicetree.Node
	found := false
	if chosen, ok := t.FindPath("/chosen"); ok {
		if path, ok := t.String(chosen, "stdout-path"); ok {
			for i := 0; i < len(path); i++ {
				if path[i] == ':' {
					path = path[:i]
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
	}
	if !found {
		exitVM(exitFault)
	}
	base, _, ok := t.Reg(n, 0)
	if !ok {
		exitVM(exitFault)
	}
	console = pl011.UART(base)
	return n
}
