package runtime

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// EvalConst evaluates a validated constant expression and returns its value
// (lo) and, for v128, the upper half (hi).
func (inst *Instance) EvalConst(e wasm.ConstExpr) (lo, hi uint64, err error) {
	r := wasm.NewReader(e.Code, e.Offset)
	var in wasm.Instr
	type val struct{ lo, hi uint64 }
	var stack []val
	for {
		if err := r.ReadInstr(&in); err != nil {
			return 0, 0, fmt.Errorf("constant expression: %w", err)
		}
		switch in.Op {
		case wasm.OpI32Const:
			stack = append(stack, val{lo: uint64(uint32(in.Const))})
		case wasm.OpI64Const, wasm.OpF32Const, wasm.OpF64Const:
			stack = append(stack, val{lo: in.Const})
		case wasm.OpRefNull:
			stack = append(stack, val{})
		case wasm.OpRefFunc:
			stack = append(stack, val{lo: inst.Funcs[in.Index].Ref()})
		case wasm.OpGlobalGet:
			g := inst.Globals[in.Index]
			stack = append(stack, val{g.Lo, g.Hi})
		case wasm.OpPrefixSIMD:
			var v val
			for i := 7; i >= 0; i-- {
				v.lo = v.lo<<8 | uint64(in.V128[i])
				v.hi = v.hi<<8 | uint64(in.V128[8+i])
			}
			stack = append(stack, v)
		case wasm.OpI32Add, wasm.OpI32Sub, wasm.OpI32Mul, wasm.OpI64Add, wasm.OpI64Sub, wasm.OpI64Mul:
			b, a := stack[len(stack)-1].lo, stack[len(stack)-2].lo
			stack = stack[:len(stack)-2]
			var v uint64
			switch in.Op {
			case wasm.OpI32Add, wasm.OpI64Add:
				v = a + b
			case wasm.OpI32Sub, wasm.OpI64Sub:
				v = a - b
			default:
				v = a * b
			}
			if in.Op <= wasm.OpI32Mul {
				v = uint64(uint32(v))
			}
			stack = append(stack, val{lo: v})
		case wasm.OpEnd:
			if len(stack) != 1 {
				return 0, 0, fmt.Errorf("constant expression leaves %d values", len(stack))
			}
			return stack[0].lo, stack[0].hi, nil
		default:
			return 0, 0, fmt.Errorf("constant expression: unexpected %s", wasm.OpName(in.Op, in.Sub))
		}
	}
}
