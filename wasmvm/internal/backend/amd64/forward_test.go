package amd64

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"
)

// doubleRoundModule is a ChaCha-style loop: n double rounds of
// quarter-rounds (add, xor, rotate) over sixteen i32 locals, more values
// live across the loop than there are registers, returning their sum.
func doubleRoundModule() string {
	var b strings.Builder
	b.WriteString("(module (func (export \"rounds\") (param $n i32) (result i32)\n")
	for i := range 16 {
		fmt.Fprintf(&b, "  (local $x%d i32)\n", i)
	}
	for i := range 16 {
		fmt.Fprintf(&b, "  (local.set $x%d (i32.const %d))\n", i, 0x61707865+i*0x01010101)
	}
	step := func(a, d, c int, rot int) {
		fmt.Fprintf(&b, "    (local.set $x%d (i32.add (local.get $x%d) (local.get $x%d)))\n", a, a, c)
		fmt.Fprintf(&b, "    (local.set $x%d (i32.rotl (i32.xor (local.get $x%d) (local.get $x%d)) (i32.const %d)))\n", d, d, a, rot)
	}
	quarter := func(a, bb, c, d int) {
		step(a, d, bb, 16)
		step(c, bb, d, 12)
		step(a, d, bb, 8)
		step(c, bb, d, 7)
	}
	b.WriteString("  (block $done (loop $round\n")
	b.WriteString("    (br_if $done (i32.eqz (local.get $n)))\n")
	for _, q := range [][4]int{{0, 4, 8, 12}, {1, 5, 9, 13}, {2, 6, 10, 14}, {3, 7, 11, 15},
		{0, 5, 10, 15}, {1, 6, 11, 12}, {2, 7, 8, 13}, {3, 4, 9, 14}} {
		quarter(q[0], q[1], q[2], q[3])
	}
	b.WriteString("    (local.set $n (i32.sub (local.get $n) (i32.const 1)))\n")
	b.WriteString("    (br $round)))\n")
	b.WriteString("  (local.get $x0)")
	for i := 1; i < 16; i++ {
		fmt.Fprintf(&b, " (local.get $x%d) (i32.add)", i)
	}
	b.WriteString("))\n")
	return b.String()
}

// TestSpillStoreForwarded checks that no instruction reads a spill slot
// right after the store that wrote it: the value is still in the stored
// register, which the reader takes instead (a split live range stores a
// value just before the instruction that reads it from the slot); and
// that a spilled operand of a two-operand instruction is loaded straight
// into the destination, not into a scratch register and then moved.
func TestSpillStoreForwarded(t *testing.T) {
	code := lastFunctionBytes(t, doubleRoundModule())
	var prev x86asm.Inst
	spills := 0
	for pc := 0; pc < len(code); {
		inst, err := x86asm.Decode(code[pc:], 64)
		require.NoError(t, err, "at %#x", pc)
		if stored, ok := stackSlot(prev, 0); ok && prev.Op == x86asm.MOV {
			if _, isReg := prev.Args[1].(x86asm.Reg); isReg {
				spills++
				if read, ok := readsStack(inst); ok {
					require.NotEqual(t, stored, read, "at %#x: %s reads the slot %s just stored",
						pc, x86asm.IntelSyntax(inst, 0, nil), x86asm.IntelSyntax(prev, 0, nil))
				}
			}
		}
		if loaded, ok := readsStack(prev); ok && prev.Op == x86asm.MOV && isScratch(prev.Args[0]) && inst.Op == x86asm.MOV && isRegister(inst.Args[0]) {
			src, _ := inst.Args[1].(x86asm.Reg)
			require.False(t, sameRegister(src, prev.Args[0].(x86asm.Reg)),
				"at %#x: the slot at %#x loaded into a scratch register, then moved: %s", pc, loaded, x86asm.IntelSyntax(inst, 0, nil))
		}
		prev = inst
		pc += inst.Len
	}
	require.NotZero(t, spills, "the loop needs no spills: the test shows nothing")
}

// stackSlot returns the displacement of operand i of inst when it is an
// [rsp+disp] memory operand.
func stackSlot(inst x86asm.Inst, i int) (int64, bool) {
	if m, ok := inst.Args[i].(x86asm.Mem); ok && m.Base == x86asm.RSP && m.Index == 0 {
		return m.Disp, true
	}
	return 0, false
}

// readsStack returns the displacement of the [rsp+disp] source operand
// of inst, if it has one.
func readsStack(inst x86asm.Inst) (int64, bool) {
	if inst.Op == x86asm.MOV {
		return stackSlot(inst, 1)
	}
	for i := range inst.Args {
		if inst.Args[i] == nil {
			break
		}
		if disp, ok := stackSlot(inst, i); ok {
			return disp, true
		}
	}
	return 0, false
}

// isScratch reports whether a is one of the emitter's scratch registers
// (any width).
func isScratch(a x86asm.Arg) bool {
	r, ok := a.(x86asm.Reg)
	return ok && (sameRegister(r, x86asm.RAX) || sameRegister(r, x86asm.RCX) || sameRegister(r, x86asm.RDX))
}

// sameRegister reports whether a and b name the same general register,
// at 32 or 64 bits.
func sameRegister(a, b x86asm.Reg) bool {
	wide := func(r x86asm.Reg) x86asm.Reg {
		if r >= x86asm.EAX && r <= x86asm.R15L {
			return r - x86asm.EAX + x86asm.RAX
		}
		return r
	}
	return wide(a) == wide(b)
}

func isRegister(a x86asm.Arg) bool {
	_, ok := a.(x86asm.Reg)
	return ok
}
