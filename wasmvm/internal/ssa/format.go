package ssa

import (
	"fmt"
	"math"
	"strings"
)

// Format renders f as text, one instruction a line, for tests and
// debugging.
func (f *Func) Format() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "func %s(%s) -> (%s)\n", f.Name, typesString(f.Sig.Params), typesString(f.Sig.Results))
	for _, b := range f.Blocks {
		if len(b.Instrs) == 0 && b.ID != 0 {
			continue // never used
		}
		fmt.Fprintf(&sb, "%s(", b.ID)
		for i, p := range b.Params {
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "%s:%s", p, f.TypeOf(p))
		}
		sb.WriteString("):\n")
		for _, in := range b.Instrs {
			sb.WriteString("    ")
			sb.WriteString(f.FormatInstr(in))
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

func typesString(ts []Type) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.String()
	}
	return strings.Join(s, ", ")
}

func valuesString(vs []Value) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = v.String()
	}
	return strings.Join(s, ", ")
}

// FormatInstr renders one instruction.
func (f *Func) FormatInstr(in *Instr) string {
	var sb strings.Builder
	for i, r := range in.Results {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "%s:%s", r, f.TypeOf(r))
	}
	if len(in.Results) > 0 {
		sb.WriteString(" = ")
	}
	sb.WriteString(in.Op.String())
	var ops []string
	switch in.Op {
	case OpIconst:
		ops = append(ops, fmt.Sprintf("%d", int64(in.Imm)))
	case OpF32const:
		ops = append(ops, fmt.Sprintf("%v", math.Float32frombits(uint32(in.Imm))))
	case OpF64const:
		ops = append(ops, fmt.Sprintf("%v", math.Float64frombits(in.Imm)))
	case OpV128const:
		ops = append(ops, fmt.Sprintf("0x%016x%016x", in.Imm2, in.Imm))
	case OpIcmp, OpFcmp:
		ops = append(ops, in.Cond.String())
	case OpSextend, OpUextend:
		ops = append(ops, fmt.Sprintf("from%d", in.Aux))
	case OpLoad, OpStore:
		ops = append(ops, fmt.Sprintf("%s+%d", MemAccess(in.Aux), in.Imm))
		if in.Aux2 == InBounds {
			ops[len(ops)-1] += " inbounds"
		}
	case OpMemoryCopy, OpMemoryFill:
		if in.Aux2 == InBounds {
			ops = append(ops, "inbounds")
		}
		if in.Op == OpMemoryCopy && in.Aux == CopyForward {
			ops = append(ops, "forward")
		}
	case OpGlobalGet, OpGlobalSet:
		ops = append(ops, fmt.Sprintf("g%d", in.Aux))
	case OpCall, OpReturnCall, OpRefFunc:
		ops = append(ops, fmt.Sprintf("f%d", in.Aux))
	case OpCallIndirect, OpReturnCallIndirect:
		ops = append(ops, fmt.Sprintf("type%d table%d", in.Aux, in.Aux2))
	case OpTableGet, OpTableSet, OpTableSize, OpTableGrow, OpTableFill:
		ops = append(ops, fmt.Sprintf("table%d", in.Aux))
	case OpTableCopy:
		ops = append(ops, fmt.Sprintf("table%d table%d", in.Aux, in.Aux2))
	case OpTableInit:
		ops = append(ops, fmt.Sprintf("table%d elem%d", in.Aux, in.Aux2))
	case OpElemDrop:
		ops = append(ops, fmt.Sprintf("elem%d", in.Aux))
	case OpMemoryInit, OpDataDrop:
		ops = append(ops, fmt.Sprintf("data%d", in.Aux))
	case OpTrapIf, OpTrap:
		ops = append(ops, fmt.Sprintf("%q", TrapCode(in.Aux).String()))
	default:
		ops = append(ops, simdImmediates(in)...)
	}
	if len(in.Args) > 0 {
		ops = append(ops, valuesString(in.Args))
	}
	for _, t := range in.Targets {
		ops = append(ops, fmt.Sprintf("%s(%s)", t.Block, valuesString(t.Args)))
	}
	if len(ops) > 0 {
		sb.WriteByte(' ')
		sb.WriteString(strings.Join(ops, ", "))
	}
	return sb.String()
}
