package native

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// regValue is one value of a call that travels in a register: its words
// in the argument area (two for a v128) and its register in the context.
type regValue struct {
	word  int
	reg   int
	float bool
	wide  bool // a v128: two words, the whole 16-byte register
	i32   bool // zero-extended into its register
}

// regValues lists the values of types ts that the calling convention
// passes in registers (mach.CallSlots).
func regValues(ts []wasm.ValueType) []regValue {
	var rs []regValue
	for i, s := range mach.CallSlots(frontend.SSATypes(ts)) {
		if s.Reg >= 0 {
			rs = append(rs, regValue{word: s.Word, reg: s.Reg, float: s.Float, wide: ts[i] == wasm.V128, i32: ts[i] == wasm.I32})
		}
	}
	return rs
}

// toRegisters copies the register values rs from area (words) into the
// context's argument registers.
func toRegisters(ctx *exec.Context, rs []regValue, area []uint64) {
	for _, r := range rs {
		if r.word >= len(area) {
			return
		}
		switch {
		case !r.float:
			v := area[r.word]
			if r.i32 {
				v = uint64(uint32(v))
			}
			ctx.IntRegs[r.reg] = v
		case r.wide && r.word+1 < len(area):
			ctx.FloatRegs[r.reg] = [2]uint64{area[r.word], area[r.word+1]}
		default:
			ctx.FloatRegs[r.reg][0] = area[r.word]
		}
	}
}

// fromRegisters copies the register values rs from the context's result
// registers into area (words).
func fromRegisters(ctx *exec.Context, rs []regValue, area []uint64) {
	for _, r := range rs {
		if r.word >= len(area) {
			return
		}
		switch {
		case !r.float:
			area[r.word] = ctx.IntRegs[r.reg]
		case r.wide && r.word+1 < len(area):
			area[r.word], area[r.word+1] = ctx.FloatRegs[r.reg][0], ctx.FloatRegs[r.reg][1]
		default:
			area[r.word] = ctx.FloatRegs[r.reg][0]
		}
	}
}
