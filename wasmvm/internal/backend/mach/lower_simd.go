package mach

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// simd lowers a SIMD instruction one to one: OpVmem for the memory forms,
// OpVec for the others, carrying the SSA operation, shape and immediates
// for the backend to select machine instructions from. base has dst set.
func (l *Func) simd(bi int, in *ssa.Instr, base Instr) {
	m := base
	m.Sub, m.Size, m.Float = in.Op, SizeOf(in.Type), IsFloat(in.Type)
	if in.Op.IsSIMDMemory() {
		acc := ssa.MemAccess(in.Aux)
		m.Op, m.Acc, m.Imm, m.Shape = OpVmem, acc, int64(in.Imm), ssa.IntShapeOfSize(acc.Size())
		switch in.Op {
		case ssa.OpVloadSextend, ssa.OpVloadUextend:
			m.Shape = ssa.Shape(in.Aux2)
		case ssa.OpVloadLane, ssa.OpVstoreLane:
			m.B, m.Imm2 = l.reg(bi, in.Args[1]), int64(in.Aux2)
		}
		if in.Op == ssa.OpVstoreLane {
			m.Size, m.Float = 16, true // the operand, as the instruction has no result
		}
		l.address(bi, &m, in.Args[0])
		l.emit(bi, m)
		return
	}
	m.Op, m.Shape, m.Cond, m.Imm, m.Imm2 = OpVec, ssa.Shape(in.Aux), in.Cond, int64(in.Imm), int64(in.Imm2)
	if load := l.loadInto[in]; load != nil {
		l.foldedAlu(bi, in, load, m)
		return
	}
	if x, c, ok := l.vecConstOperand(in); ok {
		m.A, m.Imm, m.Imm2, m.BImm = l.reg(bi, x), int64(c.Imm), int64(c.Imm2), true
		l.emit(bi, m)
		return
	}
	operands := [...]*regalloc.VReg{&m.A, &m.B, &m.C}
	for i, a := range in.Args {
		if i == 1 && isVecShift(in.Op) {
			if c, ok := l.constant(a); ok && c.Op == ssa.OpIconst {
				m.Imm, m.BImm = int64(c.Imm)&int64(m.Shape.LaneBits()-1), true
				continue
			}
		}
		*operands[i] = l.reg(bi, a)
	}
	l.emit(bi, m)
}

// isVecShift reports whether op shifts the lanes of a vector by a scalar
// count.
func isVecShift(op ssa.Op) bool {
	return op == ssa.OpVishl || op == ssa.OpVsshr || op == ssa.OpVushr
}
