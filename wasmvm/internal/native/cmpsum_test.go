package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestCompareSums runs wattest.CompareSumsModule, whose additions and ors
// perform their comparisons (carry additions, byte ors, cinc and csinc),
// against Go over operands at the edges of every condition.
func TestCompareSums(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.CompareSumsModule))
	call := exportCaller(t, inst)
	vals := []uint32{0, 1, 2, 31, 32, 47, 48, 57, 58, 64, 65, 90, 91, 96, 97, 99, 100, 101, 122, 123,
		0x7FFFFFFE, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF}
	cs := []uint32{0, 1, 5, 0x7FFFFFFF, 0xFFFFFFFF}
	conds := map[string]func(x, y uint32) bool{
		"lt_u": func(x, y uint32) bool { return x < y },
		"ge_u": func(x, y uint32) bool { return x >= y },
		"gt_u": func(x, y uint32) bool { return x > y },
		"le_u": func(x, y uint32) bool { return x <= y },
		"lt_s": func(x, y uint32) bool { return int32(x) < int32(y) },
		"ge_s": func(x, y uint32) bool { return int32(x) >= int32(y) },
		"eq":   func(x, y uint32) bool { return x == y },
		"ne":   func(x, y uint32) bool { return x != y },
	}
	imms := map[string]func(x uint32) bool{
		"eqz":      func(x uint32) bool { return x == 0 },
		"nez":      func(x uint32) bool { return x != 0 },
		"gt_u_k":   func(x uint32) bool { return x > 100 },
		"le_u_k":   func(x uint32) bool { return x <= 100 },
		"lt_u_k":   func(x uint32) bool { return x < 100 },
		"ge_u_k":   func(x uint32) bool { return x >= 100 },
		"gt_u_big": func(x uint32) bool { return x > 0x7FFFFFFF },
		"le_u_big": func(x uint32) bool { return x <= 0xFFFFFFFE },
	}
	alnum := func(x uint32) bool { return x-48 < 10 || (x|32)-97 < 26 }
	for _, c := range cs {
		for _, x := range vals {
			for name, f := range imms {
				require.Equal(t, c+b2i(f(x)), uint32(call("add_"+name, uint64(c), uint64(x))), "add_%s(%#x, %#x)", name, c, x)
			}
			for _, y := range vals {
				for name, f := range conds {
					require.Equal(t, c+b2i(f(x, y)), uint32(call("add_"+name, uint64(c), uint64(x), uint64(y))), "add_%s(%#x, %#x, %#x)", name, c, x, y)
				}
				require.Equal(t, c|b2i(x < y), uint32(call("or_any", uint64(c), uint64(x), uint64(y))), "or_any(%#x, %#x, %#x)", c, x, y)
				c64, x64, y64 := uint64(c)<<31|uint64(c), uint64(x)<<32|uint64(y), uint64(y)<<32|uint64(x)
				require.Equal(t, c64+uint64(b2i(x < y)), call("add64_lt_u", c64, uint64(x), uint64(y)))
				require.Equal(t, c64+uint64(b2i(x64 > y64)), call("add64_gt_u", c64, x64, y64))
				require.Equal(t, c64+uint64(b2i(x64 != y64)), call("add64_ne_eq", c64, x64, y64))
			}
			require.Equal(t, uint64(c)+uint64(b2i(uint64(x) <= 0x7FFFFFFF)), call("add64_le_u_k", uint64(c), uint64(x)))
			require.Equal(t, uint64(c)+uint64(b2i(uint64(x)<<1 <= 0x7FFFFFFF)), call("add64_le_u_k", uint64(c), uint64(x)<<1))
		}
	}
	for x := range uint32(300) {
		require.Equal(t, b2i(alnum(x)), uint32(call("alnum", uint64(x))), "alnum(%d)", x)
		require.Equal(t, b2i(alnum(x) || x == 32), uint32(call("alnum_or_space", uint64(x))), "alnum_or_space(%d)", x)
		want := uint32(9)
		if alnum(x) {
			want = 7
		}
		require.Equal(t, want, uint32(call("alnum_branch", uint64(x))), "alnum_branch(%d)", x)
	}
	mem := inst.Memory.Bytes
	var digits, an, upper uint32
	for i := range 1000 {
		x := byte(i*37 + i/7)
		mem[100+i] = x
		digits += b2i(uint32(x)-48 < 10)
		an += b2i(alnum(uint32(x)))
		upper += b2i(uint32(x)-65 <= 25)
	}
	require.Equal(t, digits*1000000+an*1000+upper, uint32(call("classes", 100, 1000)))
}
