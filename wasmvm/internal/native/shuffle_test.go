package native

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/interp"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	wasmbinary "github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// shufflePatterns returns byte-index patterns of i8x16.shuffle that a
// backend may emit as one permute instruction (interleaving, even/odd
// selection and transposition of lanes of 1 to 8 bytes, with a and b in
// either order; byte extraction from a:b; one lane everywhere; a or b
// whole), plus ones it may not.
func shufflePatterns() [][16]byte {
	var ps [][16]byte
	lanes := func(lb int, src func(i, n int) int) [16]byte {
		var p [16]byte
		n := 16 / lb
		for i := range n {
			for j := range lb {
				p[i*lb+j] = byte(src(i, n)*lb + j)
			}
		}
		return p
	}
	for _, lb := range []int{1, 2, 4, 8} {
		for _, swap := range []int{0, 1} {
			other := func(x, n int) int { return (x + swap*n) % (2 * n) }
			ps = append(ps,
				lanes(lb, func(i, n int) int { return other(i/2+i%2*n, n) }),         // zip1
				lanes(lb, func(i, n int) int { return other(n/2+i/2+i%2*n, n) }),     // zip2
				lanes(lb, func(i, n int) int { return other(2*i, n) }),               // uzp1
				lanes(lb, func(i, n int) int { return other(2*i+1, n) }),             // uzp2
				lanes(lb, func(i, n int) int { return other(i-i%2+i%2*n, n) }),       // trn1
				lanes(lb, func(i, n int) int { return other(i-i%2+1+i%2*n, n) }),     // trn2
				lanes(lb, func(i, n int) int { return other(n-1, n) }),               // dup
				lanes(lb, func(i, n int) int { return other(n-1-i, n) }),             // reverse: tbl
				lanes(lb, func(i, n int) int { return other((i*(n-1)+1)%(2*n), n) })) // mixed: tbl
		}
	}
	for _, k := range []int{0, 1, 7, 15, 16} { // mov a, ext, mov b
		ps = append(ps, lanes(1, func(i, n int) int { return k + i }))
	}
	return ps
}

// shuffleModule builds a module exporting "s<i>" = (v128, v128) -> v128,
// the shuffle of pattern i.
func shuffleModule(ps [][16]byte) []byte {
	section := func(id byte, body []byte) []byte {
		return append(binary.AppendUvarint([]byte{id}, uint64(len(body))), body...)
	}
	count := binary.AppendUvarint(nil, uint64(len(ps)))
	funcs, exports, code := append([]byte(nil), count...), append([]byte(nil), count...), append([]byte(nil), count...)
	for i, p := range ps {
		funcs = append(funcs, 0)
		name := fmt.Sprintf("s%d", i)
		exports = append(append(append(exports, byte(len(name))), name...), 0x00)
		exports = binary.AppendUvarint(exports, uint64(i))
		body := append([]byte{0x00, 0x20, 0x00, 0x20, 0x01, 0xFD, 0x0D}, p[:]...) // no locals; local.get 0, 1; i8x16.shuffle
		body = append(body, 0x0B)
		code = append(binary.AppendUvarint(code, uint64(len(body))), body...)
	}
	m := []byte("\x00asm\x01\x00\x00\x00")
	m = append(m, section(1, []byte{0x01, 0x60, 0x02, 0x7B, 0x7B, 0x01, 0x7B})...)
	m = append(m, section(3, funcs)...)
	m = append(m, section(7, exports)...)
	return append(m, section(10, code)...)
}

// TestShufflePatterns runs every pattern of shufflePatterns in the
// interpreter and, where the backend compiles SIMD, in native code, and
// checks each result byte against the bytes of a:b the indices pick.
func TestShufflePatterns(t *testing.T) {
	ps := shufflePatterns()
	b := shuffleModule(ps)
	engines := []runtime.Engine{interp.Engine{}}
	if hostSIMD {
		engines = append(engines, &Engine{})
	}
	var ab [32]byte
	for i := range ab {
		ab[i] = byte(0x10 + 7*i)
	}
	args := []uint64{binary.LittleEndian.Uint64(ab[0:]), binary.LittleEndian.Uint64(ab[8:]),
		binary.LittleEndian.Uint64(ab[16:]), binary.LittleEndian.Uint64(ab[24:])}
	for _, e := range engines {
		m, err := wasmbinary.Decode(b)
		require.NoError(t, err)
		require.NoError(t, wasm.Validate(m, wasm.Features{}))
		prepared, err := e.Prepare(m)
		require.NoError(t, err)
		inst, err := runtime.Instantiate(&runtime.Store{}, e, prepared, m, "shuffle", nil, runtime.Options{})
		require.NoError(t, err)
		for i, p := range ps {
			res, err := inst.Call(inst.Exports[fmt.Sprintf("s%d", i)].Func, args)
			require.NoError(t, err)
			var want [16]byte
			for j, k := range p {
				want[j] = ab[k]
			}
			var got [16]byte
			binary.LittleEndian.PutUint64(got[0:], res[0])
			binary.LittleEndian.PutUint64(got[8:], res[1])
			require.Equal(t, want, got, "%T: pattern %v", e, p)
		}
	}
}
