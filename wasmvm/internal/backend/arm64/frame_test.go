package arm64

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/arm64/arm64asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach/machtest"
)

// calleeSavedRegs are the callee-saved registers (both widths) that code
// without a frame must not write.
var calleeSavedRegs = map[arm64asm.Reg]bool{}

func init() {
	for r := X19; r <= X24; r++ {
		calleeSavedRegs[arm64asm.X0+arm64asm.Reg(r-X0)] = true
		calleeSavedRegs[arm64asm.W0+arm64asm.Reg(r-X0)] = true
	}
}

// stores are the operations whose first operand is read, not written.
var stores = map[arm64asm.Op]bool{arm64asm.STR: true, arm64asm.STUR: true, arm64asm.STP: true, arm64asm.STRB: true,
	arm64asm.STRH: true, arm64asm.CMP: true, arm64asm.CMN: true, arm64asm.TST: true, arm64asm.CBZ: true,
	arm64asm.CBNZ: true, arm64asm.TBZ: true, arm64asm.TBNZ: true}

// walkFrames follows every path through code from its entry, both ways of
// each conditional branch (not through indirect ones), tracking the
// frame: a subtraction from SP, or a move to SP, sets it up and an
// addition to SP removes it. A trap stub (its store of the link register
// below SP, or its copy of SP) ends the path.
func walkFrames(t *testing.T, code []byte) machtest.FrameUse {
	t.Helper()
	var use machtest.FrameUse
	seen := map[machtest.FramePath]bool{}
	work := []machtest.FramePath{{}}
	sp := arm64asm.RegSP(arm64asm.SP)
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		for p.PC >= 0 && !seen[p] {
			seen[p] = true
			inst, err := arm64asm.Decode(code[p.PC:])
			require.NoError(t, err, "at %#x: %08x", p.PC, binary.LittleEndian.Uint32(code[p.PC:]))
			fault := func(why string) {
				use.Faults = append(use.Faults, fmt.Sprintf("%#x %s: %s", p.PC, arm64asm.GNUSyntax(inst), why))
			}
			next := p
			next.PC += 4
			dst, _ := inst.Args[0].(arm64asm.RegSP)
			src, _ := inst.Args[1].(arm64asm.RegSP)
			reg, _ := inst.Args[0].(arm64asm.Reg)
			for _, a := range inst.Args {
				if m, ok := a.(arm64asm.MemImmediate); ok && m.Base == sp && !p.Framed {
					if inst.Op == arm64asm.STUR && reg == arm64asm.X30 {
						next.PC = -1 // the trap stub of code without the frame
						break
					}
					fault("stack access without the frame")
				}
			}
			switch {
			case (inst.Op == arm64asm.SUB && dst == sp) || (inst.Op == arm64asm.MOV && dst == sp):
				next.Framed, next.Had = true, true
			case inst.Op == arm64asm.ADD && dst == sp:
				next.Framed = false
			case inst.Op == arm64asm.MOV && src == sp: // a trap stub
				next.PC = -1
			case inst.Op == arm64asm.BL || inst.Op == arm64asm.BLR:
				use.Calls++
				if !p.Framed {
					fault("call without the frame")
				}
			case inst.Op == arm64asm.RET:
				if p.Framed {
					fault("return with the frame")
				}
				if !p.Had {
					use.BareReturns++
				}
				next.PC = -1
			case inst.Op == arm64asm.BR:
				next.PC = -1 // br_table: not followed
			case !p.Framed && calleeSavedRegs[reg] && !stores[inst.Op]:
				fault("callee-saved register written without the frame")
			}
			if inst.Op != arm64asm.BL && inst.Op != arm64asm.ADR && inst.Op != arm64asm.LDR {
				for _, a := range inst.Args {
					if rel, ok := a.(arm64asm.PCRel); ok {
						target := p
						target.PC += int(rel)
						target.Framed, target.Had = next.Framed, next.Had
						if inst.Op == arm64asm.B && inst.Args[1] == nil {
							next = target
						} else {
							work = append(work, target)
						}
					}
				}
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
