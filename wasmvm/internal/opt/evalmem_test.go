package opt

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// evalMem runs f, made of scalar and SIMD arithmetic, loads and stores,
// traps and control flow, on args over the linear memory mem (changed in
// place); it returns the results or the trap that stopped it, and the
// number of v128 loads and stores and of memory.copy and memory.fill
// operations it ran. Loads and
// stores check bounds the way WebAssembly does: the 33-bit effective
// address plus the access's size must not pass the memory's end.
func evalMem(f *ssa.Func, args []uint64, mem []byte) ([]uint64, ssa.TrapCode, int, error) {
	vals := make([]ssa.V128, f.NumValues())
	b := f.Entry()
	for i, p := range b.Params {
		vals[p].Lo = args[i]
	}
	wide := 0
	globals := map[uint32]uint64{} // every global starts at 0
	for steps := 0; steps < 10_000_000; steps++ {
		var next *ssa.BlockCall
		for _, in := range b.Instrs {
			arg := func(i int) uint64 { return vals[in.Args[i]].Lo }
			set := func(x uint64) { vals[in.Results[0]] = ssa.V128{Lo: x} }
			switch op := in.Op; {
			case op == ssa.OpIconst || op == ssa.OpF32const || op == ssa.OpF64const:
				set(in.Imm)
			case op == ssa.OpV128const:
				vals[in.Results[0]] = ssa.V128{Lo: in.Imm, Hi: in.Imm2}
			case isBinary(op):
				r, trap := ssa.EvalBinary(op, in.Cond, f.TypeOf(in.Args[0]), arg(0), arg(1))
				if trap != 0 {
					return nil, trap, wide, nil
				}
				set(r)
			case isUnary(op):
				r, trap := ssa.EvalUnary(op, f.TypeOf(in.Args[0]), in.Type, in.Aux, arg(0))
				if trap != 0 {
					return nil, trap, wide, nil
				}
				set(r)
			case op == ssa.OpSelect:
				vals[in.Results[0]] = vals[in.Args[2]]
				if arg(0) != 0 {
					vals[in.Results[0]] = vals[in.Args[1]]
				}
			case op == ssa.OpGlobalGet:
				set(globals[in.Aux])
			case op == ssa.OpGlobalSet:
				globals[in.Aux] = arg(0)
			case op == ssa.OpMemorySize:
				set(uint64(len(mem) >> 16))
			case op == ssa.OpLoad || op == ssa.OpStore:
				if in.Aux == uint32(ssa.Mem128) {
					wide++
				}
				if trap := access(f, in, vals, mem); trap != 0 {
					return nil, trap, wide, nil
				}
			case op == ssa.OpMemoryCopy:
				wide++
				if trap := memoryCopy(mem, arg(0), arg(1), arg(2)); trap != 0 {
					return nil, trap, wide, nil
				}
			case op == ssa.OpMemoryFill:
				wide++
				if trap := memoryFill(mem, arg(0), arg(1), arg(2)); trap != 0 {
					return nil, trap, wide, nil
				}
			case op.IsSIMD() && !op.IsSIMDMemory():
				var xyz [3]ssa.V128
				for i, a := range in.Args {
					xyz[i] = vals[a]
				}
				vals[in.Results[0]] = ssa.EvalSIMD(in, xyz[0], xyz[1], xyz[2])
			case op == ssa.OpTrap:
				return nil, ssa.TrapCode(in.Aux), wide, nil
			case op == ssa.OpReturn:
				res := make([]uint64, len(in.Args))
				for i := range in.Args {
					res[i] = arg(i)
				}
				return res, 0, wide, nil
			case op == ssa.OpJump:
				next = &in.Targets[0]
			case op == ssa.OpBrif:
				next = &in.Targets[b2u(arg(0) == 0)]
			default:
				return nil, 0, 0, fmt.Errorf("evalMem: %s not supported", op)
			}
		}
		if next == nil {
			return nil, 0, 0, fmt.Errorf("evalMem: %s ends without a jump", b.ID)
		}
		passed := make([]ssa.V128, len(next.Args))
		for i, a := range next.Args {
			passed[i] = vals[a]
		}
		b = f.Block(next.Block)
		for i, p := range b.Params {
			vals[p] = passed[i]
		}
	}
	return nil, 0, 0, fmt.Errorf("evalMem: %s runs too long", f.Name)
}

// access performs a load or store of in, or returns the trap it causes.
func access(f *ssa.Func, in *ssa.Instr, vals []ssa.V128, mem []byte) ssa.TrapCode {
	ma := ssa.MemAccess(in.Aux)
	ea := uint64(uint32(vals[in.Args[0]].Lo)) + in.Imm
	if ea+ma.Size() > uint64(len(mem)) {
		return ssa.TrapMemoryOutOfBounds
	}
	p := mem[ea : ea+ma.Size()]
	if in.Op == ssa.OpStore {
		v := vals[in.Args[1]]
		for i := range p {
			p[i] = v.Byte(i)
		}
		return 0
	}
	var v ssa.V128
	for i, x := range p {
		v.SetLane(ssa.ShapeI8x16, i, uint64(x))
	}
	switch ma {
	case ssa.Mem8S:
		v.Lo = uint64(int64(int8(v.Lo)))
	case ssa.Mem16S:
		v.Lo = uint64(int64(int16(v.Lo)))
	case ssa.Mem32S:
		v.Lo = uint64(int64(int32(v.Lo)))
	}
	if in.Type == ssa.TypeI32 {
		v.Lo = uint64(uint32(v.Lo))
	}
	vals[in.Results[0]] = v
	return 0
}

// memoryCopy is WebAssembly's memory.copy of n bytes from src to dst (i32
// operands): a trap if either range passes the memory's end, else the
// bytes as the source held them, whatever the overlap.
func memoryCopy(mem []byte, dst, src, n uint64) ssa.TrapCode {
	dst, src, n = uint64(uint32(dst)), uint64(uint32(src)), uint64(uint32(n))
	if dst+n > uint64(len(mem)) || src+n > uint64(len(mem)) {
		return ssa.TrapMemoryOutOfBounds
	}
	copy(mem[dst:dst+n], mem[src:src+n])
	return 0
}

// memoryFill is WebAssembly's memory.fill of n bytes at dst with the low
// byte of value: a trap if the range passes the memory's end.
func memoryFill(mem []byte, dst, value, n uint64) ssa.TrapCode {
	dst, n = uint64(uint32(dst)), uint64(uint32(n))
	if dst+n > uint64(len(mem)) {
		return ssa.TrapMemoryOutOfBounds
	}
	for i := range mem[dst : dst+n] {
		mem[dst+uint64(i)] = byte(value)
	}
	return 0
}
