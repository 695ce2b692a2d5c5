package amd64

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// memFunc builds a function of no parameters whose entry block body
// fills.
func memFunc(body func(f *ssa.Func, b *ssa.Block)) *ssa.Func {
	f := ssa.NewFunc("mem", ssa.Signature{})
	b := f.Entry()
	body(f, b)
	f.Append(b, &ssa.Instr{Op: ssa.OpReturn})
	return f
}

func iconst(f *ssa.Func, b *ssa.Block, t ssa.Type, v uint64) ssa.Value {
	return f.Append(b, &ssa.Instr{Op: ssa.OpIconst, Imm: v}, t).Result()
}

func load64(f *ssa.Func, b *ssa.Block, at ssa.Value) ssa.Value {
	return f.Append(b, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem64), Args: []ssa.Value{at}}, ssa.TypeI64).Result()
}

func store64(f *ssa.Func, b *ssa.Block, at, v ssa.Value) {
	f.Append(b, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ssa.Mem64), Args: []ssa.Value{at, v}})
}

// lowered lowers f for this backend and returns its instructions.
func lowered(t *testing.T, f *ssa.Func) []mach.Instr {
	l, err := mach.Lower(f, target)
	require.NoError(t, err)
	var instrs []mach.Instr
	for _, b := range l.Blocks {
		instrs = append(instrs, b.Instrs...)
	}
	return instrs
}

// TestConstantAddress checks that an access at a constant address takes
// the constant as its displacement, with no register for the address,
// and that one whose sum could reach 2^31 keeps the register.
func TestConstantAddress(t *testing.T) {
	for _, tc := range []struct {
		addr      uint64
		inOperand bool
	}{{0xe90, true}, {1<<31 - 4, false}} {
		f := memFunc(func(f *ssa.Func, b *ssa.Block) {
			v := load64(f, b, iconst(f, b, ssa.TypeI32, tc.addr))
			store64(f, b, iconst(f, b, ssa.TypeI32, 8), v)
		})
		accesses, movImms := 0, 0
		for _, m := range lowered(t, f) {
			switch {
			case m.Op == mach.OpMovImm && m.Imm == int64(tc.addr):
				movImms++
			case m.Op == mach.OpLoad:
				accesses++
				if tc.inOperand {
					require.True(t, m.AddrLea && m.AddrNoWrap)
					require.Equal(t, mach.NoVReg, m.A)
					require.Equal(t, mach.NoVReg, m.Idx)
					require.Equal(t, int32(tc.addr), m.ADisp)
				}
			}
		}
		require.Equal(t, 1, accesses)
		if tc.inOperand {
			require.Zero(t, movImms, "the address materialized")
		} else {
			require.NotZero(t, movImms)
		}
	}
}

// TestReadModifyWrite checks which load, operation and store of the same
// memory become one OpAluStore: counter++ and bits[i] |= mask do; a
// subtraction from a value, a side effect in between, another address or
// a second use of the loaded value do not.
func TestReadModifyWrite(t *testing.T) {
	param := func(f *ssa.Func) ssa.Value { return f.Entry().Params[0] }
	for _, tc := range []struct {
		name string
		body func(f *ssa.Func, b *ssa.Block)
		rmw  bool
	}{
		{"counter", func(f *ssa.Func, b *ssa.Block) {
			v := load64(f, b, iconst(f, b, ssa.TypeI32, 0xe90))
			sum := f.Append(b, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{v, iconst(f, b, ssa.TypeI64, 1)}}, ssa.TypeI64).Result()
			store64(f, b, iconst(f, b, ssa.TypeI32, 0xe90), sum)
		}, true},
		{"mask", func(f *ssa.Func, b *ssa.Block) {
			v := load64(f, b, param(f))
			one := iconst(f, b, ssa.TypeI64, 1)
			mask := f.Append(b, &ssa.Instr{Op: ssa.OpIshl, Args: []ssa.Value{one, v}}, ssa.TypeI64).Result()
			w := f.Append(b, &ssa.Instr{Op: ssa.OpBor, Args: []ssa.Value{mask, load64(f, b, iconst(f, b, ssa.TypeI32, 64))}}, ssa.TypeI64).Result()
			store64(f, b, iconst(f, b, ssa.TypeI32, 64), w)
		}, true},
		{"subtracted from", func(f *ssa.Func, b *ssa.Block) {
			v := load64(f, b, param(f))
			d := f.Append(b, &ssa.Instr{Op: ssa.OpIsub, Args: []ssa.Value{iconst(f, b, ssa.TypeI64, 5), v}}, ssa.TypeI64).Result()
			store64(f, b, param(f), d)
		}, false},
		{"store between", func(f *ssa.Func, b *ssa.Block) {
			v := load64(f, b, param(f))
			sum := f.Append(b, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{v, iconst(f, b, ssa.TypeI64, 1)}}, ssa.TypeI64).Result()
			store64(f, b, iconst(f, b, ssa.TypeI32, 0), iconst(f, b, ssa.TypeI64, 0))
			store64(f, b, param(f), sum)
		}, false},
		{"other address", func(f *ssa.Func, b *ssa.Block) {
			v := load64(f, b, iconst(f, b, ssa.TypeI32, 8))
			sum := f.Append(b, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{v, iconst(f, b, ssa.TypeI64, 1)}}, ssa.TypeI64).Result()
			store64(f, b, iconst(f, b, ssa.TypeI32, 16), sum)
		}, false},
	} {
		f := ssa.NewFunc(tc.name, ssa.Signature{Params: []ssa.Type{ssa.TypeI32}})
		tc.body(f, f.Entry())
		f.Append(f.Entry(), &ssa.Instr{Op: ssa.OpReturn})
		rmw, stores := 0, 0
		for _, m := range lowered(t, f) {
			switch m.Op {
			case mach.OpAluStore:
				rmw++
			case mach.OpStore:
				stores++
			}
		}
		if tc.rmw {
			require.Equal(t, 1, rmw, tc.name)
			require.Zero(t, stores, tc.name)
		} else {
			require.Zero(t, rmw, tc.name)
		}
	}
}

// TestEncodeReadModifyWrite checks the memory-destination ALU forms (and
// the compares with a memory operand first).
func TestEncodeReadModifyWrite(t *testing.T) {
	for _, tc := range []struct {
		emit func(e *buf)
		want string
	}{
		{func(e *buf) { e.aluMI(aluAdd, 8, mem{base: R13, index: -1, scale: 1, disp: 0xe90}, 1) }, "add qword ptr [r13+0xe90], 0x1"},
		{func(e *buf) { e.aluMI(aluXor, 4, mem{base: R13, index: int(R10), scale: 1}, 1000) }, "xor dword ptr [r13+r10], 0x3e8"},
		{func(e *buf) { e.aluMR(aluOr, 8, mem{base: R13, index: int(R10), scale: 1}, R9) }, "or qword ptr [r13+r10], r9"},
		{func(e *buf) { e.aluMR(aluSub, 4, mem{base: R13, index: int(RAX), scale: 1, disp: 8}, RSI) }, "sub dword ptr [r13+rax+0x8], esi"},
		{func(e *buf) { e.aluMR(aluCmp, 8, memAt(RSP, 0x100), R12) }, "cmp qword ptr [rsp+0x100], r12"},
		{func(e *buf) { e.testMI(8, memAt(RSP, 0x100), 1) }, "test qword ptr [rsp+0x100], 0x1"},
	} {
		var e buf
		tc.emit(&e)
		require.Equal(t, tc.want, disasm(t, e.b))
	}
}

// TestStoreImmediate checks that a store of an integer constant stores
// an immediate, truncated for a narrow store, unless an 8-byte store's
// constant does not fit a sign-extended 32-bit immediate.
func TestStoreImmediate(t *testing.T) {
	for _, tc := range []struct {
		value uint64
		acc   ssa.MemAccess
		imm   int64
		ok    bool
	}{{41, ssa.Mem64, 41, true}, {1 << 40, ssa.Mem64, 0, false}, {1<<40 | 0xff, ssa.Mem8U, 0xff, true}, {^uint64(0), ssa.Mem64, -1, true}} {
		f := memFunc(func(f *ssa.Func, b *ssa.Block) {
			f.Append(b, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(tc.acc), Args: []ssa.Value{iconst(f, b, ssa.TypeI32, 64), iconst(f, b, ssa.TypeI64, tc.value)}})
		})
		for _, m := range lowered(t, f) {
			if m.Op == mach.OpStore {
				require.Equal(t, tc.ok, m.BImm, "%#x", tc.value)
				if tc.ok {
					require.Equal(t, tc.imm, m.Imm2)
					require.Equal(t, mach.NoVReg, m.B)
				}
			}
		}
	}
}

// TestThreeTermAddress checks that (x + (z << 2)) + C, used only by a
// load, is the load's address sum x + z*4 + C.
func TestThreeTermAddress(t *testing.T) {
	f := ssa.NewFunc("index", ssa.Signature{Params: []ssa.Type{ssa.TypeI32, ssa.TypeI32}, Results: []ssa.Type{ssa.TypeI32}})
	b := f.Entry()
	x, z := b.Params[0], b.Params[1]
	shl := f.Append(b, &ssa.Instr{Op: ssa.OpIshl, Args: []ssa.Value{z, iconst(f, b, ssa.TypeI32, 2)}}, ssa.TypeI32).Result()
	sum := f.Append(b, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{x, shl}}, ssa.TypeI32).Result()
	at := f.Append(b, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{sum, iconst(f, b, ssa.TypeI32, 3808)}}, ssa.TypeI32).Result()
	v := f.Append(b, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem32), Args: []ssa.Value{at}}, ssa.TypeI32).Result()
	f.Append(b, &ssa.Instr{Op: ssa.OpReturn, Args: []ssa.Value{v}})
	alus, loads := 0, 0
	for _, m := range lowered(t, f) {
		switch m.Op {
		case mach.OpAlu, mach.OpShift:
			alus++
		case mach.OpLoad:
			loads++
			require.True(t, m.AddrLea)
			require.False(t, m.AddrNoWrap, "x is unbounded: the sum wraps")
			require.Equal(t, regalloc.VReg(x), m.A)
			require.Equal(t, regalloc.VReg(z), m.Idx)
			require.EqualValues(t, 4, m.Scale)
			require.EqualValues(t, 3808, m.ADisp)
		}
	}
	require.Equal(t, 1, loads)
	require.Zero(t, alus, "the additions and the shift are the load's")
}

// TestReadModifyWriteBounds checks that a read-modify-write skips the
// bounds check only when neither the load nor the store needed one: a
// store found in bounds because the load before it checked the address
// must not drop that check with the load.
func TestReadModifyWriteBounds(t *testing.T) {
	for _, tc := range []struct{ load, store, want bool }{{false, true, false}, {true, false, false}, {true, true, true}} {
		f := ssa.NewFunc("bounds", ssa.Signature{Params: []ssa.Type{ssa.TypeI32}})
		b := f.Entry()
		p := b.Params[0]
		aux2 := func(in bool) uint32 {
			if in {
				return ssa.InBounds
			}
			return 0
		}
		v := f.Append(b, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem64), Aux2: aux2(tc.load), Args: []ssa.Value{p}}, ssa.TypeI64).Result()
		sum := f.Append(b, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{v, iconst(f, b, ssa.TypeI64, 1)}}, ssa.TypeI64).Result()
		f.Append(b, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ssa.Mem64), Aux2: aux2(tc.store), Args: []ssa.Value{p, sum}})
		f.Append(b, &ssa.Instr{Op: ssa.OpReturn})
		found := false
		for _, m := range lowered(t, f) {
			if m.Op == mach.OpAluStore {
				found = true
				require.Equal(t, tc.want, m.InBounds, "load %v, store %v", tc.load, tc.store)
			}
		}
		require.True(t, found)
	}
}

// TestFoldLoadPastPureInstructions checks that a load whose one use is
// an xor a few side-effect-free instructions later is the xor's memory
// operand ((crc >> 8) ^ table[i], the load first in the code), and that
// a store between them keeps the load in its place.
func TestFoldLoadPastPureInstructions(t *testing.T) {
	const wat = `(module (memory 1) (func (param $crc i32) (param $i i32) (result i32) (local $t i32)
		(local.set $t (i32.load offset=64 (local.get $i)))
		%s
		(i32.xor (i32.add (i32.shr_u (local.get $crc) (i32.const 8)) (local.get $i)) (local.get $t))))`
	ops := lastFunctionCode(t, fmt.Sprintf(wat, ""))
	xors := 0
	for _, in := range ops {
		if in.Op == x86asm.XOR {
			_, isMem := in.Args[1].(x86asm.Mem)
			require.True(t, isMem, "the xor reads the table\n%s", intel(ops))
			xors++
		}
	}
	require.Equal(t, 1, xors, intel(ops))

	ops = lastFunctionCode(t, fmt.Sprintf(wat, "(i32.store (i32.const 64) (local.get $crc))"))
	for _, in := range ops {
		if in.Op == x86asm.XOR {
			_, isMem := in.Args[1].(x86asm.Mem)
			require.False(t, isMem, "the store may change the loaded word: the load stays before it\n%s", intel(ops))
		}
	}
}
