package wasi

import (
	"encoding/binary"
	"time"
)

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

// pollOneoff waits for the subscriptions: stdio streams and files are
// always ready; sockets are asked of the SocketPoller, with the earliest
// clock deadline as the time limit; without sockets or ready streams it
// sleeps until that deadline. Expired clocks are reported.
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
	var socks []SocketPoll // sockets to wait for, from subscriptions sockSubs
	var sockSubs []uint32
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
			e, ok := s.fds.get(le.Uint32(sub[16:]))
			switch {
			case !ok:
				emit(userdata, ErrnoBadf, tag)
			case e.sock != nil && s.cfg.Poller != nil:
				socks = append(socks, SocketPoll{Socket: e.sock, Write: tag == eventTypeFdWrite})
				sockSubs = append(sockSubs, i)
			default:
				emit(userdata, ErrnoSuccess, tag) // stdio and files are always ready
			}
		default:
			return ErrnoInval
		}
	}
	if len(socks) > 0 {
		timeout := time.Duration(-1) // no clock: wait for a socket
		switch {
		case events > 0:
			timeout = 0
		case earliest >= 0:
			timeout = time.Duration(max(0, earliest-start))
		}
		if err := s.cfg.Poller.Poll(socks, timeout); err != nil {
			return errnoOf(err)
		}
		for k, it := range socks {
			if it.Ready {
				sub := m[in+sockSubs[k]*subscriptionSize:]
				emit(le.Uint64(sub), ErrnoSuccess, sub[8])
			}
		}
	}
	if events == 0 && earliest >= 0 {
		if wait := earliest - start; wait > 0 && len(socks) == 0 {
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
