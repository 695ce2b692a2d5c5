package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// devicemapProbe is where checkDeviceMap reaches memory above the 4 GiB
// identity map: 5 GiB, RAM on QEMU's virt with -m 6G (it starts at 1 GiB),
// which the kernel does not use otherwise (it takes RAM below 4 GiB only).
const devicemapProbe = 5 << 30

// checkDeviceMap, when the command line says "devicemap", checks the way
// the kernel reaches the Raspberry Pi 5's devices above 4 GiB on a
// machine that has RAM there: deviceAddress maps the gigabyte as a device
// block, words written through it read back, a second address in it needs
// no new mapping, and mmap will not hand the range out. It prints one line.
func checkDeviceMap(info boot.Info) {
	if !hasWord(info.CommandLine(), "devicemap") {
		return
	}
	ram := false
	for i, n := 0, info.MemoryMapLen(); i < n; i++ {
		r := info.MemoryMapEntry(i)
		ram = ram || r.Addr <= devicemapProbe && devicemapProbe+pageSize <= r.Addr+r.Size
	}
	if !ram {
		printString("devicemap: FAIL: no RAM at 5 GiB (give the machine 6 GiB)\n")
		return
	}
	p := deviceAddress(devicemapProbe)
	if p != devicemapProbe || deviceAddress(devicemapProbe+pageSize) != devicemapProbe+pageSize {
		printString("devicemap: FAIL: not mapped\n")
		return
	}
	for i := uintptr(0); i < pageSize; i += 4 {
		cpu.Write32(p+i, uint32(0x9e3779b9*(i+1)))
	}
	for i := uintptr(0); i < pageSize; i += 4 {
		if cpu.Read32(p+i) != uint32(0x9e3779b9*(i+1)) {
			printString("devicemap: FAIL: read back differs\n")
			return
		}
	}
	if !overlaps(devicemapProbe, devicemapProbe+1) {
		printString("devicemap: FAIL: the range is not kept from mmap\n")
		return
	}
	printString("devicemap: ok\n")
}

// hasWord reports whether the space-separated list s holds w.
func hasWord(s, w string) bool {
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != ' ' {
			i++
		}
		if s[:i] == w {
			return true
		}
		if i == len(s) {
			break
		}
		s = s[i+1:]
	}
	return false
}
