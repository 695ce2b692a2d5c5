package kernel

// Clocks as system calls see them: clock_gettime, nanosleep and the
// relative timeouts of futex and epoll, on top of the architecture's
// monotonicNow and realtimeNow (clock_GOARCH.go).

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
