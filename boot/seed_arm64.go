package boot

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// seed returns 64 bits from the processor's random number generator
// (FEAT_RNG's RNDR), or from the generic timer's counter when it has none
// (these bytes seed hash tables, not cryptography: the kernel's getrandom
// is the real source).
func seed() uint64 {
	if cpu.ISAR0()>>60 != 0 {
		for range 10 {
			if v, ok := cpu.RNDR(); ok {
				return v
			}
		}
	}
	t := cpu.Counter()
	return t*0x9E3779B97F4A7C15 ^ t>>29
}

// AT_HWCAP bits (Linux's arch/arm64 hwcap.h) and the fields of
// ID_AA64ISAR0_EL1 they come from.
const (
	hwcapFP      = 1 << 0
	hwcapASIMD   = 1 << 1
	hwcapAES     = 1 << 3
	hwcapPMULL   = 1 << 4
	hwcapSHA1    = 1 << 5
	hwcapSHA2    = 1 << 6
	hwcapCRC32   = 1 << 7
	hwcapAtomics = 1 << 8
	hwcapCPUID   = 1 << 11
	hwcapSHA3    = 1 << 17
	hwcapSHA512  = 1 << 21
)

// hwcap returns AT_HWCAP as Linux computes it from the processor's ID
// registers, for the features the Go runtime looks at.
func hwcap() uintptr {
	isar := cpu.ISAR0()
	field := func(shift uint) uint64 { return isar >> shift & 15 }
	caps := uintptr(hwcapFP | hwcapASIMD | hwcapCPUID)
	if f := field(4); f >= 1 {
		caps |= hwcapAES
		if f >= 2 {
			caps |= hwcapPMULL
		}
	}
	if field(8) >= 1 {
		caps |= hwcapSHA1
	}
	if f := field(12); f >= 1 {
		caps |= hwcapSHA2
		if f >= 2 {
			caps |= hwcapSHA512
		}
	}
	if field(16) >= 1 {
		caps |= hwcapCRC32
	}
	if field(20) >= 2 {
		caps |= hwcapAtomics
	}
	if field(32) >= 1 {
		caps |= hwcapSHA3
	}
	return caps
}
