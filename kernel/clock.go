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

// Clock IDs of clock_gettime.
const (
	clockRealtime        = 0
	clockMonotonic       = 1
	clockProcessCPU      = 2
	clockThreadCPU       = 3
	clockMonotonicRaw    = 4
	clockRealtimeCoarse  = 5
	clockMonotonicCoarse = 6
	clockBoottime        = 7
)

type timespec struct{ sec, nsec int64 }

func sysClockGettime(clock int32, ts uintptr) errno {
	var now int64
	switch clock {
	case clockRealtime, clockRealtimeCoarse:
		now = realtimeNow()
	case clockMonotonic, clockMonotonicRaw, clockMonotonicCoarse, clockBoottime, clockProcessCPU, clockThreadCPU:
		now = monotonicNow()
	default:
		return eINVAL
	}
	if ts == 0 {
		return eFAULT
	}
	*(*timespec)(userPointer(ts)) = timespec{now / 1e9, now % 1e9}
	return 0
}

// readTimeout turns a relative timespec at ts into a monotonic deadline (0
// when ts is 0: no timeout).
func readTimeout(ts uintptr) (int64, errno) {
	if ts == 0 {
		return 0, 0
	}
	t := *(*timespec)(userPointer(ts))
	if t.sec < 0 || t.nsec < 0 || t.nsec >= 1e9 {
		return 0, eINVAL
	}
	d := t.sec*1e9 + t.nsec
	if t.sec > 1<<32 {
		d = 1 << 62
	}
	return monotonicNow() + d + 1, 0
}

func sysNanosleep(req uintptr) errno {
	deadline, err := readTimeout(req)
	if err != 0 {
		return err
	}
	if deadline == 0 {
		return eFAULT
	}
	for !block(waitSleep, 0, deadline) {
	}
	return 0
}
