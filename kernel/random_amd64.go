package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Entropy for getrandom: the processor's RDSEED (a conditioned hardware
// entropy source) to reseed, and RDRAND (a DRBG the hardware reseeds from
// it) for the bytes themselves. QEMU's TCG provides both with `-cpu max`,
// backed by the host's getrandom.
//
// Fallback, when the processor has neither: a generator mixing the
// time-stamp counter's jitter around interrupts and port I/O, announced on
// the console at boot as weak. It is not cryptographic; a virtio-rng
// driver is the planned replacement.

var (
	hasRDRAND bool
	hasRDSEED bool
	weakState uint64
)

func initRandom() {
	_, _, ecx, _ := cpu.CPUID(1, 0)
	hasRDRAND = ecx&(1<<30) != 0
	_, ebx, _, _ := cpu.CPUID(7, 0)
	hasRDSEED = ebx&(1<<18) != 0
	if !hasRDRAND {
		printString("kernel: warning: no RDRAND; getrandom falls back to TSC jitter (not cryptographic)\n")
		weakState = uint64(bootUnixNanos) ^ cpu.TSC()
	}
}

// random64 returns 64 random bits.
func random64() uint64 {
	if hasRDRAND {
		for range 100 {
			if v, ok := cpu.RDRAND(); ok {
				return v
			}
			if hasRDSEED {
				if v, ok := cpu.RDSEED(); ok {
					return v
				}
			}
			cpu.Pause()
		}
		fatal("RDRAND keeps failing", 0)
	}
	// splitmix64 over the state, stirred with fresh TSC readings.
	for range 4 {
		weakState ^= cpu.TSC()
		cpu.Inb(0x80)
	}
	weakState += 0x9E3779B97F4A7C15
	z := weakState
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}
