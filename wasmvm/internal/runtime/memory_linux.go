package runtime

import (
	"fmt"
	"sync"
	"unsafe"

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
	b, err := mapHugeAligned(size)
	if err != nil {
		return nil, fmt.Errorf("reserve %d bytes for a guarded memory: %w", size, err)
	}
	return &reservation{mem: b}, nil
}

// hugePageSize is the size of a transparent huge page (2 MiB on amd64 and
// on arm64 with 4 KiB pages).
const hugePageSize = 2 << 20

// mapHugeAligned maps size bytes of inaccessible, unreserved address space
// starting on a huge-page boundary and asks the kernel to back it with
// transparent huge pages once it is made accessible. Linear memory is one
// large region a program walks or probes at random (hash tables, sieves,
// stencils): with 4 KiB pages those accesses miss the TLB, with 2 MiB
// pages they rarely do. Where huge pages are off, or the kernel is our
// own, the advice is ignored and the memory works the same.
func mapHugeAligned(size uint64) ([]byte, error) {
	n := uintptr(size)
	p, err := unix.MmapPtr(-1, 0, nil, n+hugePageSize, unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANON|unix.MAP_NORESERVE)
	if err != nil {
		return nil, err
	}
	head := -uintptr(p) & (hugePageSize - 1)
	start := unsafe.Add(p, head)
	if head > 0 {
		if err := unix.MunmapPtr(p, head); err != nil {
			_ = unix.MunmapPtr(p, n+hugePageSize)
			return nil, fmt.Errorf("trim to a huge-page boundary: %w", err)
		}
	}
	if tail := hugePageSize - head; tail > 0 {
		if err := unix.MunmapPtr(unsafe.Add(start, n), tail); err != nil {
			_ = unix.MunmapPtr(start, n+tail)
			return nil, fmt.Errorf("trim to a huge-page boundary: %w", err)
		}
	}
	b := unsafe.Slice((*byte)(start), n)
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE) // advice: failing leaves small pages
	return b, nil
}

// unmap gives a reservation's address space back.
func (r *reservation) unmap() {
	_ = unix.MunmapPtr(unsafe.Pointer(unsafe.SliceData(r.mem)), uintptr(len(r.mem)))
}

// commit makes the bytes up to to readable and writable (and zero: they
// were never touched, or cleared when the reservation was recycled).
func (r *reservation) commit(to uint64) error {
	if to <= r.committed {
		return nil
	}
	from := r.committed
	if err := unix.Mprotect(r.mem[from:to], unix.PROT_READ|unix.PROT_WRITE); err != nil {
		return err
	}
	r.committed = to
	if lo, ok := straddledHugePage(from, to); ok {
		_ = unix.Madvise(r.mem[lo:lo+hugePageSize], unix.MADV_COLLAPSE) // advice: failing leaves small pages
	}
	return nil
}

// straddledHugePage returns the offset of the huge page that the
// accessible part ended inside of (from) and that growing it to to made
// wholly accessible, if there is one. The kernel backs a fault with a huge
// page only where the whole aligned 2 MiB lies inside one mapping, so
// every page of memory touched while the accessible part ended inside
// that range was given a small page, and the range keeps them once it is
// whole: memories that grow in steps smaller than 2 MiB, as malloc grows
// them, would otherwise end up on small pages nearly everywhere (memcopy's
// 4 MiB had none). Collapsing that range, once, when it becomes whole puts
// it on a huge page like the ranges a single step covered.
func straddledHugePage(from, to uint64) (uint64, bool) {
	lo := from &^ (hugePageSize - 1)
	return lo, lo != from && lo+hugePageSize <= to
}

// recycle clears a reservation whose memory is garbage (its pages are
// dropped, so they read as zero again, and made inaccessible) and pools
// it, or unmaps it when the pool is full or clearing fails.
func recycle(r *reservation) {
	if r.committed > 0 {
		used := r.mem[:r.committed]
		if unix.Madvise(used, unix.MADV_DONTNEED) != nil || unix.Mprotect(used, unix.PROT_NONE) != nil {
			r.unmap()
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
	r.unmap()
}
