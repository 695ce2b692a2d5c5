package amd64

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach/machtest"
)

// calleeSavedRegs are the callee-saved registers (all widths) that code
// without a frame must not write.
var calleeSavedRegs = map[x86asm.Reg]bool{x86asm.RBX: true, x86asm.EBX: true, x86asm.BX: true, x86asm.BL: true,
	x86asm.RBP: true, x86asm.EBP: true, x86asm.BP: true, x86asm.BPB: true,
	x86asm.R12: true, x86asm.R12L: true, x86asm.R12W: true, x86asm.R12B: true}

// walkFrames follows every path through code from its entry, both ways of
// each conditional jump (not through indirect jumps), tracking the frame:
// sub rsp, imm sets it up and add rsp, imm removes it; a trap exit (its
// load of rsp) ends the path.
func walkFrames(t *testing.T, code []byte) machtest.FrameUse {
	t.Helper()
	var use machtest.FrameUse
	seen := map[machtest.FramePath]bool{}
	work := []machtest.FramePath{{}}
	fault := func(p machtest.FramePath, inst x86asm.Inst, why string) {
		use.Faults = append(use.Faults, fmt.Sprintf("%#x %s: %s", p.PC, x86asm.IntelSyntax(inst, uint64(p.PC), nil), why))
	}
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		for !seen[p] {
			seen[p] = true
			inst, err := x86asm.Decode(code[p.PC:], 64)
			require.NoError(t, err, "at %#x", p.PC)
			next := p
			next.PC += inst.Len
			dst, _ := inst.Args[0].(x86asm.Reg)
			_, imm := inst.Args[1].(x86asm.Imm)
			for _, a := range inst.Args {
				if m, ok := a.(x86asm.Mem); ok && m.Base == x86asm.RSP && inst.Op != x86asm.LEA && !p.Framed {
					fault(p, inst, "stack access without the frame")
				}
			}
			switch {
			case inst.Op == x86asm.SUB && dst == x86asm.RSP && imm:
				next.Framed, next.Had = true, true
			case inst.Op == x86asm.ADD && dst == x86asm.RSP && imm:
				next.Framed = false
			case inst.Op == x86asm.MOV && dst == x86asm.RSP: // a trap exit
				next.PC = -1
			case inst.Op == x86asm.CALL:
				use.Calls++
				if !p.Framed {
					fault(p, inst, "call without the frame")
				}
			case inst.Op == x86asm.RET:
				if p.Framed {
					fault(p, inst, "return with the frame")
				}
				if !p.Had {
					use.BareReturns++
				}
			case !p.Framed && calleeSavedRegs[dst] && inst.Op != x86asm.CMP && inst.Op != x86asm.TEST:
				fault(p, inst, "callee-saved register written without the frame")
			}
			if inst.Op == x86asm.RET || next.PC < 0 {
				break
			}
			if rel, ok := inst.Args[0].(x86asm.Rel); ok && inst.Op != x86asm.CALL {
				target := next
				target.PC += int(rel)
				if inst.Op == x86asm.JMP {
					next = target
				} else {
					work = append(work, target)
				}
			} else if inst.Op == x86asm.JMP { // br_table: not followed
				break
			}
			p = next
		}
	}
	return use
}

// TestShrinkWrappedFrames checks the frames of recursions with early
// returns along every path of the emitted code
// (machtest.CheckShrinkWrappedFrames).
func TestShrinkWrappedFrames(t *testing.T) {
	machtest.CheckShrinkWrappedFrames(t, Compile, walkFrames, "../../../../bench/suite")
}
