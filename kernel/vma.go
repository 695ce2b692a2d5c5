package kernel

// The address space the Go runtime manages with mmap: a sorted table of
// regions with their protection. Memory is demand-zero: mmap only records
// a region, and the page-fault handler maps a zeroed frame at the first
// touch of a page inside a region that allows the access.

const (
	protNone  = 0
	protRead  = 1
	protWrite = 2
	protExec  = 4

	mapFixed          = 0x10
	mapAnonymous      = 0x20
	mapFixedNoReplace = 0x100000

	// userBase is the lowest address mmap hands out: below it is the
	// identity map of physical memory. userTop is the end of the lower
	// half of the canonical address space; mmap without a usable hint
	// allocates downward from mmapBase.
	userBase = 4 << 30
	userTop  = 0x0000800000000000
	mmapBase = 0x00007F0000000000

	maxRegions = 4096
)

type region struct {
	start, end uintptr
	prot       uint32
}

var (
	regions  [maxRegions]region
	nregions int
)

// findRegion returns the index of the region holding addr, or -1.
func findRegion(addr uintptr) int {
	lo, hi := 0, nregions
	for lo < hi {
		m := (lo + hi) / 2
		switch r := &regions[m]; {
		case addr < r.start:
			hi = m
		case addr >= r.end:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}

// overlaps reports whether any region intersects [start, end).
func overlaps(start, end uintptr) bool {
	for i := 0; i < nregions; i++ {
		if regions[i].start < end && start < regions[i].end {
			return true
		}
	}
	return false
}

// carve removes [start, end) from the region table, splitting regions
// that straddle its ends. It reports false when the table is full.
func carve(start, end uintptr) bool {
	for i := 0; i < nregions; i++ {
		r := regions[i]
		if r.end <= start || end <= r.start {
			continue
		}
		switch {
		case r.start < start && r.end > end: // split in two
			if nregions == maxRegions {
				return false
			}
			copy(regions[i+2:nregions+1], regions[i+1:nregions])
			nregions++
			regions[i].end = start
			regions[i+1] = region{end, r.end, r.prot}
			return true
		case r.start < start:
			regions[i].end = start
		case r.end > end:
			regions[i].start = end
		default: // wholly inside
			copy(regions[i:nregions-1], regions[i+1:nregions])
			nregions--
			i--
		}
	}
	return true
}

// insertRegion adds [start, end) with prot (the range must be free),
// merging with neighbours of the same protection.
func insertRegion(start, end uintptr, prot uint32) bool {
	i := 0
	for i < nregions && regions[i].start < start {
		i++
	}
	if i > 0 && regions[i-1].end == start && regions[i-1].prot == prot {
		regions[i-1].end = end
		if i < nregions && regions[i].start == end && regions[i].prot == prot {
			regions[i-1].end = regions[i].end
			copy(regions[i:nregions-1], regions[i+1:nregions])
			nregions--
		}
		return true
	}
	if i < nregions && regions[i].start == end && regions[i].prot == prot {
		regions[i].start = start
		return true
	}
	if nregions == maxRegions {
		return false
	}
	copy(regions[i+1:nregions+1], regions[i:nregions])
	nregions++
	regions[i] = region{start, end, prot}
	return true
}

// findFree returns the highest free range of n bytes below mmapBase (and
// above userBase), or 0.
func findFree(n uintptr) uintptr {
	top := uintptr(mmapBase)
	for i := nregions - 1; i >= -1; i-- {
		var gapStart uintptr = userBase
		if i >= 0 {
			if regions[i].start >= top {
				continue
			}
			gapStart = regions[i].end
		}
		if gapStart < top && top-gapStart >= n {
			return top - n
		}
		if i >= 0 {
			top = regions[i].start
		}
	}
	return 0
}

func pageRound(n uintptr) uintptr { return (n + pageSize - 1) &^ (pageSize - 1) }

func sysMmap(addr, length uintptr, prot, flags uint32, fd int32) (uintptr, errno) {
	if length == 0 || addr&(pageSize-1) != 0 {
		return 0, eINVAL
	}
	if flags&mapAnonymous == 0 || fd != -1 {
		return 0, eNODEV
	}
	n := pageRound(length)
	if n < length || n > userTop-userBase {
		return 0, eNOMEM
	}
	inRange := addr >= userBase && addr+n <= userTop && addr+n > addr
	switch {
	case flags&mapFixed != 0:
		if !inRange {
			return 0, eNOMEM
		}
		unmapRange(addr, addr+n)
		if !carve(addr, addr+n) {
			return 0, eNOMEM
		}
	case flags&mapFixedNoReplace != 0:
		if !inRange {
			return 0, eNOMEM
		}
		if overlaps(addr, addr+n) {
			return 0, eEXIST
		}
	case addr != 0 && inRange && !overlaps(addr, addr+n):
		// The hint is free: use it.
	default:
		if addr = findFree(n); addr == 0 {
			return 0, eNOMEM
		}
	}
	if !insertRegion(addr, addr+n, prot&(protRead|protWrite|protExec)) {
		return 0, eNOMEM
	}
	return addr, 0
}

func sysMunmap(addr, length uintptr) errno {
	if addr&(pageSize-1) != 0 || length == 0 {
		return eINVAL
	}
	end := addr + pageRound(length)
	if addr < userBase || end > userTop || end < addr {
		return eINVAL
	}
	unmapRange(addr, end)
	if !carve(addr, end) {
		return eNOMEM
	}
	return 0
}

func sysMprotect(addr, length uintptr, prot uint32) errno {
	if addr&(pageSize-1) != 0 {
		return eINVAL
	}
	end := addr + pageRound(length)
	if addr < userBase || end > userTop || end < addr {
		return eNOMEM
	}
	// Every page of the range must be mapped.
	for a := addr; a < end; {
		i := findRegion(a)
		if i < 0 {
			return eNOMEM
		}
		a = regions[i].end
	}
	prot &= protRead | protWrite | protExec
	if !carve(addr, end) || !insertRegion(addr, end, prot) {
		return eNOMEM
	}
	protectRange(addr, end, prot)
	return 0
}

const (
	madvDontNeed = 4
	madvFree     = 8
)

func sysMadvise(addr, length uintptr, advice int32) errno {
	if addr&(pageSize-1) != 0 {
		return eINVAL
	}
	end := addr + pageRound(length)
	switch advice {
	case madvDontNeed:
		// The next touch reads zeros: drop the frames.
		if addr >= userBase && end <= userTop && end >= addr {
			unmapRange(addr, end)
		}
		return 0
	case madvFree:
		// Not provided: the runtime falls back to MADV_DONTNEED.
		return eINVAL
	}
	return 0 // hints (hugepage and the like) are accepted and ignored
}

// demandFault handles a page fault at addr in a region: it maps a zeroed
// frame (or re-enables a page mprotect had made inaccessible) when the
// region allows the access. It reports false for a fault the program must
// be told about (SIGSEGV).
func demandFault(addr uintptr, write bool) bool {
	i := findRegion(addr)
	if i < 0 {
		return false
	}
	prot := regions[i].prot
	if prot == protNone || write && prot&protWrite == 0 {
		return false
	}
	va := addr &^ (pageSize - 1)
	e := pte(va, true)
	if e == 0 {
		return false
	}
	p := (*uint64)(userPointer(e))
	if v := *p; v&ptePresent != 0 {
		return false // present yet faulting: a protection violation
	} else if v&pteProtNone != 0 {
		protectRange(va, va+pageSize, prot)
		return true
	}
	f := allocFrame()
	if f == 0 {
		fatal("out of memory: no frame for a page fault at", uint64(addr))
	}
	return mapPage(va, f, prot&protWrite != 0)
}
