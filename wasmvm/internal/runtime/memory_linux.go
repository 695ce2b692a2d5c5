package runtime

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// reserve maps size bytes of inaccessible address space.
func reserve(size uint64) ([]byte, error) {
	b, err := unix.Mmap(-1, 0, int(size), unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANON|unix.MAP_NORESERVE)
	if err != nil {
		return nil, fmt.Errorf("reserve %d bytes for a guarded memory: %w", size, err)
	}
	return b, nil
}

// commit makes bytes [from, to) of a reservation readable and writable
// (and zero: they were never touched).
func commit(res []byte, from, to uint64) error {
	if to <= from {
		return nil
	}
	return unix.Mprotect(res[from:to], unix.PROT_READ|unix.PROT_WRITE)
}
