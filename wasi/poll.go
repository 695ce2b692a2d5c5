package wasi

import "encoding/binary"

// Layouts of poll_oneoff's subscription and event records (spec:
// $subscription, 48 bytes; $event, 32 bytes).
const (
	subscriptionSize = 48
	eventSize        = 32

	eventTypeClock   = 0
	eventTypeFdRead  = 1
	eventTypeFdWrite = 2

	subclockAbstime = 1
)

// pollOneoff waits for the subscriptions: stdio streams are always ready,
// and without a ready stream it sleeps until the earliest clock deadline
// and reports the clocks that expired.
func (s *System) pollOneoff(m mem, a []uint64) Errno {
	in, out, n, neventsPtr := uint32(a[0]), uint32(a[1]), uint32(a[2]), uint32(a[3])
	if n == 0 {
		return ErrnoInval
	}
	if !m.ok(in, n*subscriptionSize) || !m.ok(out, n*eventSize) {
		return ErrnoFault
	}
	le := binary.LittleEndian
	var events uint32
	emit := func(userdata uint64, errno Errno, typ byte) {
		e := m[out+events*eventSize : out+(events+1)*eventSize]
		clear(e)
		le.PutUint64(e, userdata)
		le.PutUint16(e[8:], uint16(errno))
		e[10] = typ
		events++
	}
	start := s.cfg.Clock.Monotonic() // relative timeouts count from here
	earliest := int64(-1)
	deadline := func(sub []byte) (int64, Errno) {
		timeout := int64(le.Uint64(sub[24:]))
		switch le.Uint32(sub[16:]) {
		case clockRealtime:
			if le.Uint16(sub[40:])&subclockAbstime != 0 {
				return start + timeout - s.cfg.Clock.Now().UnixNano(), ErrnoSuccess
			}
		case clockMonotonic:
			if le.Uint16(sub[40:])&subclockAbstime != 0 {
				return timeout, ErrnoSuccess
			}
		default:
			return 0, ErrnoInval
		}
		return start + timeout, ErrnoSuccess
	}
	for i := uint32(0); i < n; i++ {
		sub := m[in+i*subscriptionSize : in+(i+1)*subscriptionSize]
		userdata, tag := le.Uint64(sub), sub[8]
		switch tag {
		case eventTypeClock:
			d, errno := deadline(sub)
			if errno != ErrnoSuccess {
				emit(userdata, errno, tag)
			} else if earliest < 0 || d < earliest {
				earliest = d
			}
		case eventTypeFdRead, eventTypeFdWrite:
			errno := ErrnoSuccess
			if _, _, ok := s.stream(le.Uint32(sub[16:])); !ok {
				errno = ErrnoBadf
			}
			emit(userdata, errno, tag)
		default:
			return ErrnoInval
		}
	}
	if events == 0 && earliest >= 0 {
		if wait := earliest - start; wait > 0 {
			s.cfg.Clock.Sleep(wait)
		}
		now := s.cfg.Clock.Monotonic()
		for i := uint32(0); i < n; i++ {
			sub := m[in+i*subscriptionSize : in+(i+1)*subscriptionSize]
			if sub[8] != eventTypeClock {
				continue
			}
			if d, _ := deadline(sub); d <= now {
				emit(le.Uint64(sub), ErrnoSuccess, eventTypeClock)
			}
		}
	}
	if !m.putU32(neventsPtr, events) {
		return ErrnoFault
	}
	return ErrnoSuccess
}
