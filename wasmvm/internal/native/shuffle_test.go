package native

import (
	"encoding/binary"
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
)

// shuffleModule returns a module whose function i is (func (param v128
// v128) (result v128) (i8x16.shuffle masks[i] (local.get 0) (local.get
// x))), x 0 for the functions listed in same and 1 otherwise, exported as
// "f<i>".
func shuffleModule(masks [][16]byte, same map[int]bool) []byte {
	uleb := func(b []byte, v int) []byte {
		for v >= 0x80 {
			b = append(b, byte(v)|0x80)
			v >>= 7
		}
		return append(b, byte(v))
	}
	section := func(out []byte, id byte, body []byte) []byte {
		return append(uleb(append(out, id), len(body)), body...)
	}
	n := len(masks)
	mod := []byte("\x00asm\x01\x00\x00\x00")
	mod = section(mod, 1, []byte{1, 0x60, 2, 0x7b, 0x7b, 1, 0x7b})
	funcs := uleb(nil, n)
	exports := uleb(nil, n)
	code := uleb(nil, n)
	for i, mask := range masks {
		funcs = append(funcs, 0)
		name := fmt.Sprintf("f%d", i)
		exports = append(append(uleb(exports, len(name)), name...), 0) // a function
		exports = uleb(exports, i)
		second := byte(1)
		if same[i] {
			second = 0
		}
		body := append([]byte{0, 0x20, 0, 0x20, second, 0xfd, 0x0d}, mask[:]...)
		body = append(body, 0x0b)
		code = append(uleb(code, len(body)), body...)
	}
	mod = section(mod, 3, funcs)
	mod = section(mod, 7, exports)
	return section(mod, 10, code)
}

// shuffleMasks are masks of every form the amd64 backend matches (pshufd,
// palignr, punpck*, shufps, in both operand orders), one-source and
// random ones.
func shuffleMasks() [][16]byte {
	var masks [][16]byte
	add := func(f func(i int) int) {
		var m [16]byte
		for i := range m {
			m[i] = byte(f(i))
		}
		masks = append(masks, m, swapped(m))
	}
	for k := 1; k < 16; k++ {
		add(func(i int) int { return k + i })
	}
	for _, w := range []int{1, 2, 4, 8} {
		for half := range 2 {
			add(func(i int) int {
				lane := i / w
				x := (half*8/w+lane/2)*w + i%w
				if lane%2 == 1 {
					x += 16
				}
				return x
			})
		}
	}
	rng := rand.New(rand.NewSource(1))
	for range 8 {
		d := [4]int{rng.Intn(4), rng.Intn(4), rng.Intn(4) + 4, rng.Intn(4) + 4}
		add(func(i int) int { return 4*d[i/4] + i%4 })          // shufps
		add(func(i int) int { return 4*(d[i/4]%4) + i%4 })      // pshufd of a
		add(func(i int) int { return 16 + 4*(d[i/4]%4) + i%4 }) // pshufd of b
		add(func(int) int { return rng.Intn(32) })
		add(func(int) int { return rng.Intn(16) })
	}
	return masks
}

func swapped(m [16]byte) [16]byte {
	for i := range m {
		m[i] ^= 16
	}
	return m
}

// TestShuffleForms runs every mask of shuffleMasks with distinct operands
// and with the same operand twice, on code for this CPU and for the
// baseline, and checks each result byte.
func TestShuffleForms(t *testing.T) {
	masks := shuffleMasks()
	same := map[int]bool{}
	n := len(masks)
	for i := range n { // the same masks again with one operand
		masks = append(masks, masks[i])
		same[n+i] = true
	}
	b := shuffleModule(masks, same)
	var x, y [16]byte
	for i := range x {
		x[i], y[i] = byte(0x10+i), byte(0xA0+i)
	}
	args := []uint64{binary.LittleEndian.Uint64(x[:8]), binary.LittleEndian.Uint64(x[8:]),
		binary.LittleEndian.Uint64(y[:8]), binary.LittleEndian.Uint64(y[8:])}
	for _, e := range []*Engine{{}, {Baseline: true}} {
		inst := instantiateWith(t, b, e, runtime.Options{})
		for i, mask := range masks {
			res, err := inst.Call(inst.Exports[fmt.Sprintf("f%d", i)].Func, args)
			require.NoError(t, err)
			var got, want [16]byte
			binary.LittleEndian.PutUint64(got[:8], res[0])
			binary.LittleEndian.PutUint64(got[8:], res[1])
			for j, k := range mask {
				switch {
				case k < 16:
					want[j] = x[k]
				case same[i]:
					want[j] = x[k-16]
				default:
					want[j] = y[k-16]
				}
			}
			require.Equal(t, want, got, "mask %x (one operand: %v, baseline: %v)", mask, same[i], e.Baseline)
		}
	}
}
