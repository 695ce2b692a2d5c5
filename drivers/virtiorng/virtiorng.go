//go:build arm64

// Package virtiorng drives a virtio entropy device on the virtio-mmio
// transport (QEMU's virt with -device virtio-rng-device): one request
// queue, polled, through which the device fills the kernel's buffer with
// bytes from the host's entropy source. Both transport versions are
// handled: the legacy one (version 1, QEMU's default) and the modern one
// (version 2).
//
// Register and ring facts from the Virtual I/O Device (VIRTIO) 1.2
// specification, sections 4.2 (MMIO transport, with the legacy interface)
// and 2.7 (split virtqueues), and 5.4 (entropy device).
package virtiorng

import (
	"sync/atomic"
	"unsafe"

	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// Transport registers.
const (
	regMagic          = 0x000
	regVersion        = 0x004
	regDeviceID       = 0x008
	regDriverFeatSel  = 0x024
	regDriverFeatures = 0x020
	regGuestPageSize  = 0x028 // legacy
	regQueueSel       = 0x030
	regQueueNumMax    = 0x034
	regQueueNum       = 0x038
	regQueueAlign     = 0x03c // legacy
	regQueuePFN       = 0x040 // legacy
	regQueueReady     = 0x044
	regQueueNotify    = 0x050
	regInterruptAck   = 0x064
	regInterruptStat  = 0x060
	regStatus         = 0x070
	regQueueDescLow   = 0x080
	regQueueDescHigh  = 0x084
	regQueueAvailLow  = 0x090
	regQueueAvailHigh = 0x094
	regQueueUsedLow   = 0x0a0
	regQueueUsedHigh  = 0x0a4

	magic         = 0x74726976 // "virt"
	deviceEntropy = 4

	statusAck        = 1
	statusDriver     = 2
	statusDriverOK   = 4
	statusFeaturesOK = 8

	featureVersion1 = 1 << 0 // of the second 32 features (bit 32)

	queueSize  = 8
	descWrite  = 2
	pageSize   = 4096
	bufferSize = 64
)

// The queue's memory: the descriptor table and available ring in the
// first page, the used ring in the second (the legacy layout; the modern
// transport takes the three addresses as they are). It must not move:
// package-level, in the kernel image, identity-mapped.
type queue struct {
	desc [queueSize]struct {
		addr  uint64
		len   uint32
		flags uint16
		next  uint16
	}
	availFlags, availIdx uint16
	availRing            [queueSize]uint16
	_                    [pageSize - queueSize*16 - 4 - queueSize*2]byte
	usedFlags, usedIdx   uint16
	usedRing             [queueSize]struct{ id, len uint32 }
	_                    [pageSize - 4 - queueSize*8]byte
}

var (
	mem    [3 * pageSize]byte // a page-aligned queue fits inside
	buffer [bufferSize]byte
)

// Device is an initialised entropy device.
type Device struct {
	base uintptr
	q    *queue
	last uint16 // used index seen
}

// Probe reports whether the transport at base holds an entropy device.
func Probe(base uintptr) bool {
	return cpu.Read32(base+regMagic) == magic && cpu.Read32(base+regDeviceID) == deviceEntropy
}

// New initialises the entropy device at base (Probe said yes).
func New(base uintptr) (Device, bool) {
	q := (*queue)(pointer((addrOf(&mem[0]) + pageSize - 1) &^ (pageSize - 1)))
	version := cpu.Read32(base + regVersion)
	cpu.Write32(base+regStatus, 0)
	cpu.Write32(base+regStatus, statusAck)
	cpu.Write32(base+regStatus, statusAck|statusDriver)
	if version >= 2 {
		cpu.Write32(base+regDriverFeatSel, 1)
		cpu.Write32(base+regDriverFeatures, featureVersion1)
		cpu.Write32(base+regStatus, statusAck|statusDriver|statusFeaturesOK)
		if cpu.Read32(base+regStatus)&statusFeaturesOK == 0 {
			return Device{}, false
		}
	} else {
		cpu.Write32(base+regGuestPageSize, pageSize)
	}
	cpu.Write32(base+regQueueSel, 0)
	if cpu.Read32(base+regQueueNumMax) < queueSize {
		return Device{}, false
	}
	cpu.Write32(base+regQueueNum, queueSize)
	qa := addrOf(q)
	if version >= 2 {
		write64(base+regQueueDescLow, base+regQueueDescHigh, uint64(qa))
		write64(base+regQueueAvailLow, base+regQueueAvailHigh, uint64(addrOf(&q.availFlags)))
		write64(base+regQueueUsedLow, base+regQueueUsedHigh, uint64(addrOf(&q.usedFlags)))
		cpu.Write32(base+regQueueReady, 1)
	} else {
		cpu.Write32(base+regQueueAlign, pageSize)
		cpu.Write32(base+regQueuePFN, uint32(qa/pageSize))
	}
	cpu.Write32(base+regStatus, cpu.Read32(base+regStatus)|statusDriverOK)
	return Device{base: base, q: q}, true
}

// Read64 asks the device for random bytes and returns 64 bits of them,
// waiting (polling) for the device to answer.
func (d *Device) Read64() uint64 {
	for {
		q := d.q
		q.desc[0].addr = uint64(addrOf(&buffer[0]))
		q.desc[0].len = bufferSize
		q.desc[0].flags = descWrite
		q.availRing[q.availIdx%queueSize] = 0
		cpu.MemoryBarrier()
		q.availIdx++
		cpu.MemoryBarrier()
		cpu.Write32(d.base+regQueueNotify, 0)
		// The used index is the upper half of the ring's first word; an
		// atomic load keeps the poll from being hoisted out of the loop.
		for atomic.LoadUint32((*uint32)(unsafe.Pointer(&q.usedFlags)))>>16 == uint32(d.last) {
		}
		cpu.MemoryBarrier()
		n := q.usedRing[d.last%queueSize].len
		d.last++
		cpu.Write32(d.base+regInterruptAck, cpu.Read32(d.base+regInterruptStat))
		if n >= 8 {
			return *(*uint64)(unsafe.Pointer(&buffer[0]))
		}
	}
}

func write64(lo, hi uintptr, v uint64) {
	cpu.Write32(lo, uint32(v))
	cpu.Write32(hi, uint32(v>>32))
}

func addrOf[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }

func pointer(a uintptr) unsafe.Pointer { return cpu.Pointer(a) }
