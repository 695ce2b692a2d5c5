package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/drivers/bcm283x"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
	"github.com/wasmkernel/wasmkernel/drivers/virtiorng"
)

// Entropy for getrandom on arm64: the processor's FEAT_RNG (RNDR, a DRBG
// the hardware reseeds from its entropy source; QEMU's TCG provides it
// with `-cpu max`, backed by the host's getrandom), or else a device the
// device tree lists: a virtio entropy device on virtio-mmio (QEMU's virt
// with another processor, such as the Pi's Cortex-A53), or the Raspberry
// Pi's bcm2835 RNG. A
// machine with neither stops the kernel at boot: a made-up source would
// give crypto/rand predictable keys.

var (
	hasRNDR   bool
	hasVirtio bool
	virtioRNG virtiorng.Device
	piRNG     bcm283x.RNG
)

func initRandom(t devicetree.Tree) {
	if hasRNDR = cpu.ISAR0()>>60 != 0; hasRNDR {
		return
	}
	for n, ok := t.FindCompatible("virtio,mmio", devicetree.Node{}); ok; n, ok = t.FindCompatible("virtio,mmio", n) {
		if base, _, ok := t.Reg(n, 0); ok && virtiorng.Probe(uintptr(base)) {
			if virtioRNG, hasVirtio = virtiorng.New(uintptr(base)); hasVirtio {
				return
			}
		}
	}
	if n, ok := t.FindCompatible("brcm,bcm2835-rng", devicetree.Node{}); ok {
		if base, _, ok := t.Reg(n, 0); ok {
			piRNG = bcm283x.RNG(base)
			piRNG.Init()
			return
		}
	}
	fatal("no entropy source: no FEAT_RNG (RNDR), no virtio-rng and no hardware generator in the device tree", cpu.ISAR0())
}

// random64 returns 64 random bits.
func random64() uint64 {
	switch {
	case hasVirtio:
		return virtioRNG.Read64()
	case !hasRNDR:
		return uint64(piRNG.Read32())<<32 | uint64(piRNG.Read32())
	}
	for range 100 {
		if v, ok := cpu.RNDR(); ok {
			return v
		}
	}
	fatal("RNDR keeps failing", 0)
	return 0
}
