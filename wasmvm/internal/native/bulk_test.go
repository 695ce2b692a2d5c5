package native

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// bulkLengths are the lengths TestBulkMemory copies and fills: every
// length around the sizes the emitter switches strategy at (1, 2, 4, 8,
// 16, 32 bytes, the 16-byte loops, the string instructions from 2048).
var bulkLengths = func() []int {
	var ls []int
	for n := 0; n <= 100; n++ {
		ls = append(ls, n)
	}
	return append(ls, 127, 128, 129, 1000, 2047, 2048, 2049, 5000)
}()

// TestBulkMemory checks memory.copy and memory.fill against Go's copy
// and a loop, over many lengths, with ranges that overlap in both
// directions by every distance up to 40 bytes and ranges far apart, in
// both memory modes; the bytes around the range must stay as they were.
func TestBulkMemory(t *testing.T) {
	const src = `(module (memory (export "mem") 1)
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2))))`
	b := wattest.Assemble(t, src)
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		inst := instantiateWith(t, b, &Engine{Memory: mode}, runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
		mem := inst.Memory.Bytes
		r := rand.New(rand.NewSource(3))
		want := make([]byte, len(mem))
		reset := func() {
			r.Read(mem[:20000])
			copy(want, mem)
		}
		call := func(name string, args ...uint64) {
			_, err := inst.Call(inst.Exports[name].Func, args)
			require.NoError(t, err)
		}
		for _, n := range bulkLengths {
			for d := -40; d <= 40; d++ {
				from := 9000
				to := from + d
				if d == 0 {
					to = 1000 // far below
				}
				reset()
				copy(want[to:to+n], want[from:from+n])
				call("copy", uint64(to), uint64(from), uint64(n))
				require.Equal(t, want[:20000], mem[:20000], "%v copy(%d, %d, %d)", mode, to, from, n)
			}
			for _, v := range []uint64{0, 0x5a, 0xff, 0x1234} {
				reset()
				for i := 3000; i < 3000+n; i++ {
					want[i] = byte(v)
				}
				call("fill", 3000, v, uint64(n))
				require.Equal(t, want[:20000], mem[:20000], "%v fill(3000, %#x, %d)", mode, v, n)
			}
		}
	}
}
