//go:build arm64

package bcm283x

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// RNG200 is the registers of Broadcom's iProc RNG200, the random number
// generator of the BCM2711 and BCM2712 (Raspberry Pi 4 and 5). Untested
// on hardware: no emulator here has it. Register facts from the device's
// register map as QEMU's bcm2838 model and Linux's iproc-rng200 driver
// describe it.
type RNG200 uintptr

const (
	rng200Control    = 0x00 // bits 0-12: RBG enable (bit 0) and clock divider
	rng200SoftReset  = 0x04
	rng200RBGReset   = 0x08
	rng200IntStatus  = 0x18
	rng200FIFOData   = 0x20
	rng200FIFOCount  = 0x24 // bits 0-7: words in the FIFO
	rng200EnableMask = 0x1FFF
	rng200Enable     = 1
	rng200CountMask  = 0xFF
	rng200Errors     = 1<<31 | 1<<5 // master-fail lockout, NIST test failed
)

// Init stops the generator, clears its interrupt status, resets its
// random bit generator and starts it again.
func (r RNG200) Init() {
	b := uintptr(r)
	ctl := cpu.Read32(b+rng200Control) &^ rng200EnableMask
	cpu.Write32(b+rng200Control, ctl)
	cpu.Write32(b+rng200IntStatus, 0xFFFFFFFF)
	cpu.Write32(b+rng200RBGReset, 1)
	cpu.Write32(b+rng200SoftReset, 1)
	cpu.Write32(b+rng200SoftReset, 0)
	cpu.Write32(b+rng200RBGReset, 0)
	cpu.Write32(b+rng200Control, ctl|rng200Enable)
}

// Read32 waits for a random word and returns it, restarting the
// generator when its self-tests have failed.
func (r RNG200) Read32() uint32 {
	b := uintptr(r)
	for cpu.Read32(b+rng200FIFOCount)&rng200CountMask == 0 {
		if cpu.Read32(b+rng200IntStatus)&rng200Errors != 0 {
			r.Init()
		}
	}
	return cpu.Read32(b + rng200FIFOData)
}
