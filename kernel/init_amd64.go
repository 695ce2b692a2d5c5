package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot"
	"github.com/wasmkernel/wasmkernel/drivers/apic"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
	"github.com/wasmkernel/wasmkernel/drivers/ns16550"
)

// earlyInit brings the kernel up at the first system call, which the Go
// runtime makes before anything else (arch_prctl in its entry code): the
// console, physical memory, threads, clocks, interrupts and entropy.
func earlyInit() {
	console.Init()
	printString("wasmkernel: kernel entered\n")
	_, ebx, _, _ := cpu.CPUID(0xD, 0)
	if ebx != 0 {
		currentCPU().xsaveSize = uint64(ebx) + 64
	}
	info := boot.StartInfo()
	if !info.Valid() {
		fatal("no PVH start info", uint64(info.Address()))
	}
	initPhysical(info)
	unmapNullPage()
	initThreads()
	initClocks()
	initRandom()
	apic.MaskLegacyPICs()
	apic.NewIOAPIC(apic.IOAPICBase).Route(ns16550.IRQ, vectorSerial, lapic.ID())
	console.EnableReceiveInterrupt()
	serialInterrupt() // what arrived before the interrupt was on
	printString("wasmkernel: ")
	printDec(int64(totalFrames) * pageSize >> 20)
	printString(" MiB free, TSC ")
	printDec(int64(tscHz / 1e6))
	printString(" MHz\n")
}
