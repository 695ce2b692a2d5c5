package boot

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// seed returns 64 bits from the processor's random number generator, or
// from the time-stamp counter when it has none (these bytes seed hash
// tables, not cryptography: the kernel's getrandom is the real source).
func seed() uint64 {
	_, _, ecx, _ := cpu.CPUID(1, 0)
	if ecx&(1<<30) != 0 {
		for range 10 {
			if v, ok := cpu.RDRAND(); ok {
				return v
			}
		}
	}
	t := cpu.TSC()
	return t*0x9E3779B97F4A7C15 ^ t>>29
}

// hwcap returns AT_HWCAP as Linux fills it on x86-64: CPUID leaf 1's EDX
// (the Go runtime reads its features from CPUID itself).
func hwcap() uintptr {
	_, _, _, edx := cpu.CPUID(1, 0)
	return uintptr(edx)
}
