package native

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// divCase is one function of the generated module: x op d at a width.
type divCase struct {
	op   string // div_u, div_s, rem_u, rem_s
	bits uint
	d    uint64
}

func (c divCase) name() string { return fmt.Sprintf("%s%d_%d", c.op, c.bits, c.d) }

// want computes x op d as WebAssembly defines it (d is never 0, and never
// -1 for the signed operations, so nothing traps).
func (c divCase) want(x uint64) uint64 {
	mask := ^uint64(0) >> (64 - c.bits)
	x &= mask
	sx, sd := int64(x<<(64-c.bits))>>(64-c.bits), int64(c.d<<(64-c.bits))>>(64-c.bits)
	switch c.op {
	case "div_u":
		return x / c.d
	case "rem_u":
		return x % c.d
	case "div_s":
		return uint64(sx/sd) & mask
	default:
		return uint64(sx%sd) & mask
	}
}

// TestDivisionByConstants compiles divisions and remainders by constants
// (which the backends turn into multiplications by reciprocals and shifts)
// and checks them against Go's arithmetic on dividends chosen around
// multiples of each divisor and the limits of each width.
func TestDivisionByConstants(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	var cases []divCase
	seen := map[divCase]bool{}
	add := func(c divCase) {
		if !seen[c] {
			seen[c] = true
			cases = append(cases, c)
		}
	}
	for _, bits := range []uint{32, 64} {
		mask := ^uint64(0) >> (64 - bits)
		ds := []uint64{2, 3, 5, 6, 7, 9, 10, 12, 25, 60, 100, 641, 1000, 3600, 139968, 1000000, 1000000000,
			1 << (bits - 1), 1<<(bits-1) - 1, 1<<(bits-1) + 1, mask - 1, mask >> 3, 1 << 20, 7 << 29}
		if bits == 64 {
			ds = append(ds, 1000000000000000000, 86400000000000)
		}
		for i := 0; i < 6; i++ {
			ds = append(ds, r.Uint64()&mask>>uint(r.Intn(int(bits))))
		}
		for _, d := range ds {
			d &= mask
			if d < 2 {
				continue
			}
			for _, op := range []string{"div_u", "rem_u", "div_s", "rem_s"} {
				add(divCase{op, bits, d})
				if op[len(op)-1] == 's' && d != mask {
					add(divCase{op, bits, -d & mask})
				}
			}
		}
	}
	var src strings.Builder
	src.WriteString("(module\n")
	for _, c := range cases {
		fmt.Fprintf(&src, "  (func (export %q) (param i%d) (result i%d) local.get 0 i%d.const %d i%d.%s)\n",
			c.name(), c.bits, c.bits, c.bits, int64(c.d<<(64-c.bits))>>(64-c.bits), c.bits, c.op)
		if c.bits == 32 {
			// The result's register must hold it zero-extended: extend_u
			// is a copy of it.
			fmt.Fprintf(&src, "  (func (export %q) (param i32) (result i64) local.get 0 i32.const %d i32.%s i64.extend_i32_u)\n",
				c.name()+"_wide", int32(uint32(c.d)), c.op)
		}
	}
	src.WriteString(")\n")
	inst := instantiate(t, wattest.AssembleIn(t, t.TempDir(), "div", src.String()))
	for _, c := range cases {
		mask := ^uint64(0) >> (64 - c.bits)
		xs := []uint64{0, 1, c.d - 1, c.d, c.d + 1, mask, mask >> 1, mask>>1 + 1, mask - 1, -c.d & mask}
		for q := mask / c.d; q > 0; q /= 7 {
			xs = append(xs, q*c.d-1, q*c.d, q*c.d+1)
		}
		for i := 0; i < 40; i++ {
			xs = append(xs, r.Uint64()>>uint(r.Intn(64)))
		}
		f := inst.Exports[c.name()].Func
		for _, x := range xs {
			x &= mask
			res, err := inst.Call(f, []uint64{x})
			require.NoError(t, err, "%s(%d)", c.name(), x)
			require.Equal(t, c.want(x), res[0]&mask, "%s(%#x)", c.name(), x)
			if c.bits == 32 {
				res, err = inst.Call(inst.Exports[c.name()+"_wide"].Func, []uint64{x})
				require.NoError(t, err, "%s_wide(%d)", c.name(), x)
				require.Equal(t, c.want(x), res[0], "%s_wide(%#x)", c.name(), x)
			}
		}
	}
}
