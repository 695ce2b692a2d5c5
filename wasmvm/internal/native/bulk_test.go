package native

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// bulkLengths are the lengths TestBulkMemory copies and fills: every
// length up to 300 (the pieces from both ends up to 16, 32 and 64 bytes,
// the vector loops of 16 and 32 bytes unrolled four times with up to
// three vectors after them), the lengths around 512, 1024, 2048, 4096 and
// 8192 (where the string instructions start), and a few others.
var bulkLengths = func() []int {
	var ls []int
	for n := 0; n <= 300; n++ {
		ls = append(ls, n)
	}
	for _, n := range []int{512, 1024, 2048, 4096, 8192} {
		ls = append(ls, n-1, n, n+1)
	}
	return append(ls, 1000, 5000, 9001)
}()

// bulkDistance is the largest distance between overlapping ranges
// TestBulkMemory tries, either way: past 64 bytes, where forward rep movsb
// becomes fast.
const bulkDistance = 70

const bulkModule = `(module (memory (export "mem") 1)
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2))))`

// bulkInstances instantiates bulkModule in both memory modes, compiled
// for this CPU and for the baseline one.
func bulkInstances(t *testing.T) map[string]*runtime.Instance {
	b := wattest.Assemble(t, bulkModule)
	insts := map[string]*runtime.Instance{}
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		for _, baseline := range []bool{false, true} {
			e := &Engine{Memory: mode, Baseline: baseline}
			insts[fmt.Sprintf("%v baseline=%v", mode, baseline)] = instantiateWith(t, b, e, runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
		}
	}
	return insts
}

// TestBulkMemory checks memory.copy and memory.fill against Go's copy
// and a loop, over many lengths, with ranges that overlap in both
// directions by every distance up to bulkDistance bytes, onto themselves,
// and far apart, at varied alignments, in both memory modes and for both
// CPU levels; the bytes around the range must stay as they were.
func TestBulkMemory(t *testing.T) {
	const span = 20000
	for name, inst := range bulkInstances(t) {
		mem := inst.Memory.Bytes
		r := rand.New(rand.NewSource(3))
		pattern := make([]byte, 2*span)
		r.Read(pattern)
		want := make([]byte, span)
		reset := func() { // fresh bytes at a varied alignment
			k := r.Intn(span)
			copy(mem, pattern[k:k+span])
			copy(want, mem)
		}
		check := func(format string, args ...any) {
			if !bytes.Equal(want, mem[:span]) {
				require.Equal(t, want, mem[:span], append([]any{format}, args...)...)
			}
		}
		call := func(fn string, args ...uint64) {
			_, err := inst.Call(inst.Exports[fn].Func, args)
			require.NoError(t, err)
		}
		for i, n := range bulkLengths {
			if testing.Short() && i%3 != 0 && name != "guard-regions baseline=false" {
				continue // -short: every length in one configuration, a third in the others
			}
			from := 9000 + n%37
			for d := -bulkDistance; d <= bulkDistance+1; d++ {
				to := from + d
				if d == bulkDistance+1 {
					to = 1000 + n%29 // far below
				}
				reset()
				copy(want[to:to+n], want[from:from+n])
				call("copy", uint64(to), uint64(from), uint64(n))
				check("%s: copy(%d, %d, %d)", name, to, from, n)
			}
			for _, v := range []uint64{0, 0x5a, 0xff, 0x1234} {
				reset()
				at := 3000 + n%41
				for i := at; i < at+n; i++ {
					want[i] = byte(v)
				}
				call("fill", uint64(at), v, uint64(n))
				check("%s: fill(%d, %#x, %d)", name, at, v, n)
			}
		}
	}
}

// TestBulkMemoryTraps checks that copies and fills reaching one byte past
// the end of memory (or starting past it) trap without writing anything,
// for lengths on every path of the emitters.
func TestBulkMemoryTraps(t *testing.T) {
	const size = 65536
	for name, inst := range bulkInstances(t) {
		mem := inst.Memory.Bytes
		r := rand.New(rand.NewSource(4))
		r.Read(mem[:size])
		want := append([]byte(nil), mem[:size]...)
		trap := func(fn string, args ...uint64) {
			_, err := inst.Call(inst.Exports[fn].Func, args)
			require.ErrorContains(t, err, "out of bounds memory access", "%s: %s%v", name, fn, args)
			require.Equal(t, want, mem[:size], "%s: %s%v wrote memory", name, fn, args)
		}
		for _, n := range []uint64{1, 2, 7, 16, 33, 64, 65, 200, 4096, 5000, 40000} {
			trap("copy", size-n+1, 0, n)        // the destination's end
			trap("copy", 0, size-n+1, n)        // the source's end
			trap("copy", size-n+1, size-n-1, n) // overlapping, backwards
			trap("copy", size-n-1, size-n+1, n) // overlapping, forwards
			trap("copy", size+1, 0, 0)
			trap("fill", size-n+1, 0x77, n)
			trap("fill", size+1, 0x77, 0)
		}
		trap("copy", 0, 0, 1<<32-1)
		trap("fill", 0, 1, 1<<32-1)
	}
}
