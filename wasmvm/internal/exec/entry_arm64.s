#include "textflag.h"

// The offsets below are exec.Offset* (checked by TestContextOffsets).
#define GOSP 8
#define GOBP 16
#define WASMSP 24
#define GOLR 80
#define IREGS 96
#define FREGS 144

// LOADREGS loads the argument registers of the calling convention (X0-X5,
// V0-V7) from ctx.IntRegs and ctx.FloatRegs; STOREREGS stores the result
// registers (the same) there.
#define LOADREGS \
	LDP IREGS+0(R27), (R0, R1) \
	LDP IREGS+16(R27), (R2, R3) \
	LDP IREGS+32(R27), (R4, R5) \
	FLDPQ FREGS+0(R27), (F0, F1) \
	FLDPQ FREGS+32(R27), (F2, F3) \
	FLDPQ FREGS+64(R27), (F4, F5) \
	FLDPQ FREGS+96(R27), (F6, F7)

#define STOREREGS \
	STP (R0, R1), IREGS+0(R27) \
	STP (R2, R3), IREGS+16(R27) \
	STP (R4, R5), IREGS+32(R27) \
	FSTPQ (F0, F1), FREGS+0(R27) \
	FSTPQ (F2, F3), FREGS+32(R27) \
	FSTPQ (F4, F5), FREGS+64(R27) \
	FSTPQ (F6, F7), FREGS+96(R27)

// func entry(code, ctx, sp, inst uintptr)
// Saves Go's stack pointer, frame pointer and link register in ctx,
// switches to the stack at sp and branches to code with ctx in R27, the
// instance context inst in R26, its memory base (inst's first word) in R25
// and the link register pointing at the return path below, whose address
// is also stored at sp-8 (the second word of the entry slot, StackBase+8).
// Code returns there normally; exits unwind there by resetting SP to
// ctx.StackBase and returning to the address at StackBase+8. The argument
// registers are loaded from ctx before the branch and the result
// registers stored in ctx on the way back, whatever it is (a host-call
// exit leaves its arguments there).
TEXT ·entry(SB), NOSPLIT|NOFRAME, $0-32
	MOVD code+0(FP), R16
	MOVD ctx+8(FP), R27
	MOVD sp+16(FP), R17
	MOVD inst+24(FP), R26
	MOVD 0(R26), R25
	MOVD R29, GOBP(R27)
	MOVD RSP, R0
	MOVD R0, GOSP(R27)
	MOVD R30, GOLR(R27)
	LOADREGS
	BL   enter
	// Every return and exit arrives here, on the WebAssembly stack.
	STOREREGS
	MOVD GOSP(R27), R0
	MOVD R0, RSP
	MOVD GOBP(R27), R29
	MOVD GOLR(R27), R30
	RET
enter:
	MOVD R30, -8(R17)
	MOVD R17, RSP
	JMP  (R16)

// func resume(ctx, pc uintptr)
// Saves Go's registers in ctx like entry and jumps to pc on the stack saved
// in ctx.WasmSP, with the result registers of a host call loaded from
// ctx. The code's final return or next exit goes through entry's
// return path, which restores this call's Go registers and so returns from
// resume.
TEXT ·resume(SB), NOSPLIT|NOFRAME, $0-16
	MOVD ctx+0(FP), R27
	MOVD pc+8(FP), R16
	MOVD R29, GOBP(R27)
	MOVD RSP, R0
	MOVD R0, GOSP(R27)
	MOVD R30, GOLR(R27)
	MOVD WASMSP(R27), R0
	MOVD R0, RSP
	LOADREGS
	JMP  (R16)
