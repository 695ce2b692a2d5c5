package runtime

import (
	"fmt"
	"sync"

	"golang.org/x/sys/unix"
)

// reservation is the address space of one guard-region memory: size
// bytes mapped inaccessible, of which the first committed are readable
// and writable.
type reservation struct {
	mem       []byte
	committed uint64
}

// reservationPool keeps the reservations of memories that became garbage,
// cleared, for the next guarded memories: reusing address space is cheaper
// than mapping it anew, and bounds what an emulator (qemu-user keeps
// bookkeeping for every address range a process ever mapped) pays for
// programs that instantiate many times.
var reservationPool struct {
	sync.Mutex
	free []*reservation
}

// maxPooledReservations bounds the pool; beyond it reservations are
// unmapped.
const maxPooledReservations = 16

// reserve returns size bytes of inaccessible address space, from the pool
// when it has a reservation of that size.
func reserve(size uint64) (*reservation, error) {
	reservationPool.Lock()
	for i, r := range reservationPool.free {
		if uint64(len(r.mem)) == size {
			reservationPool.free = append(reservationPool.free[:i], reservationPool.free[i+1:]...)
			reservationPool.Unlock()
			return r, nil
		}
	}
	reservationPool.Unlock()
	b, err := unix.Mmap(-1, 0, int(size), unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANON|unix.MAP_NORESERVE)
	if err != nil {
		return nil, fmt.Errorf("reserve %d bytes for a guarded memory: %w", size, err)
	}
	return &reservation{mem: b}, nil
}

// commit makes the bytes up to to readable and writable (and zero: they
// were never touched, or cleared when the reservation was recycled).
func (r *reservation) commit(to uint64) error {
	if to <= r.committed {
		return nil
	}
	if err := unix.Mprotect(r.mem[r.committed:to], unix.PROT_READ|unix.PROT_WRITE); err != nil {
		return err
	}
	r.committed = to
	return nil
}

// recycle clears a reservation whose memory is garbage (its pages are
// dropped, so they read as zero again, and made inaccessible) and pools
// it, or unmaps it when the pool is full or clearing fails.
func recycle(r *reservation) {
	if r.committed > 0 {
		used := r.mem[:r.committed]
		if unix.Madvise(used, unix.MADV_DONTNEED) != nil || unix.Mprotect(used, unix.PROT_NONE) != nil {
			_ = unix.Munmap(r.mem)
			return
		}
		r.committed = 0
	}
	reservationPool.Lock()
	defer reservationPool.Unlock()
	if len(reservationPool.free) < maxPooledReservations {
		reservationPool.free = append(reservationPool.free, r)
		return
	}
	_ = unix.Munmap(r.mem)
}
