package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/boot/platform"
	"github.com/wasmkernel/wasmkernel/drivers/bcm283x"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
	"github.com/wasmkernel/wasmkernel/drivers/virtiorng"
)

// Entropy for getrandom on arm64: the processor's FEAT_RNG (RNDR, a DRBG
// the hardware reseeds from its entropy source; QEMU's TCG provides it
// with `-cpu max`, backed by the host's getrandom), or else a device the
// device tree lists: a virtio entropy device on virtio-mmio (QEMU's virt
// with another processor, such as the Pi's Cortex-A53), or the Raspberry
// Pi's generator (the bcm2835 RNG of the Pi 3 and Zero 2 W, the RNG200 of
// the Pi 4 and 5, whose Cortex-A72 and -A76 have no RNDR). A
// machine with neither stops the kernel at boot: a made-up source would
// give crypto/rand predictable keys.

var (
	hasRNDR   bool
	hasVirtio bool
	virtioRNG virtiorng.Device
	hwRNG     int // platform.RNGBCM2835 or RNGIproc when neither above
	piRNG     bcm283x.RNG
	piRNG200  bcm283x.RNG200
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
	if g, ok := platform.FindEntropy(t); ok {
		switch hwRNG = g.Kind; g.Kind {
		case platform.RNGBCM2835:
			piRNG = bcm283x.RNG(deviceAddress(g.Base))
			piRNG.Init()
		case platform.RNGIproc:
			piRNG200 = bcm283x.RNG200(deviceAddress(g.Base))
			piRNG200.Init()
		}
		return
	}
	fatal("no entropy source: no FEAT_RNG (RNDR), no virtio-rng and no hardware generator in the device tree", cpu.ISAR0())
}

// random64 returns 64 random bits.
func random64() uint64 {
	switch {
	case hasVirtio:
		return virtioRNG.Read64()
	case hwRNG == platform.RNGIproc:
		return uint64(piRNG200.Read32())<<32 | uint64(piRNG200.Read32())
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
