package kernel

import (
	"math/bits"

	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
	"github.com/wasmkernel/wasmkernel/drivers/pl031"
)

// Time on arm64: the monotonic clock is the generic timer's virtual
// counter, whose rate the processor states (CNTFRQ_EL0), so nothing needs
// calibrating; the wall clock is the PL031 real-time clock the device
// tree lists, read at boot, plus the monotonic time since. A board
// without one (a Raspberry Pi) asks the semihosting host for the time
// (SYS_TIME: QEMU with -semihosting answers with the host's clock); with
// no host either it starts at 1970. The virtual timer, compared against the
// same counter, wakes the scheduler (one-shot, at the next deadline).

var (
	counterHz      uint64
	counterAtBoot  uint64
	nsPerTick32    uint64 // ns per counter tick, 32.32 fixed point
	ticksPerNs32   uint64 // counter ticks per ns, 32.32 fixed point
	bootUnixNanos  int64
	timerInterrupt uint32 // INTID of the virtual timer
)

func initClocks(t devicetree.Tree) {
	counterHz = cpu.CounterFrequency()
	if counterHz == 0 {
		fatal("the generic timer states no frequency (CNTFRQ_EL0)", 0)
	}
	nsPerTick32 = (1e9 << 32) / counterHz
	ticksPerNs32 = (counterHz << 32) / 1e9
	counterAtBoot = cpu.Counter()
	if rtc, ok := t.FindCompatible("arm,pl031", devicetree.Node{}); ok {
		if base, _, ok := t.Reg(rtc, 0); ok {
			bootUnixNanos = pl031.UnixTime(deviceAddress(base)) * 1e9
			return
		}
	}
	if secs, ok := semihostTime(); ok {
		bootUnixNanos = secs * 1e9
	}
}

const semihostSysTime = 0x11

// semihostTime asks the semihosting host for the time in seconds since
// 1970. Without a host the call is an undefined instruction, which the
// trap handler skips while probing (synchronous), failing the call.
func semihostTime() (int64, bool) {
	probingSemihost = true
	r := cpu.Semihost(semihostSysTime, 0)
	probingSemihost = false
	return int64(r), r != ^uintptr(0) && r != 0
}

func ticksToNanos(ticks uint64) int64 {
	hi, lo := bits.Mul64(ticks, nsPerTick32)
	return int64(hi<<32 | lo>>32)
}

// monotonicNow returns nanoseconds since boot.
func monotonicNow() int64 { return ticksToNanos(cpu.Counter() - counterAtBoot) }

// realtimeNow returns nanoseconds since 1970.
func realtimeNow() int64 { return bootUnixNanos + monotonicNow() }

// Cycles returns the generic timer's counter (the arm64 stand-in for the
// time-stamp counter; under QEMU's -icount it follows guest instructions).
func Cycles() uint64 { return cpu.Counter() }

// stopTimer cancels the timer interrupt.
func stopTimer() { cpu.StopTimer() }

// startTimerAt arms the virtual timer to fire at the monotonic time
// deadline (at once if it has passed).
func startTimerAt(deadline int64) {
	d := deadline - monotonicNow()
	if d < 1000 {
		d = 1000
	}
	hi, lo := bits.Mul64(uint64(d), ticksPerNs32)
	cpu.SetTimer(cpu.Counter() + (hi<<32 | lo>>32) + 1)
}

// counterClock returns the parameters of monotonicNow: the counter it
// reads is CNTVCT_EL0, at counterAtBoot it reads 0, and it adds
// nsPerTick32/2^32 nanoseconds a tick.
func counterClock() (base, mult uint64) { return counterAtBoot, nsPerTick32 }
