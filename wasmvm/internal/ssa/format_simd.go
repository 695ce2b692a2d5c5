package ssa

import (
	"fmt"
	"strings"
)

// simdImmediates renders the immediates of a SIMD instruction: its shape,
// condition, lane index or half, shuffle pattern, or memory access.
func simdImmediates(in *Instr) []string {
	if !in.Op.IsSIMD() {
		return nil
	}
	if in.Op.IsSIMDMemory() {
		s := fmt.Sprintf("%s+%d", MemAccess(in.Aux), in.Imm)
		switch in.Op {
		case OpVloadSextend, OpVloadUextend:
			s += " to " + Shape(in.Aux2).String()
		case OpVloadLane, OpVstoreLane:
			s += fmt.Sprintf(" lane %d", in.Aux2)
		}
		return []string{s}
	}
	var ops []string
	if in.Aux != 0 {
		ops = append(ops, Shape(in.Aux).String())
	}
	switch in.Op {
	case OpVicmp, OpVfcmp:
		ops = append(ops, in.Cond.String())
	case OpVextractLane, OpVextractLaneS, OpVinsertLane:
		ops = append(ops, fmt.Sprintf("lane %d", in.Imm))
	case OpVsextend, OpVuextend, OpVsextmul, OpVuextmul:
		ops = append(ops, [...]string{"low", "high"}[in.Imm&1])
	case OpVshuffle:
		lanes := make([]string, 16)
		for i := range lanes {
			lanes[i] = fmt.Sprint(V128{in.Imm, in.Imm2}.Byte(i))
		}
		ops = append(ops, "["+strings.Join(lanes, " ")+"]")
	}
	return ops
}
