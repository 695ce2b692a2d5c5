package kernel

import (
	"math/bits"

	"github.com/wasmkernel/wasmkernel/drivers/apic"
	"github.com/wasmkernel/wasmkernel/drivers/cmos"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
	"github.com/wasmkernel/wasmkernel/drivers/pit"
)

// Time: the monotonic clock is the time-stamp counter, calibrated against
// the PIT at boot; the wall clock is the CMOS RTC read at boot plus the
// monotonic time since. The local APIC timer, calibrated against the TSC,
// wakes the scheduler (one-shot, at the next deadline).

var (
	tscHz         uint64
	tscAtBoot     uint64
	nsPerTick32   uint64 // ns per TSC tick, 32.32 fixed point
	apicPerNs32   uint64 // APIC timer ticks per ns, 32.32 fixed point
	bootUnixNanos int64
	lapic         apic.Local
)

const calibrationMicros = 20000

func initClocks() {
	var t0, t1 uint64
	if !pit.Wait(calibrationMicros, func() { t0 = cpu.TSC() }, func() { t1 = cpu.TSC() }) || t1 <= t0 {
		fatal("cannot calibrate the TSC: the PIT does not count", 0)
	}
	tscHz = (t1 - t0) * 1000000 / calibrationMicros
	nsPerTick32 = (1e9 << 32) / tscHz
	tscAtBoot = cpu.TSC()

	lapic = apic.BootLocal(vectorSpurious)
	// APIC timer rate: count down from the maximum over about 10 ms of
	// TSC time.
	lapic.StartTimer(vectorTimer, 0xFFFFFFFF)
	start := cpu.TSC()
	for cpu.TSC()-start < tscHz/100 {
		cpu.Pause()
	}
	elapsed := uint64(0xFFFFFFFF - lapic.TimerCount())
	lapic.StopTimer()
	ns := ticksToNanos(cpu.TSC() - start)
	apicPerNs32 = (elapsed << 32) / uint64(ns)
	if apicPerNs32 == 0 {
		apicPerNs32 = 1
	}
	bootUnixNanos = cmos.UnixTime() * 1e9
}

func ticksToNanos(ticks uint64) int64 {
	hi, lo := bits.Mul64(ticks, nsPerTick32)
	return int64(hi<<32 | lo>>32)
}

// monotonicNow returns nanoseconds since boot.
func monotonicNow() int64 { return ticksToNanos(cpu.TSC() - tscAtBoot) }

// realtimeNow returns nanoseconds since 1970.
func realtimeNow() int64 { return bootUnixNanos + monotonicNow() }

// TSCFrequency returns the calibrated time-stamp counter rate in Hz.
func TSCFrequency() uint64 { return tscHz }

// stopTimer cancels the timer interrupt.
func stopTimer() { lapic.StopTimer() }

// Cycles returns the time-stamp counter (under QEMU's -icount shift=0 it
// counts guest instructions).
func Cycles() uint64 { return cpu.TSC() }

// startTimerAt arms the APIC timer to fire at the monotonic time deadline
// (at once if it has passed).
func startTimerAt(deadline int64) {
	d := deadline - monotonicNow()
	if d < 1000 {
		d = 1000
	}
	hi, lo := bits.Mul64(uint64(d), apicPerNs32)
	count := hi<<32 | lo>>32
	if count == 0 {
		count = 1
	}
	if count > 0xFFFFFFFF {
		count = 0xFFFFFFFF
	}
	lapic.StartTimer(vectorTimer, uint32(count))
}

// counterClock returns the parameters of monotonicNow: the counter it
// reads is the TSC, at tscAtBoot it reads 0, and it adds nsPerTick32/2^32
// nanoseconds a tick.
func counterClock() (base, mult uint64) { return tscAtBoot, nsPerTick32 }
