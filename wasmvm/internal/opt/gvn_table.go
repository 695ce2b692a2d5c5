package opt

import (
	"math/bits"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// scopedTable maps value-numbering keys to the values that first computed
// them, for GVN's walk of the dominator tree. Keys leave in the reverse of
// the order they came in (a block's keys when the walk leaves the block),
// so the table is a stack of entries chained into hash buckets: taking the
// top entry off makes its successor its bucket's head again. It hashes a
// key's fields directly rather than as the 48 bytes a Go map hashes, and
// needs no deletion in the buckets. A walk leaves every bucket empty, so
// the next function reuses the buckets without clearing them.
type scopedTable struct {
	heads   []int32 // per bucket: its newest entry, or -1
	mask    uint64  // the buckets in use, less one (a power of two less one)
	entries []tableEntry
}

type tableEntry struct {
	key  gvnKey
	val  ssa.Value
	next int32 // the bucket's next older entry, or -1
}

// prepare readies the empty table for up to n entries.
func (t *scopedTable) prepare(n int) {
	size := 1 << bits.Len(uint(2*n)) // a power of two, at least twice n
	if len(t.heads) < size {
		t.heads = make([]int32, size)
		for i := range t.heads {
			t.heads[i] = -1
		}
	}
	t.mask = uint64(size - 1)
	if cap(t.entries) < n {
		// One array for the largest walk: grown by append, a large
		// function's would be copied a dozen times.
		t.entries = make([]tableEntry, 0, n)
	}
}

// hash mixes the fields of k.
func (k *gvnKey) hash() uint64 {
	const m = 0x9e3779b97f4a7c15
	h := uint64(k.op) | uint64(k.typ)<<16 | uint64(k.cond)<<24 | uint64(k.aux)<<32
	h = (h^k.imm)*m ^ k.imm2
	h = (h*m ^ uint64(k.aux2)) * m
	h = (h ^ uint64(uint32(k.a0)) ^ uint64(uint32(k.a1))<<32) * m
	h = (h ^ uint64(uint32(k.a2))) * m
	return h ^ h>>31
}

// lookup returns the value recorded for k.
func (t *scopedTable) lookup(k *gvnKey) (ssa.Value, bool) {
	for e := t.heads[k.hash()&t.mask]; e >= 0; e = t.entries[e].next {
		if t.entries[e].key == *k {
			return t.entries[e].val, true
		}
	}
	return ssa.NoValue, false
}

// push records v for k, which the table does not hold.
func (t *scopedTable) push(k *gvnKey, v ssa.Value) {
	b := k.hash() & t.mask
	t.entries = append(t.entries, tableEntry{key: *k, val: v, next: t.heads[b]})
	t.heads[b] = int32(len(t.entries) - 1)
}

// size returns the number of entries.
func (t *scopedTable) size() int { return len(t.entries) }

// popTo takes the entries after the first n off, newest first.
func (t *scopedTable) popTo(n int) {
	for e := len(t.entries) - 1; e >= n; e-- {
		t.heads[t.entries[e].key.hash()&t.mask] = t.entries[e].next
	}
	t.entries = t.entries[:n]
}
