package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot"
	"github.com/wasmkernel/wasmkernel/boot/platform"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
	"github.com/wasmkernel/wasmkernel/drivers/pl011"
)

// earlyInit brings the kernel up at the first exception, which is the Go
// runtime's first system call: everything it knows about the machine
// comes from the device tree (console, memory, interrupt controller,
// timer, real-time clock, power off), read by package platform.
func earlyInit() {
	info := boot.StartInfo()
	if !info.Valid() {
		exitVM(exitFault) // no device tree: no console to say so on
	}
	t := info.Tree()
	con, err := platform.FindConsole(t)
	if err != nil {
		exitVM(exitFault) // no console to say so on either
	}
	console = pl011.UART(deviceAddress(con.Base))
	console.Init(con.ClockHz, con.Baud)
	printString("wasmkernel: kernel entered\n")
	findPowerOff(t)
	mapRAM(info)
	initPhysical(info)
	initThreads()
	initClocks(t)
	initInterrupts(t, con.Node)
	initRandom(t)
	checkDeviceMap(info)
	console.EnableReceiveInterrupt()
	serialInterrupt() // what arrived before the interrupt was on
	printString("wasmkernel: ")
	printDec(int64(totalFrames) * pageSize >> 20)
	printString(" MiB free, counter ")
	printDec(int64(cpu.CounterFrequency() / 1e6))
	printString(" MHz\n")
}
