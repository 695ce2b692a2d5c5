package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Entropy for getrandom on arm64: the processor's FEAT_RNG (RNDR, a DRBG
// the hardware reseeds from its entropy source). QEMU's TCG provides it
// with `-cpu max`, backed by the host's getrandom. A processor without it
// stops the kernel at boot: there is no other source yet, and a made-up
// one would give crypto/rand predictable keys.

func initRandom() {
	if cpu.ISAR0()>>60 == 0 {
		fatal("no entropy source: the processor lacks FEAT_RNG (RNDR)", cpu.ISAR0())
	}
}

// random64 returns 64 random bits.
func random64() uint64 {
	for range 100 {
		if v, ok := cpu.RNDR(); ok {
			return v
		}
	}
	fatal("RNDR keeps failing", 0)
	return 0
}
