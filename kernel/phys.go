package kernel

import (
	"math/bits"

	"github.com/wasmkernel/wasmkernel/boot"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// Physical memory: one bit per 4 KiB frame below physLimit, set when the
// frame is free. Frames come from the RAM ranges of the boot memory map,
// minus everything below the end of the kernel image (low memory, the
// image itself) and the ranges the boot information reserves (itself, the
// modules). Physical memory is
// reached through the identity map boot built for the first 4 GiB, which
// also bounds what the allocator manages for now.

const (
	pageSize  = 4096
	pageShift = 12
	physLimit = 4 << 30
	maxFrames = physLimit / pageSize
)

var (
	freeFrames  [maxFrames / 64]uint64
	freeCount   int
	totalFrames int
	lowestFree  int // the fewest free frames there have been
	frameHint   int // word index to start searching at
)

// imageEnd returns the address just past the kernel image's memory
// (runtime.end, entry_GOARCH.s).
func imageEnd() uintptr

// initPhysical fills the free map from the boot memory map.
func initPhysical(info boot.Info) {
	lo, hi := len(freeFrames), 0 // the words of freeFrames RAM reaches
	for i, n := 0, info.MemoryMapLen(); i < n; i++ {
		r := info.MemoryMapEntry(i)
		if r.Type != boot.MemoryRAM || r.Addr >= physLimit {
			continue
		}
		markFrames(r.Addr, r.Addr+r.Size, true)
		lo = min(lo, int(r.Addr/pageSize/64))
		hi = max(hi, int(min(r.Addr+r.Size, physLimit)/pageSize+63)/64)
	}
	markFrames(0, uint64(imageEnd()), false)
	// What the loader left in memory (its boot information, the modules)
	// stays where it is.
	for i, n := 0, info.ReservedLen(); i < n; i++ {
		r := info.Reserved(i)
		markFrames(r.Addr, r.Addr+r.Size, false)
	}
	freeCount = 0
	for _, w := range freeFrames[min(lo, hi):hi] {
		freeCount += bits.OnesCount64(w)
	}
	totalFrames = freeCount
	lowestFree = freeCount
}

// markFrames marks the whole frames inside [start, end) free or used (a
// partial frame at either end is used: free ranges shrink inward).
func markFrames(start, end uint64, free bool) {
	if end > physLimit {
		end = physLimit
	}
	if free {
		start = (start + pageSize - 1) &^ (pageSize - 1)
		end &^= pageSize - 1
	} else {
		start &^= pageSize - 1
		end = (end + pageSize - 1) &^ (pageSize - 1)
	}
	// A word of the map at a time: RAM is hundreds of thousands of
	// frames.
	for f, last := start/pageSize, end/pageSize; f < last; {
		if f%64 == 0 && last-f >= 64 {
			words := freeFrames[f/64 : last/64]
			if free {
				for i := range words {
					words[i] = ^uint64(0)
				}
			} else {
				clear(words)
			}
			f = last &^ 63
			continue
		}
		n := min(64-f%64, last-f)
		mask := ^uint64(0) >> (64 - n) << (f % 64)
		if free {
			freeFrames[f/64] |= mask
		} else {
			freeFrames[f/64] &^= mask
		}
		f += n
	}
}

// allocFrame returns the physical address of a zeroed free frame, or 0
// when memory is exhausted.
func allocFrame() uintptr {
	for n := 0; n < len(freeFrames); n++ {
		i := (frameHint + n) % len(freeFrames)
		if w := freeFrames[i]; w != 0 {
			b := bits.TrailingZeros64(w)
			freeFrames[i] = w &^ (1 << b)
			frameHint = i
			freeCount--
			lowestFree = min(lowestFree, freeCount)
			pa := uintptr(i*64+b) * pageSize
			clear((*[pageSize]byte)(cpu.Pointer(pa))[:])
			return pa
		}
	}
	return 0
}

// freeFrame returns the frame at pa to the free map.
func freeFrame(pa uintptr) {
	f := pa / pageSize
	if freeFrames[f/64]&(1<<(f%64)) != 0 {
		fatal("frame freed twice", uint64(pa))
	}
	freeFrames[f/64] |= 1 << (f % 64)
	freeCount++
}
