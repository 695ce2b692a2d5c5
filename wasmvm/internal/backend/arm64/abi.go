// Package arm64 is the AArch64 backend of wasmkernel's compiler: it takes
// the machine instructions that package mach selects and allocates, and
// encodes them for ARMv8.0-A (the Cortex-A53 of a Raspberry Pi 3 runs
// everything it emits), with its own encoder (encode.go, checked against
// golang.org/x/arch/arm64/arm64asm in tests).
//
// The internal calling convention (between WebAssembly functions) has the
// shape of the amd64 one:
//   - X27 holds the *exec.Context of the call chain, X26 the callee's
//     *exec.InstanceContext and X25 the base of linear memory 0; all
//     three are preserved across calls. X28 is Go's g and X18 the
//     platform register: generated code never touches them, so a signal
//     that reaches Go while WebAssembly runs finds g where Go expects it.
//     X29 (Go's frame pointer) is left alone too.
//   - The first six integer arguments travel in X0-X5 and the first eight
//     float arguments (f32, f64 and v128 alike) in V0-V7, in order within
//     each class; results come back in the same registers by the same
//     rule (mach.CallSlots). The other values travel through memory: each
//     has its words in the caller's outgoing area (at least
//     mach.MinArgArea words where the callee may tail-call, as on amd64),
//     at [SP+8*w] before BL; the callee sees them
//     at [SP+F+8*w], F being its frame size, and results come back there.
//     A value in a register leaves its words unused. Import stubs and
//     Go's entry keep every value in the area: the exec trampolines move
//     the register ones between the registers and
//     exec.Context.IntRegs/FloatRegs, and Go between there and the area.
//   - A function with a frame saves the link register in the frame's top
//     word ([SP+F-8]), so that the stack can be walked from any trap; a
//     leaf function without a frame keeps its return address in X30.
//   - X19-X24 are callee-saved; every other register, all vector
//     registers included, is clobbered by a call. X14, X15, X16 and X17
//     are never allocated: the emitter uses them for spilled operands,
//     addresses, large offsets and moves between memory slots; V29-V31
//     play that role for floats.
package arm64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// Register numbers: X0-X30 are 0-30, 31 is SP or XZR depending on the
// instruction, V0-V31 are 32-63.
const (
	X0 regalloc.Reg = iota
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
	X16
	X17
	X18
	X19
	X20
	X21
	X22
	X23
	X24
	X25
	X26
	X27
	X28
	X29
	X30
	XZR // also SP, by instruction
	V0
)

// SP is register 31 where an instruction reads it as the stack pointer.
const SP = XZR

// Pinned registers of the calling convention.
const (
	RegExecContext     = X27
	RegInstanceContext = X26
	RegMemoryBase      = X25
	RegLink            = X30
)

// v returns vector register n.
func v(n int) regalloc.Reg { return V0 + regalloc.Reg(n) }

// RegName returns the name of a register.
func RegName(r regalloc.Reg) string {
	switch {
	case r < XZR:
		return "x" + itoa(int(r))
	case r == XZR:
		return "xzr"
	case r < V0+32:
		return "v" + itoa(int(r-V0))
	}
	return "?"
}

func itoa(n int) string {
	if n >= 10 {
		return string(rune('0'+n/10)) + string(rune('0'+n%10))
	}
	return string(rune('0' + n))
}

// registerInfo is what the allocator may use.
var registerInfo = func() *regalloc.RegisterInfo {
	info := &regalloc.RegisterInfo{CalleeSaved: map[regalloc.Reg]bool{}}
	// Caller-saved first, so that short-lived values leave the
	// callee-saved registers to values that live across calls.
	for r := X0; r <= X13; r++ {
		info.Allocatable[regalloc.ClassInt] = append(info.Allocatable[regalloc.ClassInt], r)
	}
	for r := X19; r <= X24; r++ {
		info.Allocatable[regalloc.ClassInt] = append(info.Allocatable[regalloc.ClassInt], r)
		info.CalleeSaved[r] = true
	}
	for n := 0; n <= 28; n++ {
		info.Allocatable[regalloc.ClassFloat] = append(info.Allocatable[regalloc.ClassFloat], v(n))
	}
	return info
}()

// MinArgArea is the smallest outgoing argument area, in words.
const MinArgArea = mach.MinArgArea

// target is what the shared lowering and allocation know of this backend.
var target = &mach.Target{Registers: registerInfo, FoldLoads: false, SIMD: true, ShrinkWrap: true, ArgRegisters: [2][]regalloc.Reg{
	{X0, X1, X2, X3, X4, X5}, {v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7)}}}
