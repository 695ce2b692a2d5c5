// Package amd64 is the x86-64 backend of wasmkernel's compiler: it selects
// machine instructions for SSA functions (lower.go), allocates registers
// with package regalloc, and encodes the result with the assembler in
// wasmvm/internal/asm/amd64.
//
// The internal calling convention (between WebAssembly functions):
//   - R15 holds the *exec.Context of the call chain and R14 the callee's
//     *exec.InstanceContext; R13 holds the base of linear memory 0. All
//     three are preserved across calls. In guard mode, a function whose
//     loops spill may allocate R14 as an eleventh integer register
//     (context.go): it keeps the context in its frame, loads R14 before
//     each call and restores it before returning.
//   - The first six integer arguments travel in RSI, RDI, R8, R9, R10 and
//     R11 and the first eight float arguments (f32, f64 and v128 alike)
//     in X0-X7, in order within each class; results come back in the
//     same registers by the same rule (mach.CallSlots). The other values
//     travel through memory: each argument has its words in the caller's
//     outgoing area (sized for the larger of the arguments and results),
//     at [RSP+8*w] before CALL, the callee sees them at [RSP+8+8*w] on
//     entry, and results come back there; a value in a register leaves
//     its words unused. Import stubs and Go's entry keep every value in
//     the area: an import stub stores the register arguments in their
//     words before the host exit and loads the register results after it;
//     for Go's outermost call the exec trampolines move the register values
//     between the registers and exec.Context.IntRegs/FloatRegs.
//   - Every outgoing area that may lead to a tail call holds at least
//     MinArgArea words, so that a tail call can place up to that many
//     arguments (and its callee up to that many results) in its own
//     incoming area and jump: all of them in a module with tail calls,
//     and those of calls of imports and through tables (whose callee may
//     belong to such a module) everywhere.
//   - RBX, RBP and R12 are callee-saved; every other register is
//     clobbered by a call. RAX and RCX are never allocated: the emitter
//     uses them for spilled operands and results, shift counts, the
//     dividend and moves between memory slots; X13, X14 and X15 play
//     that role for floats. RDX is allocatable (the tenth integer
//     register), but no operand of an instruction that writes it by
//     definition (division, the 64-bit high multiplication, the clock,
//     bulk memory; see clobbers) and no value live across one is there;
//     the instruction's result may be.
package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// MinArgArea is the smallest outgoing argument area, in words.
const MinArgArea = mach.MinArgArea

// Hardware register numbers.
const (
	RAX regalloc.Reg = iota
	RCX
	RDX
	RBX
	RSP
	RBP
	RSI
	RDI
	R8
	R9
	R10
	R11
	R12
	R13
	R14
	R15
	X0
	X1
	X2
	X3
	X4
	X5
	X6
	X7
	X8
	X9
	X10
	X11
	X12
	X13
	X14
	X15
)

// Pinned registers of the calling convention.
const (
	RegExecContext     = R15
	RegInstanceContext = R14
	RegMemoryBase      = R13
)

var regNames = [...]string{"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15"}

// RegName returns the name of a hardware register.
func RegName(r regalloc.Reg) string {
	if int(r) < len(regNames) {
		return regNames[r]
	}
	return "?"
}

// registerInfo is what the allocator may use.
var registerInfo = &regalloc.RegisterInfo{
	Allocatable: [2][]regalloc.Reg{
		// Caller-saved first, so that short-lived values leave the
		// callee-saved registers to values that live across calls.
		{RSI, RDI, R8, R9, R10, R11, RDX, RBX, RBP, R12},
		{X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12},
	},
	CalleeSaved:      map[regalloc.Reg]bool{RBX: true, RBP: true, R12: true},
	SlotDestinations: true,
}

// v128RegisterInfo is registerInfo without X11 and X12, which functions
// with v128 values keep as temporaries of their SIMD sequences.
var v128RegisterInfo = &regalloc.RegisterInfo{
	Allocatable: [2][]regalloc.Reg{
		registerInfo.Allocatable[regalloc.ClassInt],
		{X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10},
	},
	CalleeSaved:      registerInfo.CalleeSaved,
	SlotDestinations: true,
}

// target is what the shared lowering and allocation know of this backend.
// The context registers (context.go) are set per module, in guard mode.
var target = &mach.Target{Registers: registerInfo, FoldLoads: true, SIMD: true, V128Registers: v128RegisterInfo, Clobbers: clobbers, ShrinkWrap: true, SaveRegions: true,
	ArgRegisters: [2][]regalloc.Reg{{RSI, RDI, R8, R9, R10, R11}, {X0, X1, X2, X3, X4, X5, X6, X7}}}
