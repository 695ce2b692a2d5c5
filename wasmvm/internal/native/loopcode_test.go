package native

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// The loops of wattest's modules whose code the amd64 tests check, run
// against Go.

// TestDigitSum runs wattest.DigitSumModule, whose quotient amd64 keeps in
// RDX (the high multiplication then moves nothing), on numbers up to
// 2^64-1.
func TestDigitSum(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.DigitSumModule))
	f := inst.Exports["f"].Func
	for _, n := range []uint64{0, 1, 9, 10, 99, 1234567890, 1<<63 + 12345, ^uint64(0)} {
		want := uint64(1 + 2 + 3 + 4 + 5)
		for m := n; m > 0; m /= 10 {
			want += m % 10
		}
		if n == 0 {
			want = 0
		}
		res, err := inst.Call(f, []uint64{n, 1, 2, 3, 4, 5})
		require.NoError(t, err)
		require.Equal(t, want, res[0], "n = %d", n)
	}
}

// TestCollatz runs wattest.CollatzModule, whose loop's select takes the
// register of the value it tests, against Go.
func TestCollatz(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.CollatzModule))
	f := inst.Exports["steps"].Func
	for _, n := range []uint64{1, 2, 3, 6, 7, 27, 97, 871, 77031, 837799, 1 << 40, 989345275647} {
		want := uint64(0)
		for m := n; m != 1; want++ {
			if m&1 != 0 {
				m = 3*m + 1
			} else {
				m /= 2
			}
		}
		res, err := inst.Call(f, []uint64{n})
		require.NoError(t, err)
		require.Equal(t, want, res[0], "steps(%d)", n)
	}
}

// TestFib runs wattest.FibModule, whose exit is copied per edge, the base
// case's returning n itself, against Go.
func TestFib(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.FibModule))
	f := inst.Exports["fib"].Func
	a, b := uint64(0), uint64(1)
	for n := range uint64(26) {
		res, err := inst.Call(f, []uint64{n})
		require.NoError(t, err)
		require.Equal(t, a, res[0], "fib(%d)", n)
		a, b = b, a+b
	}
}

// TestGCD runs wattest.GCDModule: its loops divide by values shown
// nonzero without testing them, the plain remainder still traps on 0.
func TestGCD(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.GCDModule))
	gcd := func(a, b uint64) uint64 {
		for b != 0 {
			a, b = b, a%b
		}
		return a
	}
	for _, c := range [][2]uint64{{0, 0}, {7, 0}, {0, 7}, {12, 18}, {1071, 462}, {1 << 31, 3 << 20}, {4294967295, 65535}} {
		for _, name := range []string{"gcd", "gcdtop"} {
			res, err := inst.Call(inst.Exports[name].Func, []uint64{c[0], c[1]})
			require.NoError(t, err)
			require.Equal(t, gcd(c[0], c[1]), res[0], "%s(%d, %d)", name, c[0], c[1])
		}
	}
	res, err := inst.Call(inst.Exports["rem"].Func, []uint64{17, 5})
	require.NoError(t, err)
	require.Equal(t, uint64(2), res[0])
	_, err = inst.Call(inst.Exports["rem"].Func, []uint64{17, 0})
	require.ErrorContains(t, err, "divide by zero")
}

// TestQuotientShared runs wattest.DigitsModule, whose functions share
// one quotient by a constant between a division and a remainder.
func TestQuotientShared(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.DigitsModule))
	for _, n := range []uint64{0, 1, 9, 10, 99, 1234567890, 1<<63 + 12345, ^uint64(0)} {
		want := digitSum(n)
		res, err := inst.Call(inst.Exports["digitsum"].Func, []uint64{n})
		require.NoError(t, err)
		require.Equal(t, want, res[0], "digitsum(%d)", n)
	}
	for _, n := range []int32{0, 6, 7, -7, -13, 100, 2147483647, -2147483648} {
		res, err := inst.Call(inst.Exports["remfirst"].Func, []uint64{uint64(uint32(n))})
		require.NoError(t, err)
		require.Equal(t, uint32((n%-7)*1000+n/-7), uint32(res[0]), "remfirst(%d)", n)
		u := uint32(n)
		res, err = inst.Call(inst.Exports["mixed"].Func, []uint64{uint64(u)})
		require.NoError(t, err)
		require.Equal(t, u/10+u%100, uint32(res[0]), "mixed(%d)", u)
	}
}

// TestLatchMovesBeforeBranch runs wattest.DigitLoopModule, whose back
// edge moves its values before the branch that leaves the loop.
func TestLatchMovesBeforeBranch(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.DigitLoopModule))
	for _, n := range []uint64{0, 1, 9, 10, 19, 99, 100, 1234567890, ^uint64(0)} {
		want := digitSum(n)
		res, err := inst.Call(inst.Exports["digitsum"].Func, []uint64{n})
		require.NoError(t, err)
		require.Equal(t, want, res[0], "digitsum(%d)", n)
	}
}

// digitSum sums n's decimal digits.
func digitSum(n uint64) uint64 {
	s := uint64(0)
	for ; n != 0; n /= 10 {
		s += n % 10
	}
	return s
}

// TestMatchLoop runs wattest.MatchLoopModule, whose match path (a loop
// and a call) is laid out after the scan loop's latch, against Go.
func TestMatchLoop(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.MatchLoopModule))
	f := inst.Exports["scan"].Func
	for _, c := range [][2]uint32{{0, 1}, {3, 1}, {4, 7}, {5, 7}, {64, 3}, {1000, 12345}, {60000, 99}, {60000, 0xdeadbeef}} {
		res, err := inst.Call(f, []uint64{0, 65536, uint64(c[0]), uint64(c[1])})
		require.NoError(t, err)
		require.Equal(t, uint64(matchScan(c[0], c[1])), res[0], "scan(n = %d, seed = %d)", c[0], c[1])
	}
}

// matchScan is MatchLoopModule's $scan in Go.
func matchScan(n, seed uint32) uint32 {
	if n < 4 {
		return 0
	}
	in := make([]byte, n)
	for i := range in {
		seed = seed*1103515245 + 12345
		in[i] = byte(seed>>16) & 3
	}
	word := func(p uint32) uint32 {
		return uint32(in[p]) | uint32(in[p+1])<<8 | uint32(in[p+2])<<16 | uint32(in[p+3])<<24
	}
	emit := func(x uint32) uint32 {
		for x > 1000 {
			x -= 1000
		}
		return x * 3
	}
	var tab [1024]uint32
	for i := range tab {
		tab[i] = ^uint32(0)
	}
	var ip, sum uint32
	for {
		v := word(ip)
		h := v * 2654435761 >> 22
		cand := tab[h]
		tab[h] = ip
		if cand != ^uint32(0) && ip-cand <= 65535 && word(cand) == v {
			l := uint32(4)
			for ip+l < n && in[cand+l] == in[ip+l] {
				l++
			}
			sum += emit(l + ip - cand)
			ip += l
		} else {
			ip++
		}
		if ip+4 > n {
			return sum + ip
		}
	}
}

// TestExitValueLeavesParamRegister runs wattest.Crc4LoopModule, whose
// count of bytes left, read after the loop, leaves the crc's register to
// the back edge, against Go.
func TestExitValueLeavesParamRegister(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.Crc4LoopModule))
	for _, c := range [][3]uint32{{1, 0, 4}, {0xffffffff, 0, 5}, {7, 8, 12}, {12345, 16, 1000}, {99, 4, 4000}, {0, 100, 8188}} {
		seed, p, end := c[0], c[1], c[2]
		_, err := inst.Call(inst.Exports["fill"].Func, []uint64{uint64(seed)})
		require.NoError(t, err)
		res, err := inst.Call(inst.Exports["crc4"].Func, []uint64{uint64(seed ^ 0x5a5a), uint64(p), uint64(end)})
		require.NoError(t, err)
		require.Equal(t, uint64(crc4(seed, seed^0x5a5a, p, end)), res[0], "crc4(%d, %d, %d)", seed^0x5a5a, p, end)
	}
}

// crc4 is Crc4LoopModule's "fill"(seed) then "crc4"(crc, p, end) in Go.
func crc4(seed, crc, p, end uint32) uint32 {
	mem := make([]byte, 8192)
	for i := 0; i < len(mem); i += 4 {
		seed = seed*1103515245 + 12345
		binary.LittleEndian.PutUint32(mem[i:], seed)
	}
	load := func(a uint32) uint32 { return binary.LittleEndian.Uint32(mem[a:]) }
	var left uint32
	for {
		v := crc ^ load(p)
		crc = load(1024+(v&255)<<2) ^ load(2048+(v>>6)&1020) ^ load(3072+(v>>14)&1020) ^ load(4096+(v>>22)&1020)
		p += 4
		left = end - p
		if left <= 3 {
			break
		}
	}
	return crc*3 + left*end
}
