package kernel

// Futexes, as the Go runtime uses them: FUTEX_WAIT with an optional
// relative timeout and FUTEX_WAKE, on private 32-bit words.

const (
	futexWait        = 0
	futexWake        = 1
	futexPrivateFlag = 128
	futexClockRT     = 256
)

func sysFutex(uaddr uintptr, op uint32, val uint32, timeout uintptr) (uintptr, errno) {
	if uaddr&3 != 0 {
		return 0, eINVAL
	}
	switch op &^ (futexPrivateFlag | futexClockRT) {
	case futexWait:
		deadline, err := readTimeout(timeout)
		if err != 0 {
			return 0, err
		}
		if *(*uint32)(userPointer(uaddr)) != val {
			return 0, eAGAIN
		}
		if block(waitFutex, uaddr, deadline) {
			return 0, eTIMEDOUT
		}
		return 0, 0
	case futexWake:
		return uintptr(wakeAll(waitFutex, uaddr, int(int32(val)))), 0
	}
	return 0, eNOSYS
}
