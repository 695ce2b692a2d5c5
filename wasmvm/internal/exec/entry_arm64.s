#include "textflag.h"

// The offsets below are exec.Offset* (checked by TestContextOffsets).
#define GOSP 8
#define GOBP 16
#define WASMSP 24
#define GOLR 80

// func entry(code, ctx, sp, inst uintptr)
// Saves Go's stack pointer, frame pointer and link register in ctx,
// switches to the stack at sp and branches to code with ctx in R27, the
// instance context inst in R26, its memory base (inst's first word) in R25
// and the link register pointing at the return path below, whose address
// is also stored at sp-8 (the second word of the entry slot, StackBase+8).
// Code returns there normally; exits unwind there by resetting SP to
// ctx.StackBase and returning to the address at StackBase+8.
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
	BL   enter
	// Every return and exit arrives here, on the WebAssembly stack.
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
// in ctx.WasmSP. The code's final return or next exit goes through entry's
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
	JMP  (R16)
