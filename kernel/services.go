package kernel

// Kernel services that ordinary Go code in the kernel (the apps' WASI
// backends) calls directly: a WASI clock read or random_get is a function
// call down to the processor's counter or entropy source, not a system
// call.

// Monotonic returns nanoseconds since boot (the calibrated TSC on x86-64,
// the generic timer's counter on arm64).
func Monotonic() int64 { return monotonicNow() }

// CounterClock describes Monotonic and Realtime as functions of the
// processor's counter (the TSC on x86-64, CNTVCT_EL0 on arm64): at counter
// value base, Monotonic reads 0 and Realtime bootUnixNanos, and each count
// adds mult/2^32 nanoseconds to both. Code that reads the counter itself
// gets the same times as the functions.
func CounterClock() (base, mult uint64, realtimeAtBase int64) {
	base, mult = counterClock()
	return base, mult, bootUnixNanos
}

// Realtime returns nanoseconds since 1970: the real-time clock read at
// boot plus the monotonic time since.
func Realtime() int64 { return realtimeNow() }

// LowestFree returns the least free physical memory there has been since
// boot, in bytes: with the memory QEMU gave, it says how much the kernel
// and its apps used at their peak.
func LowestFree() int64 { return int64(lowestFree) * pageSize }

// Random is the kernel's entropy source (random64) as an io.Reader.
var Random randomReader

type randomReader struct{}

// Read fills p with random bytes; it cannot fail.
func (randomReader) Read(p []byte) (int, error) {
	for i := 0; i < len(p); i += 8 {
		v := random64()
		for j := 0; j < 8 && i+j < len(p); j++ {
			p[i+j] = byte(v >> (8 * j))
		}
	}
	return len(p), nil
}
